#include "http/partners_api.h"

#include <nlohmann/json.hpp>

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

StatusOr<Json> Body(const Request& r) {
  if (r.Header("content-type").substr(0, 16) != "application/json") {
    return InvalidArgument("send the body as application/json", "content-type");
  }
  Json j;
  JJM_RETURN_IF_ERROR(ParseJsonBody(r.body, &j));
  if (!j.is_object()) {
    return InvalidArgument("the body must be a JSON object", "body");
  }
  return j;
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
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->CreateRound(c, b);
              }));
  router->Add("PATCH", "/api/v1/rounds/{id}", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "round"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->UpdateRound(c, id, b);
              }));
  router->Add("POST", "/api/v1/rounds/{id}/applications", pub,
              Wrap(201, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "round"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->Apply(c, id, b);
              }));
  router->Add("GET", "/api/v1/rounds/{id}/applications", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "round"));
                return ps->ListApplications(c, id);
              }));
  router->Add("POST", "/api/v1/rounds/{id}/reviewers", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "round"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->AssignReviewers(c, id, b);
              }));
  router->Add("POST", "/api/v1/rounds/{id}/shortlist", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "round"));
                return ps->Shortlist(c, id);
              }));
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
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "application"));
                return ps->GetApplication(c, id);
              }));
  router->Add("POST", "/api/v1/applications/{id}/review", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "application"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->Review(c, id, b);
              }));
  router->Add("POST", "/api/v1/applications/{id}/moderation", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "application"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->Moderate(c, id, b);
              }));
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
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "partner"));
                return ps->GetPartner(c, id);
              }));
  router->Add("PATCH", "/api/v1/partners/{id}", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "partner"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->UpdatePartner(c, id, b);
              }));

  // Plans and progress.
  router->Add("GET", "/api/v1/partners/{id}/plans", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "partner"));
                return ps->ListPlans(c, id);
              }));
  router->Add("POST", "/api/v1/partners/{id}/plans", in,
              Wrap(201, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "partner"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->CreatePlan(c, id, b);
              }));
  router->Add("GET", "/api/v1/plans/{id}", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "plan"));
                return ps->GetPlan(c, id);
              }));
  router->Add("PATCH", "/api/v1/plans/{id}", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "plan"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->SavePlan(c, id, b);
              }));
  router->Add("POST", "/api/v1/plans/{id}/status", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "plan"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->SetPlanStatus(c, id, b);
              }));
  router->Add("GET", "/api/v1/plans/{id}/progress", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "plan"));
                return ps->GetProgress(c, id);
              }));
  auto quarter = [](const Request& r) -> StatusOr<int> {
    auto v = ParseInt(r.params.at(1));
    if (!v || *v < 1 || *v > 4) {
      return NotFound("no quarter '" + r.params.at(1) +
                      "'; quarters are 1 to 4");
    }
    return static_cast<int>(*v);
  };
  router->Add(
      "PATCH", "/api/v1/plans/{id}/progress/{quarter}", in,
      Wrap(200, [ps, quarter](const Caller& c, Request& r) -> StatusOr<Json> {
        JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "plan"));
        JJM_ASSIGN_OR_RETURN(int q, quarter(r));
        JJM_ASSIGN_OR_RETURN(Json b, Body(r));
        return ps->SaveProgress(c, id, q, b);
      }));
  router->Add(
      "POST", "/api/v1/plans/{id}/progress/{quarter}/status", in,
      Wrap(200, [ps, quarter](const Caller& c, Request& r) -> StatusOr<Json> {
        JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "plan"));
        JJM_ASSIGN_OR_RETURN(int q, quarter(r));
        JJM_ASSIGN_OR_RETURN(Json b, Body(r));
        return ps->SetProgressStatus(c, id, q, b);
      }));
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
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "partner"));
                return ps->ListTrainers(c, id);
              }));
  router->Add("POST", "/api/v1/partners/{id}/trainers", in,
              Wrap(201, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "partner"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->AddTrainer(c, id, b);
              }));
  router->Add("GET", "/api/v1/partners/{id}/trainings", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "partner"));
                return ps->ListTrainings(c, id);
              }));
  router->Add("POST", "/api/v1/partners/{id}/trainings", in,
              Wrap(201, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "partner"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->AddTraining(c, id, b);
              }));
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
              Wrap(201, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "partner"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->AddKnowledge(c, id, b);
              }));
  router->Add("GET", "/api/v1/partners/{id}/social-audits", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "partner"));
                return ps->ListSocialAudits(c, id);
              }));
  router->Add("POST", "/api/v1/partners/{id}/social-audits", in,
              Wrap(201, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "partner"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->AddSocialAudit(c, id, b);
              }));
  router->Add("PATCH", "/api/v1/audit-actions/{id}", in,
              Wrap(200, [ps](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "action"));
                JJM_ASSIGN_OR_RETURN(Json b, Body(r));
                return ps->UpdateAuditAction(c, id, b);
              }));
}

}  // namespace jjm
