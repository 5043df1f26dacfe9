#include "store/coverage_store.h"

#include <ctime>

#include "base/strings.h"

namespace jjm {

std::string UtcTimestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm;
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string_view EventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::kBaseline:
      return "baseline";
    case EventKind::kConnection:
      return "connection";
    case EventKind::kCorrection:
      return "correction";
    case EventKind::kAdjustment:
      return "adjustment";
  }
  return "connection";
}

std::optional<EventKind> ParseEventKind(std::string_view name) {
  if (name == "baseline") return EventKind::kBaseline;
  if (name == "connection") return EventKind::kConnection;
  if (name == "correction") return EventKind::kCorrection;
  if (name == "adjustment") return EventKind::kAdjustment;
  return std::nullopt;
}

namespace {

std::optional<int64_t> ColumnOptInt(Statement* s, int col) {
  if (s->ColumnIsNull(col)) return std::nullopt;
  return s->ColumnInt(col);
}

void BindOptInt(Statement* s, int i, const std::optional<int64_t>& v) {
  if (v) {
    s->BindInt(i, *v);
  } else {
    s->BindNull(i);
  }
}

void BindOptText(Statement* s, int i, std::string_view v) {
  if (v.empty()) {
    s->BindNull(i);
  } else {
    s->BindText(i, v);
  }
}

template <typename Fn>
Status Stream(Db* db, std::string_view sql, Fn&& fn) {
  JJM_ASSIGN_OR_RETURN(auto stmt, db->Prepare(sql));
  return stmt->ForEachRow([&](Statement&) { fn(stmt.get()); });
}

}  // namespace

namespace {
void ReadEvent(Statement* s, EventRow* e) {
  e->seq = s->ColumnInt(0);
  e->village_id = s->ColumnInt(1);
  e->date = Date::FromDays(static_cast<int32_t>(s->ColumnInt(2)));
  e->households = s->ColumnInt(3);
  e->kind = static_cast<EventKind>(s->ColumnInt(4));
  e->reason = s->ColumnText(5);
  e->batch_id = s->ColumnInt(6);
}
}  // namespace

StatusOr<Statement*> CoverageStore::Cached(std::unique_ptr<Statement>* slot,
                                           std::string_view sql) {
  if (*slot == nullptr) {
    JJM_ASSIGN_OR_RETURN(*slot, db_->Prepare(sql));
  }
  return slot->get();
}

namespace {

// Streams `sql` (with $1 and $2 the bounds of `range`) to fn.
template <typename Fn>
Status StreamRange(Db* db, std::string_view sql, CoverageStore::IdRange range,
                   Fn&& fn) {
  JJM_ASSIGN_OR_RETURN(auto stmt, db->Prepare(sql));
  stmt->BindInt(1, range.after);
  stmt->BindInt(2, range.upto);
  return stmt->ForEachRow([&](Statement&) { fn(stmt.get()); });
}

}  // namespace

StatusOr<CoverageStore::Marks> CoverageStore::CurrentMarks() {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("SELECT (SELECT COALESCE(MAX(id), 0) FROM unit), "
                           "(SELECT COALESCE(MAX(id), 0) FROM village_fact), "
                           "(SELECT COALESCE(MAX(seq), 0) FROM tap_event)"));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  Marks m;
  if (row) {
    m.unit = s->ColumnInt(0);
    m.fact = s->ColumnInt(1);
    m.seq = s->ColumnInt(2);
  }
  s->Reset();
  return m;
}

Status CoverageStore::ForEachUnitIn(IdRange range,
                                    const std::function<void(UnitRow&)>& fn) {
  UnitRow u;
  return StreamRange(
      db_,
      "SELECT id, code, level, parent_id, name, lgd_code FROM unit "
      "WHERE id > $1 AND id <= $2 ORDER BY id",
      range, [&](Statement* s) {
        u.id = s->ColumnInt(0);
        u.code = s->ColumnText(1);
        u.level = static_cast<int>(s->ColumnInt(2));
        u.parent_id = s->ColumnIsNull(3) ? 0 : s->ColumnInt(3);
        u.name = s->ColumnText(4);
        u.lgd_code = ColumnOptInt(s, 5);
        fn(u);
      });
}

