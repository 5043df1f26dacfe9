#include "store/accounts_store.h"

#include <functional>
#include <vector>

#include "store/sql_values.h"

namespace jjm {
namespace {

// Reads the columns of kAccountColumns, from 0.
void ReadAccount(Statement& s, AccountRow* a) {
  sql::Read(s, 0, a->id, a->username, a->display_name, a->password_hash,
            a->disabled, a->failed_signins, a->locked_until, a->created_at,
            a->created_by);
}
constexpr char kAccountColumns[] =
    "SELECT id, username, display_name, password_hash, disabled, "
    "failed_signins, locked_until, created_at, created_by FROM account";

// A NULL unit, partner or lab reads as 0 (and no lab's code and name as
// empty).
void ReadRole(Statement& s, RoleRow* r) {
  sql::Read(s, 0, r->id, r->account_id, r->role, r->unit_id, r->partner_id,
            r->granted_at, r->granted_by, r->revoked_at, r->revoked_by,
            r->lab_id, r->lab_code, r->lab_name);
}

void ReadSession(Statement& s, SessionRow* r) {
  sql::Read(s, 0, r->token_hash, r->account_id, r->created_at, r->expires_at,
            r->remote);
}

void ReadApiKey(Statement& s, ApiKeyRow* k) {
  sql::Read(s, 0, k->id, k->account_id, k->prefix, k->key_hash, k->label,
            k->created_at, k->created_by, k->revoked_at);
}

}  // namespace

Status AccountsStore::ForEachAccount(
    const std::function<void(const AccountRow&)>& fn) {
  return sql::EachRow(db_, ReadAccount, fn,
                      std::string(kAccountColumns) + " ORDER BY id");
}

Status AccountsStore::ForEachRole(
    const std::function<void(const RoleRow&)>& fn) {
  return sql::EachRow(
      db_, ReadRole, fn,
      "SELECT r.id, r.account_id, r.role, r.unit_id, r.partner_id, "
      "r.granted_at, r.granted_by, r.revoked_at, r.revoked_by, r.lab_id, "
      "l.code, l.name FROM account_role r LEFT JOIN wq_lab l ON l.id = "
      "r.lab_id ORDER BY r.id");
}

StatusOr<int64_t> AccountsStore::Version() {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("SELECT n FROM accounts_version WHERE id = 1"));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Internal("accounts_version has no row");
  return s->ColumnInt(0);
}

StatusOr<int64_t> AccountsStore::BumpVersion() {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("UPDATE accounts_version SET n = n + 1 WHERE id = "
                           "1 RETURNING n"));
  return s->RunReturningId();
}

Status AccountsStore::ForEachLiveSession(
    const std::string& now, const std::function<void(const SessionRow&)>& fn) {
  return sql::EachRow(db_, ReadSession, fn,
                      "SELECT token_hash, account_id, created_at, expires_at, "
                      "remote FROM session WHERE revoked_at IS NULL AND "
                      "expires_at > $1",
                      now);
}

Status AccountsStore::ForEachApiKey(
    const std::function<void(const ApiKeyRow&)>& fn) {
  return sql::EachRow(db_, ReadApiKey, fn,
                      "SELECT id, account_id, prefix, key_hash, label, "
                      "created_at, created_by, revoked_at FROM api_key ORDER "
                      "BY id");
}

StatusOr<int64_t> AccountsStore::AddAccount(const AccountRow& a) {
  StatusOr<int64_t> id = sql::InsertRow(
      db_, "account",
      "username, display_name, password_hash, disabled, created_at, created_by",
      a.username, a.display_name, sql::OrNull{a.password_hash},
      a.disabled ? 1 : 0, a.created_at, a.created_by);
  if (id.status().code() == StatusCode::kConflict) {
    return Conflict("the username '" + a.username + "' is taken", "username");
  }
  return id;
}

StatusOr<AccountRow> AccountsStore::GetAccount(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_, std::string(kAccountColumns) + " WHERE id = $1", id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound("no account " + std::to_string(id));
  AccountRow a;
  ReadAccount(*s, &a);
  return a;
}

Status AccountsStore::UpdateAccount(const AccountRow& before,
                                    const AccountRow& after) {
  // Each changed column: its SET clause and how to bind its value.
  std::string sets;
  std::vector<std::function<void(Statement*, int)>> binds;
  auto add = [&](const std::string& column,
                 std::function<void(Statement*, int)> bind) {
    if (!sets.empty()) sets += ", ";
    sets += column + std::to_string(binds.size() + 1);
    binds.push_back(std::move(bind));
  };
  if (after.display_name != before.display_name) {
    add("display_name = $",
        [&](Statement* s, int i) { s->BindText(i, after.display_name); });
  }
  if (after.password_hash != before.password_hash) {
    add("password_hash = $", [&](Statement* s, int i) {
      sql::BindOne(*s, i, sql::OrNull{after.password_hash});
    });
  }
  if (after.disabled != before.disabled) {
    add("disabled = $",
        [&](Statement* s, int i) { s->BindInt(i, after.disabled ? 1 : 0); });
  }
  if (after.failed_signins == 0 && before.failed_signins != 0) {
    add("failed_signins = $", [](Statement* s, int i) { s->BindInt(i, 0); });
  } else if (after.failed_signins != before.failed_signins) {
    add("failed_signins = failed_signins + $", [&](Statement* s, int i) {
      s->BindInt(i, after.failed_signins - before.failed_signins);
    });
  }
  if (after.locked_until != before.locked_until) {
    add("locked_until = $", [&](Statement* s, int i) {
      sql::BindOne(*s, i, sql::OrNull{after.locked_until});
    });
  }
  if (binds.empty()) return Status::Ok();
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("UPDATE account SET " + sets + " WHERE id = $" +
                           std::to_string(binds.size() + 1)));
  for (size_t i = 0; i < binds.size(); ++i) {
    binds[i](s.get(), static_cast<int>(i + 1));
  }
  s->BindInt(static_cast<int>(binds.size() + 1), after.id);
  return s->Run();
}

