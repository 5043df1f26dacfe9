// SQL for the water-quality reports (quality_store.h): what the in-memory
// roll-ups do not keep.
#include "store/quality_store.h"
#include "store/sql_values.h"

namespace jjm {

Status QualityStore::ForEachLabDay(
    const std::string& level, int64_t from_day, int64_t to_day,
    const std::function<void(int64_t lab_id, int64_t day, int64_t samples)>&
        fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, sql::Prepare(db_,
                           "SELECT s.lab_id, s.collected_day, COUNT(*) FROM "
                           "wq_sample s JOIN wq_lab l ON l.id = s.lab_id "
                           "WHERE l.level = $1 AND s.collected_day BETWEEN $2 "
                           "AND $3 GROUP BY s.lab_id, s.collected_day"));
  s->BindText(1, level);
  s->BindInt(2, from_day);
  s->BindInt(3, to_day);
  return s->ForEachRow([&](Statement& row) {
    fn(row.ColumnInt(0), row.ColumnInt(1), row.ColumnInt(2));
  });
}

}  // namespace jjm
