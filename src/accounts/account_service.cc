#include "accounts/account_service.h"

#include <algorithm>

#include "accounts/crypto.h"
#include "base/json_writer.h"
#include "base/strings.h"
#include "coverage/periods.h"

namespace jjm {
namespace {

constexpr char kKeyMark[] = "jjm_";

std::string Json(
    std::initializer_list<std::pair<const char*, std::string>> kv) {
  JsonWriter w;
  w.BeginObject();
  for (const auto& [k, v] : kv) w.Key(k).String(v);
  w.EndObject();
  return w.Take();
}

Status CheckUsername(const std::string& u) {
  if (u.size() < 3 || u.size() > 64) {
    return InvalidArgument("a username has 3 to 64 characters", "username");
  }
  for (char c : u) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '_' || c == '-')) {
      return InvalidArgument(
          "a username may hold lower-case letters, digits, '.', '_' and '-'",
          "username");
    }
  }
  return Status::Ok();
}

}  // namespace

AccountService::AccountService(Db* db, CoverageService* coverage,
                               AccountOptions options)
    : db_(db),
      coverage_(coverage),
      opt_(std::move(options)),
      store_(db),
      audit_(db) {}

StatusOr<std::unique_ptr<AccountService>> AccountService::Load(
    Db* db, CoverageService* coverage, AccountOptions options) {
  JJM_RETURN_IF_ERROR(InitCrypto());
  std::unique_ptr<Db> own;
  if (auto another = db->OpenAnother(); another.ok()) {
    own = std::move(*another);
    db = own.get();
  }
  std::unique_ptr<AccountService> s(
      new AccountService(db, coverage, std::move(options)));
  s->own_db_ = std::move(own);
  JJM_RETURN_IF_ERROR(s->Refresh());
  return s;
}

AccountService::~AccountService() {
  {
    std::lock_guard lock(follower_mu_);
    follower_stop_ = true;
  }
  follower_cv_.notify_all();
  if (follower_.joinable()) follower_.join();
}

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
  std::unique_lock lock(mu_);
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
  std::lock_guard wlock(write_mu_);
  return RefreshLocked();
}

Status AccountService::StartFollowing(std::chrono::milliseconds interval) {
  follower_ = std::thread([this, interval] {
    while (true) {
      {
        std::unique_lock lock(follower_mu_);
        if (follower_cv_.wait_for(lock, interval,
                                  [&] { return follower_stop_; })) {
          return;
        }
      }
      if (Status s = Refresh(); !s.ok()) {
        std::fprintf(stderr, "jjm: following accounts: %s\n",
                     s.ToString().c_str());
      }
    }
  });
  return Status::Ok();
}

std::string AccountService::UnitPath(UnitId unit) const {
  return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    if (!h.Contains(unit)) return std::string("IN");
    std::string path;
    for (UnitId a : h.Path(unit)) {
      if (!path.empty()) path += '/';
      path += h.Get(a).code;
    }
    if (!path.empty()) path += '/';
    path += h.Get(unit).code;
    return path;
  });
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
        {r.id, *role, static_cast<UnitId>(r.unit_id), r.partner_id});
  }
  principals_[account_id] = std::move(p);
}

std::shared_ptr<const Principal> AccountService::PrincipalOf(
    int64_t account_id) const {
  auto it = principals_.find(account_id);
  return it == principals_.end() ? nullptr : it->second;
}

AccountService::Account* AccountService::FindByName(const std::string& u) {
  auto it = by_name_.find(u);
  return it == by_name_.end() ? nullptr : &accounts_[it->second];
}

const AccountService::Account* AccountService::FindByName(
    const std::string& u) const {
  auto it = by_name_.find(u);
  if (it == by_name_.end()) return nullptr;
  auto a = accounts_.find(it->second);
  return a == accounts_.end() ? nullptr : &a->second;
}

Status AccountService::SaveAccount(const AccountRow& before, AccountRow* row) {
  JJM_RETURN_IF_ERROR(store_.UpdateAccount(before, *row));
  JJM_ASSIGN_OR_RETURN(*row, store_.GetAccount(row->id));
  return Status::Ok();
}

