// Samples, their events and results, alerts and remedial actions.
#include <string_view>
#include <utility>

#include "store/quality_store.h"
#include "store/sql_values.h"

namespace jjm {
namespace {

void ReadSample(Statement& s, SampleRow* r) {
  sql::Read(s, 0, r->id, r->code, r->request_id, r->method, r->lab_id,
            r->village_id, r->habitation_id, r->source_id, r->point_id,
            r->point_kind, r->chlorinated, r->collected_day, r->collected_by,
            r->latitude, r->longitude, r->parent_sample_id, r->reason,
            r->registered_at, r->registered_by);
}
constexpr char kSampleColumns[] =
    "SELECT id, code, request_id, method, lab_id, village_id, habitation_id, "
    "source_id, point_id, point_kind, chlorinated, collected_day, "
    "collected_by, latitude, longitude, parent_sample_id, reason, "
    "registered_at, registered_by FROM wq_sample";

void ReadEvent(Statement& s, SampleEventRow* e) {
  sql::Read(s, 0, e->id, e->sample_id, e->kind, e->day, e->lab_id,
            e->related_sample_id, e->note, e->at, e->actor);
}
constexpr char kEventColumns[] =
    "SELECT id, sample_id, kind, day, lab_id, related_sample_id, note, at, "
    "actor FROM wq_sample_event";

void ReadAlert(Statement& s, AlertRow* a) {
  sql::Read(s, 0, a->id, a->sample_id, a->village_id, a->habitation_id,
            a->source_id, a->contaminant, a->opened_day, a->opened_at,
            a->repeat_due_day, a->closed_day, a->closed_by_sample_id,
            a->closed_at, a->closed_by);
}
constexpr char kAlertColumns[] =
    "SELECT id, sample_id, village_id, habitation_id, source_id, contaminant, "
    "opened_day, opened_at, repeat_due_day, closed_day, closed_by_sample_id, "
    "closed_at, closed_by FROM wq_alert";

void ReadAction(Statement& s, RemedialActionRow* a) {
  sql::Read(s, 0, a->id, a->alert_id, a->kind, a->started_day, a->done_day,
            a->note, a->recorded_at, a->recorded_by, a->done_at, a->done_by);
}
constexpr char kActionColumns[] =
    "SELECT id, alert_id, kind, started_day, done_day, note, recorded_at, "
    "recorded_by, done_at, done_by FROM wq_remedial_action";

// " AND village_id IN ($n, ...)" for `ids`, appending them to `params`.
std::string InIds(const char* column, const std::vector<int64_t>& ids,
                  std::vector<int64_t>* params) {
  if (ids.empty()) return "";
  std::string out = std::string(" AND ") + column + " IN (";
  for (size_t i = 0; i < ids.size(); ++i) {
    params->push_back(ids[i]);
    if (i > 0) out += ", ";
    out += "$" + std::to_string(params->size());
  }
  return out + ")";
}

// Binds numbers to $1.. and streams rows read by `read` to fn.
template <typename Row>
Status StreamWith(Db* db, const std::string& sql,
                  const std::vector<int64_t>& params,
                  void (*read)(Statement&, Row*),
                  const std::function<void(const Row&)>& fn) {
  JJM_ASSIGN_OR_RETURN(auto s, db->Prepare(sql));
  for (size_t i = 0; i < params.size(); ++i) {
    s->BindInt(static_cast<int>(i + 1), params[i]);
  }
  Row row;
  return s->ForEachRow([&](Statement& st) {
    read(st, &row);
    fn(row);
  });
}

// The first row of a prepared statement, if any.
template <typename Row>
StatusOr<std::optional<Row>> FirstRow(Statement* s,
                                      void (*read)(Statement&, Row*)) {
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Row>();
  Row r;
  read(*s, &r);
  s->Reset();
  return std::optional<Row>(std::move(r));
}

}  // namespace

// --- samples ----------------------------------------------------------------

StatusOr<int64_t> QualityStore::MaxSampleId() {
  return sql::Number(db_, 0, "SELECT COALESCE(MAX(id), 0) FROM wq_sample");
}

Status QualityStore::AddSample(const SampleRow& r) {
  JJM_ASSIGN_OR_RETURN(
      Statement * s,
      Cached(&add_sample_,
             sql::InsertSql(
                 "wq_sample",
                 "id, code, request_id, method, lab_id, village_id, "
                 "habitation_id, source_id, point_id, point_kind, chlorinated, "
                 "collected_day, collected_by, latitude, longitude, "
                 "parent_sample_id, reason, registered_at, registered_by",
                 19)));
  sql::Bind(*s, r.id, r.code, sql::OrNull{r.request_id}, r.method,
            sql::IdOrNull{r.lab_id}, r.village_id,
            sql::IdOrNull{r.habitation_id}, sql::IdOrNull{r.source_id},
            sql::IdOrNull{r.point_id}, r.point_kind,
            static_cast<int64_t>(r.chlorinated ? 1 : 0), r.collected_day,
            r.collected_by, r.latitude, r.longitude,
            sql::IdOrNull{r.parent_sample_id}, r.reason, r.registered_at,
            r.registered_by);
  return s->Run();
}

StatusOr<std::optional<SampleRow>> QualityStore::GetSample(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      Statement * s,
      Cached(&get_sample_, std::string(kSampleColumns) + " WHERE id = $1"));
  s->Reset();
  s->BindInt(1, id);
  return FirstRow(s, ReadSample);
}

