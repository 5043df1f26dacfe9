// Water quality: laboratories and their accreditation, drinking-water
// sources and sampling points, samples as a ledger of events graded
// against the standard (IS 10500, as data), alerts raised by failing
// samples and followed to remedy, women trained to use field test kits,
// the surveillance rules, and live roll-ups for any place and date.
//
// Requests and answers are JSON documents, checked field by field here;
// errors name the field (Status with field; Status::With for extra
// members).  Every write runs in one transaction with one audit row (or
// one per change of a batch) and, once committed, is in the roll-ups
// before the call returns.
//
// Who may do what (stated in accounts/roles.h):
//   - anyone: the standard, the public summary and village view (values
//     and grades; never who collected or tested), the labs register;
//   - national administrators and state officers (their state): labs,
//     accreditation, treatment plants;
//   - officers of the place, and a village's vwsc_operator: its sources,
//     sampling points and trained testers; registering lab samples;
//     remedial actions on its alerts; the alert queue of their places;
//   - lab analysts: samples of their own lab (receive, test, report final,
//     refuse, retest, refer), and registering samples for it;
//   - FTK testers: field tests in their own village;
//   - signed-in users whose scope holds the village (kReadInternal), a
//     lab's analysts for its samples, and the village's FTK testers: the
//     names of collectors and testers.
//
// Thread-safe.  One mutex (the write lock) serialises writes from first
// check to commit and to the roll-ups; it guards the write connection.
// Reads take the roll-ups' lock shared and read the store on a pooled
// connection of their own.  Lock order: the quality write lock, then the
// roll-ups' lock; the coverage service's locks are only ever taken inside
// its Read() (never while holding the quality roll-ups' lock exclusively).
#ifndef JJM_QUALITY_QUALITY_SERVICE_H_
#define JJM_QUALITY_QUALITY_SERVICE_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "base/date.h"
#include "base/status.h"
#include "coverage/coverage_service.h"
#include "quality/quality_index.h"
#include "quality/standard.h"
#include "store/db.h"

namespace jjm {

using Json = nlohmann::json;

// One sample of a lab results file or of demo data, as typed fields (the
// importer in io/ maps file columns to these and back, for row-level
// errors).  `line` is carried back in errors.
struct LabReportInput {
  int64_t line = 0;
  std::string sample_code;  // an existing sample, or empty/new to register
  std::string lab_code;
  std::string source_code;   // for a new sample: the source (or a village)
  std::string village_code;  // for a new sample not at a source
  std::string point_kind;    // empty: "source"
  std::string method;        // "lab" (default) or "ftk"
  std::string collected_on, tested_on;  // YYYY-MM-DD
  std::string collected_by, tested_by;
  bool chlorinated = false;
  struct Value {
    std::string parameter;  // code or English name
    std::string unit;
    std::string value;   // a number, or "absent"/"present" (or 0/1)
    std::string column;  // the file's column, for errors
  };
  std::vector<Value> values;
};

// Why one report was refused: which line, which field (a Value's column,
// or "sample_code", "source_code", "collected_on", ...), the value, a
// stable code and an English reason.
struct ReportRejection {
  int64_t line = 0;
  std::string field, value, code, reason;
};

// A lab of a labs file or demo data.  Lists are codes separated by
// spaces or semicolons.
struct LabInput {
  int64_t line = 0;
  std::string code, name, level, place;
  std::string serves, parameters;  // lists; parameters empty: all
  std::string refers_to;           // a lab code
  std::string treatment_plant;     // code, for a WTP lab (created if new,
                                   // in `place`)
  // NABL accreditation, optional: all three or none.
  std::string nabl_certificate, nabl_valid_from, nabl_valid_to;
};

// A source of a sources file or demo data.
struct SourceInput {
  int64_t line = 0;
  std::string code, village, habitation, type, name, scheme;
  std::string has_alternate;  // "yes"/"no"/"1"/"0"/empty (no)
  std::string latitude, longitude;
  std::string created_on;  // empty: the day of the import
};

// What a bulk write did, or would do.
struct BulkOutcome {
  int64_t accepted = 0;       // rows (labs, sources, samples) accepted
  int64_t results = 0;        // results written (lab reports)
  int64_t alerts_opened = 0;  // (lab reports)
  std::vector<ReportRejection> rejected;
  bool committed = false;
};

class QualityService {
 public:
  // Loads the standard, the registers and every sample into the roll-ups.
  // Opens its own connections to `db`'s database when it can.
  static StatusOr<std::unique_ptr<QualityService>> Open(
      Db* db, CoverageService* coverage, std::FILE* log = nullptr);

