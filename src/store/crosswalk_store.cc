#include "store/crosswalk_store.h"

#include <string_view>

namespace jjm {
namespace {

constexpr char kAliasColumns[] =
    "SELECT id, level, parent_id, source_name, match_key, unit_id, "
    "created_by, created_at, revoked_by, revoked_at, revoke_reason "
    "FROM name_alias";

std::string TextOrEmpty(Statement& s, int col) {
  return s.ColumnIsNull(col) ? std::string() : std::string(s.ColumnText(col));
}

void ReadAlias(Statement& s, NameAliasRow* r) {
  r->id = s.ColumnInt(0);
  r->level = static_cast<int>(s.ColumnInt(1));
  r->parent_id = s.ColumnIsNull(2) ? 0 : s.ColumnInt(2);
  r->source_name = TextOrEmpty(s, 3);
  r->match_key = TextOrEmpty(s, 4);
  r->unit_id = s.ColumnInt(5);
  r->created_by = TextOrEmpty(s, 6);
  r->created_at = TextOrEmpty(s, 7);
  r->revoked_by = TextOrEmpty(s, 8);
  r->revoked_at = TextOrEmpty(s, 9);
  r->revoke_reason = TextOrEmpty(s, 10);
}

}  // namespace

Status CrosswalkStore::ForEachAlias(
    bool include_revoked, const std::function<void(const NameAliasRow&)>& fn) {
  std::string sql = kAliasColumns;
  if (!include_revoked) sql += " WHERE revoked_at IS NULL";
  sql += " ORDER BY id";
  JJM_ASSIGN_OR_RETURN(auto s, db_->Prepare(sql));
  NameAliasRow r;
  return s->ForEachRow([&](Statement& row) {
    ReadAlias(row, &r);
    fn(r);
  });
}

StatusOr<std::optional<NameAliasRow>> CrosswalkStore::GetAlias(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare(std::string(kAliasColumns) + " WHERE id = $1"));
  s->BindInt(1, id);
  std::optional<NameAliasRow> out;
  JJM_RETURN_IF_ERROR(s->ForEachRow([&](Statement& row) {
    out.emplace();
    ReadAlias(row, &*out);
  }));
  return out;
}

StatusOr<int64_t> CrosswalkStore::AddAlias(const NameAliasRow& r) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      db_->Prepare("INSERT INTO name_alias (level, parent_id, source_name, "
                   "match_key, unit_id, created_by, created_at) VALUES ($1, "
                   "$2, $3, $4, $5, $6, $7) RETURNING id"));
  s->BindInt(1, r.level);
  if (r.parent_id == 0) {
    s->BindNull(2);
  } else {
    s->BindInt(2, r.parent_id);
  }
  s->BindText(3, r.source_name);
  s->BindText(4, r.match_key);
  s->BindInt(5, r.unit_id);
  s->BindText(6, r.created_by);
  s->BindText(7, r.created_at);
  return s->RunReturningId();
}

StatusOr<bool> CrosswalkStore::RevokeAlias(int64_t id, const std::string& by,
                                           const std::string& at,
                                           const std::string& reason) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("UPDATE name_alias SET revoked_by = $2, revoked_at "
                           "= $3, revoke_reason = $4 WHERE id = $1 AND "
                           "revoked_at IS NULL RETURNING id"));
  s->BindInt(1, id);
  s->BindText(2, by);
  s->BindText(3, at);
  s->BindText(4, reason);
  bool revoked = false;
  JJM_RETURN_IF_ERROR(s->ForEachRow([&](Statement&) { revoked = true; }));
  return revoked;
}

Status CrosswalkStore::AddUses(const std::vector<NameAliasUseRow>& uses) {
  if (uses.empty()) return Status::Ok();
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("INSERT INTO name_alias_use (alias_id, batch_id, "
                           "village_id, line) VALUES ($1, $2, $3, $4)"));
  for (const NameAliasUseRow& u : uses) {
    s->BindInt(1, u.alias_id);
    s->BindInt(2, u.batch_id);
    s->BindInt(3, u.village_id);
    if (u.line > 0) {
      s->BindInt(4, u.line);
    } else {
      s->BindNull(4);
    }
    JJM_RETURN_IF_ERROR(s->Run());
  }
  return Status::Ok();
}

Status CrosswalkStore::ForEachUse(
    int64_t alias_id,
    const std::function<void(const NameAliasUseListing&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare(
                  "SELECT x.batch_id, u.code, u.name, b.source, "
                  "b.recorded_at, x.line FROM name_alias_use x JOIN unit u "
                  "ON u.id = x.village_id JOIN batch b ON b.id = x.batch_id "
                  "WHERE x.alias_id = $1 ORDER BY x.batch_id, x.line, u.code"));
  s->BindInt(1, alias_id);
  NameAliasUseListing l;
  return s->ForEachRow([&](Statement& row) {
    l.batch_id = row.ColumnInt(0);
    l.village_code = TextOrEmpty(row, 1);
    l.village_name = TextOrEmpty(row, 2);
    l.source = TextOrEmpty(row, 3);
    l.recorded_at = TextOrEmpty(row, 4);
    l.line = row.ColumnIsNull(5) ? 0 : row.ColumnInt(5);
    fn(l);
  });
}

}  // namespace jjm