StatusOr<std::optional<SampleRow>> QualityStore::FindSampleByCode(
    const std::string& code) {
  JJM_ASSIGN_OR_RETURN(
      Statement * s,
      Cached(&find_code_, std::string(kSampleColumns) + " WHERE code = $1"));
  s->Reset();
  s->BindText(1, code);
  return FirstRow(s, ReadSample);
}

StatusOr<std::optional<SampleRow>> QualityStore::FindSampleByRequestId(
    const std::string& request_id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_, std::string(kSampleColumns) + " WHERE request_id = $1",
                   request_id));
  return FirstRow(s.get(), ReadSample);
}

Status QualityStore::ForEachSampleToLoad(
    const std::function<void(const SampleLoadRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   "SELECT id, CASE WHEN method = 'ftk' THEN 1 ELSE 0 END, "
                   "village_id, COALESCE(habitation_id, 0), "
                   "COALESCE(source_id, 0), collected_day, "
                   "COALESCE(parent_sample_id, 0), "
                   "CASE WHEN reason = 'repeat' THEN 1 ELSE 0 END "
                   "FROM wq_sample ORDER BY id"));
  SampleLoadRow r;
  return s->ForEachRow([&](Statement& row) {
    r.id = row.ColumnInt(0);
    r.ftk = row.ColumnInt(1) != 0;
    r.village_id = row.ColumnInt(2);
    r.habitation_id = row.ColumnInt(3);
    r.source_id = row.ColumnInt(4);
    r.collected_day = row.ColumnInt(5);
    r.parent_sample_id = row.ColumnInt(6);
    r.repeat = row.ColumnInt(7) != 0;
    fn(r);
  });
}

Status QualityStore::ForEachSampleWhere(
    const SampleFilter& f, const std::function<void(const SampleRow&)>& fn) {
  std::vector<int64_t> params;
  std::string sql = std::string(kSampleColumns) + " WHERE 1 = 1";
  if (f.lab_id > 0) {
    params.push_back(f.lab_id);
    sql += " AND lab_id = $" + std::to_string(params.size());
  }
  if (f.source_id > 0) {
    params.push_back(f.source_id);
    sql += " AND source_id = $" + std::to_string(params.size());
  }
  if (f.before_id > 0) {
    params.push_back(f.before_id);
    sql += " AND id < $" + std::to_string(params.size());
  }
  sql += InIds("village_id", f.village_ids, &params);
  sql += " ORDER BY id DESC LIMIT " + std::to_string(f.limit);
  return StreamWith(db_, sql, params, ReadSample, fn);
}

Status QualityStore::ForEachChildSample(
    int64_t parent_id, const std::function<void(const SampleRow&)>& fn) {
  return sql::EachRow(
      db_, ReadSample, fn,
      std::string(kSampleColumns) + " WHERE parent_sample_id = $1 ORDER BY id",
      parent_id);
}

// --- events and results -----------------------------------------------------

