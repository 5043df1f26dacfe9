#include "reports/reports_service.h"

#include <ctime>

#include "base/json_fields.h"
#include "coverage/periods.h"
#include "store/audited_write.h"
#include "store/reports_store.h"

namespace jjm {
namespace {

StatusOr<UnitId> PlaceOf(const Hierarchy& h, const std::string& code,
                         const char* field) {
  if (code.empty()) return kIndia;
  StatusOr<UnitId> u = h.Resolve(code, field);
  if (!u.ok() && u.status().code() == StatusCode::kNotFound) {
    return NotFound("no place has code '" + code + "'", field);
  }
  return u;
}

}  // namespace

ReportsService::ReportsService(Db* db, CoverageService* coverage)
    : db_(db), coverage_(coverage) {}

StatusOr<std::unique_ptr<ReportsService>> ReportsService::Open(
    Db* db, CoverageService* coverage) {
  std::unique_ptr<ReportsService> s(new ReportsService(db, coverage));
  ReportsStore store(db);
  std::map<UnitId, Target> targets;
  JJM_RETURN_IF_ERROR(store.EachStateTarget([&](const StateTargetRow& r) {
    targets[static_cast<UnitId>(r.unit_id)] =
        Target{Date::FromDays(static_cast<int32_t>(r.target_day)), r.reason,
               r.recorded_at, r.recorded_by};
  }));
  {
    MutexLock lock(&s->mu_);
    s->targets_ = std::move(targets);
  }
  JJM_RETURN_IF_ERROR(s->SetBaseBoundaries(Boundaries()));
  return s;
}

void ReportsService::SetModuleReports(const std::string& module,
                                      ModuleReportFn fn) {
  module_reports_[module] = std::move(fn);
}

void ReportsService::SetPipedVillages(PipedVillagesFn fn) {
  piped_ = std::move(fn);
}

Date ReportsService::TargetOf(UnitId state) const {
  MutexLock lock(&mu_);
  auto it = targets_.find(state);
  return it == targets_.end() ? DefaultTargetDate() : it->second.day;
}

ReportsService::Json ReportsService::List() const {
  Json out = Json::array();
  for (const ReportInfo& r : AllReports()) {
    const bool linked =
        r.module == "coverage" || module_reports_.count(r.module) > 0;
    out.push_back(Json{{"name", r.name},
                       {"title", r.title},
                       {"title_hi", r.title_hi},
                       {"rows", r.rows},
                       {"module", r.module},
                       {"deepest", std::string(LevelName(r.deepest))},
                       {"available", linked}});
  }
  return Json{{"reports", std::move(out)},
              {"formats", Json::array({"json", "csv", "xlsx", "pdf"})}};
}

StatusOr<ReportTable> ReportsService::Build(const Caller& c,
                                            const std::string& asked,
                                            const std::string& place,
                                            const std::string& as_of) const {
  const ReportInfo* info = FindReport(asked);
  if (info == nullptr) {
    std::string names;
    for (const ReportInfo& r : AllReports()) {
      names += (names.empty() ? "" : ", ") + r.name;
    }
    return NotFound("no report '" + asked + "' (there are " + names + ")",
                    "name");
  }
  const std::string& name = info->name;
  Date day = c.today;
  if (!as_of.empty()) {
    JJM_ASSIGN_OR_RETURN(day, Date::ParseField(as_of, "as_of"));
  }
  const std::string generated = GeneratedAtNow();
  if (info->module != "coverage") {
    auto fn = module_reports_.find(info->module);
    if (fn == module_reports_.end()) {
      return FailedPrecondition("report '" + name + "' needs the " +
                                    info->module + " module, not linked here",
                                "name");
    }
    JJM_ASSIGN_OR_RETURN(Json answer, fn->second(name, place, day.ToString()));
    return coverage_->Read(
        [&](const Hierarchy& h, const CoverageIndex&) -> StatusOr<ReportTable> {
          JJM_ASSIGN_OR_RETURN(UnitId u, PlaceOf(h, place, "place"));
          return TableFromModuleReport(*info, answer, h, u, day, generated);
        });
  }
  JReportInput in;
  in.as_of = day;
  in.generated_at = generated;
  in.target_of = [this](UnitId s) { return TargetOf(s); };
  std::vector<int64_t> piped;
  if (name == "j3" && piped_) {
    JJM_ASSIGN_OR_RETURN(piped, piped_(day));
    in.pws_known = true;
  }
  return coverage_->Read(
      [&](const Hierarchy& h,
          const CoverageIndex& index) -> StatusOr<ReportTable> {
        JJM_ASSIGN_OR_RETURN(in.place, PlaceOf(h, place, "place"));
        in.h = &h;
        in.index = &index;
        if (in.pws_known) {
          in.pws.assign(static_cast<size_t>(h.end_id()), false);
          for (int64_t v : piped) {
            if (v >= 0 && v < h.end_id()) in.pws[static_cast<size_t>(v)] = true;
          }
        }
        return BuildJReport(name, in);
      });
}

StatusOr<ReportsService::Json> ReportsService::Targets(const Caller&) const {
  return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    Json rows = Json::array();
    MutexLock lock(&mu_);
    for (UnitId s : h.Get(kIndia).children) {
      if (!h.Contains(s) || h.Get(s).level != Level::kState) continue;
      auto it = targets_.find(s);
      Json row{
          {"code", h.Get(s).code},
          {"name", h.Get(s).name},
          {"target_date", it == targets_.end() ? DefaultTargetDate().ToString()
                                               : it->second.day.ToString()},
          {"own", it != targets_.end()}};
      if (it != targets_.end()) {
        row["reason"] = it->second.reason;
        row["recorded_at"] = it->second.recorded_at;
        row["recorded_by"] = it->second.recorded_by;
      }
      rows.push_back(std::move(row));
    }
    return Json{{"default", DefaultTargetDate().ToString()},
                {"states", std::move(rows)}};
  });
}