namespace {
constexpr const char* kFactColumns =
    "SELECT village_id, day, households, habitations, schools, "
    "schools_with_tap, anganwadis, anganwadis_with_tap, sc_population, "
    "st_population, general_population, service_lpcd FROM village_fact ";
void ReadFact(Statement* s, FactRow* f);
}  // namespace

Status CoverageStore::ForEachFactOfVillage(
    int64_t village_id, const std::function<void(const FactRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(auto stmt,
                       db_->Prepare(std::string(kFactColumns) +
                                    "WHERE village_id = $1 ORDER BY day, id"));
  stmt->BindInt(1, village_id);
  FactRow f;
  return stmt->ForEachRow([&](Statement&) {
    ReadFact(stmt.get(), &f);
    fn(f);
  });
}

Status CoverageStore::RecentEventsOfVillage(
    int64_t village_id, int limit,
    const std::function<void(const EventRow&, const BatchRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("SELECT e.seq, e.village_id, e.day, e.households, "
                   "e.kind, e.reason, e.batch_id, b.kind, b.source, "
                   "b.recorded_by, b.recorded_at FROM tap_event e JOIN batch b "
                   "ON b.id = e.batch_id WHERE e.village_id = $1 ORDER BY "
                   "e.seq DESC LIMIT $2"));
  stmt->BindInt(1, village_id);
  stmt->BindInt(2, limit);
  EventRow e;
  BatchRow b;
  return stmt->ForEachRow([&](Statement&) {
    ReadEvent(stmt.get(), &e);
    b.id = e.batch_id;
    b.kind = stmt->ColumnText(7);
    b.source = stmt->ColumnText(8);
    b.recorded_by = stmt->ColumnText(9);
    b.recorded_at = stmt->ColumnText(10);
    fn(e, b);
  });
}

namespace {
void ReadFact(Statement* s, FactRow* out) {
  FactRow& f = *out;
  f.village_id = s->ColumnInt(0);
  f.as_of = Date::FromDays(static_cast<int32_t>(s->ColumnInt(1)));
  f.households = ColumnOptInt(s, 2);
  f.habitations = ColumnOptInt(s, 3);
  f.schools = ColumnOptInt(s, 4);
  f.schools_with_tap = ColumnOptInt(s, 5);
  f.anganwadis = ColumnOptInt(s, 6);
  f.anganwadis_with_tap = ColumnOptInt(s, 7);
  f.sc_population = ColumnOptInt(s, 8);
  f.st_population = ColumnOptInt(s, 9);
  f.general_population = ColumnOptInt(s, 10);
  f.service_lpcd = s->ColumnIsNull(11)
                       ? std::nullopt
                       : std::optional<double>(s->ColumnDouble(11));
}
}  // namespace

Status CoverageStore::ForEachFactByVillage(
    const std::function<void(const FactRow&)>& fn) {
  FactRow f;
  return Stream(db_, std::string(kFactColumns) + "ORDER BY village_id, day, id",
                [&](Statement* s) {
                  ReadFact(s, &f);
                  fn(f);
                });
}

Status CoverageStore::ForEachFact(
    const std::function<void(const FactRow&)>& fn) {
  FactRow f;
  return Stream(db_, std::string(kFactColumns) + "ORDER BY id",
                [&](Statement* s) {
                  ReadFact(s, &f);
                  fn(f);
                });
}

Status CoverageStore::ForEachEvent(
    const std::function<void(const EventRow&)>& fn) {
  EventRow e;
  return Stream(db_,
                "SELECT seq, village_id, day, households, kind, reason, "
                "batch_id FROM tap_event ORDER BY seq",
                [&](Statement* s) {
                  ReadEvent(s, &e);
                  fn(e);
                });
}

Status CoverageStore::ForEachFactFigures(
    IdRange range,
    const std::function<void(int64_t, int32_t, const int32_t (&)[5])>& fn) {
  int32_t v[5];
  return StreamRange(db_,
                     "SELECT village_id, day, households, schools, "
                     "schools_with_tap, anganwadis, anganwadis_with_tap FROM "
                     "village_fact WHERE id > $1 AND id <= $2 ORDER BY id",
                     range, [&](Statement* s) {
                       for (int i = 0; i < 5; ++i) {
                         v[i] = s->ColumnIsNull(2 + i)
                                    ? -1
                                    : static_cast<int32_t>(s->ColumnInt(2 + i));
                       }
                       fn(s->ColumnInt(0),
                          static_cast<int32_t>(s->ColumnInt(1)), v);
                     });
}

Status CoverageStore::ForEachTap(
    IdRange range, const std::function<void(int64_t, int32_t, int64_t)>& fn) {
  return StreamRange(
      db_,
      "SELECT village_id, day, households FROM tap_event WHERE seq "
      "> $1 AND seq <= $2 ORDER BY seq",
      range, [&](Statement* s) {
        fn(s->ColumnInt(0), static_cast<int32_t>(s->ColumnInt(1)),
           s->ColumnInt(2));
      });
}

StatusOr<int64_t> CoverageStore::MaxUnitId() {
  JJM_ASSIGN_OR_RETURN(auto s,
                       db_->Prepare("SELECT COALESCE(MAX(id), 0) FROM unit"));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  const int64_t n = row ? s->ColumnInt(0) : 0;
  s->Reset();
  return n;
}

Status CoverageStore::ForEachEventInBatch(
    int64_t batch_id, const std::function<void(const EventRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("SELECT seq, village_id, day, households, kind, "
                   "reason, batch_id FROM tap_event WHERE batch_id = $1 "
                   "ORDER BY seq"));
  stmt->BindInt(1, batch_id);
  EventRow e;
  return stmt->ForEachRow([&](Statement&) {
    ReadEvent(stmt.get(), &e);
    fn(e);
  });
}

Status CoverageStore::ForEachAlias(
    const std::function<void(std::string_view, std::string_view, int64_t)>&
        fn) {
  return Stream(db_, "SELECT scheme, value, unit_id FROM unit_alias",
                [&](Statement* s) {
                  fn(s->ColumnText(0), s->ColumnText(1), s->ColumnInt(2));
                });
}

Status CoverageStore::ForEachFormerName(
    const std::function<void(int64_t, std::string_view, std::string_view)>&
        fn) {
  return Stream(db_,
                "SELECT unit_id, name, valid_until FROM unit_former_name "
                "ORDER BY unit_id, valid_until, name",
                [&](Statement* s) {
                  fn(s->ColumnInt(0), s->ColumnText(1), s->ColumnText(2));
                });
}

StatusOr<int64_t> CoverageStore::AddBatch(BatchRow b) {
  if (b.recorded_at.empty()) b.recorded_at = UtcTimestamp();
  JJM_ASSIGN_OR_RETURN(
      Statement * s,
      Cached(&add_batch_,
             "INSERT INTO batch (kind, source, recorded_by, recorded_at, "
             "request_id, request_hash, note, remote) VALUES ($1, $2, $3, $4, "
             "$5, $6, $7, $8) RETURNING id"));
  s->BindText(1, b.kind);
  s->BindText(2, b.source);
  s->BindText(3, b.recorded_by);
  s->BindText(4, b.recorded_at);
  BindOptText(s, 5, b.request_id);
  BindOptText(s, 6, b.request_hash);
  BindOptText(s, 7, b.note);
  BindOptText(s, 8, b.remote);
  return s->RunReturningId();
}

StatusOr<std::optional<BatchRow>> CoverageStore::FindBatchByRequestId(
    std::string_view request_id) {
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("SELECT id, kind, source, recorded_by, "
                           "recorded_at, request_id, request_hash, note FROM "
                           "batch WHERE request_id = $1"));
  s->BindText(1, request_id);
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<BatchRow>();
  BatchRow b;
  b.id = s->ColumnInt(0);
  b.kind = s->ColumnText(1);
  b.source = s->ColumnText(2);
  b.recorded_by = s->ColumnText(3);
  b.recorded_at = s->ColumnText(4);
  b.request_id = s->ColumnText(5);
  b.request_hash = s->ColumnText(6);
  b.note = s->ColumnText(7);
  s->Reset();
  return std::optional<BatchRow>(std::move(b));
}

