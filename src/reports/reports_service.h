// The reporting layer: the named reports (coverage's J-formats, and the
// formats of the modules linked to it) built as tables for any place and
// date, each state's own target date for Har Ghar Jal, which Format J23
// reads, and the map's official boundaries (the operator's file and the
// files national administrators upload).  SQL is in store/reports_store;
// routes in http/reports_api and http/boundaries_api.
//
// Thread safety: any number of threads may call any method.  mu_ guards
// the target dates and the boundaries in force; writes of a target date or
// a boundary file are serialised by write_mu_ (store first, then memory).
// Building a report holds the coverage read lock while its rows are made, never
// mu_ and the coverage lock in the other order (coverage first, then mu_).
#ifndef JJM_REPORTS_REPORTS_SERVICE_H_
#define JJM_REPORTS_REPORTS_SERVICE_H_

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "base/date.h"
#include "base/status.h"
#include "base/thread_annotations.h"
#include "coverage/boundaries.h"
#include "coverage/coverage_service.h"
#include "reports/j_formats.h"
#include "reports/table.h"
#include "store/db.h"

namespace jjm {

class ReportsService {
 public:
  using Json = nlohmann::json;
  struct Caller {
    const Principal* principal = nullptr;  // null: the public
    std::string remote;
    Date today = Date::TodayIst();
    bool command_line = false;  // audited as `actor`
    std::string actor;
  };

  // Loads the recorded target dates from `db` (writer connection).
  static StatusOr<std::unique_ptr<ReportsService>> Open(
      Db* db, CoverageService* coverage);

  // Links to the other modules, set before serving.  A module's report
  // as its own JSON answer ({"rows":[...],"total":{...}}): water quality's
  // cs1bi and l5.
  using ModuleReportFn = std::function<StatusOr<Json>(
      const std::string& name, const std::string& place,
      const std::string& as_of)>;
  void SetModuleReports(const std::string& module, ModuleReportFn fn);
  // The villages with piped water supply on a day (J3's PWS columns).
  using PipedVillagesFn =
      std::function<StatusOr<std::vector<int64_t>>(Date day)>;
  void SetPipedVillages(PipedVillagesFn fn);

  // Every report: name, titles, what a row is, its module, and whether it
  // can be made here (its module is linked).  Public.
  Json List() const;

  // Report `name` for `place` (code; default India) as of `as_of`
  // (YYYY-MM-DD; default today).  Coverage figures are public, as on the
  // dashboard, and so are the modules' formats.  Unknown report: not found
  // naming "name"; a place too deep for it: invalid naming "place".
  StatusOr<ReportTable> Build(const Caller& c, const std::string& name,
                              const std::string& place,
                              const std::string& as_of) const;

  // Target dates: every state with its date, and whether it is its own or
  // the national default.  Public.
  StatusOr<Json> Targets(const Caller& c) const;
  // Sets state `state`'s target date: body {"target_date","reason"}.
  // Needs kSetTargets over the state; audited ("reports.target.set").
  // Setting the date it already has changes nothing (200 with
  // "unchanged": true).
  StatusOr<Json> SetTarget(const Caller& c, const std::string& state,
                           const Json& body);

  // The target date of state `state` (the national default when none).
  Date TargetOf(UnitId state) const;

  // The map's boundaries in force: `base` (the operator's file, `jjm serve
  // --boundaries`) with each uploaded file's levels laid over it in upload
  // order.  Open starts from no base; SetBaseBoundaries, before serving,
  // gives one.  Null when there are none at all.
  std::shared_ptr<const Boundaries> boundaries() const;
  Status SetBaseBoundaries(Boundaries base);
  // Uploads a boundary file: body {"file": the GeoJSON text, "filename"}.
  // Needs kUploadBoundaries (national administrators).  The file is checked
  // whole (Boundaries::Parse) before anything is stored, then stored and
  // audited ("reports.boundaries.upload") and in force at once; its levels
  // replace those levels of the files before it.  Answers {id, levels,
  // features, and per level: places with a boundary, places without one
  // (the first 200 listed) and features naming no place here}.
  StatusOr<Json> UploadBoundaries(const Caller& c, const Json& body);
  // The uploaded files, newest first, without their GeoJSON.  Public, as
  // the map is.
  StatusOr<Json> BoundaryFiles(const Caller& c) const;

 private:
  ReportsService(Db* db, CoverageService* coverage);
  // `base` with the uploaded files laid over it.
  StatusOr<Boundaries> WithUploads(Boundaries base);

  Db* db_;
  CoverageService* coverage_;
  Mutex write_mu_;
  mutable Mutex mu_;
  struct Target {
    Date day;
    std::string reason, recorded_at, recorded_by;
  };
  std::map<UnitId, Target> targets_ GUARDED_BY(mu_);
  std::shared_ptr<const Boundaries> boundaries_ GUARDED_BY(mu_);
  std::map<std::string, ModuleReportFn> module_reports_;  // set before serving
  PipedVillagesFn piped_;                                 // set before serving
};

// A module's report answer turned into a table with the columns of the
// report's format (cs1bi, l5), for the writers.  Rows follow the answer's
// "rows", then its "total".
StatusOr<ReportTable> TableFromModuleReport(const ReportInfo& info,
                                            const nlohmann::json& answer,
                                            const Hierarchy& h, UnitId place,
                                            Date as_of,
                                            const std::string& generated_at);

}  // namespace jjm

#endif  // JJM_REPORTS_REPORTS_SERVICE_H_
