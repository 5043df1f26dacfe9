#include "store/reports_store.h"

#include "store/sql_values.h"

namespace jjm {
namespace {

void ReadTarget(Statement& s, StateTargetRow* r) {
  sql::Read(s, 0, r->id, r->unit_id, r->target_day, r->reason, r->recorded_at,
            r->recorded_by);
}

void ReadBoundaryFile(Statement& s, BoundaryFileRow* r) {
  sql::Read(s, 0, r->id, r->source_name, r->levels, r->features, r->recorded_at,
            r->recorded_by);
}

}  // namespace

Status ReportsStore::EachStateTarget(
    const std::function<void(const StateTargetRow&)>& fn) {
  return sql::EachRow<StateTargetRow>(
      db_, ReadTarget, fn,
      "SELECT id, unit_id, target_day, reason, recorded_at, recorded_by "
      "FROM state_target ORDER BY id");
}

StatusOr<int64_t> ReportsStore::AddStateTarget(const StateTargetRow& r) {
  return sql::InsertRow(db_, "state_target",
                        "unit_id, target_day, reason, recorded_at, recorded_by",
                        r.unit_id, r.target_day, r.reason, r.recorded_at,
                        r.recorded_by);
}

Status ReportsStore::EachBoundaryFile(
    const std::function<void(const BoundaryFileRow&)>& fn) {
  return sql::EachRow<BoundaryFileRow>(
      db_, ReadBoundaryFile, fn,
      "SELECT id, source_name, levels, features, recorded_at, recorded_by "
      "FROM boundary_file ORDER BY id");
}

StatusOr<std::string> ReportsStore::BoundaryGeojson(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_, "SELECT geojson FROM boundary_file WHERE id = $1", id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound("no boundary file " + std::to_string(id));
  return sql::Text(*s, 0);
}

StatusOr<int64_t> ReportsStore::AddBoundaryFile(const BoundaryFileRow& r) {
  return sql::InsertRow(
      db_, "boundary_file",
      "source_name, levels, features, geojson, recorded_at, recorded_by",
      r.source_name, r.levels, r.features, r.geojson, r.recorded_at,
      r.recorded_by);
}

}  // namespace jjm