StatusOr<int64_t> QualityStore::AddEvent(const SampleEventRow& e) {
  JJM_ASSIGN_OR_RETURN(
      Statement * s,
      Cached(&add_event_,
             sql::InsertSql("wq_sample_event",
                            "sample_id, kind, day, lab_id, related_sample_id, "
                            "note, at, actor",
                            8) +
                 " RETURNING id"));
  sql::Bind(*s, e.sample_id, e.kind, e.day, sql::IdOrNull{e.lab_id},
            sql::IdOrNull{e.related_sample_id}, sql::OrNull{e.note}, e.at,
            e.actor);
  return s->RunReturningId();
}

StatusOr<std::vector<SampleEventRow>> QualityStore::EventsOf(
    int64_t sample_id) {
  std::vector<SampleEventRow> out;
  JJM_RETURN_IF_ERROR(sql::EachRow(
      db_, ReadEvent, [&](const SampleEventRow& e) { out.push_back(e); },
      std::string(kEventColumns) + " WHERE sample_id = $1 ORDER BY id",
      sample_id));
  return out;
}

Status QualityStore::ForEachEventToLoad(
    const std::function<void(const EventLoadRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, sql::Prepare(db_,
                           "SELECT id, sample_id, CASE WHEN kind = 'final' "
                           "THEN 1 ELSE 0 END, day FROM wq_sample_event "
                           "WHERE kind IN ('tested', 'final') ORDER BY id"));
  EventLoadRow r;
  return s->ForEachRow([&](Statement& row) {
    r.id = row.ColumnInt(0);
    r.sample_id = row.ColumnInt(1);
    r.final = row.ColumnInt(2) != 0;
    r.day = row.ColumnInt(3);
    fn(r);
  });
}

Status QualityStore::AddResult(const ResultRow& r) {
  JJM_ASSIGN_OR_RETURN(
      Statement * s,
      Cached(&add_result_,
             sql::InsertSql("wq_result",
                            "event_id, parameter_id, standard_id, value, "
                            "detected, grade",
                            6)));
  std::optional<int64_t> detected;
  if (r.detected) detected = *r.detected ? 1 : 0;
  sql::Bind(*s, r.event_id, r.parameter_id, r.standard_id, r.value, detected,
            static_cast<int64_t>(r.grade));
  return s->Run();
}

StatusOr<std::vector<ResultRow>> QualityStore::ResultsOf(int64_t sample_id) {
  JJM_ASSIGN_OR_RETURN(
      auto s, sql::Prepare(db_,
                           "SELECT r.event_id, r.parameter_id, r.standard_id, "
                           "r.value, r.detected, r.grade FROM wq_result r "
                           "JOIN wq_sample_event e ON e.id = r.event_id WHERE "
                           "e.sample_id = $1 ORDER BY r.event_id, "
                           "r.parameter_id",
                           sample_id));
  std::vector<ResultRow> out;
  JJM_RETURN_IF_ERROR(s->ForEachRow([&](Statement& row) {
    ResultRow r;
    sql::Read(row, 0, r.event_id, r.parameter_id, r.standard_id, r.value,
              r.detected, r.grade);
    out.push_back(std::move(r));
  }));
  return out;
}

Status QualityStore::ForEachResultGrade(
    const std::function<void(int64_t, int64_t, int)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, sql::Prepare(db_,
                           "SELECT event_id, parameter_id, grade FROM "
                           "wq_result ORDER BY event_id, parameter_id"));
  return s->ForEachRow([&](Statement& row) {
    fn(row.ColumnInt(0), row.ColumnInt(1), static_cast<int>(row.ColumnInt(2)));
  });
}

Status QualityStore::ForEachSampleResult(
    const std::function<void(const SampleResultRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, sql::Prepare(db_,
                           "SELECT e.sample_id, r.event_id, r.parameter_id, "
                           "r.standard_id, r.value, r.detected, r.grade FROM "
                           "wq_result r JOIN wq_sample_event e ON e.id = "
                           "r.event_id ORDER BY e.sample_id, r.event_id, "
                           "r.parameter_id"));
  SampleResultRow out;
  return s->ForEachRow([&](Statement& row) {
    sql::Read(row, 0, out.sample_id, out.result.event_id,
              out.result.parameter_id, out.result.standard_id, out.result.value,
              out.result.detected, out.result.grade);
    fn(out);
  });
}

// --- bulk -------------------------------------------------------------------

namespace {

void PutId(BulkInsert* b, int64_t id) {
  if (id > 0) {
    b->Int(id);
  } else {
    b->Null();
  }
}
void PutText(BulkInsert* b, const std::string& t) {
  if (t.empty()) {
    b->Null();
  } else {
    b->Text(t);
  }
}
void PutReal(BulkInsert* b, const std::optional<double>& v) {
  if (v) {
    b->Real(*v);
  } else {
    b->Null();
  }
}

}  // namespace

