#include "http/operations_api.h"

#include <nlohmann/json.hpp>

#include "http/json_body.h"
#include "http/module_api.h"

namespace jjm {
namespace {

using Caller = OperationsService::Caller;
using OS = OperationsService;
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

// "/{code}/..." writes with a JSON body.
template <typename Method>
Handler CodeBody(int ok_status, OperationsService* os, Method method) {
  return Wrap(ok_status,
              [os, method](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
                return (os->*method)(c, r.params.at(0), b);
              });
}

// "/{id}/..." writes with a JSON body.
template <typename Method>
Handler IdBody(int ok_status, OperationsService* os, const char* what,
               Method method) {
  return Wrap(
      ok_status,
      [os, what, method](const Caller& c, Request& r) -> StatusOr<Json> {
        JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
        JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, what));
        JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
        return (os->*method)(c, id, b);
      });
}

}  // namespace

void AddOperationsRoutes(Router* router, OperationsService* os) {
  const Access pub = Access::Public();
  const Access in = Access::SignedIn();

  // Committees.
  router->Add(
      "GET", "/api/v1/committees", pub,
      Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
        JJM_ASSIGN_OR_RETURN(Json q, QueryObject(r, {"place", "failing"}));
        return os->ListCommittees(c, q);
      }));
  router->Add("POST", "/api/v1/committees", in,
              Wrap(201, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
                return os->CreateCommittee(c, b);
              }));
  router->Add("GET", "/api/v1/committees/{code}", pub,
              Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"as_of"}));
                return os->GetCommittee(c, r.params.at(0), Q(r, "as_of"));
              }));
  router->Add("POST", "/api/v1/committees/{code}/members", in,
              CodeBody(201, os, &OS::AddMember));
  router->Add("POST", "/api/v1/committees/{code}/meetings", in,
              CodeBody(201, os, &OS::AddMeeting));
  router->Add("POST", "/api/v1/committee-members/{id}/leave", in,
              IdBody(200, os, "member", &OS::EndMembership));
  // The Village Action Plan and the Gram Sabha's approval.
  router->Add("POST", "/api/v1/committees/{code}/action-plans", in,
              CodeBody(201, os, &OS::AddActionPlan));
  router->SetBodyLimit("POST", "/api/v1/committees/{code}/action-plans",
                       12u << 20);
  router->Add("POST", "/api/v1/action-plans/{id}/approval", in,
              IdBody(200, os, "action plan", &OS::ApproveActionPlan));
  router->Add("GET", "/api/v1/action-plans/{id}/document", pub,
              [os](Request& r) {
                Status q = OnlyQuery(r, {});
                if (!q.ok()) return Response::Error(q);
                auto id = IdParam(r, 0, "action plan");
                if (!id.ok()) return Response::Error(id.status());
                auto d = os->ActionPlanDocument(api::CallerOf<Caller>(r), *id);
                if (!d.ok()) return Response::Error(d.status());
                return api::FileResponse(d->name, d->content_type, d->sha256,
                                         std::move(d->bytes));
              });

  // Complaints.
  router->Add("GET", "/api/v1/complaints/rules", pub,
              Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                return os->ComplaintRulesJson(c);
              }));
  router->Add("POST", "/api/v1/complaints", pub,
              Wrap(201, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(Json b, api::BodyWithRequestId(r));
                return os->FileComplaint(c, b);
              }));
  router->SetBodyLimit("POST", "/api/v1/complaints", 4u << 20);
  router->Add("GET", "/api/v1/complaints", in,
              Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(
                    Json q, QueryObject(r, {"place", "status", "limit"}));
                return os->ComplaintQueue(c, q);
              }));
  router->Add("GET", "/api/v1/complaints/summary", pub,
              Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"place", "as_of"}));
                return os->ComplaintSummary(c, Q(r, "place"), Q(r, "as_of"));
              }));
  router->Add("GET", "/api/v1/complaints/track/{reference}", pub,
              Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"secret"}));
                return os->TrackComplaint(c, r.params.at(0), Q(r, "secret"));
              }));
  router->Add("POST", "/api/v1/complaints/track/{reference}", pub,
              CodeBody(200, os, &OS::FilerAction));
  router->Add("POST", "/api/v1/complaints/{id}/steps", in,
              IdBody(201, os, "complaint", &OS::ComplaintStep));
  router->SetBodyLimit("POST", "/api/v1/complaints/{id}/steps", 4u << 20);
  router->Add("POST", "/api/v1/complaints/{id}/samples", in,
              IdBody(201, os, "complaint", &OS::LinkComplaintSample));
  // A complaint's photo: the filer's (with the secret) or an officer's.
  router->Add("GET", "/api/v1/complaints/track/{reference}/photos/{id}", pub,
              [os](Request& r) {
                Status q = OnlyQuery(r, {"secret"});
                if (!q.ok()) return Response::Error(q);
                auto id = IdParam(r, 1, "photo");
                if (!id.ok()) return Response::Error(id.status());
                auto d =
                    os->ComplaintPhoto(api::CallerOf<Caller>(r), r.params.at(0),
                                       Q(r, "secret"), *id);
                if (!d.ok()) return Response::Error(d.status());
                return api::FileResponse(d->name, d->content_type, d->sha256,
                                         std::move(d->bytes));
              });

  // Breakdowns.
  router->Add("POST", "/api/v1/breakdowns", in,
              Wrap(201, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
                return os->AddBreakdown(c, b);
              }));
  router->Add("POST", "/api/v1/breakdowns/{id}/end", in,
              IdBody(200, os, "breakdown", &OS::EndBreakdown));
  router->Add("GET", "/api/v1/breakdowns", pub,
              Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"village"}));
                return os->VillageBreakdowns(c, Q(r, "village"));
              }));

  // Sources and their sustainability (operations_sources.cc).
  router->Add("GET", "/api/v1/sustainability", pub,
              Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {"village"}));
                return os->VillageSources(c, Q(r, "village"));
              }));
  router->Add("GET", "/api/v1/sustainability/summary", pub,
              Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(
                    Json q,
                    QueryObject(r, {"place", "threshold_m", "monsoon_year"}));
                return os->SourcesSummary(c, q);
              }));
  router->Add("POST", "/api/v1/sustainability/sources/{code}/levels", in,
              CodeBody(201, os, &OS::AddSourceLevel));
  router->Add("POST", "/api/v1/sustainability/sources/{code}/yields", in,
              CodeBody(201, os, &OS::AddSourceYield));
  router->Add("POST", "/api/v1/sustainability/sources/{code}/dry-spells", in,
              CodeBody(201, os, &OS::AddDrySpell));
  router->Add("POST", "/api/v1/sustainability/dry-spells/{id}/revive", in,
              IdBody(200, os, "dry spell", &OS::ReviveDrySpell));
  router->Add("POST", "/api/v1/sustainability/recharge-works", in,
              Wrap(201, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
                return os->AddRechargeWork(c, b);
              }));
  router->Add("POST", "/api/v1/sustainability/recharge-works/{id}/complete", in,
              IdBody(200, os, "recharge work", &OS::CompleteRechargeWork));
  router->Add("POST", "/api/v1/sustainability/greywater", in,
              Wrap(201, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
                return os->AddGreywater(c, b);
              }));
  router->Add("GET", "/api/v1/schemes/{id}/breakdowns", pub,
              Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "scheme"));
                return os->SchemeBreakdowns(c, id);
              }));
}

}  // namespace jjm
