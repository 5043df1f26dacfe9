// Password hashing (argon2id), random tokens and token digests, from
// libsodium.
#ifndef JJM_ACCOUNTS_CRYPTO_H_
#define JJM_ACCOUNTS_CRYPTO_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace jjm {

// Initialises libsodium; safe to call more than once.
Status InitCrypto();

// An argon2id hash of `password` in libsodium's encoded form (it carries
// its own salt and parameters).  Takes about 70 ms and 64 MiB: at most two
// run at a time.
StatusOr<std::string> HashPassword(std::string_view password);
// True if `password` matches `encoded`.
bool VerifyPassword(std::string_view encoded, std::string_view password);
// Verifies against a fixed hash, so that an unknown username takes as long
// as a wrong password.
void SpendPasswordTime(std::string_view password);

// `bytes` random bytes as URL-safe base64 without padding.
std::string RandomToken(size_t bytes = 32);
// A hex BLAKE2b-256 digest: what is stored of tokens and API keys.
std::string TokenDigest(std::string_view token);
// Compares two digests in constant time.
bool DigestsEqual(std::string_view a, std::string_view b);

// Standard base64 (with padding) of bytes, and back; decoding refuses
// anything but base64.
std::string EncodeBase64(std::string_view bytes);
StatusOr<std::string> DecodeBase64(std::string_view text);
// Hex SHA-256 of bytes.
std::string Sha256Hex(std::string_view bytes);

// Checks a new password: at least 10 characters, not all one kind.
Status CheckPasswordStrength(std::string_view password);

}  // namespace jjm

#endif  // JJM_ACCOUNTS_CRYPTO_H_
