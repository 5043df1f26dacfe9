// Inside the operations service: the state its files share.  Only
// src/operations/operations_*.cc include this.
//
//   operations_service.cc     Impl: connections, locks, loading, places,
//                             who may do what; committees; breakdowns
//   operations_complaints.cc  complaints, the clock, the summary
//   operations_sources.cc     sources' levels, yields, dry spells; recharge
//                             works and greywater structures
//   operations_plans.cc       Village Action Plans; complaints' samples
//   operations_files.cc       files sent with requests, checked by bytes

//   operations_money.cc       O&M money: accounts, bills, the roll-up
//
// Locks (in this order): write_mu_ (one write at a time; guards the write
// connection), the coverage read lock, mu_ (committees, complaints and
// sources' state in memory).  rate_mu_ (the filing limits) is taken alone.
#ifndef JJM_OPERATIONS_OPERATIONS_INTERNAL_H_
#define JJM_OPERATIONS_OPERATIONS_INTERNAL_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/json_fields.h"
#include "base/poller.h"
#include "base/thread_annotations.h"
#include "operations/committee_rules.h"
#include "operations/escalation.h"
#include "operations/om_money.h"
#include "operations/operations_service.h"
#include "operations/source_levels.h"
#include "store/audit_store.h"
#include "store/connection_pool.h"
#include "store/operations_store.h"

namespace jjm {

using OCaller = OperationsService::Caller;

std::string OpsNow();
std::string OpsDay(int64_t day);
// "2026-12-02T10:00:00Z" of seconds since 1970.
std::string OpsTime(int64_t seconds);
int64_t NowSeconds(const OCaller& c);

struct CommitteeState {
  CommitteeRow row;
  std::vector<MemberRow> members;
};

struct ComplaintState {
  ComplaintRow row;
  ComplaintCategory category = ComplaintCategory::kOther;
  std::vector<ComplaintEventRow> events;
  std::vector<ComplaintSampleRow> samples;  // water-quality samples taken
  // The status changes the clock reads (from the events).
  std::vector<StatusChange> History() const;
  // Escalations recorded, as (round, rung).
  std::vector<std::pair<int, int>> Recorded() const;
};

// Sources' levels, works and greywater structures in memory, for the
// roll-ups over places (operations_sources.cc).
struct SourcesState {
  struct Source {
    std::string code;
    UnitId village = kNoUnit;
  };
  std::map<int64_t, Source> sources;  // of the sources with levels
  // Levels by the source's village, in id order.
  std::map<UnitId, std::vector<LevelReading>> levels;
  std::vector<RechargeWorkRow> works;
  std::vector<GreywaterRow> greywater;
};

// Demo levels, yields, dry spells, recharge works and greywater structures
// for the quality demo's sources (operations_demo_sources.cc); nothing
// when the register has no sources.  Called by SeedDemo.
Status SeedSourcesDemo(OperationsService::Impl& I, uint64_t seed, Date today,
                       std::FILE* log);
// How a file sent with a request is checked (UploadedFile).
struct UploadRule {
  const char* field;       // the request's member: {"name"?,"content_type",
                           // "data_base64"}
  const char* what;        // "a photo", in the message of a file too big
  size_t max_bytes;        // a whole number of MiB
  bool pdf;                // a PDF besides JPEG and PNG
  bool named;              // "name" may be given
  const char* base_name;   // the stored name without one ("photo")
  const char* wrong_type;  // the message for bytes not of an allowed type
};
// The file in body[rule.field] (which must be an object) as a document
// row: InvalidArgument naming the field for unknown members, bad base64 or
// bytes not of the type claimed (or of no allowed type); PayloadTooLarge
// over rule.max_bytes.
StatusOr<OpsDocumentRow> UploadedFile(const Json& body, const UploadRule& rule,
                                      const std::string& owner,
                                      const std::string& by);

// The village or GP of a committee, by its code (InvalidArgument naming
// "village" for another level).
StatusOr<UnitId> CommitteePlace(const OperationsService::Impl& I,
                                const std::string& code);
// A committee's Village Action Plans as JSON: each plan, whether it is the
// year's current one (the latest), its approval; recorders' names when
// `names`.
Json ActionPlansJson(const std::vector<ActionPlanRow>& plans, bool names);

// Demo Village Action Plans for the committees in memory (SeedDemo).
Status SeedActionPlanDemo(OperationsService::Impl& I, uint64_t seed,
                          Date today);

// The samples of complaint JSON (ComplaintJson's "samples") with the
// water-quality module's verdicts, looked up outside every lock.
void AddSampleVerdicts(const OperationsService::Impl& I, Json& complaint);

// O&M money of a committee: the latest version of each month, the fund's
// opening balance (operations_money.cc).
struct MoneyState {
  std::map<int32_t, OmAccountRow> months;
  int64_t opening_paise = 0, opening_version = 0;
};
MonthlyAccount ToMonthly(const OmAccountRow& r);

class OperationsService::Impl {
 public:
  Impl(Db* db, CoverageService* coverage, std::FILE* log);

  Mutex& write_mutex() RETURN_CAPABILITY(write_mu_) { return write_mu_; }
  OperationsStore writer() REQUIRES(write_mu_) {
    return OperationsStore(pool_->writer());
  }
  Status Write(const OCaller& c, AuditRow audit,
               const std::function<Status(OperationsStore&)>& write)
      REQUIRES(write_mu_);
  static std::string ActorOf(const OCaller& c);
  Status Load() NO_THREAD_SAFETY_ANALYSIS;

