// Inside the quality service: the state its files share (QualityService::
// Impl) and the helpers they use.  Only src/quality/quality_*.cc include
// this; everyone else uses quality_service.h.
//
//   quality_service.cc   Impl: connections, locks, loading, places, who may
//                        do what, registers, grading
//   quality_json.cc      samples, results and summaries as JSON; the
//                        standard, Grade and Summary
//   quality_labs.cc      labs, accreditation, treatment plants
//   quality_sources.cc   sources, sampling points, trained testers, the
//                        village view
//   quality_samples.cc   registering samples, their steps, FTK tests
//   quality_alerts.cc    alerts opened and closed by the rule, remedies
//   quality_bulk.cc      lab reports, labs and sources in bulk; export
//   quality_reports.cc   Surveillance and Report (the lead's)
//
// Locks (in this order; never the other way round):
//   1. write_mu_: one write call at a time, from its first check to its
//      commit and the roll-ups' update; guards the write connection.
//   2. the coverage service's read lock (coverage_->Read), for places.
//   3. mu_ (shared): the roll-ups (index_) and the registers in memory
//      (labs, plants, sources).  Readers hold it shared; a writer takes it
//      exclusively only to apply what it committed, inside a coverage read
//      (the index reads the hierarchy).
#ifndef JJM_QUALITY_QUALITY_INTERNAL_H_
#define JJM_QUALITY_QUALITY_INTERNAL_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/json_fields.h"
#include "base/thread_annotations.h"
#include "quality/quality_service.h"
#include "store/audit_store.h"
#include "store/quality_store.h"

namespace jjm {

using QCaller = QualityService::Caller;

// The fixed lists of the migration's CHECKs.
extern const std::vector<std::string> kLabLevels;
extern const std::vector<std::string> kSourceTypes;
extern const std::vector<std::string> kPointKinds;  // without "source"
extern const std::vector<std::string> kActionKinds;
extern const std::vector<std::string> kSampleReasons;  // without "routine"
bool In(const std::vector<std::string>& list, const std::string& v);
std::string Joined(const std::vector<std::string>& list);
// The current time, ISO 8601 UTC.
std::string QualityNow();
// A day as YYYY-MM-DD; the day of a stored number.
std::string DayText(int64_t day);
Date DayOf(int64_t day);

// Optional fields of a request: true/false (absent: false), a number
// (absent: none).
StatusOr<bool> FlagField(const Json& j, const char* key);
StatusOr<std::optional<double>> OptionalNumber(const Json& j, const char* key,
                                               double min, double max);

// A lab as held in memory.
struct Lab {
  LabRow row;
  std::vector<int64_t> serves;      // unit ids
  std::vector<int64_t> parameters;  // parameter ids
  std::vector<AccreditationRow> accreditations;
  bool Tests(int64_t parameter_id) const;
  // The certificate covering `day`, else the latest one (or null).
  const AccreditationRow* CertificateOn(Date day, bool* valid) const;
};

// A source as held in memory (by id).
struct SourceInfo {
  int64_t id = 0;
  UnitId village = kNoUnit, habitation = kNoUnit;
  bool has_alternate = false;
  std::string code;
};

// A sample with its events, as a step checks it.
struct SampleState {
  SampleRow sample;
  std::vector<SampleEventRow> events;
  // "registered", "received", "tested", "final", "refused", "retest".
  std::string status;
  bool referred = false;
  int64_t tested_event = 0;  // 0: not tested
};
std::string StatusOf(const std::vector<SampleEventRow>& events, bool* referred);

// What a final sample says, per contaminant class.
struct Verdict {
  bool chemical = false, bacteriological = false;
  bool tested[kContaminantCount] = {};
  bool failing[kContaminantCount] = {};
  bool bacteria_detected = false;
  QualityIndex::Final ToFinal() const;
  bool AnyFailing() const;
};

// A lab checked and ready to write (quality_labs.cc).
struct NewLab {
  LabRow row;  // id 0 until written
  std::vector<int64_t> serves, parameters;
  std::string refers_to;  // a lab code (stored or of the same batch)
  int64_t refers_to_id = 0;
  std::optional<TreatmentPlantRow> new_plant;  // to create first
  std::optional<AccreditationRow> accreditation;
};
// The order of lab levels for referral: state 0, district 1, others 2.
int LabRank(const std::string& level);

class QualityService::Impl {
 public:
  Impl(std::unique_ptr<Db> writer, Db* shared, CoverageService* coverage,
       std::FILE* log);

  // A connection for one read call, returned to the pool when destroyed.
  class Reading {
   public:
    Reading(Reading&&) = default;
    ~Reading();
    QualityStore& store() { return store_; }