Status AccountService::Audited(AuditRow audit,
                               const std::function<Status()>& write) {
  // A row about an account belongs where the account works, so that the
  // managers of that place can read it.
  if (audit.entity == "account" && audit.unit_id == 0) {
    int64_t unit = 0;
    {
      std::shared_lock lock(mu_);
      const Account* a = FindByName(audit.entity_id);
      if (a != nullptr && !a->roles.empty()) unit = a->roles.front().unit_id;
    }
    if (unit > 0) {
      audit.unit_id = unit;
      audit.unit_path = UnitPath(static_cast<UnitId>(unit));
    }
  }
  Transaction tx(db_);
  JJM_RETURN_IF_ERROR(tx.Begin());
  JJM_RETURN_IF_ERROR(write());
  if (audit.at.empty()) audit.at = Now();
  JJM_RETURN_IF_ERROR(audit_.Add(std::move(audit)).status());
  JJM_ASSIGN_OR_RETURN(int64_t version, store_.BumpVersion());
  JJM_RETURN_IF_ERROR(tx.Commit());
  // Only this change since the last load: the caller updates the maps.
  // Otherwise another process wrote meanwhile; the next refresh reloads.
  if (version == seen_version_ + 1) seen_version_ = version;
  return Status::Ok();
}

StatusOr<SignInResult> AccountService::SignIn(const std::string& username,
                                              const std::string& password,
                                              const std::string& remote) {
  const std::time_t now = opt_.now();
  // Too many failures from this address: refuse before any work.
  // Counted from the audit trail, so that every process (and a restart)
  // sees the same failures.
  {
    const std::time_t window = opt_.address_window_minutes * 60;
    std::lock_guard lock(write_mu_);
    JJM_ASSIGN_OR_RETURN(auto times,
                         audit_.FailedSignIns(remote, FormatUtc(now - window),
                                              opt_.address_failures));
    if (static_cast<int>(times.size()) >= opt_.address_failures) {
      return Status(StatusCode::kResourceExhausted,
                    "too many failed sign-ins from this address; try again "
                    "after " +
                        FormatUtc(ParseUtc(times.back()) + window));
    }
  }
  std::string hash;
  int64_t account_id = 0;
  bool known;
  {
    std::shared_lock lock(mu_);
    known = FindByName(username) != nullptr;
  }
  // Perhaps created through another process a moment ago.
  if (!known) JJM_RETURN_IF_ERROR(Refresh());
  {
    std::shared_lock lock(mu_);
    const Account* a = FindByName(username);
    if (a != nullptr) {
      if (!a->row.locked_until.empty() && ParseUtc(a->row.locked_until) > now) {
        return Status(StatusCode::kResourceExhausted,
                      "this account is locked after repeated failed "
                      "sign-ins until " +
                          a->row.locked_until);
      }
      hash = a->row.password_hash;
      account_id = a->row.id;
      if (a->row.disabled) hash.clear();
    }
  }
  // The slow part, outside every lock.
  bool ok = false;
  if (hash.empty()) {
    SpendPasswordTime(password);
  } else {
    ok = VerifyPassword(hash, password);
  }
  std::lock_guard wlock(write_mu_);
  if (!ok) {
    AuditRow audit{0,
                   "",
                   username.substr(0, 64),
                   remote,
                   "session.refused",
                   "account",
                   username.substr(0, 64),
                   0,
                   "IN",
                   "",
                   ""};
    std::string now_locked;
    Status s;
    if (account_id != 0) {
      AccountRow row;
      {
        std::shared_lock lock(mu_);
        row = accounts_[account_id].row;
      }
      const AccountRow before = row;
      ++row.failed_signins;
      if (row.failed_signins >= opt_.max_failures) {
        const int extra =
            static_cast<int>(row.failed_signins) - opt_.max_failures;
        const std::time_t lock_for = std::min<std::time_t>(
            24 * 3600, static_cast<std::time_t>(opt_.lock_minutes) * 60
                           << std::min(extra, 10));
        row.locked_until = FormatUtc(now + lock_for);
        audit.after = Json({{"locked_until", row.locked_until}});
        now_locked = row.locked_until;
      }
      s = Audited(audit, [&]() -> Status { return SaveAccount(before, &row); });
      if (s.ok()) {
        std::unique_lock lock(mu_);
        accounts_[account_id].row = row;
      }
    } else {
      s = Audited(audit, [] { return Status::Ok(); });
    }
    if (!s.ok()) return s;
    if (!now_locked.empty()) {
      return Status(StatusCode::kResourceExhausted,
                    "wrong username or password; after repeated failures the "
                    "account is locked until " +
                        now_locked,
                    "password");
    }
    return Status(StatusCode::kUnauthenticated, "wrong username or password",
                  "password");
  }
  SignInResult out;
  out.token = RandomToken();
  out.csrf_token = CsrfFor(out.token);
  const std::time_t expires =
      now + static_cast<std::time_t>(opt_.session_minutes * 60);
  out.expires_at = FormatUtc(expires);
  SessionRow session{TokenDigest(out.token), account_id, FormatUtc(now),
                     out.expires_at,         "",         remote};
  AccountRow row;
  {
    std::shared_lock lock(mu_);
    row = accounts_[account_id].row;
  }
  const AccountRow before = row;
  row.failed_signins = 0;
  row.locked_until.clear();
  AuditRow audit{0,
                 "",
                 username,
                 remote,
                 "session.create",
                 "account",
                 username,
                 0,
                 "IN",
                 "",
                 Json({{"expires_at", out.expires_at}})};
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() -> Status {
    JJM_RETURN_IF_ERROR(store_.AddSession(session));
    return SaveAccount(before, &row);
  }));
  std::unique_lock lock(mu_);
  accounts_[account_id].row = row;
  sessions_[session.token_hash] = {account_id, expires};
  out.principal = PrincipalOf(account_id);
  return out;
}

