// SQL for the water-quality reports (quality_store.h): what the in-memory
// roll-ups do not keep; and what the demo loader reads back.
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

StatusOr<std::vector<DemoAlertRow>> QualityStore::OpenLabAlertsForDemo() {
  JJM_ASSIGN_OR_RETURN(
      auto st,
      sql::Prepare(db_,
                   "SELECT a.id, a.contaminant, a.opened_day, s.code, l.code, "
                   "l.level FROM wq_alert a JOIN wq_sample m ON m.id = "
                   "a.sample_id JOIN wq_source s ON s.id = a.source_id JOIN "
                   "wq_lab l ON l.id = m.lab_id WHERE a.closed_day IS NULL "
                   "AND m.method = 'lab' ORDER BY a.id"));
  std::vector<DemoAlertRow> out;
  JJM_RETURN_IF_ERROR(st->ForEachRow([&](Statement& row) {
    DemoAlertRow a;
    a.id = row.ColumnInt(0);
    a.contaminant = row.ColumnText(1);
    a.opened_day = static_cast<int32_t>(row.ColumnInt(2));
    a.source = row.ColumnText(3);
    a.lab = row.ColumnText(4);
    a.level = row.ColumnText(5);
    out.push_back(std::move(a));
  }));
  return out;
}

StatusOr<std::vector<DemoAlertRow>> QualityStore::OpenFtkAlertsForDemo() {
  JJM_ASSIGN_OR_RETURN(
      auto st,
      sql::Prepare(
          db_,
          "SELECT a.id, a.contaminant, m.code, s.code, a.opened_day, "
          "(SELECT l.code FROM wq_sample o JOIN wq_lab l ON l.id = o.lab_id "
          "WHERE o.source_id = m.source_id AND o.method = 'lab' ORDER BY o.id "
          "LIMIT 1), (SELECT l.level FROM wq_sample o JOIN wq_lab l ON l.id = "
          "o.lab_id WHERE o.source_id = m.source_id AND o.method = 'lab' "
          "ORDER BY o.id LIMIT 1) FROM wq_alert a JOIN wq_sample m ON m.id = "
          "a.sample_id JOIN wq_source s ON s.id = m.source_id WHERE "
          "a.closed_day IS NULL AND m.method = 'ftk' ORDER BY a.id"));
  std::vector<DemoAlertRow> out;
  JJM_RETURN_IF_ERROR(st->ForEachRow([&](Statement& row) {
    if (row.ColumnIsNull(5)) return;
    DemoAlertRow a;
    a.id = row.ColumnInt(0);
    a.contaminant = row.ColumnText(1);
    a.sample = row.ColumnText(2);
    a.source = row.ColumnText(3);
    a.opened_day = static_cast<int32_t>(row.ColumnInt(4));
    a.lab = row.ColumnText(5);
    a.level = row.ColumnText(6);
    out.push_back(std::move(a));
  }));
  return out;
}

StatusOr<std::vector<std::pair<std::string, std::string>>>
QualityStore::FirstLabsOfLevel(const std::string& level, int64_t limit) {
  JJM_ASSIGN_OR_RETURN(auto st,
                       sql::Prepare(db_,
                                    "SELECT code, name FROM wq_lab WHERE "
                                    "level = $1 ORDER BY id LIMIT $2"));
  st->BindText(1, level);
  st->BindInt(2, limit);
  std::vector<std::pair<std::string, std::string>> out;
  JJM_RETURN_IF_ERROR(st->ForEachRow([&](Statement& row) {
    out.emplace_back(row.ColumnText(0), row.ColumnText(1));
  }));
  return out;
}

}  // namespace jjm
