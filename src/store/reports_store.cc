#include "store/reports_store.h"

#include "store/sql_values.h"

namespace jjm {
namespace {

void ReadTarget(Statement& s, StateTargetRow* r) {
  sql::Read(s, 0, r->id, r->unit_id, r->target_day, r->reason, r->recorded_at,
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

}  // namespace jjm
