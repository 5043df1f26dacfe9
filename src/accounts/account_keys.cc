// API keys for machine clients: "jjm_<prefix>_<secret>", stored as a
// digest, looked up by prefix.
#include <algorithm>

#include "accounts/account_internal.h"
#include "accounts/account_service.h"
#include "accounts/crypto.h"

namespace jjm {
namespace {

constexpr char kKeyMark[] = "jjm_";

}  // namespace

std::shared_ptr<const Principal> AccountService::FromApiKey(
    const std::string& key) {
  // jjm_<prefix>_<secret>
  if (key.rfind(kKeyMark, 0) != 0 || key.size() > 200) return nullptr;
  const size_t sep = key.find('_', 4);
  if (sep == std::string::npos) return nullptr;
  const std::string prefix = key.substr(4, sep - 4);
  const std::string digest = TokenDigest(key);
  if (auto p = KeyPrincipal(prefix, digest)) return p;
  if (!Refresh().ok()) return nullptr;
  return KeyPrincipal(prefix, digest);
}

StatusOr<ApiKeyCreated> AccountService::CreateApiKey(
    const Principal* actor, const std::string& username,
    const std::string& label, const std::string& remote) {
  if (label.empty() || label.size() > 100) {
    return InvalidArgument("a key needs a label of 1 to 100 characters",
                           "label");
  }
  MutexLock wlock(&write_mu_);
  JJM_ASSIGN_OR_RETURN(const AccountRow account,
                       ManagedRow(actor, username, true));
  const int64_t account_id = account.id;
  ApiKeyCreated out;
  std::string prefix = RandomToken(6);
  std::replace(prefix.begin(), prefix.end(), '_', 'x');
  std::replace(prefix.begin(), prefix.end(), '-', 'y');
  out.prefix = prefix;
  out.key = kKeyMark + prefix + "_" + RandomToken(32);
  const std::string now = Now();
  const std::string by = actor != nullptr ? actor->username : "cli";
  ApiKeyRow row{0,     account_id, prefix, TokenDigest(out.key),
                label, now,        by,     ""};
  AuditRow audit =
      AccountAudit(now, by, remote, "apikey.create", username, "",
                   AuditJson({{"prefix", prefix}, {"label", label}}));
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) -> Status {
    JJM_ASSIGN_OR_RETURN(row.id, store_.AddApiKey(row));
    return Status::Ok();
  }));
  out.id = row.id;
  WriterLock lock(&mu_);
  api_keys_[prefix] = {row.id, account_id, row.key_hash, false};
  return out;
}

Status AccountService::RevokeApiKey(const Principal& actor, int64_t key_id,
                                    const std::string& remote) {
  MutexLock wlock(&write_mu_);
  std::string prefix;
  int64_t account_id = 0;
  std::string username;
  {
    ReaderLock lock(&mu_);
    for (const auto& [p, k] : api_keys_) {
      if (k.id == key_id && !k.revoked) {
        prefix = p;
        account_id = k.account_id;
      }
    }
    const Account* a = prefix.empty() ? nullptr : FindById(account_id);
    if (a == nullptr) {
      return NotFound("no live API key " + std::to_string(key_id));
    }
    username = a->row.username;
    if (actor.username != username) {
      JJM_RETURN_IF_ERROR(CheckManages(actor, *a));
    }
  }
  const std::string now = Now();
  AuditRow audit = AccountAudit(now, actor.username, remote, "apikey.revoke",
                                username, AuditJson({{"prefix", prefix}}), "");
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) {
    return store_.RevokeApiKey(key_id, now);
  }));
  WriterLock lock(&mu_);
  api_keys_[prefix].revoked = true;
  return Status::Ok();
}

}  // namespace jjm