  struct Caller {
    const Principal* principal = nullptr;  // null: the public
    std::string remote;
    Date today = Date::TodayIst();
    // The command line (jjm import, demo data), which may write anywhere,
    // audited as `actor` ("cli:NAME").  Never set by the HTTP layer.
    bool command_line = false;
    std::string actor;
  };

  const Standard& standard() const;

  // The standard: every version, parameters with their limits and units,
  // cross-rules.  GET /api/v1/quality/standard
  StatusOr<Json> GetStandard(const Caller& c);
  // Grades without writing: {"results":[{"parameter","value"|"detected",
  // "unit"}], "day"?, "chlorinated"?, "source"? (its has_alternate)} ->
  // each with grade and reason, and the worst.  POST /quality/grade
  StatusOr<Json> Grade(const Caller& c, const Json& body);

  // Labs.  GET /quality/labs?place=&as_of=  (each with level, place,
  // places served, parameters, NABL on the day: certificate, valid_to,
  // "accredited"|"expired"|"none")
  StatusOr<Json> ListLabs(const Caller& c, const std::string& place,
                          const std::string& as_of);
  StatusOr<Json> GetLab(const Caller& c, int64_t lab_id);
  // {"code","name","level","place","serves":[codes],"parameters":[codes],
  //  "refers_to"?: lab code, "treatment_plant"?: code}
  StatusOr<Json> CreateLab(const Caller& c, const Json& body);
  // {"serves"?, "parameters"?, "refers_to"?, "closed_on"?}
  StatusOr<Json> UpdateLab(const Caller& c, int64_t lab_id, const Json& body);
  // {"certificate_no","valid_from","valid_to"}
  StatusOr<Json> AddAccreditation(const Caller& c, int64_t lab_id,
                                  const Json& body);
  // {"code","name","place","latitude"?,"longitude"?,"linked_lab"?}
  StatusOr<Json> CreateTreatmentPlant(const Caller& c, const Json& body);

  // Sources and sampling points of a village (or of a place, paged).
  // GET /quality/sources?village=  (each with its latest final results)
  StatusOr<Json> ListSources(const Caller& c, const std::string& village);
  // {"code"?,"village","habitation"?,"type","name"?,"scheme"?,
  //  "has_alternate"?,"latitude"?,"longitude"?,"created_on"?}
  StatusOr<Json> CreateSource(const Caller& c, const Json& body);
  // {"village","habitation"?,"source"?,"kind","description"?,...}
  StatusOr<Json> CreateSamplingPoint(const Caller& c, const Json& body);

  // Samples.  Register: {"request_id"?,"method":"lab","lab","source"? |
  // "point"? | ("village","point_kind"), "habitation"?, "collected_on",
  // "collected_by","chlorinated"?,"latitude"?,"longitude"?,
  // "parent"?: sample code, "reason"?}.  A request id already used answers
  // the first result with "replayed": true.  POST /quality/samples
  StatusOr<Json> RegisterSample(const Caller& c, const Json& body);
  // GET /quality/samples?lab=&village=&place=&status=&before_id=
  // status: registered, received, tested, final, refused, retest.
  StatusOr<Json> ListSamples(const Caller& c, const Json& query);
  // The sample, its events in order, its results with grades.
  StatusOr<Json> GetSample(const Caller& c, int64_t sample_id);
  // The id of the sample with this code (NotFound naming it otherwise).
  StatusOr<int64_t> SampleIdOf(const std::string& code);
  // A step: {"kind":"received"|"tested"|"final"|"refused"|"retest"|
  // "referred", "on"?: date, "note"?/"reason", "results"?: [...] (for
  // tested)}.  Steps follow the order registered -> received -> tested ->
  // final | retest | refused, referred after a positive final; anything
  // else is refused naming the sample's status.  POST
  // /quality/samples/{id}/events
  StatusOr<Json> AddSampleEvent(const Caller& c, int64_t sample_id,
                                const Json& body);
  // A field test kit test, registered, tested and final at once by an FTK
  // tester of the village: {"request_id"?,"source"|("village",
  // "point_kind"),"tested_on","results":[...]}.  A positive result asks for
  // lab confirmation (listed in the confirmation queue).  POST
  // /quality/ftk-tests
  StatusOr<Json> RecordFtkTest(const Caller& c, const Json& body);

