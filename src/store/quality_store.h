// SQL for water quality (migration 006): the standard's tables read into
// `Standard`, the surveillance rules, treatment plants, labs (the places
// they serve, the parameters they test, NABL accreditations), sources,
// sampling points, samples with their events and results, alerts,
// remedial actions and trained testers.  The only place where quality SQL
// is written (quality_store.cc: the standard and the registers;
// quality_store_samples.cc: samples onwards).  Days are whole days since
// 1970-01-01; ids of 0 and empty texts are NULL in the store.
//
// Samples, events, results, accreditations and trained testers are only
// ever inserted; an alert is only ever closed (CloseAlert) and an action
// completed (CompleteAction), once: the migration's triggers refuse any
// other change.  Labs may change their references and closing day.
#ifndef JJM_STORE_QUALITY_STORE_H_
#define JJM_STORE_QUALITY_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "quality/standard.h"
#include "store/db.h"

namespace jjm {

struct TreatmentPlantRow {
  int64_t id = 0;
  std::string code, name;
  int64_t unit_id = 0;
  std::optional<double> latitude, longitude;
  int64_t linked_lab_id = 0;  // 0: none
  std::string created_at, created_by;
};

struct LabRow {
  int64_t id = 0;
  std::string code, name, level;  // level: "state", "district", ...
  int64_t unit_id = 0;
  int64_t treatment_plant_id = 0;  // 0: none (not a WTP lab)
  int64_t refers_to_lab_id = 0;    // 0: none
  std::string created_at, created_by;
  std::optional<int64_t> closed_on;  // day
};

struct AccreditationRow {
  int64_t id = 0, lab_id = 0;
  std::string certificate_no;
  int64_t valid_from = 0, valid_to = 0;  // days, inclusive
  std::string recorded_at, recorded_by;
};

struct SourceRow {
  int64_t id = 0;
  std::string code;
  int64_t village_id = 0, habitation_id = 0;  // habitation 0: none
  std::string type, name, scheme;
  bool has_alternate = false;
  std::optional<double> latitude, longitude;
  int64_t created_on = 0;  // day
  std::string created_at, created_by;
};

struct SamplingPointRow {
  int64_t id = 0;
  int64_t village_id = 0, habitation_id = 0, source_id = 0;
  std::string kind;
  int64_t treatment_plant_id = 0;
  std::string description;
  std::optional<double> latitude, longitude;
  std::string created_at, created_by;
};

struct SampleRow {
  int64_t id = 0;  // given by the caller on insert
  std::string code;
  std::string request_id;  // empty: none
  std::string method;      // "lab" or "ftk"
  int64_t lab_id = 0;
  int64_t village_id = 0, habitation_id = 0, source_id = 0, point_id = 0;
  std::string point_kind;  // "source", "household_tap", ...
  bool chlorinated = false;
  int64_t collected_day = 0;
  std::string collected_by;
  std::optional<double> latitude, longitude;
  int64_t parent_sample_id = 0;
  std::string reason;  // "routine", "repeat", "retest", ...
  std::string registered_at, registered_by;
};

struct SampleEventRow {
  int64_t id = 0, sample_id = 0;
  std::string kind;  // "received", "tested", "final", ...
  int64_t day = 0;
  int64_t lab_id = 0, related_sample_id = 0;
  std::string note;
  std::string at, actor;
};

struct ResultRow {
  int64_t event_id = 0, parameter_id = 0, standard_id = 0;
  std::optional<double> value;
  std::optional<bool> detected;
  int grade = 0;  // Grade as its number
};

// What start-up needs of a sample (the roll-ups' inputs), read without the
// sample's texts.
struct SampleLoadRow {
  int64_t id = 0;
  bool ftk = false;  // method "ftk", else "lab"
  int64_t village_id = 0, habitation_id = 0, source_id = 0;  // 0: none
  int64_t collected_day = 0;
  int64_t parent_sample_id = 0;  // 0: none
  bool repeat = false;           // reason "repeat"
};

// What start-up needs of a "tested" or "final" event.
struct EventLoadRow {
  int64_t id = 0, sample_id = 0;
  bool final = false;  // else "tested"
  int64_t day = 0;
};

// A result with the sample it belongs to (for loading and listings).
struct SampleResultRow {
  int64_t sample_id = 0;
  ResultRow result;
};

struct AlertRow {
  int64_t id = 0, sample_id = 0;
  int64_t village_id = 0, habitation_id = 0, source_id = 0;
  std::string contaminant;
  int64_t opened_day = 0;
  std::string opened_at;
  std::optional<int64_t> repeat_due_day;
  std::optional<int64_t> closed_day;
  int64_t closed_by_sample_id = 0;
  std::string closed_at, closed_by;
};

struct RemedialActionRow {
  int64_t id = 0, alert_id = 0;
  std::string kind;
  int64_t started_day = 0;
  std::optional<int64_t> done_day;
  std::string note;
  std::string recorded_at, recorded_by, done_at, done_by;
};

struct TrainedTesterRow {
  int64_t id = 0, village_id = 0;
  std::string name;
  int64_t trained_day = 0;
  int64_t account_id = 0;  // 0: none
  std::string recorded_at, recorded_by;
};

// Which samples a listing is about; zero or empty fields do not filter.
struct SampleFilter {
  int64_t lab_id = 0;
  std::vector<int64_t> village_ids;  // empty: any village
  int64_t source_id = 0;
  int64_t before_id = 0;  // only ids below it (paging)
  int limit = 100;
};

// Which alerts a listing is about.
struct AlertFilter {
  std::vector<int64_t> village_ids;  // empty: any village
  std::string status;                // "open", "closed", "" (all)
  std::string contaminant;           // "": any
  int64_t before_id = 0;
  int limit = 500;
};

// Not thread-safe: one caller at a time on `db`, like Statement.  Callbacks
// of ForEach* run while the statement streams its rows: they must not use
// the store themselves.  The insert statements of samples, events, results
// and alerts are prepared once per store and reused, so a bulk write in one
// transaction prepares nothing per row.
// An open alert as the demo loader follows it up (quality_store_reports.cc).
struct DemoAlertRow {
  int64_t id = 0;
  std::string contaminant;
  int32_t opened_day = 0;
  std::string sample;  // the alert's sample's code (FTK alerts)
  std::string source, lab, level;
};

class QualityStore {
 public:
  explicit QualityStore(Db* db);
  ~QualityStore();
  QualityStore(QualityStore&&) noexcept;
  QualityStore& operator=(QualityStore&&) noexcept;
  Db* db() { return db_; }

