#include "accounts/crypto.h"

#include <sodium.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/thread_annotations.h"

namespace jjm {
namespace {

// Each argon2id hash takes 64 MiB: two at a time at most.
class HashGate {
 public:
  void Enter() EXCLUDES(mu_) {
    MutexLock lock(&mu_);
    while (running_ >= 2) cv_.Wait(&mu_);
    ++running_;
  }
  void Leave() EXCLUDES(mu_) {
    MutexLock lock(&mu_);
    --running_;
    cv_.Signal();
  }

 private:
  Mutex mu_;
  CondVar cv_;
  int running_ GUARDED_BY(mu_) = 0;  // hashes under way
};
HashGate& Gate() {
  static HashGate gate;
  return gate;
}
struct GateHold {
  GateHold() { Gate().Enter(); }
  ~GateHold() { Gate().Leave(); }
};

}  // namespace

Status InitCrypto() {
  if (sodium_init() < 0) return Internal("libsodium failed to start");
  return Status::Ok();
}

StatusOr<std::string> HashPassword(std::string_view password) {
  JJM_RETURN_IF_ERROR(InitCrypto());
  char out[crypto_pwhash_STRBYTES];
  GateHold hold;
  if (crypto_pwhash_str(out, password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Internal("out of memory while hashing a password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded, std::string_view password) {
  if (InitCrypto().ok() == false) return false;
  std::string e(encoded);
  GateHold hold;
  return crypto_pwhash_str_verify(e.c_str(), password.data(),
                                  password.size()) == 0;
}

void SpendPasswordTime(std::string_view password) {
  static const std::string kDummy = [] {
    auto h = HashPassword("not a password anyone has");
    return h.ok() ? *h : std::string();
  }();
  (void)VerifyPassword(kDummy, password);
}

namespace {

// Tokens and digests need libsodium ready (AccountService::Load checks it
// first); a token from a generator that is not must never be given out.
void CryptoReadyOrDie() {
  if (Status s = InitCrypto(); !s.ok()) {
    std::fprintf(stderr, "jjm: %s\n", s.ToString().c_str());
    std::abort();
  }
}

}  // namespace

std::string RandomToken(size_t bytes) {
  CryptoReadyOrDie();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(
                      bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string TokenDigest(std::string_view token) {
  CryptoReadyOrDie();
  unsigned char h[32];
  crypto_generichash(h, sizeof h,
                     reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return std::string(hex, 64);
}

bool DigestsEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Status CheckPasswordStrength(std::string_view p) {
  if (p.size() < 10) {
    return InvalidArgument("a password needs at least 10 characters",
                           "password");
  }
  if (p.size() > 200) {
    return InvalidArgument("a password may have at most 200 characters",
                           "password");
  }
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : p) {
    lower = lower || (c >= 'a' && c <= 'z');
    upper = upper || (c >= 'A' && c <= 'Z');
    digit = digit || (c >= '0' && c <= '9');
    other = other || !std::isalnum(c);
  }
  if (lower + upper + digit + other < 2) {
    return InvalidArgument(
        "a password needs two kinds of characters (letters, digits, others)",
        "password");
  }
  return Status::Ok();
}

std::string EncodeBase64(std::string_view bytes) {
  std::string out(
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL),
      '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

StatusOr<std::string> DecodeBase64(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()),
                        out.size(), text.data(), text.size(), nullptr, &len,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return InvalidArgument("not base64");
  }
  out.resize(len);
  return out;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : h) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

}  // namespace jjm
