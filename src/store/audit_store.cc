#include "store/audit_store.h"

#include "store/coverage_store.h"

namespace jjm {
namespace {

void BindOptText(Statement* s, int i, const std::string& v) {
  if (v.empty()) {
    s->BindNull(i);
  } else {
    s->BindText(i, v);
  }
}

}  // namespace

StatusOr<int64_t> AuditStore::Add(AuditRow row) {
  if (row.at.empty()) row.at = UtcTimestamp();
  if (add_ == nullptr) {
    JJM_ASSIGN_OR_RETURN(
        add_, db_->Prepare("INSERT INTO audit (at, actor, remote, action, "
                           "entity, entity_id, unit_id, unit_path, before, "
                           "after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                           "$10) RETURNING id"));
  }
  Statement* s = add_.get();
  s->BindText(1, row.at);
  s->BindText(2, row.actor);
  BindOptText(s, 3, row.remote);
  s->BindText(4, row.action);
  s->BindText(5, row.entity);
  BindOptText(s, 6, row.entity_id);
  if (row.unit_id > 0) {
    s->BindInt(7, row.unit_id);
  } else {
    s->BindNull(7);
  }
  s->BindText(8, row.unit_path.empty() ? "IN" : row.unit_path);
  BindOptText(s, 9, row.before);
  BindOptText(s, 10, row.after);
  return s->RunReturningId();
}

Status AuditStore::Query(const AuditFilter& f,
                         const std::function<bool(const AuditRow&)>& fn) {
  std::string sql =
      "SELECT id, at, actor, remote, action, entity, entity_id, unit_id, "
      "unit_path, before, after FROM audit WHERE 1 = 1";
  std::vector<std::string> params;
  auto add = [&](const std::string& clause, const std::string& value) {
    params.push_back(value);
    std::string c = clause;
    const std::string n = "$" + std::to_string(params.size());
    for (size_t at = c.find('?'); at != std::string::npos; at = c.find('?')) {
      c.replace(at, 1, n);
    }
    sql += " AND " + c;
  };
  if (!f.entity.empty()) add("entity = ?", f.entity);
  if (!f.actor.empty()) add("actor = ?", f.actor);
  if (!f.action.empty()) add("action = ?", f.action);
  if (!f.path_prefix.empty()) {
    // The place itself, or anything whose path continues with '/'.
    add("(unit_path = ? OR (unit_path >= ? || '/' AND unit_path < ? || '0'))",
        f.path_prefix);
  }
  if (!f.from.empty()) add("at >= ?", f.from);
  if (!f.to.empty()) add("at <= ? || '~'", f.to);
  const int id_param = static_cast<int>(params.size()) + 1;
  if (f.before_id > 0) sql += " AND id < $" + std::to_string(id_param);
  sql += " ORDER BY id DESC";
  JJM_ASSIGN_OR_RETURN(auto s, db_->Prepare(sql));
  for (size_t i = 0; i < params.size(); ++i) {
    s->BindText(static_cast<int>(i + 1), params[i]);
  }
  if (f.before_id > 0) s->BindInt(id_param, f.before_id);
  AuditRow r;
  return s->ForEachRow([&](Statement&) {
    r.id = s->ColumnInt(0);
    r.at = s->ColumnText(1);
    r.actor = s->ColumnText(2);
    r.remote = s->ColumnText(3);
    r.action = s->ColumnText(4);
    r.entity = s->ColumnText(5);
    r.entity_id = s->ColumnText(6);
    r.unit_id = s->ColumnIsNull(7) ? 0 : s->ColumnInt(7);
    r.unit_path = s->ColumnText(8);
    r.before = s->ColumnText(9);
    r.after = s->ColumnText(10);
    return fn(r);  // false stops
  });
}

StatusOr<std::vector<std::string>> AuditStore::FailedSignIns(
    const std::string& remote, const std::string& since, int limit) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      db_->Prepare("SELECT at, action FROM audit WHERE remote = $1 AND at > "
                   "$2 AND action IN ('session.refused', 'session.create') "
                   "ORDER BY at DESC LIMIT $3"));
  s->BindText(1, remote);
  s->BindText(2, since);
  s->BindInt(3, limit);
  std::vector<std::string> out;
  JJM_RETURN_IF_ERROR(s->ForEachRow([&](Statement&) {
    if (s->ColumnText(1) == "session.create") return false;
    out.emplace_back(s->ColumnText(0));
    return true;
  }));
  return out;
}

StatusOr<int64_t> AuditStore::AddUnlock(const UnlockRow& u) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("INSERT INTO period_unlock (unit_id, month, reason, "
                           "granted_by, granted_at, expires_at) VALUES ($1, "
                           "$2, $3, $4, $5, $6) RETURNING id"));
  if (u.unit_id > 0) {
    s->BindInt(1, u.unit_id);
  } else {
    s->BindNull(1);
  }
  s->BindText(2, u.month);
  s->BindText(3, u.reason);
  s->BindText(4, u.granted_by);
  s->BindText(5, u.granted_at);
  s->BindText(6, u.expires_at);
  return s->RunReturningId();
}

Status AuditStore::ForEachUnlock(
    const std::function<void(const UnlockRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("SELECT id, unit_id, month, reason, granted_by, "
                           "granted_at, expires_at FROM period_unlock ORDER BY "
                           "id"));
  UnlockRow u;
  return s->ForEachRow([&](Statement&) {
    u.id = s->ColumnInt(0);
    u.unit_id = s->ColumnIsNull(1) ? 0 : s->ColumnInt(1);
    u.month = s->ColumnText(2);
    u.reason = s->ColumnText(3);
    u.granted_by = s->ColumnText(4);
    u.granted_at = s->ColumnText(5);
    u.expires_at = s->ColumnText(6);
    fn(u);
  });
}

}  // namespace jjm