StatusOr<int64_t> QualityStore::MaxEventId() {
  return sql::Number(db_, 0,
                     "SELECT COALESCE(MAX(id), 0) FROM wq_sample_event");
}

Status QualityStore::AddSamples(const std::vector<SampleRow>& rows) {
  if (rows.empty()) return Status::Ok();
  JJM_ASSIGN_OR_RETURN(
      auto b, db_->BeginBulkInsert(
                  "wq_sample",
                  {"id", "code", "request_id", "method", "lab_id", "village_id",
                   "habitation_id", "source_id", "point_id", "point_kind",
                   "chlorinated", "collected_day", "collected_by", "latitude",
                   "longitude", "parent_sample_id", "reason", "registered_at",
                   "registered_by"}));
  for (const SampleRow& r : rows) {
    b->Int(r.id);
    b->Text(r.code);
    PutText(b.get(), r.request_id);
    b->Text(r.method);
    PutId(b.get(), r.lab_id);
    b->Int(r.village_id);
    PutId(b.get(), r.habitation_id);
    PutId(b.get(), r.source_id);
    PutId(b.get(), r.point_id);
    b->Text(r.point_kind);
    b->Int(r.chlorinated ? 1 : 0);
    b->Int(r.collected_day);
    b->Text(r.collected_by);
    PutReal(b.get(), r.latitude);
    PutReal(b.get(), r.longitude);
    PutId(b.get(), r.parent_sample_id);
    b->Text(r.reason);
    b->Text(r.registered_at);
    b->Text(r.registered_by);
    JJM_RETURN_IF_ERROR(b->EndRow());
  }
  return b->Finish();
}

Status QualityStore::AddEvents(const std::vector<SampleEventRow>& rows) {
  if (rows.empty()) return Status::Ok();
  JJM_ASSIGN_OR_RETURN(
      auto b,
      db_->BeginBulkInsert("wq_sample_event",
                           {"id", "sample_id", "kind", "day", "lab_id",
                            "related_sample_id", "note", "at", "actor"}));
  for (const SampleEventRow& e : rows) {
    b->Int(e.id);
    b->Int(e.sample_id);
    b->Text(e.kind);
    b->Int(e.day);
    PutId(b.get(), e.lab_id);
    PutId(b.get(), e.related_sample_id);
    PutText(b.get(), e.note);
    b->Text(e.at);
    b->Text(e.actor);
    JJM_RETURN_IF_ERROR(b->EndRow());
  }
  return b->Finish();
}

Status QualityStore::AddResults(const std::vector<ResultRow>& rows) {
  if (rows.empty()) return Status::Ok();
  JJM_ASSIGN_OR_RETURN(
      auto b, db_->BeginBulkInsert("wq_result",
                                   {"event_id", "parameter_id", "standard_id",
                                    "value", "detected", "grade"}));
  for (const ResultRow& r : rows) {
    b->Int(r.event_id);
    b->Int(r.parameter_id);
    b->Int(r.standard_id);
    PutReal(b.get(), r.value);
    if (r.detected) {
      b->Int(*r.detected ? 1 : 0);
    } else {
      b->Null();
    }
    b->Int(r.grade);
    JJM_RETURN_IF_ERROR(b->EndRow());
  }
  return b->Finish();
}

Status QualityStore::SyncIds() {
  JJM_RETURN_IF_ERROR(db_->SyncIds("wq_sample", "id"));
  return db_->SyncIds("wq_sample_event", "id");
}

// --- alerts -----------------------------------------------------------------

StatusOr<int64_t> QualityStore::AddAlert(const AlertRow& a) {
  JJM_ASSIGN_OR_RETURN(
      Statement * s,
      Cached(&add_alert_,
             sql::InsertSql("wq_alert",
                            "sample_id, village_id, habitation_id, source_id, "
                            "contaminant, opened_day, opened_at, "
                            "repeat_due_day",
                            8) +
                 " RETURNING id"));
  sql::Bind(*s, a.sample_id, a.village_id, sql::IdOrNull{a.habitation_id},
            sql::IdOrNull{a.source_id}, a.contaminant, a.opened_day,
            a.opened_at, a.repeat_due_day);
  return s->RunReturningId();
}

