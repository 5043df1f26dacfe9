// Following other processes: what they commit to the same database is
// read by marks (place id, fact id, ledger sequence) and applied.
#include <memory>
#include <tuple>
#include <vector>

#include "coverage/coverage_internal.h"
#include "coverage/coverage_service.h"

namespace jjm {

Status CoverageService::CatchUpLocked(CoverageStore* store, bool* applied) {
  *applied = false;
  JJM_ASSIGN_OR_RETURN(const CoverageStore::Marks now, store->CurrentMarks());
  if (now.unit <= marks_.unit && now.fact <= marks_.fact &&
      now.seq <= marks_.seq) {
    return Status::Ok();
  }
  std::vector<UnitRow> units;
  JJM_RETURN_IF_ERROR(
      store->ForEachUnitIn({marks_.unit, now.unit},
                           [&](UnitRow& u) { units.push_back(std::move(u)); }));
  std::vector<std::pair<UnitId, VillageTimeline::FactRecord>> facts;
  JJM_RETURN_IF_ERROR(store->ForEachFactFigures(
      {marks_.fact, now.fact},
      [&](int64_t v, int32_t day, const int32_t(&x)[5]) {
        facts.push_back(
            {static_cast<UnitId>(v), {day, x[0], x[1], x[2], x[3], x[4]}});
      }));
  std::vector<std::tuple<UnitId, int32_t, int32_t>> taps;
  JJM_RETURN_IF_ERROR(store->ForEachTap(
      {marks_.seq, now.seq}, [&](int64_t v, int32_t day, int64_t n) {
        taps.emplace_back(static_cast<UnitId>(v), day, static_cast<int32_t>(n));
      }));
  std::vector<UnitId> changed;
  {
    WriterLock lock(&mu_);
    for (UnitRow& u : units) {
      const UnitId id = static_cast<UnitId>(u.id);
      Status s = AddStoredUnit(&hierarchy_, u);
      if (!s.ok()) return Internal("cannot follow a new place: " + s.message());
      index_.AddUnit(id);
    }
    TouchedVillages touched(index_);
    for (const auto& [v, f] : facts) {
      if (hierarchy_.Contains(v)) touched.Get(v).AddFact(f);
    }
    for (const auto& [v, day, n] : taps) {
      if (hierarchy_.Contains(v)) touched.Get(v).AddTap(day, n);
    }
    auto changes = touched.Take();
    for (const auto& c : changes) changed.push_back(c.first);
    index_.UpdateVillages(std::move(changes));
    version_.fetch_add(1, std::memory_order_release);
  }
  NotifyChanged(changed, false);
  marks_ = now;
  *applied = true;
  return Status::Ok();
}

Status CoverageService::RefuseIfChangedMeanwhile() {
  bool applied = false;
  JJM_RETURN_IF_ERROR(CatchUpLocked(&store_, &applied));
  if (applied) {
    return Status(StatusCode::kUnavailable,
                  "another process wrote to the database while this import "
                  "was being checked; nothing was written: run it again");
  }
  return Status::Ok();
}

Status CoverageService::StartFollowing(std::chrono::milliseconds interval) {
  // A connection of its own, and its store (destroyed before it).
  struct Reader {
    explicit Reader(std::unique_ptr<Db> d)
        : db(std::move(d)), store(db.get()) {}
    std::unique_ptr<Db> db;
    CoverageStore store;
  };
  JJM_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, store_.db()->OpenAnother());
  auto reader = std::make_shared<Reader>(std::move(db));
  return follower_.Start(interval, "following the store",
                         [this, reader]() -> Status {
                           MutexLock write_lock(&write_mu_);
                           bool applied = false;
                           return CatchUpLocked(&reader->store, &applied);
                         });
}

}  // namespace jjm