StatusOr<int64_t> CoverageStore::AddUnit(const UnitRow& u, int64_t batch_id) {
  JJM_ASSIGN_OR_RETURN(
      Statement * s,
      Cached(&add_unit_,
             "INSERT INTO unit (code, level, parent_id, name, lgd_code, "
             "batch_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"));
  s->BindText(1, u.code);
  s->BindInt(2, u.level);
  if (u.parent_id == 0) {
    s->BindNull(3);
  } else {
    s->BindInt(3, u.parent_id);
  }
  s->BindText(4, u.name);
  BindOptInt(s, 5, u.lgd_code);
  s->BindInt(6, batch_id);
  StatusOr<int64_t> id = s->RunReturningId();
  if (id.status().code() == StatusCode::kConflict) {
    return Conflict("a place with code " + u.code + " already exists", "code");
  }
  return id;
}

Status CoverageStore::RenameUnit(int64_t unit_id, std::string_view old_name,
                                 std::string_view name, Date valid_from,
                                 int64_t batch_id) {
  JJM_ASSIGN_OR_RETURN(
      Statement * r,
      Cached(&rename_, "UPDATE unit SET name = $1 WHERE id = $2"));
  r->BindText(1, name);
  r->BindInt(2, unit_id);
  JJM_RETURN_IF_ERROR(r->Run());
  JJM_ASSIGN_OR_RETURN(
      Statement * n,
      Cached(&add_name_,
             "INSERT INTO unit_former_name (unit_id, name, name_key, "
             "valid_until, batch_id) VALUES ($1, $2, $3, $4, $5)"));
  n->BindInt(1, unit_id);
  n->BindText(2, old_name);
  n->BindText(3, NameKey(old_name));
  n->BindText(4, valid_from.ToString());
  n->BindInt(5, batch_id);
  return n->Run();
}