  // --- the standard and the rules (quality_store.cc) ------------------------
  // Every parameter and every version with its limits and cross-rules.
  StatusOr<Standard> LoadStandard();
  // fn(name, value) for each row of wq_rule.
  Status ForEachRule(const std::function<void(const std::string&, double)>& fn);

  // --- registers (quality_store.cc) -----------------------------------------
  Status ForEachTreatmentPlant(
      const std::function<void(const TreatmentPlantRow&)>& fn);
  StatusOr<int64_t> AddTreatmentPlant(const TreatmentPlantRow& p);

  // In id order.
  Status ForEachLab(const std::function<void(const LabRow&)>& fn);
  StatusOr<int64_t> AddLab(const LabRow& l);
  // refers_to_lab_id and closed_on.
  Status UpdateLab(const LabRow& l);
  // fn(lab id, unit id) / fn(lab id, parameter id), in lab order.
  Status ForEachLabServes(const std::function<void(int64_t, int64_t)>& fn);
  Status ForEachLabParameter(const std::function<void(int64_t, int64_t)>& fn);
  Status ReplaceLabServes(int64_t lab_id, const std::vector<int64_t>& units);
  Status ReplaceLabParameters(int64_t lab_id,
                              const std::vector<int64_t>& parameters);
  Status ForEachAccreditation(
      const std::function<void(const AccreditationRow&)>& fn);
  StatusOr<int64_t> AddAccreditation(const AccreditationRow& a);

  // In id order.
  Status ForEachSource(const std::function<void(const SourceRow&)>& fn);
  StatusOr<int64_t> AddSource(const SourceRow& s);
  // Sources of one village, by code.
  Status ForEachSourceOf(int64_t village_id,
                         const std::function<void(const SourceRow&)>& fn);

  Status ForEachSamplingPointOf(
      int64_t village_id,
      const std::function<void(const SamplingPointRow&)>& fn);
  // nullopt if there is none.
  StatusOr<std::optional<SamplingPointRow>> GetSamplingPoint(int64_t id);
  StatusOr<int64_t> AddSamplingPoint(const SamplingPointRow& p);

  // In id order; village 0: every village.
  Status ForEachTrainedTester(
      int64_t village_id,
      const std::function<void(const TrainedTesterRow&)>& fn);
  StatusOr<int64_t> AddTrainedTester(const TrainedTesterRow& t);
  // The account id of a username, or 0.
  StatusOr<int64_t> AccountIdOf(const std::string& username);

  // --- samples (quality_store_samples.cc) -----------------------------------
  // The largest sample id, or 0.
  StatusOr<int64_t> MaxSampleId();
  // With the id it carries.
  Status AddSample(const SampleRow& s);
  StatusOr<std::optional<SampleRow>> GetSample(int64_t id);
  StatusOr<std::optional<SampleRow>> FindSampleByCode(const std::string& code);
  StatusOr<std::optional<SampleRow>> FindSampleByRequestId(
      const std::string& request_id);
  // Every sample in id order (start-up), only what the roll-ups need.
  Status ForEachSampleToLoad(
      const std::function<void(const SampleLoadRow&)>& fn);
  // Samples of `filter`, newest (highest id) first.
  Status ForEachSampleWhere(const SampleFilter& filter,
                            const std::function<void(const SampleRow&)>& fn);
  // Samples whose parent is `parent_id`, in id order.
  Status ForEachChildSample(int64_t parent_id,
                            const std::function<void(const SampleRow&)>& fn);