StatusOr<ReportsService::Json> ReportsService::SetTarget(
    const Caller& c, const std::string& state, const Json& body) {
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"target_date", "reason"}));
  JJM_ASSIGN_OR_RETURN(Date day, DateField(body, "", "target_date", true));
  JJM_ASSIGN_OR_RETURN(std::string reason,
                       TextField(body, "", "reason", true, 3, 500));
  if (day < JjmBaseline()) {
    return InvalidArgument(
        "a target date cannot be before the mission's "
        "launch (2019-08-15)",
        "target_date");
  }
  if (day > Date::FromCivil(2040, 12, 31)) {
    return InvalidArgument("a target date must be on or before 2040-12-31",
                           "target_date");
  }
  struct Where {
    UnitId unit;
    std::string path, code;
  };
  JJM_ASSIGN_OR_RETURN(
      Where w, coverage_->Read([&](const Hierarchy& h,
                                   const CoverageIndex&) -> StatusOr<Where> {
        JJM_ASSIGN_OR_RETURN(UnitId u, PlaceOf(h, state, "state"));
        if (h.Get(u).level != Level::kState) {
          return InvalidArgument("a target date is set for a state: " + state +
                                     " is a " +
                                     std::string(LevelName(h.Get(u).level)),
                                 "state");
        }
        if (!c.command_line) {
          if (c.principal == nullptr) {
            return Status(StatusCode::kUnauthenticated,
                          "sign in to set a target date");
          }
          if (!Allows(*c.principal, Permission::kSetTargets, u, h)) {
            return Status(
                StatusCode::kPermissionDenied,
                "only national administrators set a state's target date");
          }
        }
        return Where{u, h.PathCodes(u), h.Get(u).code};
      }));
  const std::string actor =
      c.command_line ? c.actor : (c.principal ? c.principal->username : "");
  MutexLock write(&write_mu_);
  std::optional<Target> before;
  {
    MutexLock lock(&mu_);
    auto it = targets_.find(w.unit);
    if (it != targets_.end()) before = it->second;
  }
  const Date previous = before ? before->day : DefaultTargetDate();
  if (before && before->day == day) {
    return Json{{"state", w.code},
                {"target_date", day.ToString()},
                {"unchanged", true}};
  }
  StateTargetRow row;
  row.unit_id = w.unit;
  row.target_day = day.days();
  row.reason = reason;
  row.recorded_at = FormatUtc(std::time(nullptr));
  row.recorded_by = actor;
  AuditRow audit;
  audit.actor = actor;
  audit.remote = c.remote;
  audit.action = "reports.target.set";
  audit.entity = "state_target";
  audit.entity_id = w.code;
  audit.unit_id = w.unit;
  audit.unit_path = w.path;
  audit.before =
      Json{{"target_date", previous.ToString()}, {"own", before.has_value()}}
          .dump();
  audit.after =
      Json{{"target_date", day.ToString()}, {"reason", reason}}.dump();
  ReportsStore store(db_);
  int64_t id = 0;
  JJM_RETURN_IF_ERROR(WriteWithAudit(db_, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(id, store.AddStateTarget(row));
    return Status::Ok();
  }));
  {
    MutexLock lock(&mu_);
    targets_[w.unit] = Target{day, reason, row.recorded_at, actor};
  }
  return Json{{"id", id},
              {"state", w.code},
              {"target_date", day.ToString()},
              {"previous", previous.ToString()},
              {"reason", reason}};
}

}  // namespace jjm
