#include "http/operations_api.h"

#include <nlohmann/json.hpp>
#include <set>

#include "accounts/crypto.h"
#include "base/json_fields.h"
#include "http/json_body.h"
#include "http/module_api.h"
#include "io/om_import.h"

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

// An O&M import's report: what was read, accepted, written, and every
// rejected row with its line, column, value and reason.
Json OmImportJson(const ImportReport& r) {
  Json rej = Json::array();
  std::set<int64_t> rows;
  for (const Rejection& x : r.rejections()) {
    rows.insert(x.row);
    if (rej.size() < 1000) {
      rej.push_back(Json{{"row", x.row},
                         {"column", x.column},
                         {"value", x.value},
                         {"reason", x.reason}});
      // A workbook's cell as Excel names it ("Sheet1!D17").
      if (!x.cell.empty()) rej.back()["cell"] = x.cell;
    }
  }
  Json counts = Json::object();
  for (const auto& [what, n] : r.counts()) counts[what] = n;
  return Json{{"committed", r.committed},
              {"rows_read", r.rows_read},
              {"rows_accepted", r.rows_accepted},
              {"rows_rejected", rows.size()},
              {"counts", counts},
              {"notes", r.notes},
              {"rejections", rej}};
}

// {"file": CSV text, "commit"?, "skip_invalid"?}.
Response ImportOm(OperationsService* os, Request& r) {
  auto run = [&]() -> StatusOr<ImportReport> {
    JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
    JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
    JJM_RETURN_IF_ERROR(CheckFields(b, "",
                                    {"file", "file_base64", "filename", "sheet",
                                     "commit", "skip_invalid"}));
    // The file: CSV text in `file`, or (an Excel workbook) its bytes in
    // base64 in `file_base64`.
    const bool text = b.contains("file");
    if (text == b.contains("file_base64")) {
      return InvalidArgument(
          "send the CSV file's text as file, or a workbook as file_base64",
          "file");
    }
    if (!b[text ? "file" : "file_base64"].is_string()) {
      return text ? InvalidArgument("file must be the CSV file's text", "file")
                  : InvalidArgument("file_base64 must be the file in base64",
                                    "file_base64");
    }
    std::string bytes;
    if (text) {
      bytes = b["file"].get<std::string>();
    } else {
      StatusOr<std::string> d =
          DecodeBase64(b["file_base64"].get_ref<const std::string&>());
      if (!d.ok()) {
        return InvalidArgument("file_base64 is not base64", "file_base64");
      }
      bytes = std::move(*d);
    }
    std::string name = "upload";
    for (const char* k : {"filename", "sheet"}) {
      if (b.contains(k) && !b[k].is_string()) {
        return InvalidArgument(std::string(k) + " must be a string", k);
      }
    }
    if (b.contains("filename")) name = b["filename"].get<std::string>();
    ImportOptions opt;
    for (const char* k : {"commit", "skip_invalid"}) {
      if (b.contains(k) && !b[k].is_null()) {
        if (!b[k].is_boolean()) {
          return InvalidArgument(std::string(k) + " must be true or false", k);
        }
        (std::string(k) == "commit" ? opt.commit : opt.skip_invalid) =
            b[k].get<bool>();
      }
    }
    const Caller c = api::CallerOf<Caller>(r);
    JJM_RETURN_IF_ERROR(
        c.principal != nullptr
            ? Status::Ok()
            : Status(StatusCode::kUnauthenticated, "sign in first"));
    opt.today = c.today;
    opt.remote = c.remote;
    if (b.contains("sheet")) opt.sheet = b["sheet"].get<std::string>();
    return ImportOmAccountsFile(os, bytes, name, c, opt);
  };
  StatusOr<ImportReport> rep = run();
  if (!rep.ok()) return Response::Error(rep.status());
  return Response::Json(rep->committed ? 201 : 200, OmImportJson(*rep).dump());
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

  // O&M money.
  router->Add("GET", "/api/v1/committees/{code}/accounts", pub,
              Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_ASSIGN_OR_RETURN(Json q, QueryObject(r, {"from", "to"}));
                return os->CommitteeAccounts(c, r.params.at(0), q);
              }));
  router->Add("POST", "/api/v1/committees/{code}/accounts", in,
              CodeBody(201, os, &OS::RecordAccount));
  router->Add("POST", "/api/v1/committees/{code}/fund-opening", in,
              CodeBody(200, os, &OS::SetFundOpening));
  router->Add("POST", "/api/v1/committees/{code}/bills", in,
              CodeBody(201, os, &OS::AttachBill));
  router->SetBodyLimit("POST", "/api/v1/committees/{code}/bills", 4u << 20);
  router->Add("GET", "/api/v1/om-bills/{id}", in,
              Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(int64_t id, IdParam(r, 0, "bill"));
                return os->GetBill(c, id);
              }));
  router->Add(
      "GET", "/api/v1/om-accounts/summary", pub,
      Wrap(200, [os](const Caller& c, Request& r) -> StatusOr<Json> {
        JJM_ASSIGN_OR_RETURN(Json q, QueryObject(r, {"place", "from", "to"}));
        return os->MoneySummary(c, q);
      }));
  router->Add("POST", "/api/v1/imports/om-accounts", in,
              [os](Request& r) { return ImportOm(os, r); });
  router->SetBodyLimit("POST", "/api/v1/imports/om-accounts", 4u << 20);
}

}  // namespace jjm