Status AccountService::SignOut(const Principal& p, const std::string& remote) {
  if (p.session_digest.empty()) {
    return InvalidArgument("API keys do not sign out; revoke the key");
  }
  std::lock_guard wlock(write_mu_);
  const std::string now = Now();
  AuditRow audit{0,         now,        p.username, remote, "session.delete",
                 "account", p.username, 0,          "IN",   "",
                 ""};
  JJM_RETURN_IF_ERROR(Audited(
      audit, [&] { return store_.RevokeSession(p.session_digest, now); }));
  std::unique_lock lock(mu_);
  sessions_.erase(p.session_digest);
  return Status::Ok();
}

std::shared_ptr<const Principal> AccountService::SessionPrincipal(
    const std::string& digest) const {
  std::shared_lock lock(mu_);
  auto it = sessions_.find(digest);
  if (it == sessions_.end() || it->second.expires <= opt_.now()) return nullptr;
  auto base = PrincipalOf(it->second.account_id);
  if (base == nullptr) return nullptr;
  auto p = std::make_shared<Principal>(*base);
  p->session_digest = digest;
  p->session_expires = FormatUtc(it->second.expires);
  return p;
}

std::shared_ptr<const Principal> AccountService::FromSession(
    const std::string& token) {
  if (token.empty() || token.size() > 200) return nullptr;
  const std::string digest = TokenDigest(token);
  if (auto p = SessionPrincipal(digest)) return p;
  // Perhaps made through another process a moment ago.
  if (!Refresh().ok()) return nullptr;
  return SessionPrincipal(digest);
}

