#include "http/partners_api.h"

#include <nlohmann/json.hpp>
#include <type_traits>

#include "base/csv.h"
#include "base/strings.h"
#include "http/json_body.h"

namespace jjm {
namespace {

using Caller = PartnerService::Caller;
using Op = std::function<StatusOr<Json>(const Caller&, Request&)>;

std::string CsvField(std::string_view v) {
  std::string out;
  AppendCsvField(v, &out);
  return out;
}

Caller CallerOf(const Request& r) {
  Caller c;
  c.principal = r.principal.get();
  c.remote = r.remote;
  c.today = Date::TodayIst();
  return c;
}

StatusOr<int64_t> IdParam(const Request& r, size_t i, const char* what) {
  auto v = ParseInt(r.params.at(i));
  if (!v || *v <= 0) {
    return NotFound(std::string("no ") + what + " '" + r.params.at(i) + "'");
  }
  return *v;
}

Status OnlyQuery(const Request& r, std::initializer_list<const char*> names) {
  for (const auto& [k, v] : r.query) {
    bool known = false;
    for (const char* n : names) known = known || k == n;
    if (!known) return InvalidArgument("unknown parameter '" + k + "'", k);
  }
  return Status::Ok();
}

Handler Wrap(int ok_status, Op op) {
  return [ok_status, op = std::move(op)](Request& r) {
    StatusOr<Json> j = op(CallerOf(r), r);
    if (!j.ok()) return Response::Error(j.status());
    return Response::Json(ok_status, j->dump());
  };
}

// "/things/{id}" routes: the id, then ps->method(caller, id); or, for a
// method that takes a JSON object body too, ps->method(caller, id, body).
template <typename Method>
Handler ById(int ok_status, PartnerService* ps, const char* what,
             Method method) {
  return Wrap(
      ok_status,
      [ps, what, method](const Caller& c, Request& r) -> StatusOr<Json> {
        JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, what));
        if constexpr (std::is_invocable_v<Method, PartnerService*,
                                          const Caller&, int64_t>) {
          return (ps->*method)(c, id);
        } else {
          JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
          return (ps->*method)(c, id, b);
        }
      });
}

std::string Q(const Request& r, const char* name, const char* otherwise = "") {
  auto v = r.Query(name);
  return v ? std::string(*v) : std::string(otherwise);
}

}  // namespace

