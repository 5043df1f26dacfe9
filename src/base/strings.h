// Small string helpers used across modules.
#ifndef JJM_BASE_STRINGS_H_
#define JJM_BASE_STRINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jjm {

// Removes ASCII spaces and tabs from both ends.
std::string_view Trim(std::string_view s);

// Parses an optionally signed base-10 integer that fills all of `s` (after
// trimming).  Returns nullopt on anything else, including overflow.
std::optional<int64_t> ParseInt(std::string_view s);

// Parses a decimal number such as "56.84" that fills all of `s`.
std::optional<double> ParseDecimal(std::string_view s);

// A key for matching place names written differently: lower case, runs of
// spaces, dots, hyphens and underscores made one space, "&" made "and".
// "Bhadradri  Kothagudem" and "BHADRADRI-KOTHAGUDEM" give the same key.
std::string NameKey(std::string_view name);

// Decodes %XX escapes; returns nullopt for a malformed escape.
std::optional<std::string> PercentDecode(std::string_view s);

// Decodes an id as the public JJM dashboard disguises it: URL-decode, drop
// the last character, then each character's code minus one ("11111311251"
// gives "0000020214"; ':' stands for 9).  Returns nullopt unless the result
// is all digits.
std::optional<std::string> DecodeJjmDashboardId(std::string_view encoded);

// Appends `v` with Indian digit grouping: 193600000 -> "19,36,00,000".
void AppendIndianGrouped(int64_t v, std::string* out);
std::string IndianGrouped(int64_t v);
// Short Indian form: "19.36 crore", "53.98 lakh", "9,458".
std::string IndianShort(int64_t v);

// Escapes `s` for a JSON string body (without the surrounding quotes).
void AppendJsonEscaped(std::string_view s, std::string* out);

}  // namespace jjm

#endif  // JJM_BASE_STRINGS_H_