std::shared_ptr<const Principal> AccountService::KeyPrincipal(
    const std::string& prefix, const std::string& digest) const {
  std::shared_lock lock(mu_);
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

std::string AccountService::CsrfFor(const std::string& session_token) {
  return TokenDigest("csrf:" + session_token);
}

Status AccountService::CheckManages(const Principal& actor,
                                    const Account& account) const {
  const bool ok = coverage_->Read([&](const Hierarchy& h,
                                      const CoverageIndex&) {
    for (const Grant& g : actor.grants) {
      if (g.role == Role::kNationalAdmin) return true;
    }
    if (account.roles.empty()) {
      // An account with no live role: any user manager may see to it.
      for (const Grant& g : actor.grants) {
        if (RoleGrants(g.role, Permission::kManageUsers)) return true;
      }
      return false;
    }
    for (const RoleRow& r : account.roles) {
      auto role = ParseRole(r.role);
      if (!role || !MayGrant(actor, *role, static_cast<UnitId>(r.unit_id), h)) {
        return false;
      }
    }
    return true;
  });
  if (!ok) {
    return Status(StatusCode::kPermissionDenied,
                  "you may not manage " + account.row.username +
                      ": their roles lie outside what you may grant");
  }
  return Status::Ok();
}

StatusOr<int64_t> AccountService::CreateUser(const Principal* actor,
                                             const NewUser& u,
                                             const std::string& remote) {
  JJM_RETURN_IF_ERROR(CheckUsername(u.username));
  if (u.display_name.size() > 200) {
    return InvalidArgument("the display name is longer than 200",
                           "display_name");
  }
  if (!u.password.empty())
    JJM_RETURN_IF_ERROR(CheckPasswordStrength(u.password));
  auto role = ParseRole(u.role);
  if (!role) {
    std::string names;
    for (Role r : kAllRoles)
      names += (names.empty() ? "" : ", ") + std::string(RoleName(r));
    return InvalidArgument("role must be one of " + names, "role");
  }
  UnitId unit = kIndia;
  Status placed =
      coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
        const std::string code = u.unit_code.empty() ? "IN" : u.unit_code;
        unit = h.Find(code);
        if (unit == kNoUnit)
          return NotFound("no place has code '" + code + "'", "unit");
        if (h.Get(unit).level != RoleLevel(*role)) {
          return InvalidArgument(
              std::string(RoleName(*role)) + " is bound to a " +
                  std::string(LevelName(RoleLevel(*role))) + ", and " + code +
                  " is a " + std::string(LevelName(h.Get(unit).level)),
              "unit");
        }
        if (actor != nullptr && !MayGrant(*actor, *role, unit, h)) {
          return Status(StatusCode::kPermissionDenied,
                        "you may not give the role " +
                            std::string(RoleName(*role)) + " for " + code,
                        "role");
        }
        return Status::Ok();
      });
  JJM_RETURN_IF_ERROR(placed);
  if (*role == Role::kPartnerUser && u.partner_id <= 0) {
    return InvalidArgument("a partner user needs a partner organisation",
                           "partner_id");
  }
  std::lock_guard wlock(write_mu_);
  {
    std::shared_lock lock(mu_);
    if (by_name_.count(u.username) != 0) {
      return Conflict("the username '" + u.username + "' is taken", "username");
    }
  }
  std::string hash;
  if (!u.password.empty()) {
    JJM_ASSIGN_OR_RETURN(hash, HashPassword(u.password));
  }
  const std::string now = Now();
  const std::string by = actor != nullptr ? actor->username : "cli";
  AccountRow row{
      0,    u.username, u.display_name.empty() ? u.username : u.display_name,
      hash, false,      0,
      "",   now,        by};
  RoleRow role_row{
      0, 0, std::string(RoleName(*role)), unit, u.partner_id, now, by, "", ""};
  AuditRow audit{0,
                 now,
                 by,
                 remote,
                 "user.create",
                 "account",
                 u.username,
                 unit,
                 UnitPath(unit),
                 "",
                 Json({{"username", u.username},
                       {"display_name", row.display_name},
                       {"role", role_row.role},
                       {"unit", u.unit_code.empty() ? "IN" : u.unit_code},
                       {"password", hash.empty() ? "none" : "set"}})};
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(row.id, store_.AddAccount(row));
    role_row.account_id = row.id;
    JJM_ASSIGN_OR_RETURN(role_row.id, store_.AddRole(role_row));
    return Status::Ok();
  }));
  std::unique_lock lock(mu_);
  accounts_[row.id] = {row, {role_row}};
  by_name_[row.username] = row.id;
  Rebuild(row.id);
  return row.id;
}

Status AccountService::GrantRole(const Principal& actor,
                                 const std::string& username,
                                 const std::string& role_name,
                                 const std::string& unit_code,
                                 int64_t partner_id,
                                 const std::string& remote) {
  auto role = ParseRole(role_name);
  if (!role) return InvalidArgument("unknown role '" + role_name + "'", "role");
  UnitId unit = kIndia;
  JJM_RETURN_IF_ERROR(coverage_->Read([&](const Hierarchy& h,
                                          const CoverageIndex&) -> Status {
    const std::string code = unit_code.empty() ? "IN" : unit_code;
    unit = h.Find(code);
    if (unit == kNoUnit)
      return NotFound("no place has code '" + code + "'", "unit");
    if (h.Get(unit).level != RoleLevel(*role)) {
      return InvalidArgument(std::string(RoleName(*role)) + " is bound to a " +
                                 std::string(LevelName(RoleLevel(*role))),
                             "unit");
    }
    if (!MayGrant(actor, *role, unit, h)) {
      return Status(StatusCode::kPermissionDenied,
                    "you may not give the role " + role_name + " for " + code,
                    "role");
    }
    return Status::Ok();
  }));
  std::lock_guard wlock(write_mu_);
  int64_t account_id;
  {
    std::shared_lock lock(mu_);
    const Account* a = FindByName(username);
    if (a == nullptr) return NotFound("no user '" + username + "'", "username");
    account_id = a->row.id;
  }
  const std::string now = Now();
  RoleRow r{0,
            account_id,
            std::string(RoleName(*role)),
            unit,
            partner_id,
            now,
            actor.username,
            "",
            ""};
  AuditRow audit{
      0,
      now,
      actor.username,
      remote,
      "role.grant",
      "account",
      username,
      unit,
      UnitPath(unit),
      "",
      Json({{"role", r.role}, {"unit", unit_code.empty() ? "IN" : unit_code}})};
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, store_.AddRole(r));
    return Status::Ok();
  }));
  std::unique_lock lock(mu_);
  accounts_[account_id].roles.push_back(r);
  Rebuild(account_id);
  return Status::Ok();
}