Status CoverageStore::AddAlias(std::string_view scheme, std::string_view value,
                               int64_t unit_id, int64_t batch_id) {
  JJM_ASSIGN_OR_RETURN(
      Statement * s,
      Cached(&add_alias_,
             "INSERT INTO unit_alias (scheme, value, unit_id, batch_id) "
             "VALUES ($1, $2, $3, $4)"));
  s->BindText(1, scheme);
  s->BindText(2, value);
  s->BindInt(3, unit_id);
  s->BindInt(4, batch_id);
  return s->Run();
}

Status CoverageStore::AddFact(const FactRow& f, int64_t batch_id) {
  JJM_ASSIGN_OR_RETURN(
      Statement * s,
      Cached(&add_fact_,
             "INSERT INTO village_fact (village_id, day, households, "
             "habitations, schools, schools_with_tap, anganwadis, "
             "anganwadis_with_tap, sc_population, st_population, "
             "general_population, service_lpcd, batch_id) VALUES ($1, $2, $3, "
             "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"));
  s->BindInt(1, f.village_id);
  s->BindInt(2, f.as_of.days());
  BindOptInt(s, 3, f.households);
  BindOptInt(s, 4, f.habitations);
  BindOptInt(s, 5, f.schools);
  BindOptInt(s, 6, f.schools_with_tap);
  BindOptInt(s, 7, f.anganwadis);
  BindOptInt(s, 8, f.anganwadis_with_tap);
  BindOptInt(s, 9, f.sc_population);
  BindOptInt(s, 10, f.st_population);
  BindOptInt(s, 11, f.general_population);
  if (f.service_lpcd) {
    s->BindDouble(12, *f.service_lpcd);
  } else {
    s->BindNull(12);
  }
  s->BindInt(13, batch_id);
  return s->Run();
}

StatusOr<int64_t> CoverageStore::AddEvent(const EventRow& e) {
  JJM_ASSIGN_OR_RETURN(
      Statement * s,
      Cached(&add_event_,
             "INSERT INTO tap_event (village_id, day, households, "
             "kind, reason, batch_id) VALUES ($1, $2, $3, $4, $5, $6) "
             "RETURNING seq"));
  s->BindInt(1, e.village_id);
  s->BindInt(2, e.date.days());
  s->BindInt(3, e.households);
  s->BindInt(4, static_cast<int>(e.kind));
  BindOptText(s, 5, e.reason);
  s->BindInt(6, e.batch_id);
  return s->RunReturningId();
}

