#include "http/quality_api.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <type_traits>

#include "base/strings.h"
#include "http/json_body.h"
#include "http/module_api.h"
#include "http/work_pool.h"

namespace jjm {
namespace {

using Caller = QualityService::Caller;
using Op = std::function<StatusOr<Json>(const Caller&, Request&)>;

using api::BodyWithRequestId;
using api::IdParam;
using api::OnlyQuery;
using api::Q;
using api::QueryObject;

// Runs `op` with the caller: see api::Answer.
Handler Wrap(int ok_status, Op op) {
  return api::Answer(ok_status, [op = std::move(op)](Request& r) {
    return op(api::CallerOf<Caller>(r), r);
  });
}

// "/things/{id}" routes: the id, then qs->method(caller, id); or, for a
// method that takes a JSON object body too, qs->method(caller, id, body).
template <typename Method>
Handler ById(int ok_status, QualityService* qs, const char* what,
             Method method) {
  return Wrap(
      ok_status,
      [qs, what, method](const Caller& c, Request& r) -> StatusOr<Json> {
        JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, what));
        if constexpr (std::is_invocable_v<Method, QualityService*,
                                          const Caller&, int64_t>) {
          JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
          return (qs->*method)(c, id);
        } else {
          JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
          return (qs->*method)(c, id, b);
        }
      });
}

// Routes with a JSON object body only: qs->method(caller, body).
template <typename Method>
Handler WithBody(int ok_status, QualityService* qs, Method method) {
  return Wrap(ok_status,
              [qs, method](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
                return (qs->*method)(c, b);
              });
}

// The most an export answer holds: it is built in memory.  Larger ones
// are refused (413) naming the place: a smaller place, or the command line
// (jjm export quality-results), which writes a file.
constexpr size_t kMaxExportBytes = size_t{256} << 20;

// The results export: CSV, one row per result, for `place` (default
// India).  Built on a worker thread: a large place takes a while.
Handler ExportCsv(QualityService* qs, std::shared_ptr<WorkPool> pool) {
  return [qs, pool](Request& r) {
    Status q = OnlyQuery(r, {"place"});
    if (!q.ok()) return Response::Error(q);
    const std::string place = Q(r, "place");
    auto principal = r.principal;
    const std::string remote = r.remote;
    Response out;
    out.deferred = [qs, pool, place, principal, remote](Response::Reply reply) {
      pool->Run([qs, place, principal, remote, reply] {
        Caller c;
        c.principal = principal.get();
        c.remote = remote;
        std::string csv;
        bool too_large = false;
        Status s = qs->ExportResults(c, place, [&](const std::string& row) {
          if (too_large) return;
          if (csv.size() + row.size() + 1 > kMaxExportBytes) {
            too_large = true;
            std::string().swap(csv);
            return;
          }
          csv += row;
          if (csv.empty() || csv.back() != '\n') csv += '\n';
        });
        if (s.ok() && too_large) {
          s = Status(StatusCode::kPayloadTooLarge,
                     "the results of " + (place.empty() ? "IN" : place) +
                         " are over " + std::to_string(kMaxExportBytes >> 20) +
                         " MiB: export a smaller place, or use jjm export "
                         "quality-results",
                     "place");
        }
        if (!s.ok()) {
          reply(Response::Error(s));
          return;
        }
        Response ok;
        ok.status = 200;
        ok.content_type = "text/csv; charset=utf-8";
        ok.body = std::move(csv);
        std::string name = "quality-results";
        std::string code;
        for (char ch : place) {
          if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
              (ch >= '0' && ch <= '9') || ch == '-') {
            code += ch;
          }
        }
        if (!code.empty()) name += "-" + code;
        ok.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + name + ".csv\"");
        ok.headers.emplace_back("Cache-Control", "no-store");
        reply(std::move(ok));
      });
    };
    return out;
  };
}

}  // namespace