Status AccountService::RevokeRole(const Principal& actor,
                                  const std::string& username, int64_t role_id,
                                  const std::string& remote) {
  std::lock_guard wlock(write_mu_);
  RoleRow r;
  int64_t account_id;
  {
    std::shared_lock lock(mu_);
    const Account* a = FindByName(username);
    if (a == nullptr) return NotFound("no user '" + username + "'", "username");
    account_id = a->row.id;
    auto it = std::find_if(a->roles.begin(), a->roles.end(),
                           [&](const RoleRow& x) { return x.id == role_id; });
    if (it == a->roles.end()) {
      return NotFound(
          "user " + username + " holds no live role " + std::to_string(role_id),
          "role_id");
    }
    r = *it;
  }
  auto role = ParseRole(r.role);
  const bool may = coverage_->Read([&](const Hierarchy& h,
                                       const CoverageIndex&) {
    return role && MayGrant(actor, *role, static_cast<UnitId>(r.unit_id), h);
  });
  if (!may) {
    return Status(
        StatusCode::kPermissionDenied,
        "you may not take away the role " + r.role + " of " + username);
  }
  const std::string now = Now();
  AuditRow audit{0,
                 now,
                 actor.username,
                 remote,
                 "role.revoke",
                 "account",
                 username,
                 r.unit_id,
                 UnitPath(static_cast<UnitId>(r.unit_id)),
                 Json({{"role", r.role}, {"role_id", std::to_string(r.id)}}),
                 Json({{"revoked_at", now}})};
  // A changed role ends the user's sessions: they sign in again.
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() -> Status {
    JJM_RETURN_IF_ERROR(store_.RevokeRole(role_id, now, actor.username));
    return store_.RevokeSessionsOf(account_id, now);
  }));
  std::unique_lock lock(mu_);
  auto& roles = accounts_[account_id].roles;
  roles.erase(std::remove_if(roles.begin(), roles.end(),
                             [&](const RoleRow& x) { return x.id == role_id; }),
              roles.end());
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.account_id == account_id ? sessions_.erase(it)
                                             : std::next(it);
  }
  Rebuild(account_id);
  return Status::Ok();
}

Status AccountService::SetPassword(const Principal* actor,
                                   const std::string& username,
                                   const std::string& old_password,
                                   const std::string& new_password,
                                   const std::string& remote) {
  JJM_RETURN_IF_ERROR(CheckPasswordStrength(new_password));
  AccountRow row;
  {
    std::shared_lock lock(mu_);
    const Account* a = FindByName(username);
    if (a == nullptr) return NotFound("no user '" + username + "'", "username");
    row = a->row;
    if (actor != nullptr && actor->username != username) {
      JJM_RETURN_IF_ERROR(CheckManages(*actor, *a));
    }
  }
  if (actor != nullptr && actor->username == username &&
      (row.password_hash.empty() ||
       !VerifyPassword(row.password_hash, old_password))) {
    return Status(StatusCode::kUnauthenticated, "the current password is wrong",
                  "old_password");
  }
  JJM_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password));
  std::lock_guard wlock(write_mu_);
  const std::string now = Now();
  const AccountRow before = row;
  row.password_hash = hash;
  row.failed_signins = 0;
  row.locked_until.clear();
  const std::string by = actor != nullptr ? actor->username : "cli";
  AuditRow audit{0,
                 now,
                 by,
                 remote,
                 "user.password",
                 "account",
                 username,
                 0,
                 "IN",
                 "",
                 Json({{"password", "changed"}})};
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() -> Status {
    JJM_RETURN_IF_ERROR(store_.RevokeSessionsOf(row.id, now));
    return SaveAccount(before, &row);
  }));
  std::unique_lock lock(mu_);
  accounts_[row.id].row = row;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.account_id == row.id ? sessions_.erase(it) : std::next(it);
  }
  return Status::Ok();
}