  template <typename Fn>
  auto Places(Fn&& fn) const {
    return coverage_->Read(std::forward<Fn>(fn));
  }
  // fn(hierarchy, coverage index) with the state shared.
  template <typename Fn>
  auto Shared(Fn&& fn) const {
    return coverage_->Read([&](const Hierarchy& h, const CoverageIndex& x) {
      ReaderLock lock(&mu_);
      return fn(h, x);
    });
  }
  // The state, for code inside Shared() or Apply().
  const std::map<int64_t, CommitteeState>& locked_committees() const
      NO_THREAD_SAFETY_ANALYSIS {
    return committees_;
  }
  const std::map<int64_t, ComplaintState>& locked_complaints() const
      NO_THREAD_SAFETY_ANALYSIS {
    return complaints_;
  }
  std::map<int64_t, CommitteeState>& committees_for_apply()
      NO_THREAD_SAFETY_ANALYSIS {
    return committees_;
  }
  std::map<int64_t, ComplaintState>& complaints_for_apply()
      NO_THREAD_SAFETY_ANALYSIS {
    return complaints_;
  }
  void Apply(const std::function<void(Impl&)>& fn) EXCLUDES(mu_);
  // Sources (operations_sources.cc): loads sources_ (from Load).
  Status LoadSources(OperationsStore& s) NO_THREAD_SAFETY_ANALYSIS;
  const SourcesState& locked_sources() const NO_THREAD_SAFETY_ANALYSIS {
    return sources_;
  }
  SourcesState& sources_for_apply() NO_THREAD_SAFETY_ANALYSIS {
    return sources_;
  }

  // O&M money (operations_money.cc), guarded by mu_: each committee's
  // accounts, and each place's sums by month (the place of every account
  // and every place above it).
  const std::map<int64_t, MoneyState>& locked_money() const
      NO_THREAD_SAFETY_ANALYSIS {
    return money_;
  }
  const std::unordered_map<UnitId, std::map<int32_t, CollectionSums>>&
  locked_money_sums() const NO_THREAD_SAFETY_ANALYSIS {
    return money_sums_;
  }
  // In Apply() or Load(): makes `r` its month's latest version; `places`:
  // the committee's place and every place above it.
  void ApplyAccount(const OmAccountRow& r, const std::vector<UnitId>& places)
      NO_THREAD_SAFETY_ANALYSIS;
  void ApplyOpening(const OmOpeningRow& r) NO_THREAD_SAFETY_ANALYSIS;
  // The committee's place and every place above it.
  std::vector<UnitId> PlacesUp(UnitId unit) const;
  Status LoadMoney(OperationsStore& s) NO_THREAD_SAFETY_ANALYSIS;

  static Status SignedIn(const OCaller& c);
  Status Need(const OCaller& c, Permission p, UnitId unit,
              const char* what) const;
  bool Sees(const OCaller& c, UnitId unit) const;
  StatusOr<UnitId> PlaceOf(const std::string& code, const std::string& field,
                           std::optional<Level> level = std::nullopt) const;
  Json PlaceJson(UnitId id, const Hierarchy& h) const;
  Json PlaceJson(UnitId id) const;
  AuditRow AuditAt(std::string action, std::string entity,
                   std::string entity_id, UnitId unit) const;
  StatusOr<ConnectionPool::Lease> Read() { return pool_->Read(&write_mu_); }

  // The committee of a village or GP (its id), or 0.
  int64_t CommitteeOf(UnitId unit) const EXCLUDES(mu_);

  // The filing limits: true if `remote` and `village` may file one more
  // now (and counts it).
  bool MayFile(const std::string& remote, UnitId village, int64_t now)
      EXCLUDES(rate_mu_);

  const ComplaintRules& rules() const { return rules_; }
  const std::vector<CategoryRow>& categories() const { return categories_; }

  // Set before serving (SetSampleVerdict), then only read.
  OperationsService::SampleVerdictFn sample_verdict;

  CoverageService* const coverage_;
  std::FILE* const log_;
  Poller clock_;

 private:
  Mutex write_mu_ ACQUIRED_BEFORE(mu_);
  std::unique_ptr<ConnectionPool> pool_;
  mutable SharedMutex mu_;
  std::map<int64_t, CommitteeState> committees_ GUARDED_BY(mu_);
  std::map<int64_t, ComplaintState> complaints_ GUARDED_BY(mu_);
  std::map<int64_t, MoneyState> money_ GUARDED_BY(mu_);
  std::unordered_map<UnitId, std::map<int32_t, CollectionSums>> money_sums_
      GUARDED_BY(mu_);
  SourcesState sources_ GUARDED_BY(mu_);
  // Immutable after Load.
  ComplaintRules rules_;
  std::vector<CategoryRow> categories_;
  Mutex rate_mu_;
  std::unordered_map<std::string, std::deque<int64_t>> by_remote_
      GUARDED_BY(rate_mu_);
  std::unordered_map<UnitId, std::deque<int64_t>> by_village_
      GUARDED_BY(rate_mu_);
};

}  // namespace jjm

#endif  // JJM_OPERATIONS_OPERATIONS_INTERNAL_H_