  // Alerts of the caller's places (officers, the village's committee):
  // {"place"?,"status": "open"|"closed"|"all","contaminant"?} -> each with
  // days open, repeat due/overdue, actions.  GET /quality/alerts
  StatusOr<Json> ListAlerts(const Caller& c, const Json& query);
  // {"kind","started_on","note"?}  POST /quality/alerts/{id}/actions
  StatusOr<Json> AddRemedialAction(const Caller& c, int64_t alert_id,
                                   const Json& body);
  // {"done_on"}  POST /quality/actions/{id}/done
  StatusOr<Json> CompleteRemedialAction(const Caller& c, int64_t action_id,
                                        const Json& body);

  // Women trained in FTK use: {"village","name","trained_on",
  // "username"?}.  POST /quality/testers; GET /quality/testers?village=
  StatusOr<Json> AddTrainedTester(const Caller& c, const Json& body);
  StatusOr<Json> ListTrainedTesters(const Caller& c,
                                    const std::string& village);

  // Roll-ups: the place and each place one level below, on `as_of`
  // (default today).  Public.  GET /quality/summary?place=&as_of=
  StatusOr<Json> Summary(const Caller& c, const std::string& place,
                         const std::string& as_of);
  // A village's sources and points with their latest results (values and
  // grades; collectors and testers only to callers who may see them),
  // affected habitations, open alerts.  Public.  GET
  // /quality/villages/{code}
  StatusOr<Json> VillageView(const Caller& c, const std::string& village,
                             const std::string& as_of);
  // Surveillance due by rule for a place and financial year ("2025-26"):
  // sources due, tested, overdue (chemical; bacteriological per season);
  // villages tested by lab and FTK; villages with enough trained women;
  // district labs' samples per month against the rule.  GET
  // /quality/surveillance?place=&fy=
  StatusOr<Json> Surveillance(const Caller& c, const std::string& place,
                              const std::string& fy);
  // Reports as of a date: "cs1bi" (by state) and "l5" (by the level below
  // `place`).  GET /quality/reports/{name}?place=&as_of=
  StatusOr<Json> Report(const Caller& c, const std::string& name,
                        const std::string& place, const std::string& as_of);

  // Lab results in bulk (the importer, demo data): every report checked;
  // nothing written unless all pass, or `skip_invalid` (then the valid
  // ones), and only when `commit`.  One transaction, audited as one batch
  // naming `source_name`.  Registers new samples and runs them to final.
  // Principals are held to the same rules as one by one (a lab analyst:
  // only their lab's samples).
  StatusOr<BulkOutcome> RecordLabReports(
      const Caller& c, const std::vector<LabReportInput>& reports, bool commit,
      bool skip_invalid, const std::string& source_name);
  // The same rules for labs and for sources (codes unique, places known
  // and of the right level, types and levels from their lists).  A caller
  // on the command line may write anywhere; a principal needs kManageLabs
  // or kManageSources over each row's place.
  StatusOr<BulkOutcome> RecordLabs(const Caller& c,
                                   const std::vector<LabInput>& labs,
                                   bool commit, bool skip_invalid,
                                   const std::string& source_name);
  StatusOr<BulkOutcome> RecordSources(const Caller& c,
                                      const std::vector<SourceInput>& sources,
                                      bool commit, bool skip_invalid,
                                      const std::string& source_name);

  // Samples and results as CSV rows (one row per result), for export:
  // fn(header) once, then fn(row) per result; `place` limits them.
  Status ExportResults(const Caller& c, const std::string& place,
                       const std::function<void(const std::string&)>& fn);

  // The roll-ups of one place on one day, in process (for benchmarks and
  // reports), under the roll-ups' shared lock.
  QualitySummary SummaryOf(UnitId place, Date day) const;

  class Impl;
  ~QualityService();

 private:
  explicit QualityService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jjm

#endif  // JJM_QUALITY_QUALITY_SERVICE_H_