Status AccountService::SetDisabled(const Principal& actor,
                                   const std::string& username, bool disabled,
                                   const std::string& remote) {
  std::lock_guard wlock(write_mu_);
  AccountRow row;
  {
    std::shared_lock lock(mu_);
    const Account* a = FindByName(username);
    if (a == nullptr) return NotFound("no user '" + username + "'", "username");
    JJM_RETURN_IF_ERROR(CheckManages(actor, *a));
    row = a->row;
  }
  if (actor.username == username) {
    return FailedPrecondition("you cannot disable your own account",
                              "username");
  }
  const std::string now = Now();
  AuditRow audit{
      0,
      now,
      actor.username,
      remote,
      disabled ? "user.disable" : "user.enable",
      "account",
      username,
      0,
      "IN",
      std::string("{\"disabled\":") + (row.disabled ? "true" : "false") + "}",
      std::string("{\"disabled\":") + (disabled ? "true" : "false") + "}"};
  const AccountRow before = row;
  row.disabled = disabled;
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() -> Status {
    if (disabled) JJM_RETURN_IF_ERROR(store_.RevokeSessionsOf(row.id, now));
    return SaveAccount(before, &row);
  }));
  std::unique_lock lock(mu_);
  accounts_[row.id].row = row;
  if (disabled) {
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      it =
          it->second.account_id == row.id ? sessions_.erase(it) : std::next(it);
    }
  }
  Rebuild(row.id);
  return Status::Ok();
}

Status AccountService::SetDisplayName(const Principal& actor,
                                      const std::string& username,
                                      const std::string& name,
                                      const std::string& remote) {
  if (name.empty() || name.size() > 200) {
    return InvalidArgument("a display name has 1 to 200 characters",
                           "display_name");
  }
  std::lock_guard wlock(write_mu_);
  AccountRow row;
  {
    std::shared_lock lock(mu_);
    const Account* a = FindByName(username);
    if (a == nullptr) return NotFound("no user '" + username + "'", "username");
    if (actor.username != username)
      JJM_RETURN_IF_ERROR(CheckManages(actor, *a));
    row = a->row;
  }
  AuditRow audit{0,
                 Now(),
                 actor.username,
                 remote,
                 "user.rename",
                 "account",
                 username,
                 0,
                 "IN",
                 Json({{"display_name", row.display_name}}),
                 Json({{"display_name", name}})};
  const AccountRow before = row;
  row.display_name = name;
  JJM_RETURN_IF_ERROR(
      Audited(audit, [&]() -> Status { return SaveAccount(before, &row); }));
  std::unique_lock lock(mu_);
  accounts_[row.id].row = row;
  Rebuild(row.id);
  return Status::Ok();
}

Status AccountService::ClearLock(const Principal& actor,
                                 const std::string& username,
                                 const std::string& remote) {
  std::lock_guard wlock(write_mu_);
  AccountRow row;
  {
    std::shared_lock lock(mu_);
    const Account* a = FindByName(username);
    if (a == nullptr) return NotFound("no user '" + username + "'", "username");
    JJM_RETURN_IF_ERROR(CheckManages(actor, *a));
    row = a->row;
  }
  AuditRow audit{0,
                 Now(),
                 actor.username,
                 remote,
                 "user.unlock",
                 "account",
                 username,
                 0,
                 "IN",
                 Json({{"locked_until", row.locked_until}}),
                 Json({{"locked_until", ""}})};
  const AccountRow before = row;
  row.failed_signins = 0;
  row.locked_until.clear();
  JJM_RETURN_IF_ERROR(
      Audited(audit, [&]() -> Status { return SaveAccount(before, &row); }));
  std::unique_lock lock(mu_);
  accounts_[row.id].row = row;
  return Status::Ok();
}