StatusOr<int64_t> CoverageStore::NextUnitId() {
  JJM_ASSIGN_OR_RETURN(int64_t max, MaxUnitId());
  return max + 1;
}

Status CoverageStore::AddUnits(const std::vector<UnitRow>& units,
                               int64_t batch_id) {
  if (units.empty()) return Status::Ok();
  JJM_ASSIGN_OR_RETURN(
      auto bulk,
      db_->BeginBulkInsert("unit", {"id", "code", "level", "parent_id", "name",
                                    "lgd_code", "batch_id"}));
  for (const UnitRow& u : units) {
    bulk->Int(u.id);
    bulk->Text(u.code);
    bulk->Int(u.level);
    if (u.parent_id == 0) {
      bulk->Null();
    } else {
      bulk->Int(u.parent_id);
    }
    bulk->Text(u.name);
    if (u.lgd_code) {
      bulk->Int(*u.lgd_code);
    } else {
      bulk->Null();
    }
    bulk->Int(batch_id);
    JJM_RETURN_IF_ERROR(bulk->EndRow());
  }
  Status s = bulk->Finish();
  if (s.code() == StatusCode::kConflict) {
    return Conflict(
        "a place code in the import is already stored: " + s.message(), "code");
  }
  JJM_RETURN_IF_ERROR(s);
  return db_->SyncIds("unit", "id");
}

Status CoverageStore::AddAliases(
    const std::vector<std::tuple<std::string, std::string, int64_t>>& aliases,
    int64_t batch_id) {
  if (aliases.empty()) return Status::Ok();
  JJM_ASSIGN_OR_RETURN(
      auto bulk, db_->BeginBulkInsert(
                     "unit_alias", {"scheme", "value", "unit_id", "batch_id"}));
  for (const auto& [scheme, value, unit] : aliases) {
    bulk->Text(scheme);
    bulk->Text(value);
    bulk->Int(unit);
    bulk->Int(batch_id);
    JJM_RETURN_IF_ERROR(bulk->EndRow());
  }
  return bulk->Finish();
}

Status CoverageStore::AddFacts(const std::vector<FactRow>& facts,
                               int64_t batch_id) {
  if (facts.empty()) return Status::Ok();
  JJM_ASSIGN_OR_RETURN(
      auto bulk, db_->BeginBulkInsert(
                     "village_fact",
                     {"village_id", "day", "households", "habitations",
                      "schools", "schools_with_tap", "anganwadis",
                      "anganwadis_with_tap", "sc_population", "st_population",
                      "general_population", "service_lpcd", "batch_id"}));
  auto opt = [&](const std::optional<int64_t>& v) {
    if (v) {
      bulk->Int(*v);
    } else {
      bulk->Null();
    }
  };
  for (const FactRow& f : facts) {
    bulk->Int(f.village_id);
    bulk->Int(f.as_of.days());
    opt(f.households);
    opt(f.habitations);
    opt(f.schools);
    opt(f.schools_with_tap);
    opt(f.anganwadis);
    opt(f.anganwadis_with_tap);
    opt(f.sc_population);
    opt(f.st_population);
    opt(f.general_population);
    if (f.service_lpcd) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.6g", *f.service_lpcd);
      bulk->Text(buf);
    } else {
      bulk->Null();
    }
    bulk->Int(batch_id);
    JJM_RETURN_IF_ERROR(bulk->EndRow());
  }
  return bulk->Finish();
}

StatusOr<std::unique_ptr<BulkInsert>> CoverageStore::BeginEvents() {
  return db_->BeginBulkInsert("tap_event", {"village_id", "day", "households",
                                            "kind", "reason", "batch_id"});
}

Status CoverageStore::AddEventTo(BulkInsert* bulk, const EventRow& e) {
  bulk->Int(e.village_id);
  bulk->Int(e.date.days());
  bulk->Int(e.households);
  bulk->Int(static_cast<int>(e.kind));
  if (e.reason.empty()) {
    bulk->Null();
  } else {
    bulk->Text(e.reason);
  }
  bulk->Int(e.batch_id);
  return bulk->EndRow();
}

}  // namespace jjm
