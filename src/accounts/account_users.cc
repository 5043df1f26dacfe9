// User administration within the manager's scope: creating users,
// granting and revoking roles, passwords, disabling, unlocking, names,
// ending sessions, and the views of users.
#include <algorithm>

#include "accounts/account_internal.h"
#include "accounts/account_service.h"
#include "accounts/crypto.h"

namespace jjm {
namespace {

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

// Finds the place (`code`; empty: India) a role is to be bound to, and
// checks it lies at the role's level and that `actor` (null: the command
// line, which may grant anything) may grant the role there.  With
// `say_place_level`, a wrong level's message also names the place's.  A
// lab analyst's place is its lab's (`lab`, non-null for them): `code`, if
// given, must name it.
Status PlaceRole(const Hierarchy& h, const Principal* actor, Role role,
                 const std::string& unit_code, const LabRef* lab,
                 bool say_place_level, UnitId* unit) {
  std::string code = unit_code.empty() ? "IN" : unit_code;
  if (lab != nullptr) {
    *unit = static_cast<UnitId>(lab->unit_id);
    if (!h.Contains(*unit)) {
      return Internal("lab " + lab->code + " stands in no known place");
    }
    const std::string& lab_place = h.Get(*unit).code;
    if (!unit_code.empty() && unit_code != lab_place) {
      return InvalidArgument(
          "a lab analyst is bound to the place of the lab: " + lab->code +
              " belongs to " + lab_place,
          "unit");
    }
    code = lab_place;
  } else {
    *unit = h.Find(code);
    if (*unit == kNoUnit) {
      return NotFound("no place has code '" + code + "'", "unit");
    }
    const Level level = h.Get(*unit).level;
    if (level != RoleLevel(role)) {
      std::string message = std::string(RoleName(role)) + " is bound to a " +
                            std::string(LevelName(RoleLevel(role)));
      if (say_place_level) {
        message += ", and " + code + " is a " + std::string(LevelName(level));
      }
      return InvalidArgument(message, "unit");
    }
  }
  if (actor != nullptr && !MayGrant(*actor, role, *unit, h)) {
    return Status(StatusCode::kPermissionDenied,
                  "you may not give the role " + std::string(RoleName(role)) +
                      " for " + code,
                  "role");
  }
  return Status::Ok();
}

}  // namespace

std::string AccountService::CodeOf(UnitId unit) const {
  return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    return h.Contains(unit) ? h.Get(unit).code : std::string("IN");
  });
}

StatusOr<LabRef> AccountService::FindLab(const std::string& code) {
  if (code.empty()) return InvalidArgument("give the lab's code", "lab");
  StatusOr<std::optional<LabRef>> lab = [&] {
    MutexLock wlock(&write_mu_);
    return store_.FindLab(code);
  }();
  if (!lab.ok()) return lab.status();
  if (!lab->has_value()) {
    return NotFound("no lab has code '" + code + "'", "lab");
  }
  return **lab;
}

Status AccountService::BindRole(const Principal* actor, Role role,
                                const std::string& unit_code,
                                const std::string& lab_code,
                                bool say_place_level, UnitId* unit,
                                LabRef* lab) {
  const bool analyst = role == Role::kLabAnalyst;
  if (analyst && lab_code.empty()) {
    return InvalidArgument("a lab analyst is bound to a lab: give its code",
                           "lab");
  }
  if (!analyst && !lab_code.empty()) {
    return InvalidArgument(std::string("only a lab analyst is bound to a lab, "
                                       "not a ") +
                               std::string(RoleName(role)),
                           "lab");
  }
  if (analyst) {
    JJM_ASSIGN_OR_RETURN(*lab, FindLab(lab_code));
  }
  return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    return PlaceRole(h, actor, role, unit_code, analyst ? lab : nullptr,
                     say_place_level, unit);
  });
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
  LabRef lab;
  JJM_RETURN_IF_ERROR(
      BindRole(actor, *role, u.unit_code, u.lab_code, true, &unit, &lab));
  if (*role == Role::kPartnerUser && u.partner_id <= 0) {
    return InvalidArgument("a partner user needs a partner organisation",
                           "partner_id");
  }
  MutexLock wlock(&write_mu_);
  {
    ReaderLock lock(&mu_);
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
  RoleRow role_row{0,
                   0,
                   std::string(RoleName(*role)),
                   unit,
                   u.partner_id,
                   now,
                   by,
                   "",
                   "",
                   lab.id,
                   lab.code,
                   lab.name};
  const std::string unit_code =
      lab.id > 0 ? CodeOf(unit) : (u.unit_code.empty() ? "IN" : u.unit_code);
  AuditRow audit{
      0,
      now,
      by,
      remote,
      "user.create",
      "account",
      u.username,
      unit,
      UnitPath(unit),
      "",
      lab.id > 0 ? AuditJson({{"username", u.username},
                              {"display_name", row.display_name},
                              {"role", role_row.role},
                              {"unit", unit_code},
                              {"lab", lab.code},
                              {"password", hash.empty() ? "none" : "set"}})
                 : AuditJson({{"username", u.username},
                              {"display_name", row.display_name},
                              {"role", role_row.role},
                              {"unit", unit_code},
                              {"password", hash.empty() ? "none" : "set"}})};
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) -> Status {
    JJM_ASSIGN_OR_RETURN(row.id, store_.AddAccount(row));
    role_row.account_id = row.id;
    JJM_ASSIGN_OR_RETURN(role_row.id, store_.AddRole(role_row));
    return Status::Ok();
  }));
  WriterLock lock(&mu_);
  accounts_[row.id] = {row, {role_row}};
  by_name_[row.username] = row.id;
  Rebuild(row.id);
  return row.id;
}