Status AccountService::RevokeSessions(const Principal& actor,
                                      const std::string& username,
                                      const std::string& remote) {
  std::lock_guard wlock(write_mu_);
  int64_t id;
  {
    std::shared_lock lock(mu_);
    const Account* a = FindByName(username);
    if (a == nullptr) return NotFound("no user '" + username + "'", "username");
    if (actor.username != username)
      JJM_RETURN_IF_ERROR(CheckManages(actor, *a));
    id = a->row.id;
  }
  const std::string now = Now();
  AuditRow audit{0,
                 now,
                 actor.username,
                 remote,
                 "session.revoke",
                 "account",
                 username,
                 0,
                 "IN",
                 "",
                 Json({{"sessions", "ended"}})};
  JJM_RETURN_IF_ERROR(
      Audited(audit, [&] { return store_.RevokeSessionsOf(id, now); }));
  std::unique_lock lock(mu_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.account_id == id ? sessions_.erase(it) : std::next(it);
  }
  return Status::Ok();
}

UserView AccountService::ViewOf(const Account& a) const {
  UserView v;
  v.id = a.row.id;
  v.username = a.row.username;
  v.display_name = a.row.display_name;
  v.created_at = a.row.created_at;
  v.created_by = a.row.created_by;
  v.locked_until = a.row.locked_until;
  v.disabled = a.row.disabled;
  v.has_password = !a.row.password_hash.empty();
  coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    for (const RoleRow& r : a.roles) {
      const UnitId u = static_cast<UnitId>(r.unit_id);
      const bool known = h.Contains(u);
      v.roles.push_back({r.id, r.role, known ? h.Get(u).code : "IN",
                         known ? h.Get(u).name : "India", r.partner_id,
                         r.granted_at, r.granted_by});
    }
  });
  return v;
}

StatusOr<std::vector<UserView>> AccountService::ListUsers(
    const Principal& actor) const {
  bool manages = false;
  for (const Grant& g : actor.grants) {
    manages = manages || RoleGrants(g.role, Permission::kManageUsers);
  }
  if (!manages) {
    return Status(StatusCode::kPermissionDenied, "you do not manage users");
  }
  std::vector<UserView> out;
  std::shared_lock lock(mu_);
  for (const auto& [id, a] : accounts_) {
    if (CheckManages(actor, a).ok()) out.push_back(ViewOf(a));
  }
  return out;
}

StatusOr<UserView> AccountService::GetUser(const Principal& actor,
                                           const std::string& username) const {
  std::shared_lock lock(mu_);
  const Account* a = FindByName(username);
  if (a == nullptr) return NotFound("no user '" + username + "'", "username");
  if (actor.username != username) JJM_RETURN_IF_ERROR(CheckManages(actor, *a));
  return ViewOf(*a);
}

StatusOr<ApiKeyCreated> AccountService::CreateApiKey(
    const Principal* actor, const std::string& username,
    const std::string& label, const std::string& remote) {
  if (label.empty() || label.size() > 100) {
    return InvalidArgument("a key needs a label of 1 to 100 characters",
                           "label");
  }
  std::lock_guard wlock(write_mu_);
  int64_t account_id;
  {
    std::shared_lock lock(mu_);
    const Account* a = FindByName(username);
    if (a == nullptr) return NotFound("no user '" + username + "'", "username");
    if (actor != nullptr && actor->username != username) {
      JJM_RETURN_IF_ERROR(CheckManages(*actor, *a));
    }
    account_id = a->row.id;
  }
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
  AuditRow audit{0,
                 now,
                 by,
                 remote,
                 "apikey.create",
                 "account",
                 username,
                 0,
                 "IN",
                 "",
                 Json({{"prefix", prefix}, {"label", label}})};
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(row.id, store_.AddApiKey(row));
    return Status::Ok();
  }));
  out.id = row.id;
  std::unique_lock lock(mu_);
  api_keys_[prefix] = {row.id, account_id, row.key_hash, false};
  return out;
}

