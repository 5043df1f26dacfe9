// Reading fields of JSON request documents, for every module: each error
// is an InvalidArgument naming its field by path ("contact.email",
// "activities[2].targets[0].q1").  `prefix` is the path of the object the
// field is in ("" for the body itself).
//
//   JJM_RETURN_IF_ERROR(CheckFields(body, "", {"name", "opens_on"}));
//   JJM_ASSIGN_OR_RETURN(std::string name,
//                        TextField(body, "", "name", true, 3, 200));
#ifndef JJM_BASE_JSON_FIELDS_H_
#define JJM_BASE_JSON_FIELDS_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"

namespace jjm {

using Json = nlohmann::json;

// "prefix.field", or "field" when the prefix is empty.
std::string FieldPath(const std::string& prefix, const std::string& field);
// "prefix.key[i]".
std::string ItemPath(const std::string& prefix, const char* key, size_t i);

// `j` must be an object ("the body must be a JSON object", field "body",
// for the empty prefix) with no field outside `allowed` ("unknown field
// 'x'", field named by its path).
Status CheckFields(const Json& j, const std::string& prefix,
                   std::initializer_list<const char*> allowed);
Status CheckFields(const Json& j, const std::string& prefix,
                   const std::vector<const char*>& allowed);

// A text trimmed of spaces at both ends; absent, null or (when required)
// empty is an error if `required`, else "".  A non-empty text has
// `min_len` to `max_len` bytes.
StatusOr<std::string> TextField(const Json& j, const std::string& prefix,
                                const char* key, bool required, size_t min_len,
                                size_t max_len);
// A whole number in [min, max]; absent or null gives `otherwise` unless
// required.
StatusOr<int64_t> IntField(const Json& j, const std::string& prefix,
                           const char* key, bool required, int64_t min,
                           int64_t max, int64_t otherwise = 0);
// Any number; absent or null gives `otherwise` unless required.
StatusOr<double> NumberField(const Json& j, const std::string& prefix,
                             const char* key, bool required, double otherwise);
// A date YYYY-MM-DD; absent, null or empty gives `otherwise` unless
// required.
StatusOr<Date> DateField(const Json& j, const std::string& prefix,
                         const char* key, bool required,
                         Date otherwise = Date());
// A required date of the body that is not after `today`: when something
// was done.
StatusOr<Date> PastDateField(const Json& j, const char* key, Date today);
// A list of `min` to `max` entries.  Absent or null is an error if
// `required` or `min` > 0, else an empty list.  The pointer is into `j` (or
// to a static empty list).
StatusOr<const Json*> ArrayField(const Json& j, const std::string& prefix,
                                 const char* key, bool required, size_t min,
                                 size_t max);
// A list of `min` to `max` distinct texts, each `allowed` ("... is not a
// known <what>").
StatusOr<std::vector<std::string>> ChoicesField(
    const Json& j, const std::string& prefix, const char* key, size_t min,
    size_t max, const std::function<bool(std::string_view)>& allowed,
    const char* what);
// A list of up to `max` texts of 1 to `max_len` bytes each (not trimmed).
StatusOr<std::vector<std::string>> TextsField(const Json& j,
                                              const std::string& prefix,
                                              const char* key, size_t max,
                                              size_t max_len);

}  // namespace jjm

#endif  // JJM_BASE_JSON_FIELDS_H_
