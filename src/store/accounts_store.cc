#include "store/accounts_store.h"

#include <functional>
#include <vector>

namespace jjm {
namespace {

void BindOptText(Statement* s, int i, const std::string& v) {
  if (v.empty()) {
    s->BindNull(i);
  } else {
    s->BindText(i, v);
  }
}

template <typename Fn>
Status Each(Db* db, std::string_view sql, Fn&& fn) {
  JJM_ASSIGN_OR_RETURN(auto s, db->Prepare(sql));
  return s->ForEachRow([&](Statement&) { fn(s.get()); });
}

}  // namespace

Status AccountsStore::ForEachAccount(
    const std::function<void(const AccountRow&)>& fn) {
  AccountRow a;
  return Each(db_,
              "SELECT id, username, display_name, password_hash, disabled, "
              "failed_signins, locked_until, created_at, created_by FROM "
              "account ORDER BY id",
              [&](Statement* s) {
                a.id = s->ColumnInt(0);
                a.username = s->ColumnText(1);
                a.display_name = s->ColumnText(2);
                a.password_hash = s->ColumnText(3);
                a.disabled = s->ColumnInt(4) != 0;
                a.failed_signins = s->ColumnInt(5);
                a.locked_until = s->ColumnText(6);
                a.created_at = s->ColumnText(7);
                a.created_by = s->ColumnText(8);
                fn(a);
              });
}

Status AccountsStore::ForEachRole(
    const std::function<void(const RoleRow&)>& fn) {
  RoleRow r;
  return Each(
      db_,
      "SELECT id, account_id, role, unit_id, partner_id, granted_at, "
      "granted_by, revoked_at, revoked_by FROM account_role ORDER BY id",
      [&](Statement* s) {
        r.id = s->ColumnInt(0);
        r.account_id = s->ColumnInt(1);
        r.role = s->ColumnText(2);
        r.unit_id = s->ColumnIsNull(3) ? 0 : s->ColumnInt(3);
        r.partner_id = s->ColumnIsNull(4) ? 0 : s->ColumnInt(4);
        r.granted_at = s->ColumnText(5);
        r.granted_by = s->ColumnText(6);
        r.revoked_at = s->ColumnText(7);
        r.revoked_by = s->ColumnText(8);
        fn(r);
      });
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
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("SELECT token_hash, account_id, created_at, "
                           "expires_at, remote FROM session WHERE revoked_at "
                           "IS NULL AND expires_at > $1"));
  s->BindText(1, now);
  SessionRow r;
  return s->ForEachRow([&](Statement&) {
    r.token_hash = s->ColumnText(0);
    r.account_id = s->ColumnInt(1);
    r.created_at = s->ColumnText(2);
    r.expires_at = s->ColumnText(3);
    r.remote = s->ColumnText(4);
    fn(r);
  });
}

Status AccountsStore::ForEachApiKey(
    const std::function<void(const ApiKeyRow&)>& fn) {
  ApiKeyRow k;
  return Each(db_,
              "SELECT id, account_id, prefix, key_hash, label, created_at, "
              "created_by, revoked_at FROM api_key ORDER BY id",
              [&](Statement* s) {
                k.id = s->ColumnInt(0);
                k.account_id = s->ColumnInt(1);
                k.prefix = s->ColumnText(2);
                k.key_hash = s->ColumnText(3);
                k.label = s->ColumnText(4);
                k.created_at = s->ColumnText(5);
                k.created_by = s->ColumnText(6);
                k.revoked_at = s->ColumnText(7);
                fn(k);
              });
}

StatusOr<int64_t> AccountsStore::AddAccount(const AccountRow& a) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("INSERT INTO account (username, display_name, "
                           "password_hash, disabled, created_at, created_by) "
                           "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"));
  s->BindText(1, a.username);
  s->BindText(2, a.display_name);
  BindOptText(s.get(), 3, a.password_hash);
  s->BindInt(4, a.disabled ? 1 : 0);
  s->BindText(5, a.created_at);
  s->BindText(6, a.created_by);
  StatusOr<int64_t> id = s->RunReturningId();
  if (id.status().code() == StatusCode::kConflict) {
    return Conflict("the username '" + a.username + "' is taken", "username");
  }
  return id;
}