Status AccountService::RevokeApiKey(const Principal& actor, int64_t key_id,
                                    const std::string& remote) {
  std::lock_guard wlock(write_mu_);
  std::string prefix;
  int64_t account_id = 0;
  std::string username;
  {
    std::shared_lock lock(mu_);
    for (const auto& [p, k] : api_keys_) {
      if (k.id == key_id && !k.revoked) {
        prefix = p;
        account_id = k.account_id;
      }
    }
    if (prefix.empty())
      return NotFound("no live API key " + std::to_string(key_id));
    const Account& a = accounts_.at(account_id);
    username = a.row.username;
    if (actor.username != username) JJM_RETURN_IF_ERROR(CheckManages(actor, a));
  }
  const std::string now = Now();
  AuditRow audit{0,
                 now,
                 actor.username,
                 remote,
                 "apikey.revoke",
                 "account",
                 username,
                 0,
                 "IN",
                 Json({{"prefix", prefix}}),
                 ""};
  JJM_RETURN_IF_ERROR(
      Audited(audit, [&] { return store_.RevokeApiKey(key_id, now); }));
  std::unique_lock lock(mu_);
  api_keys_[prefix].revoked = true;
  return Status::Ok();
}

StatusOr<std::vector<AuditRow>> AccountService::QueryAudit(const Principal& p,
                                                           AuditFilter filter,
                                                           int limit) const {
  // The scopes the reader may see, as paths.
  std::vector<std::string> scopes;
  bool national = false;
  for (const Grant& g : p.grants) {
    if (!RoleGrants(g.role, Permission::kReadInternal)) continue;
    if (g.unit == kIndia) national = true;
    scopes.push_back(UnitPath(g.unit));
  }
  if (scopes.empty()) {
    return Status(StatusCode::kPermissionDenied,
                  "you may not read the audit trail");
  }
  if (!filter.path_prefix.empty()) {
    const std::string& want = filter.path_prefix;
    bool inside = false;
    for (const std::string& s : scopes) {
      inside = inside || want == s || want.rfind(s + "/", 0) == 0;
    }
    if (!inside) {
      return Status(StatusCode::kPermissionDenied,
                    "that place lies outside your scope", "unit");
    }
  }
  std::vector<AuditRow> out;
  JJM_RETURN_IF_ERROR(audit_.Query(filter, [&](const AuditRow& r) {
    bool visible = national;
    for (const std::string& s : scopes) {
      visible =
          visible || r.unit_path == s || r.unit_path.rfind(s + "/", 0) == 0;
    }
    if (visible) out.push_back(r);
    return static_cast<int>(out.size()) < limit;
  }));
  return out;
}

StatusOr<UnlockRow> AccountService::UnlockPeriod(const Principal& actor,
                                                 const std::string& unit_code,
                                                 const std::string& month,
                                                 const std::string& reason,
                                                 int hours,
                                                 const std::string& remote) {
  auto first = Date::Parse(month + "-01");
  if (month.size() != 7 || !first.ok()) {
    return InvalidArgument("month must look like 2024-06", "month");
  }
  if (reason.size() < 10 || reason.size() > 500) {
    return InvalidArgument("give a reason of 10 to 500 characters", "reason");
  }
  if (hours < 1 || hours > 24 * 14) {
    return InvalidArgument("an unlock lasts 1 hour to 14 days", "hours");
  }
  UnitId unit = kNoUnit;
  JJM_RETURN_IF_ERROR(
      coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) -> Status {
        unit = h.Find(unit_code.empty() ? "IN" : unit_code);
        if (unit == kNoUnit)
          return NotFound("no place has code '" + unit_code + "'", "unit");
        if (!MayUnlock(actor, unit, h)) {
          return Status(StatusCode::kPermissionDenied,
                        "only a level above " + unit_code +
                            " may reopen its closed months",
                        "unit");
        }
        return Status::Ok();
      }));
  const Date today = Date::TodayIst();
  if (ClosingDay(*first) >= today) {
    return FailedPrecondition("the month " + month + " is still open", "month");
  }
  std::lock_guard wlock(write_mu_);
  const std::time_t now = opt_.now();
  UnlockRow row{0,
                unit,
                month,
                reason,
                actor.username,
                FormatUtc(now),
                FormatUtc(now + static_cast<std::time_t>(hours) * 3600)};
  AuditRow audit{0,
                 row.granted_at,
                 actor.username,
                 remote,
                 "period.unlock",
                 "period_unlock",
                 "",
                 unit,
                 UnitPath(unit),
                 "",
                 Json({{"unit", unit_code},
                       {"month", month},
                       {"reason", reason},
                       {"expires_at", row.expires_at}})};
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(row.id, audit_.AddUnlock(row));
    return Status::Ok();
  }));
  coverage_->periods().Add(row);
  return row;
}

}  // namespace jjm
