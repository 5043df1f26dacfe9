#include "http/supply_api.h"

#include <nlohmann/json.hpp>

#include "http/json_body.h"
#include "http/module_api.h"

namespace jjm {
namespace {

using Caller = SupplyService::Caller;
using SS = SupplyService;
using api::IdParam;
using api::OnlyQuery;
using api::Q;
using api::QueryObject;

using Op = std::function<StatusOr<Json>(const Caller&, Request&)>;

Handler Wrap(int ok_status, Op op) {
  return api::Answer(ok_status, [op = std::move(op)](Request& r) {
    return op(api::CallerOf<Caller>(r), r);
  });
}

// "/villages/{code}/..." writes with a JSON body.
template <typename Method>
Handler VillageBody(int ok_status, SupplyService* ss, Method method) {
  return Wrap(ok_status,
              [ss, method](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
                return (ss->*method)(c, r.params.at(0), b);
              });
}

// "/things/{id}/..." writes with a JSON body.
template <typename Method>
Handler IdBody(int ok_status, SupplyService* ss, const char* what,
               Method method) {
  return Wrap(
      ok_status,
      [ss, what, method](const Caller& c, Request& r) -> StatusOr<Json> {
        JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
        JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, what));
        JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
        return (ss->*method)(c, id, b);
      });
}

// A stored document, with its type (api::FileResponse).
Handler ServeDocument(SupplyService* ss) {
  return [ss](Request& r) {
    Status q = OnlyQuery(r, {});
    if (!q.ok()) return Response::Error(q);
    auto id = IdParam(r, 0, "document");
    if (!id.ok()) return Response::Error(id.status());
    auto d = ss->GetDocument(api::CallerOf<Caller>(r), *id);
    if (!d.ok()) return Response::Error(d.status());
    return api::FileResponse(d->name, d->content_type, d->sha256,
                             std::move(d->bytes));
  };
}

}  // namespace

void AddSupplyRoutes(Router* router, SupplyService* ss) {
  const Access pub = Access::Public();
  const Access in = Access::SignedIn();

  // Har Ghar Jal.
  router->Add("GET", "/api/v1/hgj/summary", pub, [ss](Request& r) {
    Status q = OnlyQuery(r, {"place", "as_of"});
    if (!q.ok()) return Response::Error(q);
    auto text = ss->HgjSummaryText(api::CallerOf<Caller>(r), Q(r, "place"),
                                   Q(r, "as_of"));
    if (!text.ok()) return Response::Error(text.status());
    return Response::Json(200, std::move(*text));
  });
  router->Add("GET", "/api/v1/hgj/headline", pub,
              Wrap(200, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"place", "as_of"}));
                return ss->Headline(c, Q(r, "place"), Q(r, "as_of"));
              }));
  router->Add("GET", "/api/v1/hgj/queue", in,
              Wrap(200, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(
                    Json q, QueryObject(r, {"place", "status", "limit"}));
                return ss->HgjQueue(c, q);
              }));
  router->Add("GET", "/api/v1/hgj/villages/{code}", pub,
              Wrap(200, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"as_of"}));
                return ss->HgjVillage(c, r.params.at(0), Q(r, "as_of"));
              }));
  router->Add("POST", "/api/v1/hgj/villages/{code}/report", in,
              VillageBody(201, ss, &SS::ReportHgj));
  router->Add("POST", "/api/v1/hgj/villages/{code}/documents", in,
              Wrap(201, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"kind", "name"}));
                return ss->UploadDocument(c, r.params.at(0), Q(r, "kind"),
                                          std::string(r.Header("content-type")),
                                          Q(r, "name"), r.body);
              }));
  router->SetBodyLimit("POST", "/api/v1/hgj/villages/{code}/documents",
                       kMaxVideoBytes + (1u << 20));
  router->Add("GET", "/api/v1/hgj/documents/{id}", pub, ServeDocument(ss));
  router->Add("POST", "/api/v1/hgj/villages/{code}/certification", in,
              VillageBody(201, ss, &SS::SubmitCertification));
  router->Add("POST", "/api/v1/hgj/villages/{code}/review", in,
              VillageBody(200, ss, &SS::ReviewCertification));

  // Schemes and assets; a village's supply.
  router->Add(
      "GET", "/api/v1/schemes", pub,
      Wrap(200, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
        JJM_ASSIGN_OR_RETURN(Json q, QueryObject(r, {"place", "village"}));
        return ss->ListSchemes(c, q);
      }));
  router->Add("POST", "/api/v1/schemes", in,
              Wrap(201, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
                return ss->CreateScheme(c, b);
              }));
  router->Add("GET", "/api/v1/schemes/{id}", pub,
              Wrap(200, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "scheme"));
                return ss->GetScheme(c, id);
              }));
  router->Add("PATCH", "/api/v1/schemes/{id}", in,
              IdBody(200, ss, "scheme", &SS::UpdateScheme));
  router->Add("POST", "/api/v1/schemes/{id}/assets", in,
              IdBody(201, ss, "scheme", &SS::AddAsset));
  router->Add("POST", "/api/v1/assets/{id}/conditions", in,
              IdBody(201, ss, "asset", &SS::AddAssetCondition));
  router->Add("GET", "/api/v1/supply/villages/{code}", pub,
              Wrap(200, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"as_of"}));
                return ss->VillageSupply(c, r.params.at(0), Q(r, "as_of"));
              }));
  router->Add("POST", "/api/v1/supply/villages/{code}/service-level", in,
              VillageBody(201, ss, &SS::AddServiceLevel));

  // The functionality survey.
  router->Add("GET", "/api/v1/surveys", pub,
              Wrap(200, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                return ss->ListRounds(c);
              }));
  router->Add("POST", "/api/v1/surveys", in,
              Wrap(201, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
                return ss->CreateRound(c, b);
              }));
  router->Add("GET", "/api/v1/surveys/{id}", pub,
              Wrap(200, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(Json q, QueryObject(r, {"district"}));
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "survey round"));
                return ss->GetRound(c, id, q);
              }));
  router->Add("GET", "/api/v1/surveys/{id}/villages/{code}", pub,
              Wrap(200, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "survey round"));
                return ss->RoundVillage(c, id, r.params.at(1));
              }));
  router->Add("POST", "/api/v1/surveys/{id}/households", in,
              Wrap(201, [ss](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "survey round"));
                JJM_ASSIGN_OR_RETURN(Json b, api::BodyWithRequestId(r));
                return ss->RecordHousehold(c, id, b);
              }));
  router->Add("GET", "/api/v1/surveys/{id}/results", pub, [ss](Request& r) {
    Status q = OnlyQuery(r, {"place"});
    if (!q.ok()) return Response::Error(q);
    auto id = IdParam(r, 0, "survey round");
    if (!id.ok()) return Response::Error(id.status());
    auto text = ss->ResultsText(api::CallerOf<Caller>(r), *id, Q(r, "place"));
    if (!text.ok()) return Response::Error(text.status());
    return Response::Json(200, std::move(*text));
  });
}

}  // namespace jjm