Status QualityStore::CloseAlert(int64_t alert_id, int64_t day,
                                int64_t by_sample_id, const std::string& at,
                                const std::string& by) {
  return sql::Run(db_,
                  "UPDATE wq_alert SET closed_day = $1, closed_by_sample_id = "
                  "$2, closed_at = $3, closed_by = $4 WHERE id = $5 AND "
                  "closed_day IS NULL",
                  day, sql::IdOrNull{by_sample_id}, at, by, alert_id);
}

StatusOr<std::optional<AlertRow>> QualityStore::GetAlert(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_, std::string(kAlertColumns) + " WHERE id = $1", id));
  return FirstRow(s.get(), ReadAlert);
}

Status QualityStore::ForEachAlert(
    const std::function<void(const AlertRow&)>& fn) {
  return sql::EachRow(db_, ReadAlert, fn,
                      std::string(kAlertColumns) + " ORDER BY id");
}

Status QualityStore::ForEachAlertWhere(
    const AlertFilter& f, const std::function<void(const AlertRow&)>& fn) {
  std::vector<int64_t> params;
  std::string sql = std::string(kAlertColumns) + " WHERE 1 = 1";
  if (f.status == "open") sql += " AND closed_day IS NULL";
  if (f.status == "closed") sql += " AND closed_day IS NOT NULL";
  if (f.before_id > 0) {
    params.push_back(f.before_id);
    sql += " AND id < $" + std::to_string(params.size());
  }
  sql += InIds("village_id", f.village_ids, &params);
  if (!f.contaminant.empty()) {
    // A fixed list of names, checked by the caller: bound as text would
    // need a second kind of parameter here.
    std::string c;
    for (char ch : f.contaminant) {
      if ((ch >= 'a' && ch <= 'z') || ch == '_') c += ch;
    }
    sql += " AND contaminant = '" + c + "'";
  }
  sql += " ORDER BY id DESC LIMIT " + std::to_string(f.limit);
  return StreamWith(db_, sql, params, ReadAlert, fn);
}

Status QualityStore::ForEachOpenAlertOf(
    int64_t village_id, const std::function<void(const AlertRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      Statement * s,
      Cached(&open_alerts_, std::string(kAlertColumns) +
                                " WHERE village_id = $1 AND closed_day IS "
                                "NULL ORDER BY id"));
  s->BindInt(1, village_id);
  AlertRow row;
  return s->ForEachRow([&](Statement& st) {
    ReadAlert(st, &row);
    fn(row);
  });
}

Status QualityStore::ForEachAlertOfSample(
    int64_t sample_id, const std::function<void(const AlertRow&)>& fn) {
  return sql::EachRow(
      db_, ReadAlert, fn,
      std::string(kAlertColumns) + " WHERE sample_id = $1 ORDER BY id",
      sample_id);
}

// --- remedial actions -------------------------------------------------------

StatusOr<int64_t> QualityStore::AddAction(const RemedialActionRow& a) {
  return sql::InsertRow(
      db_, "wq_remedial_action",
      "alert_id, kind, started_day, note, recorded_at, recorded_by", a.alert_id,
      a.kind, a.started_day, sql::OrNull{a.note}, a.recorded_at, a.recorded_by);
}

Status QualityStore::CompleteAction(int64_t action_id, int64_t day,
                                    const std::string& at,
                                    const std::string& by) {
  return sql::Run(db_,
                  "UPDATE wq_remedial_action SET done_day = $1, done_at = $2, "
                  "done_by = $3 WHERE id = $4 AND done_day IS NULL",
                  day, at, by, action_id);
}

StatusOr<std::optional<RemedialActionRow>> QualityStore::GetAction(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_, std::string(kActionColumns) + " WHERE id = $1", id));
  return FirstRow(s.get(), ReadAction);
}

Status QualityStore::ForEachAction(
    int64_t alert_id, const std::function<void(const RemedialActionRow&)>& fn) {
  if (alert_id == 0) {
    return sql::EachRow(db_, ReadAction, fn,
                        std::string(kActionColumns) + " ORDER BY id");
  }
  return sql::EachRow(
      db_, ReadAction, fn,
      std::string(kActionColumns) + " WHERE alert_id = $1 ORDER BY id",
      alert_id);
}

}  // namespace jjm