void AddPartnerRoutes(Router* router, PartnerService* ps) {
  const Access pub = Access::Public();
  const Access in = Access::SignedIn();
  // Rounds and applications.
  router->Add("GET", "/api/v1/rounds", pub,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                return ps->ListRounds(c);
              }));
  router->Add("POST", "/api/v1/rounds", in,
              Wrap(201, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
                return ps->CreateRound(c, b);
              }));
  router->Add("PATCH", "/api/v1/rounds/{id}", in,
              ById(200, ps, "round", &PartnerService::UpdateRound));
  router->Add("POST", "/api/v1/rounds/{id}/applications", pub,
              ById(201, ps, "round", &PartnerService::Apply));
  router->Add("GET", "/api/v1/rounds/{id}/applications", in,
              ById(200, ps, "round", &PartnerService::ListApplications));
  router->Add("POST", "/api/v1/rounds/{id}/reviewers", in,
              ById(200, ps, "round", &PartnerService::AssignReviewers));
  router->Add("POST", "/api/v1/rounds/{id}/shortlist", in,
              ById(200, ps, "round", &PartnerService::Shortlist));
  router->Add("GET", "/api/v1/rounds/{id}/funnel", in, [ps](Request& r) {
    Status q = OnlyQuery(r, {"by", "format"});
    if (!q.ok()) return Response::Error(q);
    auto id = IdParam(r, 0, "round");
    if (!id.ok()) return Response::Error(id.status());
    const std::string format = Q(r, "format", "json");
    if (format != "json" && format != "csv") {
      return Response::Error(
          InvalidArgument("format must be json or csv", "format"));
    }
    auto j = ps->Funnel(CallerOf(r), *id, Q(r, "by", "org_type"));
    if (!j.ok()) return Response::Error(j.status());
    if (format == "json") return Response::Json(200, j->dump());
    std::string csv = "key,name,applied,eligible,screened,shortlisted\n";
    auto row = [&csv](const Json& x, const std::string& key,
                      const std::string& name) {
      csv += CsvField(key) + "," + CsvField(name) + "," +
             std::to_string(x["applied"].get<int64_t>()) + "," +
             std::to_string(x["eligible"].get<int64_t>()) + "," +
             std::to_string(x["screened"].get<int64_t>()) + "," +
             std::to_string(x["shortlisted"].get<int64_t>()) + "\n";
    };
    for (const auto& x : (*j)["rows"]) {
      row(x, x["key"].get<std::string>(), x["name"].get<std::string>());
    }
    row((*j)["total"], "total", "All applications");
    Response out;
    out.status = 200;
    out.content_type = "text/csv; charset=utf-8";
    out.body = std::move(csv);
    out.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"funnel-round-" +
                                 std::to_string(*id) + "-" +
                                 Q(r, "by", "org_type") + ".csv\"");
    return out;
  });
  router->Add("GET", "/api/v1/applications/{id}", in,
              ById(200, ps, "application", &PartnerService::GetApplication));
  router->Add("POST", "/api/v1/applications/{id}/review", in,
              ById(200, ps, "application", &PartnerService::Review));
  router->Add("POST", "/api/v1/applications/{id}/moderation", in,
              ById(200, ps, "application", &PartnerService::Moderate));
  router->Add("GET", "/api/v1/documents/{id}", in, [ps](Request& r) {
    auto id = IdParam(r, 0, "document");
    if (!id.ok()) return Response::Error(id.status());
    auto d = ps->GetDocument(CallerOf(r), *id);
    if (!d.ok()) return Response::Error(d.status());
    Response out;
    out.status = 200;
    out.content_type = d->content_type;
    out.body = std::move(d->data);
    std::string safe;
    for (char ch : d->name) {
      safe += (ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 32)
                  ? '_'
                  : ch;
    }
    out.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"" + safe + "\"");
    return out;
  });

  // Partners.
  router->Add("GET", "/api/v1/partners", in,
              Wrap(200, [ps](const Caller& c, Request&) {
                return ps->ListPartners(c);
              }));
  router->Add("GET", "/api/v1/partners/{id}", in,
              ById(200, ps, "partner", &PartnerService::GetPartner));
  router->Add("PATCH", "/api/v1/partners/{id}", in,
              ById(200, ps, "partner", &PartnerService::UpdatePartner));

  // Plans and progress.
  router->Add("GET", "/api/v1/partners/{id}/plans", in,
              ById(200, ps, "partner", &PartnerService::ListPlans));
  router->Add("POST", "/api/v1/partners/{id}/plans", in,
              ById(201, ps, "partner", &PartnerService::CreatePlan));
  router->Add("GET", "/api/v1/plans/{id}", in,
              ById(200, ps, "plan", &PartnerService::GetPlan));
  router->Add("PATCH", "/api/v1/plans/{id}", in,
              ById(200, ps, "plan", &PartnerService::SavePlan));
  router->Add("POST", "/api/v1/plans/{id}/status", in,
              ById(200, ps, "plan", &PartnerService::SetPlanStatus));
  router->Add("GET", "/api/v1/plans/{id}/progress", in,
              ById(200, ps, "plan", &PartnerService::GetProgress));
  auto quarter = [](const Request& r) -> StatusOr<int> {
    auto v = ParseInt(r.params.at(1));
    if (!v || *v < 1 || *v > 4) {
      return NotFound("no quarter '" + r.params.at(1) +
                      "'; quarters are 1 to 4");
    }
    return static_cast<int>(*v);
  };
  // "/plans/{id}/progress/{quarter}" routes with a JSON object body:
  // ps->method(caller, plan id, quarter, body).
  auto by_quarter = [ps, quarter](auto method) {
    return Wrap(
        200,
        [ps, quarter, method](const Caller& c, Request& r) -> StatusOr<Json> {
          JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "plan"));
          JJM_ASSIGN_OR_RETURN(int q, quarter(r));
          JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
          return (ps->*method)(c, id, q, b);
        });
  };
  router->Add("PATCH", "/api/v1/plans/{id}/progress/{quarter}", in,
              by_quarter(&PartnerService::SaveProgress));
  router->Add("POST", "/api/v1/plans/{id}/progress/{quarter}/status", in,
              by_quarter(&PartnerService::SetProgressStatus));
  router->Add("GET", "/api/v1/progress/rollup", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"by", "fy"}));
                const int fy = Date::TodayIst().FinancialYear();
                char buf[16];
                std::snprintf(buf, sizeof buf, "%d-%02d", fy, (fy + 1) % 100);
                return ps->ProgressRollup(c, Q(r, "by", "theme"),
                                          Q(r, "fy", buf));
              }));
  router->Add("GET", "/api/v1/progress/overdue", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"fy"}));
                const int fy = Date::TodayIst().FinancialYear();
                char buf[16];
                std::snprintf(buf, sizeof buf, "%d-%02d", fy, (fy + 1) % 100);
                return ps->Overdue(c, Q(r, "fy", buf));
              }));
  router->Add(
      "GET", "/api/v1/review-queue", in,
      Wrap(200, [ps](const Caller& c, Request&) { return ps->Queue(c); }));

  // Master trainers and trainings.
  router->Add("GET", "/api/v1/partners/{id}/trainers", in,
              ById(200, ps, "partner", &PartnerService::ListTrainers));
  router->Add("POST", "/api/v1/partners/{id}/trainers", in,
              ById(201, ps, "partner", &PartnerService::AddTrainer));
  router->Add("GET", "/api/v1/partners/{id}/trainings", in,
              ById(200, ps, "partner", &PartnerService::ListTrainings));
  router->Add("POST", "/api/v1/partners/{id}/trainings", in,
              ById(201, ps, "partner", &PartnerService::AddTraining));
  router->Add("GET", "/api/v1/trainings/coverage", pub,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"parent", "level"}));
                return ps->TrainingCoverage(c, Q(r, "parent", "IN"),
                                            Q(r, "level"));
              }));

  // Knowledge and social audits.
  router->Add("GET", "/api/v1/knowledge", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"kind", "partner"}));
                int64_t partner = 0;
                if (auto p = r.Query("partner")) {
                  auto v = ParseInt(*p);
                  if (!v || *v <= 0) {
                    return InvalidArgument("partner must be a partner's id",
                                           "partner");
                  }
                  partner = *v;
                }
                return ps->ListKnowledge(c, Q(r, "kind"), partner);
              }));
  router->Add("POST", "/api/v1/partners/{id}/knowledge", in,
              ById(201, ps, "partner", &PartnerService::AddKnowledge));
  router->Add("GET", "/api/v1/partners/{id}/social-audits", in,
              ById(200, ps, "partner", &PartnerService::ListSocialAudits));
  router->Add("POST", "/api/v1/partners/{id}/social-audits", in,
              ById(201, ps, "partner", &PartnerService::AddSocialAudit));
  router->Add("PATCH", "/api/v1/audit-actions/{id}", in,
              ById(200, ps, "action", &PartnerService::UpdateAuditAction));
}

}  // namespace jjm