StatusOr<AccountRow> AccountsStore::GetAccount(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      db_->Prepare("SELECT id, username, display_name, password_hash, "
                   "disabled, failed_signins, locked_until, "
                   "created_at, created_by FROM account WHERE id = $1"));
  s->BindInt(1, id);
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound("no account " + std::to_string(id));
  AccountRow a;
  a.id = s->ColumnInt(0);
  a.username = s->ColumnText(1);
  a.display_name = s->ColumnText(2);
  a.password_hash = s->ColumnText(3);
  a.disabled = s->ColumnInt(4) != 0;
  a.failed_signins = s->ColumnInt(5);
  a.locked_until = s->ColumnText(6);
  a.created_at = s->ColumnText(7);
  a.created_by = s->ColumnText(8);
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
    add("password_hash = $",
        [&](Statement* s, int i) { BindOptText(s, i, after.password_hash); });
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
    add("locked_until = $",
        [&](Statement* s, int i) { BindOptText(s, i, after.locked_until); });
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
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("INSERT INTO account_role (account_id, role, "
                           "unit_id, partner_id, granted_at, granted_by) "
                           "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"));
  s->BindInt(1, r.account_id);
  s->BindText(2, r.role);
  if (r.unit_id > 0) {
    s->BindInt(3, r.unit_id);
  } else {
    s->BindNull(3);
  }
  if (r.partner_id > 0) {
    s->BindInt(4, r.partner_id);
  } else {
    s->BindNull(4);
  }
  s->BindText(5, r.granted_at);
  s->BindText(6, r.granted_by);
  return s->RunReturningId();
}

Status AccountsStore::RevokeRole(int64_t role_id, const std::string& at,
                                 const std::string& by) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("UPDATE account_role SET revoked_at = $1, "
                           "revoked_by = $2 WHERE id = $3 AND revoked_at IS "
                           "NULL"));
  s->BindText(1, at);
  s->BindText(2, by);
  s->BindInt(3, role_id);
  return s->Run();
}

Status AccountsStore::AddSession(const SessionRow& r) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("INSERT INTO session (token_hash, account_id, "
                           "created_at, expires_at, remote) VALUES ($1, $2, "
                           "$3, $4, $5)"));
  s->BindText(1, r.token_hash);
  s->BindInt(2, r.account_id);
  s->BindText(3, r.created_at);
  s->BindText(4, r.expires_at);
  BindOptText(s.get(), 5, r.remote);
  return s->Run();
}

Status AccountsStore::RevokeSession(const std::string& token_hash,
                                    const std::string& at) {
  JJM_ASSIGN_OR_RETURN(auto s,
                       db_->Prepare("UPDATE session SET revoked_at = $1 WHERE "
                                    "token_hash = $2 AND revoked_at IS NULL"));
  s->BindText(1, at);
  s->BindText(2, token_hash);
  return s->Run();
}

Status AccountsStore::RevokeSessionsOf(int64_t account_id,
                                       const std::string& at) {
  JJM_ASSIGN_OR_RETURN(auto s,
                       db_->Prepare("UPDATE session SET revoked_at = $1 WHERE "
                                    "account_id = $2 AND revoked_at IS NULL"));
  s->BindText(1, at);
  s->BindInt(2, account_id);
  return s->Run();
}

StatusOr<int64_t> AccountsStore::AddApiKey(const ApiKeyRow& k) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("INSERT INTO api_key (account_id, prefix, key_hash, "
                           "label, created_at, created_by) VALUES ($1, $2, $3, "
                           "$4, $5, $6) RETURNING id"));
  s->BindInt(1, k.account_id);
  s->BindText(2, k.prefix);
  s->BindText(3, k.key_hash);
  s->BindText(4, k.label);
  s->BindText(5, k.created_at);
  s->BindText(6, k.created_by);
  return s->RunReturningId();
}

Status AccountsStore::RevokeApiKey(int64_t id, const std::string& at) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("UPDATE api_key SET revoked_at = $1 WHERE id = $2 "
                           "AND revoked_at IS NULL"));
  s->BindText(1, at);
  s->BindInt(2, id);
  return s->Run();
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
    a.id = row.ColumnInt(0);
    a.username = row.ColumnText(1);
    a.display_name = row.ColumnText(2);
    fn(a);
  });
}

}  // namespace jjm