  StatusOr<int64_t> AddEvent(const SampleEventRow& e);
  // The events of a sample in order (id order).
  StatusOr<std::vector<SampleEventRow>> EventsOf(int64_t sample_id);
  // Every "tested" and "final" event in id order (start-up).
  Status ForEachEventToLoad(const std::function<void(const EventLoadRow&)>& fn);

  Status AddResult(const ResultRow& r);
  // Results of a sample's events, by event then parameter.
  StatusOr<std::vector<ResultRow>> ResultsOf(int64_t sample_id);
  // Every result's (event, parameter, grade) in (event, parameter) order
  // (start-up).
  Status ForEachResultGrade(
      const std::function<void(int64_t, int64_t, int)>& fn);
  // Every result with its sample, by sample (export).
  Status ForEachSampleResult(
      const std::function<void(const SampleResultRow&)>& fn);

  // Bulk writes (importers): rows with the ids they carry, written as fast
  // as the back end allows (PostgreSQL: COPY).  Nothing else may use the
  // connection during one call.  After explicit event ids, SyncIds makes
  // the generators continue after them.
  StatusOr<int64_t> MaxEventId();
  Status AddSamples(const std::vector<SampleRow>& rows);
  Status AddEvents(const std::vector<SampleEventRow>& rows);
  Status AddResults(const std::vector<ResultRow>& rows);
  Status SyncIds();

  // --- alerts and actions (quality_store_samples.cc) ------------------------
  StatusOr<int64_t> AddAlert(const AlertRow& a);
  // Sets the closing fields of an open alert.
  Status CloseAlert(int64_t alert_id, int64_t day, int64_t by_sample_id,
                    const std::string& at, const std::string& by);
  StatusOr<std::optional<AlertRow>> GetAlert(int64_t id);
  // Every alert in id order (start-up).
  Status ForEachAlert(const std::function<void(const AlertRow&)>& fn);
  // Alerts of `filter`, newest first.
  Status ForEachAlertWhere(const AlertFilter& filter,
                           const std::function<void(const AlertRow&)>& fn);
  // Open alerts of a village, in id order (a statement reused: `fn` must
  // not call it again).
  Status ForEachOpenAlertOf(int64_t village_id,
                            const std::function<void(const AlertRow&)>& fn);
  // Alerts raised by one sample.
  Status ForEachAlertOfSample(int64_t sample_id,
                              const std::function<void(const AlertRow&)>& fn);

  StatusOr<int64_t> AddAction(const RemedialActionRow& a);
  Status CompleteAction(int64_t action_id, int64_t day, const std::string& at,
                        const std::string& by);
  StatusOr<std::optional<RemedialActionRow>> GetAction(int64_t id);
  // Every action in id order (start-up); alert 0: all.
  Status ForEachAction(int64_t alert_id,
                       const std::function<void(const RemedialActionRow&)>& fn);

  // --- demo data (quality_store_reports.cc) ---------------------------------
  // Open alerts of lab samples at a source, in id order, with the source's
  // code and the sample's lab (code and level).
  StatusOr<std::vector<DemoAlertRow>> OpenLabAlertsForDemo();
  // Open alerts of FTK samples at a source, in id order, with the sample's
  // code and the lab of the source's first lab sample (alerts of a source
  // never sampled by a lab are left out).
  StatusOr<std::vector<DemoAlertRow>> OpenFtkAlertsForDemo();
  // The first `limit` labs of `level` by id: code and name.
  StatusOr<std::vector<std::pair<std::string, std::string>>> FirstLabsOfLevel(
      const std::string& level, int64_t limit);

  // --- reports (quality_store_reports.cc) -----------------------------------
  // fn(lab, day, samples) for the samples collected from `from_day` to
  // `to_day` (inclusive) for labs of `level` ("district"), per lab and day.
  Status ForEachLabDay(const std::string& level, int64_t from_day,
                       int64_t to_day,
                       const std::function<void(int64_t lab_id, int64_t day,
                                                int64_t samples)>& fn);

 private:
  StatusOr<Statement*> Cached(std::unique_ptr<Statement>* slot,
                              std::string_view sql);
  Db* db_;
  std::unique_ptr<Statement> add_sample_, add_event_, add_result_, add_alert_,
      get_sample_, find_code_, add_source_, open_alerts_;
};

}  // namespace jjm

#endif  // JJM_STORE_QUALITY_STORE_H_