   private:
    friend class Impl;
    Reading() = default;
    Impl* impl_ = nullptr;
    std::unique_ptr<Db> conn_;
    std::unique_lock<std::mutex> lock_;  // the write lock, when shared
    QualityStore store_{nullptr};
  };
  StatusOr<Reading> Read() EXCLUDES(pool_mu_);

  Mutex& write_mutex() RETURN_CAPABILITY(write_mu_) { return write_mu_; }
  QualityStore& writer() REQUIRES(write_mu_) { return store_; }
  // Runs `write` in one transaction with `audit`, signed by the caller.
  Status Write(const QCaller& c, AuditRow audit,
               const std::function<Status()>& write) REQUIRES(write_mu_);
  // The same with the audit rows `write` returns (each signed).
  Status WriteMany(
      const QCaller& c,
      const std::function<StatusOr<std::vector<AuditRow>>()>& write)
      REQUIRES(write_mu_);
  static std::string ActorOf(const QCaller& c);

  // Loads the standard, the rules, the registers and the roll-ups.
  Status Load() NO_THREAD_SAFETY_ANALYSIS;

  // Calls fn(hierarchy) under the coverage read lock.
  template <typename Fn>
  auto Places(Fn&& fn) const {
    return coverage_->Read(
        [&](const Hierarchy& h, const CoverageIndex&) { return fn(h); });
  }
  // Calls fn(hierarchy, *this) with the roll-ups and registers shared.
  template <typename Fn>
  auto Shared(Fn&& fn) const {
    return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
      ReaderLock lock(&mu_);
      return fn(h);
    });
  }
  // The roll-ups, for code inside Shared() (or holding mu_ some other way):
  // the analysis cannot follow a lock into the lambdas that run under it.
  const QualityIndex& locked_index() const NO_THREAD_SAFETY_ANALYSIS {
    return *index_;
  }
  // Applies a committed change: fn(hierarchy, index) with mu_ exclusive.
  void Apply(const std::function<void(const Hierarchy&, QualityIndex&)>& fn)
      EXCLUDES(mu_);

  // Who may do what: the rules are in accounts/roles.h; these say no.
  static Status SignedIn(const QCaller& c);
  // PermissionDenied unless the command line or `permission` over `unit`.
  Status Need(const QCaller& c, Permission permission, UnitId unit,
              const char* what) const;
  bool SeesTesters(const QCaller& c, UnitId village, int64_t lab_id) const;

  // Places.  InvalidArgument naming `field` if no place has the code, or
  // (with a level) if it is not at that level.
  StatusOr<UnitId> PlaceOf(const std::string& code, const std::string& field,
                           std::optional<Level> level = std::nullopt) const;
  // A habitation code under `village` ("" gives kNoUnit).
  StatusOr<UnitId> HabitationOf(const std::string& code, UnitId village,
                                const std::string& field) const;
  Json PlaceJson(UnitId id) const;  // {code, name, level} or null
  std::string CodeOf(UnitId id) const;
  AuditRow AuditAt(std::string action, std::string entity,
                   std::string entity_id, UnitId unit) const;
  // Villages at or below `place`; empty for India (no filter).
  std::vector<int64_t> VillagesOf(UnitId place) const;

  // Registers (mu_ shared inside).  Copies, so no lock is held after.
  std::optional<Lab> LabById(int64_t id) const EXCLUDES(mu_);
  std::optional<Lab> LabByCode(const std::string& code) const EXCLUDES(mu_);
  std::optional<SourceInfo> SourceById(int64_t id) const EXCLUDES(mu_);
  std::optional<SourceInfo> SourceByCode(const std::string& code) const
      EXCLUDES(mu_);
  std::optional<TreatmentPlantRow> PlantByCode(const std::string& code) const
      EXCLUDES(mu_);
  std::vector<Lab> AllLabs() const EXCLUDES(mu_);
  // Puts a lab (new or changed), a plant, a source in the registers.
  void PutLab(Lab lab) EXCLUDES(mu_);
  void PutPlant(TreatmentPlantRow p) EXCLUDES(mu_);
  void PutSource(SourceInfo s) EXCLUDES(mu_);

  const Standard& standard() const { return standard_; }
  double Rule(const std::string& name, double otherwise) const;

  // Grades `results` (as a request's "results" at `field`) for a sample
  // collected on `day`; `lab` (if any) must test each parameter.
  StatusOr<std::vector<GradedResult>> GradeJson(
      const Json& results, const std::string& field, Date day, bool chlorinated,
      const Lab* lab, const StandardVersion** v) const;
  // Reads a sample and its events (NotFound "no sample N").
  static StatusOr<SampleState> LoadSample(QualityStore& s, int64_t id);
  // The verdict of a tested sample's results.
  Verdict VerdictOf(const std::vector<ResultRow>& results,
                    bool has_alternate) const;
  bool HasAlternate(const SampleRow& s) const;

  // JSON of a sample (events, results, alerts), names only if `names`.
  StatusOr<Json> SampleJson(QualityStore& s, const SampleState& st,
                            bool names) const;
  Json ResultJson(const ResultRow& r) const;
  Json LabJson(const Lab& lab, Date day) const;
  Json SummaryJson(const QualitySummary& s) const;

  // The alerts' rule (quality_alerts.cc), inside the write transaction of
  // a final sample: opens its alerts and closes those it clears.  Appends
  // what the roll-ups must learn after the commit to `after`.
  Status OnFinal(QualityStore& s, const SampleState& st, const Verdict& v,
                 int64_t day, const std::string& now, const std::string& by,
                 std::vector<std::function<void(QualityIndex&)>>* after,
                 int64_t* opened) const;
  // The repeat-taken fact of a new repeat sample (quality_alerts.cc).
  Status OnRepeat(QualityStore& s, const SampleRow& repeat,
                  std::vector<std::function<void(QualityIndex&)>>* after) const;

  // Checks one lab (errors name LabInput's fields: "code", "level",
  // "place", "serves", ...).  `batch` holds the levels of labs of the same
  // file by code, for references among them.
  StatusOr<NewLab> CheckLab(
      const QCaller& c, const LabInput& in, Date today,
      const std::map<std::string, std::string>& batch) const;
  // Writes it (plant, lab, serves, parameters, accreditation); fills ids.
  Status WriteLab(QualityStore& s, NewLab* lab, const std::string& now,
                  const std::string& by) const;
  // Checks one source (errors name SourceInput's fields).
  StatusOr<SourceRow> CheckSource(const QCaller& c, const SourceInput& in,
                                  Date today) const;

  // The next sample id and its code.
  // Asks the store once after ForgetSampleIds (each write call starts with
  // it: another process may have written), then counts on.
  StatusOr<int64_t> NextSampleId() REQUIRES(write_mu_);
  // The same, for the write function a caller holding write_mu_ passes to
  // Write() or WriteMany() (which run it at once, under that lock; the
  // analysis cannot follow the lock into the lambda).
  StatusOr<int64_t> NextSampleIdInWrite() NO_THREAD_SAFETY_ANALYSIS {
    return NextSampleId();
  }
  void ForgetSampleIds() REQUIRES(write_mu_) { next_sample_id_ = 0; }
  static std::string SampleCode(int64_t id);

  CoverageService* const coverage_;
  std::FILE* const log_;

 private:
  static constexpr int kMaxReaders = 4;

  Mutex write_mu_ ACQUIRED_BEFORE(mu_);
  std::unique_ptr<Db> own_;
  Db* const db_;
  QualityStore store_ GUARDED_BY(write_mu_);
  int64_t next_sample_id_ GUARDED_BY(write_mu_) = 0;  // 0: ask the store

  Mutex pool_mu_;
  CondVar pool_cv_;
  std::vector<std::unique_ptr<Db>> idle_ GUARDED_BY(pool_mu_);
  int readers_ GUARDED_BY(pool_mu_) = 0;

  // Immutable after Load.
  Standard standard_;
  std::map<std::string, double> rules_;

  mutable SharedMutex mu_;
  std::unique_ptr<QualityIndex> index_ GUARDED_BY(mu_);
  std::map<int64_t, Lab> labs_ GUARDED_BY(mu_);
  std::unordered_map<std::string, int64_t> lab_by_code_ GUARDED_BY(mu_);
  std::map<int64_t, TreatmentPlantRow> plants_ GUARDED_BY(mu_);
  std::unordered_map<std::string, int64_t> plant_by_code_ GUARDED_BY(mu_);
  std::vector<SourceInfo> sources_ GUARDED_BY(mu_);  // by id
  std::unordered_map<std::string, int64_t> source_by_code_ GUARDED_BY(mu_);

  friend class QualityService;
};

// Reads the "results" of a request into grading inputs (field
// "<field>[i].parameter" etc.).
StatusOr<std::vector<ResultInput>> ReadResults(const Standard& st,
                                               const Json& results,
                                               const std::string& field);

}  // namespace jjm

#endif  // JJM_QUALITY_QUALITY_INTERNAL_H_