StatusOr<int64_t> AccountsStore::AddRole(const RoleRow& r) {
  return sql::InsertRow(
      db_, "account_role",
      "account_id, role, unit_id, partner_id, granted_at, granted_by, lab_id",
      r.account_id, r.role, sql::IdOrNull{r.unit_id},
      sql::IdOrNull{r.partner_id}, r.granted_at, r.granted_by,
      sql::IdOrNull{r.lab_id});
}

Status AccountsStore::RevokeRole(int64_t role_id, const std::string& at,
                                 const std::string& by) {
  return sql::Run(
      db_,
      "UPDATE account_role SET revoked_at = $1, revoked_by = $2 WHERE "
      "id = $3 AND revoked_at IS NULL",
      at, by, role_id);
}

Status AccountsStore::AddSession(const SessionRow& r) {
  return sql::AddRow(db_, "session",
                     "token_hash, account_id, created_at, expires_at, remote",
                     r.token_hash, r.account_id, r.created_at, r.expires_at,
                     sql::OrNull{r.remote});
}

Status AccountsStore::RevokeSession(const std::string& token_hash,
                                    const std::string& at) {
  return sql::Run(
      db_,
      "UPDATE session SET revoked_at = $1 WHERE token_hash = $2 AND "
      "revoked_at IS NULL",
      at, token_hash);
}

Status AccountsStore::RevokeSessionsOf(int64_t account_id,
                                       const std::string& at) {
  return sql::Run(
      db_,
      "UPDATE session SET revoked_at = $1 WHERE account_id = $2 AND "
      "revoked_at IS NULL",
      at, account_id);
}

StatusOr<int64_t> AccountsStore::AddApiKey(const ApiKeyRow& k) {
  return sql::InsertRow(
      db_, "api_key",
      "account_id, prefix, key_hash, label, created_at, created_by",
      k.account_id, k.prefix, k.key_hash, k.label, k.created_at, k.created_by);
}

Status AccountsStore::RevokeApiKey(int64_t id, const std::string& at) {
  return sql::Run(
      db_,
      "UPDATE api_key SET revoked_at = $1 WHERE id = $2 AND revoked_at "
      "IS NULL",
      at, id);
}

StatusOr<std::optional<ActiveAccountRoles>> AccountsStore::FindActiveAccount(
    const std::string& username) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("SELECT a.id, r.role FROM account a LEFT JOIN "
                           "account_role r ON r.account_id = a.id AND "
                           "r.revoked_at IS NULL WHERE a.username = $1 AND "
                           "a.disabled = 0 ORDER BY r.id"));
  s->BindText(1, username);
  std::optional<ActiveAccountRoles> out;
  JJM_RETURN_IF_ERROR(s->ForEachRow([&](Statement& row) {
    if (!out) out = ActiveAccountRoles{row.ColumnInt(0), {}};
    if (!row.ColumnIsNull(1)) out->roles.emplace_back(row.ColumnText(1));
  }));
  return out;
}

StatusOr<std::optional<LabRef>> AccountsStore::FindLab(
    const std::string& code) {
  JJM_ASSIGN_OR_RETURN(
      auto s, sql::Prepare(db_,
                           "SELECT id, code, name, unit_id FROM wq_lab WHERE "
                           "code = $1",
                           code));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<LabRef>();
  LabRef lab;
  sql::Read(*s, 0, lab.id, lab.code, lab.name, lab.unit_id);
  return std::optional<LabRef>(std::move(lab));
}

Status AccountsStore::ForEachPartnerRoleHolder(
    const std::string& role, int64_t partner_id,
    const std::function<void(const AccountRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("SELECT a.id, a.username, a.display_name FROM "
                           "account_role r JOIN account a ON a.id = "
                           "r.account_id WHERE r.partner_id = $1 AND r.role = "
                           "$2 AND r.revoked_at IS NULL ORDER BY a.username"));
  s->BindInt(1, partner_id);
  s->BindText(2, role);
  AccountRow a;
  return s->ForEachRow([&](Statement& row) {
    sql::Read(row, 0, a.id, a.username, a.display_name);
    fn(a);
  });
}

}  // namespace jjm