Status AccountService::GrantRole(const Principal& actor,
                                 const std::string& username,
                                 const std::string& role_name,
                                 const std::string& unit_code,
                                 int64_t partner_id, const std::string& remote,
                                 const std::string& lab_code) {
  auto role = ParseRole(role_name);
  if (!role) return InvalidArgument("unknown role '" + role_name + "'", "role");
  UnitId unit = kIndia;
  LabRef lab;
  JJM_RETURN_IF_ERROR(
      BindRole(&actor, *role, unit_code, lab_code, false, &unit, &lab));
  MutexLock wlock(&write_mu_);
  int64_t account_id;
  {
    ReaderLock lock(&mu_);
    JJM_ASSIGN_OR_RETURN(const Account* a, FindUser(username));
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
            "",
            lab.id,
            lab.code,
            lab.name};
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
      lab.id > 0
          ? AuditJson(
                {{"role", r.role}, {"unit", CodeOf(unit)}, {"lab", lab.code}})
          : AuditJson({{"role", r.role},
                       {"unit", unit_code.empty() ? "IN" : unit_code}})};
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, store_.AddRole(r));
    return Status::Ok();
  }));
  WriterLock lock(&mu_);
  accounts_[account_id].roles.push_back(r);
  Rebuild(account_id);
  return Status::Ok();
}

Status AccountService::RevokeRole(const Principal& actor,
                                  const std::string& username, int64_t role_id,
                                  const std::string& remote) {
  MutexLock wlock(&write_mu_);
  RoleRow r;
  int64_t account_id;
  {
    ReaderLock lock(&mu_);
    JJM_ASSIGN_OR_RETURN(const Account* a, FindUser(username));
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
  AuditRow audit{
      0,
      now,
      actor.username,
      remote,
      "role.revoke",
      "account",
      username,
      r.unit_id,
      UnitPath(static_cast<UnitId>(r.unit_id)),
      AuditJson({{"role", r.role}, {"role_id", std::to_string(r.id)}}),
      AuditJson({{"revoked_at", now}})};
  // A changed role ends the user's sessions: they sign in again.
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) -> Status {
    JJM_RETURN_IF_ERROR(store_.RevokeRole(role_id, now, actor.username));
    return store_.RevokeSessionsOf(account_id, now);
  }));
  WriterLock lock(&mu_);
  auto& roles = accounts_[account_id].roles;
  roles.erase(std::remove_if(roles.begin(), roles.end(),
                             [&](const RoleRow& x) { return x.id == role_id; }),
              roles.end());
  DropSessions(account_id);
  Rebuild(account_id);
  return Status::Ok();
}