void AddQualityRoutes(Router* router, QualityService* qs) {
  const Access pub = Access::Public();
  const Access in = Access::SignedIn();
  using QS = QualityService;

  // The standard, and grading without writing.
  router->Add("GET", "/api/v1/quality/standard", pub,
              Wrap(200, [qs](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                return qs->GetStandard(c);
              }));
  router->Add("POST", "/api/v1/quality/grade", pub,
              WithBody(200, qs, &QS::Grade));

  // Labs, their accreditation, treatment plants.
  router->Add("GET", "/api/v1/quality/labs", pub,
              Wrap(200, [qs](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"place", "as_of"}));
                return qs->ListLabs(c, Q(r, "place"), Q(r, "as_of"));
              }));
  router->Add("POST", "/api/v1/quality/labs", in,
              WithBody(201, qs, &QS::CreateLab));
  router->Add("GET", "/api/v1/quality/labs/{id}", pub,
              ById(200, qs, "lab", &QS::GetLab));
  router->Add("PATCH", "/api/v1/quality/labs/{id}", in,
              ById(200, qs, "lab", &QS::UpdateLab));
  router->Add("POST", "/api/v1/quality/labs/{id}/accreditations", in,
              ById(201, qs, "lab", &QS::AddAccreditation));
  router->Add("POST", "/api/v1/quality/treatment-plants", in,
              WithBody(201, qs, &QS::CreateTreatmentPlant));

  // Sources and sampling points.
  router->Add("GET", "/api/v1/quality/sources", pub,
              Wrap(200, [qs](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"village"}));
                return qs->ListSources(c, Q(r, "village"));
              }));
  router->Add("POST", "/api/v1/quality/sources", in,
              WithBody(201, qs, &QS::CreateSource));
  router->Add("POST", "/api/v1/quality/sampling-points", in,
              WithBody(201, qs, &QS::CreateSamplingPoint));

  // Samples and their steps; field test kit tests.
  router->Add("POST", "/api/v1/quality/samples", in,
              Wrap(201, [qs](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(Json b, BodyWithRequestId(r));
                return qs->RegisterSample(c, b);
              }));
  router->Add("GET", "/api/v1/quality/samples", in,
              Wrap(200, [qs](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(
                    Json q, QueryObject(r, {"lab", "village", "place", "status",
                                            "before_id", "limit"}));
                return qs->ListSamples(c, q);
              }));
  router->Add("GET", "/api/v1/quality/samples/{id}", in,
              ById(200, qs, "sample", &QS::GetSample));
  router->Add("POST", "/api/v1/quality/samples/{id}/events", in,
              ById(201, qs, "sample", &QS::AddSampleEvent));
  router->Add("POST", "/api/v1/quality/ftk-tests", in,
              Wrap(201, [qs](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(Json b, BodyWithRequestId(r));
                return qs->RecordFtkTest(c, b);
              }));

  // Alerts and remedial actions.
  router->Add("GET", "/api/v1/quality/alerts", in,
              Wrap(200, [qs](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(
                    Json q, QueryObject(r, {"place", "status", "contaminant",
                                            "before_id", "limit"}));
                return qs->ListAlerts(c, q);
              }));
  router->Add("POST", "/api/v1/quality/alerts/{id}/actions", in,
              ById(201, qs, "alert", &QS::AddRemedialAction));
  router->Add("POST", "/api/v1/quality/actions/{id}/done", in,
              ById(200, qs, "action", &QS::CompleteRemedialAction));

  // Women trained to use field test kits.
  router->Add("POST", "/api/v1/quality/testers", in,
              WithBody(201, qs, &QS::AddTrainedTester));
  router->Add("GET", "/api/v1/quality/testers", in,
              Wrap(200, [qs](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"village"}));
                return qs->ListTrainedTesters(c, Q(r, "village"));
              }));

  // Roll-ups, a village's view, surveillance, reports.
  router->Add("GET", "/api/v1/quality/summary", pub,
              Wrap(200, [qs](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"place", "as_of"}));
                return qs->Summary(c, Q(r, "place"), Q(r, "as_of"));
              }));
  router->Add("GET", "/api/v1/quality/villages/{code}", pub,
              Wrap(200, [qs](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"as_of"}));
                return qs->VillageView(c, r.params.at(0), Q(r, "as_of"));
              }));
  router->Add("GET", "/api/v1/quality/surveillance", pub,
              Wrap(200, [qs](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"place", "fy"}));
                return qs->Surveillance(c, Q(r, "place"), Q(r, "fy"));
              }));
  router->Add("GET", "/api/v1/quality/reports/{name}", pub,
              Wrap(200, [qs](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"place", "as_of"}));
                return qs->Report(c, r.params.at(0), Q(r, "place"),
                                  Q(r, "as_of"));
              }));

  // The export of samples and results.
  router->Add("GET", "/api/v1/quality/results.csv", in,
              ExportCsv(qs, std::make_shared<WorkPool>(1)));
}

}  // namespace jjm
