// Inside the supply service: the state its files share and the helpers
// they use.  Only src/supply/supply_*.cc include this.
//
//   supply_service.cc   Impl: connections, locks, loading, places, who may
//                       do what; Har Ghar Jal status and certification
//   supply_schemes.cc   schemes, assets, conditions, service levels
//   supply_survey.cc    functionality survey rounds, households, results
//
// Locks (in this order; never the other way round):
//   1. write_mu_: one write at a time, first check to commit and roll-ups;
//      guards the write connection (pool_->writer()).
//   2. the coverage service's read lock (coverage_->Read).
//   3. mu_: the roll-ups and registers in memory.  Readers hold it shared;
//      a writer takes it exclusively only to apply what it committed.  The
//      coverage listener takes it (exclusively) with the coverage write
//      lock held and its read lock free.
#ifndef JJM_SUPPLY_SUPPLY_INTERNAL_H_
#define JJM_SUPPLY_SUPPLY_INTERNAL_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/json_fields.h"
#include "base/thread_annotations.h"
#include "store/audit_store.h"
#include "store/connection_pool.h"
#include "store/supply_store.h"
#include "supply/certification.h"
#include "supply/hgj_index.h"
#include "supply/supply_service.h"
#include "supply/survey.h"

namespace jjm {

using SCaller = SupplyService::Caller;

// The current time, ISO 8601 UTC.
std::string SupplyNow();
std::string DayString(int64_t day);

// A scheme as held in memory: who it serves.
struct SchemeInfo {
  int64_t id = 0;
  std::string code;
  std::vector<UnitId> villages, habitations;
};

// A survey round in memory: its draw, responses and roll-up sums.
struct RoundState {
  SurveyRoundRow row;
  struct Village {
    SurveyVillageRow row;
    std::vector<SurveyHouseholdRow> households;
    // Latest response per household number.
    std::map<int64_t, SurveyResponseRow> responses;
    PsuTotals totals;  // from the latest responses
  };
  std::map<int64_t, Village> villages;    // by village id
  std::map<int64_t, StratumSums> strata;  // by district id
};

// Recomputes every village's totals and the strata of a round from its
// latest responses (supply_survey.cc).
void RebuildSums(RoundState* round);

// The latest round (by period) that covers `place` and began on or before
// `day`: its estimates for the place, or null (supply_survey.cc).
Json LatestEstimatesJson(const SupplyService::Impl& I, UnitId place, Date day);

class SupplyService::Impl {
 public:
  Impl(Db* db, CoverageService* coverage, std::FILE* log);

  Mutex& write_mutex() RETURN_CAPABILITY(write_mu_) { return write_mu_; }
  SupplyStore writer() REQUIRES(write_mu_) {
    return SupplyStore(pool_->writer());
  }
  StatusOr<ConnectionPool::Lease> Read() { return pool_->Read(&write_mu_); }

  // Runs `write` in one transaction with `audit`, signed by the caller.
  Status Write(const SCaller& c, AuditRow audit,
               const std::function<Status(SupplyStore&)>& write)
      REQUIRES(write_mu_);
  static std::string ActorOf(const SCaller& c);

  Status Load() NO_THREAD_SAFETY_ANALYSIS;
  // Forgets what is in memory and loads it again (before serving).
  Status Reload() NO_THREAD_SAFETY_ANALYSIS;
  // The coverage listener: recomputes the timelines of changed villages.
  void OnCoverageChanged(const std::vector<UnitId>& villages, bool all)
      EXCLUDES(mu_);

  // Calls fn(hierarchy, coverage index) under the coverage read lock.
  template <typename Fn>
  auto Places(Fn&& fn) const {
    return coverage_->Read(std::forward<Fn>(fn));
  }
  // Calls fn(hierarchy, coverage index) with the roll-ups shared as well.
  template <typename Fn>
  auto Shared(Fn&& fn) const {
    return coverage_->Read([&](const Hierarchy& h, const CoverageIndex& x) {
      ReaderLock lock(&mu_);
      return fn(h, x);
    });
  }
  // For code inside Shared() (the analysis cannot follow the lock into
  // its lambda).
  const HgjIndex& locked_hgj() const NO_THREAD_SAFETY_ANALYSIS { return hgj_; }
  const std::map<int64_t, RoundState>& locked_rounds() const
      NO_THREAD_SAFETY_ANALYSIS {
    return rounds_;
  }
  const std::map<int64_t, SchemeInfo>& locked_schemes() const
      NO_THREAD_SAFETY_ANALYSIS {
    return schemes_;
  }
  const std::vector<HgjStep>* locked_steps(UnitId v) const
      NO_THREAD_SAFETY_ANALYSIS {
    auto it = steps_.find(v);
    return it == steps_.end() ? nullptr : &it->second;
  }

  // Applies a committed change with mu_ exclusive, inside a coverage read.
  void Apply(const std::function<void(const Hierarchy&, const CoverageIndex&,
                                      Impl&)>& fn) EXCLUDES(mu_);
  // For fn of Apply: the state it may change.
  HgjIndex& hgj_for_apply() NO_THREAD_SAFETY_ANALYSIS { return hgj_; }
  std::unordered_map<UnitId, std::vector<HgjStep>>& steps_for_apply()
      NO_THREAD_SAFETY_ANALYSIS {
    return steps_;
  }
  std::map<int64_t, RoundState>& rounds_for_apply() NO_THREAD_SAFETY_ANALYSIS {
    return rounds_;
  }
  std::map<int64_t, SchemeInfo>& schemes_for_apply() NO_THREAD_SAFETY_ANALYSIS {
    return schemes_;
  }
  // Recomputes one village's timeline from its steps and figures (inside
  // Apply or the listener).
  void Recompute(UnitId village, const Hierarchy& h,
                 const CoverageIndex& x) NO_THREAD_SAFETY_ANALYSIS;

  // Who may do what: the rules are in accounts/roles.h; these say no.
  static Status SignedIn(const SCaller& c);
  Status Need(const SCaller& c, Permission p, UnitId unit,
              const char* what) const;
  bool Sees(const SCaller& c, UnitId unit) const;

  // Places.  InvalidArgument naming `field` when unknown or (with a level)
  // not at that level.
  StatusOr<UnitId> PlaceOf(const std::string& code, const std::string& field,
                           std::optional<Level> level = std::nullopt) const;
  Json PlaceJson(UnitId id) const;  // {code, name, level} or null
  Json PlaceJson(UnitId id, const Hierarchy& h) const;
  AuditRow AuditAt(std::string action, std::string entity,
                   std::string entity_id, UnitId unit) const;
  StatusOr<Date> AsOf(const std::string& text, Date today) const;

  // The village's view on `day` (HgjVillage), on connection `s`.
  StatusOr<Json> VillageStatusJson(const SCaller& c, SupplyStore& s,
                                   UnitId village, Date day) const;

  CoverageService* const coverage_;
  std::FILE* const log_;
  // Set before serving, then only read.
  SupplyService::SampleVerdictFn sample_verdict;

 private:
  Mutex write_mu_ ACQUIRED_BEFORE(mu_);
  std::unique_ptr<ConnectionPool> pool_;
  mutable SharedMutex mu_;
  HgjIndex hgj_ GUARDED_BY(mu_);
  std::unordered_map<UnitId, std::vector<HgjStep>> steps_ GUARDED_BY(mu_);
  std::map<int64_t, SchemeInfo> schemes_ GUARDED_BY(mu_);
  std::map<int64_t, RoundState> rounds_ GUARDED_BY(mu_);
};

}  // namespace jjm

#endif  // JJM_SUPPLY_SUPPLY_INTERNAL_H_
