// The credential cache: accounts, live roles, sessions and API keys in
// memory, reloaded when another process changes them, and the thread that
// watches for that.
#include <unordered_map>

#include "accounts/account_internal.h"
#include "accounts/account_service.h"
#include "accounts/crypto.h"

namespace jjm {

Status AccountService::ReloadLocked() {
  std::map<int64_t, Account> accounts;
  std::unordered_map<std::string, int64_t> by_name;
  std::unordered_map<std::string, Session> sessions;
  std::unordered_map<std::string, ApiKey> api_keys;
  JJM_RETURN_IF_ERROR(store_.ForEachAccount([&](const AccountRow& a) {
    accounts[a.id].row = a;
    by_name[a.username] = a.id;
  }));
  JJM_RETURN_IF_ERROR(store_.ForEachRole([&](const RoleRow& r) {
    if (r.revoked_at.empty()) accounts[r.account_id].roles.push_back(r);
  }));
  JJM_RETURN_IF_ERROR(
      store_.ForEachLiveSession(Now(), [&](const SessionRow& r) {
        sessions[r.token_hash] = {r.account_id, ParseUtc(r.expires_at)};
      }));
  JJM_RETURN_IF_ERROR(store_.ForEachApiKey([&](const ApiKeyRow& k) {
    api_keys[k.prefix] = {k.id, k.account_id, k.key_hash,
                          !k.revoked_at.empty()};
  }));
  JJM_RETURN_IF_ERROR(coverage_->periods().Load(&audit_));
  WriterLock lock(&mu_);
  accounts_ = std::move(accounts);
  by_name_ = std::move(by_name);
  sessions_ = std::move(sessions);
  api_keys_ = std::move(api_keys);
  principals_.clear();
  for (const auto& [id, a] : accounts_) Rebuild(id);
  return Status::Ok();
}

Status AccountService::RefreshLocked() {
  // Read the counter first: a change made while reloading shows next time.
  JJM_ASSIGN_OR_RETURN(int64_t version, store_.Version());
  if (version == seen_version_) return Status::Ok();
  JJM_RETURN_IF_ERROR(ReloadLocked());
  seen_version_ = version;
  return Status::Ok();
}

Status AccountService::Refresh() {
  MutexLock wlock(&write_mu_);
  return RefreshLocked();
}

Status AccountService::StartFollowing(std::chrono::milliseconds interval) {
  return follower_.Start(interval, "following accounts",
                         [this] { return Refresh(); });
}

void AccountService::Rebuild(int64_t account_id) {
  auto it = accounts_.find(account_id);
  if (it == accounts_.end() || it->second.row.disabled) {
    principals_.erase(account_id);
    return;
  }
  auto p = std::make_shared<Principal>();
  p->account_id = account_id;
  p->username = it->second.row.username;
  p->display_name = it->second.row.display_name;
  for (const RoleRow& r : it->second.roles) {
    auto role = ParseRole(r.role);
    if (!role) continue;
    p->grants.push_back(
        {r.id, *role, static_cast<UnitId>(r.unit_id), r.partner_id, r.lab_id});
  }
  principals_[account_id] = std::move(p);
}

std::shared_ptr<const Principal> AccountService::PrincipalOf(
    int64_t account_id) const {
  auto it = principals_.find(account_id);
  return it == principals_.end() ? nullptr : it->second;
}

const AccountService::Account* AccountService::FindByName(
    const std::string& u) const {
  auto it = by_name_.find(u);
  return it == by_name_.end() ? nullptr : FindById(it->second);
}

const AccountService::Account* AccountService::FindById(int64_t id) const {
  auto a = accounts_.find(id);
  return a == accounts_.end() ? nullptr : &a->second;
}

StatusOr<AccountRow> AccountService::RowOf(int64_t id) const {
  ReaderLock lock(&mu_);
  const Account* a = FindById(id);
  if (a == nullptr)
    return Internal("account " + std::to_string(id) + " vanished");
  return a->row;
}

StatusOr<const AccountService::Account*> AccountService::FindUser(
    const std::string& username) const {
  const Account* a = FindByName(username);
  if (a == nullptr) return NotFound("no user '" + username + "'", "username");
  return a;
}

StatusOr<AccountRow> AccountService::ManagedRow(const Principal* actor,
                                                const std::string& username,
                                                bool self_ok) const {
  ReaderLock lock(&mu_);
  JJM_ASSIGN_OR_RETURN(const Account* a, FindUser(username));
  if (actor != nullptr && !(self_ok && actor->username == username)) {
    JJM_RETURN_IF_ERROR(CheckManages(*actor, *a));
  }
  return a->row;
}

void AccountService::DropSessions(int64_t account_id) {
  std::erase_if(sessions_, [&](const auto& kv) {
    return kv.second.account_id == account_id;
  });
}

std::shared_ptr<const Principal> AccountService::SessionPrincipal(
    const std::string& digest) const {
  ReaderLock lock(&mu_);
  auto it = sessions_.find(digest);
  if (it == sessions_.end() || it->second.expires <= opt_.now()) return nullptr;
  auto base = PrincipalOf(it->second.account_id);
  if (base == nullptr) return nullptr;
  auto p = std::make_shared<Principal>(*base);
  p->session_digest = digest;
  p->session_expires = FormatUtc(it->second.expires);
  return p;
}

std::shared_ptr<const Principal> AccountService::KeyPrincipal(
    const std::string& prefix, const std::string& digest) const {
  ReaderLock lock(&mu_);
  auto it = api_keys_.find(prefix);
  if (it == api_keys_.end() || it->second.revoked ||
      !DigestsEqual(it->second.digest, digest)) {
    return nullptr;
  }
  auto base = PrincipalOf(it->second.account_id);
  if (base == nullptr) return nullptr;
  auto p = std::make_shared<Principal>(*base);
  p->via_api_key = true;
  return p;
}

}  // namespace jjm
