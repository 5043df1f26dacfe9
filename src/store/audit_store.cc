#include "store/audit_store.h"

#include "store/coverage_store.h"
#include "store/sql_values.h"

namespace jjm {
namespace {

// A NULL unit (India) reads as 0.
void ReadUnlock(Statement& s, UnlockRow* u) {
  sql::Read(s, 0, u->id, u->unit_id, u->month, u->reason, u->granted_by,
            u->granted_at, u->expires_at);
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
  const std::string unit_path = row.unit_path.empty() ? "IN" : row.unit_path;
  sql::Bind(*add_, row.at, row.actor, sql::OrNull{row.remote}, row.action,
            row.entity, sql::OrNull{row.entity_id}, sql::IdOrNull{row.unit_id},
            unit_path, sql::OrNull{row.before}, sql::OrNull{row.after});
  return add_->RunReturningId();
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
  return s->ForEachRow([&](Statement& row) {
    // A NULL unit reads as 0.
    sql::Read(row, 0, r.id, r.at, r.actor, r.remote, r.action, r.entity,
              r.entity_id, r.unit_id, r.unit_path, r.before, r.after);
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
  sql::Bind(*s, sql::IdOrNull{u.unit_id}, u.month, u.reason, u.granted_by,
            u.granted_at, u.expires_at);
  return s->RunReturningId();
}

Status AuditStore::ForEachUnlock(
    const std::function<void(const UnlockRow&)>& fn) {
  return sql::EachRow(db_, ReadUnlock, fn,
                      "SELECT id, unit_id, month, reason, granted_by, "
                      "granted_at, expires_at FROM period_unlock ORDER BY id");
}

}  // namespace jjm
