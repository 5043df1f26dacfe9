// The coverage service's construction and what its parts share; loading,
// the group commit, bulk writes and following other processes are in
// coverage_load.cc, coverage_commit.cc, coverage_bulk.cc and
// coverage_follow.cc.
#include "coverage/coverage_service.h"

#include <utility>

#include "coverage/coverage_internal.h"

namespace jjm {

VillageTimeline::FactRecord ToFactRecord(const FactRow& f) {
  auto v = [](const std::optional<int64_t>& x) {
    return x ? static_cast<int32_t>(*x) : -1;
  };
  return VillageTimeline::FactRecord{f.as_of.days(),  v(f.households),
                                     v(f.schools),    v(f.schools_with_tap),
                                     v(f.anganwadis), v(f.anganwadis_with_tap)};
}

CoverageService::CoverageService(Db* db)
    : store_(db), audit_(db), hierarchy_(), index_(&hierarchy_) {}

CoverageService::~CoverageService() {
  follower_.Stop();
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
    queue_cv_.notify_all();
  }
  if (committer_.joinable()) committer_.join();
}

std::string CoverageService::PathOf(UnitId unit) const {
  return hierarchy_.PathCodes(unit);
}

void CoverageService::ApplyVillages(
    std::vector<std::pair<UnitId, VillageTimeline>> changes) {
  std::vector<UnitId> ids;
  ids.reserve(changes.size());
  for (const auto& c : changes) ids.push_back(c.first);
  {
    WriterLock lock(&mu_);
    index_.UpdateVillages(std::move(changes));
    version_.fetch_add(1, std::memory_order_release);
  }
  NotifyChanged(ids, false);
}

void CoverageService::AddChangeListener(ChangeListener fn) {
  MutexLock lock(&listeners_mu_);
  listeners_.push_back(std::move(fn));
}

void CoverageService::NotifyChanged(const std::vector<UnitId>& villages,
                                    bool all) {
  std::vector<ChangeListener> copy;
  {
    MutexLock lock(&listeners_mu_);
    copy = listeners_;
  }
  for (const ChangeListener& fn : copy) fn(villages, all);
}

StatusOr<VillageFacts> CoverageService::LatestFacts(Db* reader,
                                                    UnitId village) const {
  CoverageStore store(reader);
  VillageFacts out;
  FactRow& l = out.latest;
  // Records come oldest first: a later figure replaces an earlier one.
  JJM_RETURN_IF_ERROR(
      store.ForEachFactOfVillage(village, [&](const FactRow& f) {
        out.as_of = f.as_of;
        for (auto field :
             {&FactRow::households, &FactRow::habitations, &FactRow::schools,
              &FactRow::schools_with_tap, &FactRow::anganwadis,
              &FactRow::anganwadis_with_tap, &FactRow::sc_population,
              &FactRow::st_population, &FactRow::general_population}) {
          if (f.*field) l.*field = f.*field;
        }
        if (f.service_lpcd) l.service_lpcd = f.service_lpcd;
      }));
  return out;
}

StatusOr<std::vector<LedgerEntry>> CoverageService::RecentLedger(
    Db* reader, UnitId village, int limit) const {
  CoverageStore store(reader);
  std::vector<LedgerEntry> out;
  JJM_RETURN_IF_ERROR(store.RecentEventsOfVillage(
      village, limit, [&](const EventRow& e, const BatchRow& b) {
        out.push_back({e, b});
      }));
  return out;
}

}  // namespace jjm