Status AccountService::SetPassword(const Principal* actor,
                                   const std::string& username,
                                   const std::string& old_password,
                                   const std::string& new_password,
                                   const std::string& remote) {
  JJM_RETURN_IF_ERROR(CheckPasswordStrength(new_password));
  JJM_ASSIGN_OR_RETURN(AccountRow row, ManagedRow(actor, username, true));
  if (actor != nullptr && actor->username == username &&
      (row.password_hash.empty() ||
       !VerifyPassword(row.password_hash, old_password))) {
    return Status(StatusCode::kUnauthenticated, "the current password is wrong",
                  "old_password");
  }
  JJM_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password));
  MutexLock wlock(&write_mu_);
  const std::string now = Now();
  const AccountRow before = row;
  row.password_hash = hash;
  row.failed_signins = 0;
  row.locked_until.clear();
  const std::string by = actor != nullptr ? actor->username : "cli";
  AuditRow audit = AccountAudit(now, by, remote, "user.password", username, "",
                                AuditJson({{"password", "changed"}}));
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) -> Status {
    JJM_RETURN_IF_ERROR(store_.RevokeSessionsOf(row.id, now));
    return SaveAccount(before, &row);
  }));
  WriterLock lock(&mu_);
  accounts_[row.id].row = row;
  DropSessions(row.id);
  return Status::Ok();
}

Status AccountService::SetDisabled(const Principal& actor,
                                   const std::string& username, bool disabled,
                                   const std::string& remote) {
  MutexLock wlock(&write_mu_);
  JJM_ASSIGN_OR_RETURN(AccountRow row, ManagedRow(&actor, username, false));
  if (actor.username == username) {
    return FailedPrecondition("you cannot disable your own account",
                              "username");
  }
  const std::string now = Now();
  AuditRow audit = AccountAudit(
      now, actor.username, remote, disabled ? "user.disable" : "user.enable",
      username,
      std::string("{\"disabled\":") + (row.disabled ? "true" : "false") + "}",
      std::string("{\"disabled\":") + (disabled ? "true" : "false") + "}");
  const AccountRow before = row;
  row.disabled = disabled;
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) -> Status {
    if (disabled) JJM_RETURN_IF_ERROR(store_.RevokeSessionsOf(row.id, now));
    return SaveAccount(before, &row);
  }));
  WriterLock lock(&mu_);
  accounts_[row.id].row = row;
  if (disabled) {
    DropSessions(row.id);
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
  MutexLock wlock(&write_mu_);
  JJM_ASSIGN_OR_RETURN(AccountRow row, ManagedRow(&actor, username, true));
  AuditRow audit =
      AccountAudit(Now(), actor.username, remote, "user.rename", username,
                   AuditJson({{"display_name", row.display_name}}),
                   AuditJson({{"display_name", name}}));
  const AccountRow before = row;
  row.display_name = name;
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) -> Status {
    return SaveAccount(before, &row);
  }));
  WriterLock lock(&mu_);
  accounts_[row.id].row = row;
  Rebuild(row.id);
  return Status::Ok();
}

Status AccountService::ClearLock(const Principal& actor,
                                 const std::string& username,
                                 const std::string& remote) {
  MutexLock wlock(&write_mu_);
  JJM_ASSIGN_OR_RETURN(AccountRow row, ManagedRow(&actor, username, false));
  AuditRow audit =
      AccountAudit(Now(), actor.username, remote, "user.unlock", username,
                   AuditJson({{"locked_until", row.locked_until}}),
                   AuditJson({{"locked_until", ""}}));
  const AccountRow before = row;
  row.failed_signins = 0;
  row.locked_until.clear();
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) -> Status {
    return SaveAccount(before, &row);
  }));
  WriterLock lock(&mu_);
  accounts_[row.id].row = row;
  return Status::Ok();
}

Status AccountService::RevokeSessions(const Principal& actor,
                                      const std::string& username,
                                      const std::string& remote) {
  MutexLock wlock(&write_mu_);
  JJM_ASSIGN_OR_RETURN(const AccountRow row,
                       ManagedRow(&actor, username, true));
  const int64_t id = row.id;
  const std::string now = Now();
  AuditRow audit =
      AccountAudit(now, actor.username, remote, "session.revoke", username, "",
                   AuditJson({{"sessions", "ended"}}));
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) {
    return store_.RevokeSessionsOf(id, now);
  }));
  WriterLock lock(&mu_);
  DropSessions(id);
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
                         r.granted_at, r.granted_by, r.lab_id, r.lab_code,
                         r.lab_name});
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
  ReaderLock lock(&mu_);
  for (const auto& [id, a] : accounts_) {
    if (CheckManages(actor, a).ok()) out.push_back(ViewOf(a));
  }
  return out;
}

StatusOr<UserView> AccountService::GetUser(const Principal& actor,
                                           const std::string& username) const {
  ReaderLock lock(&mu_);
  JJM_ASSIGN_OR_RETURN(const Account* a, FindUser(username));
  if (actor.username != username) JJM_RETURN_IF_ERROR(CheckManages(actor, *a));
  return ViewOf(*a);
}

}  // namespace jjm
