#include <array>
#include <map>
#include <set>

#include "base/fiscal_year.h"
#include "partners/partner_internal.h"

namespace jjm {

StatusOr<std::vector<ProgressVersion>> LoadProgress(PartnersStore& S,
                                                    int64_t plan_id) {
  std::vector<ProgressVersion> out;
  JJM_RETURN_IF_ERROR(
      S.ForEachProgressVersion(plan_id, [&](ProgressVersionRow& r) {
        out.push_back({StampOf(r), r.quarter, Json::parse(r.body)});
      }));
  return out;
}

const ProgressVersion* Latest(const std::vector<ProgressVersion>& all, int q,
                              const char* status) {
  const ProgressVersion* found = nullptr;
  for (const ProgressVersion& v : all) {
    if (v.quarter == q && (status == nullptr || v.status == status)) found = &v;
  }
  return found;
}

namespace {

Json ProgressVersionJson(const ProgressVersion& v) {
  return Json{{"version_id", v.id},     {"status", v.status},
              {"rows", v.body["rows"]}, {"evidence", v.body["evidence"]},
              {"comment", v.comment},   {"at", v.at},
              {"by", v.actor}};
}

}  // namespace

StatusOr<Json> PartnerService::GetProgress(const Caller& c, int64_t plan_id) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  JJM_ASSIGN_OR_RETURN(Plan p, LoadPlanFor(S, c, plan_id, false));
  JJM_ASSIGN_OR_RETURN(auto versions, LoadProgress(S, plan_id));
  JJM_ASSIGN_OR_RETURN(int y, ParseFy(p.fy, "fy"));
  Json out{{"plan_id", plan_id}, {"fy", p.fy}, {"quarters", Json::array()}};
  // Achieved per activity and measure, by quarter, from accepted reports.
  std::map<std::pair<std::string, std::string>, std::array<int64_t, 4>>
      achieved;
  for (int q = 1; q <= 4; ++q) {
    const ProgressVersion* cur = Latest(versions, q);
    const ProgressVersion* acc = Latest(versions, q, "accepted");
    Json qj{
        {"quarter", q},
        {"due_on", (QuarterEnd(y, q) + I.opt_.report_due_days).ToString()},
        {"current", cur != nullptr ? ProgressVersionJson(*cur) : Json(nullptr)},
        {"accepted",
         acc != nullptr ? ProgressVersionJson(*acc) : Json(nullptr)},
        {"history", Json::array()}};
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      if (it->quarter != q) continue;
      qj["history"].push_back({{"version_id", it->id},
                               {"status", it->status},
                               {"comment", it->comment},
                               {"at", it->at},
                               {"by", it->actor}});
    }
    out["quarters"].push_back(qj);
    if (acc != nullptr) {
      for (const auto& r : acc->body["rows"]) {
        achieved[{r["activity"].get<std::string>(),
                  r["measure"].get<std::string>()}][q - 1] +=
            r["achieved"].get<int64_t>();
      }
    }
  }
  // The approved activities with targets against what was achieved.
  Json acts = Json::array();
  if (const PlanVersion* f = p.in_force()) {
    for (const auto& a : f->activities) {
      Json aj{{"id", a["id"]},
              {"level", a["level"]},
              {"unit", a["unit"]},
              {"unit_name", a["unit_name"]},
              {"theme", a["theme"]},
              {"description", a["description"]},
              {"measures", Json::array()}};
      for (const auto& t : a["targets"]) {
        const auto& got = achieved[{a["id"].get<std::string>(),
                                    t["measure"].get<std::string>()}];
        int64_t target = 0, done = 0;
        Json quarters = Json::array();
        for (int q = 1; q <= 4; ++q) {
          const int64_t tq = t["q" + std::to_string(q)].get<int64_t>();
          target += tq;
          done += got[q - 1];
          quarters.push_back({{"target", tq},
                              {"achieved", got[q - 1]},
                              {"cumulative_target", target},
                              {"cumulative_achieved", done}});
        }
        aj["measures"].push_back({{"measure", t["measure"]},
                                  {"target", target},
                                  {"achieved", done},
                                  {"quarters", quarters}});
      }
      acts.push_back(aj);
    }
  }
  out["activities"] = acts;
  out["in_force_revision"] =
      p.in_force() != nullptr ? Json(p.in_force()->revision) : Json(nullptr);
  return out;
}

StatusOr<Json> PartnerService::SaveProgress(const Caller& c, int64_t plan_id,
                                            int quarter, const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  if (quarter < 1 || quarter > 4) {
    return InvalidArgument("quarter must be 1 to 4", "quarter");
  }
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"rows", "evidence"}));
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Plan p, LoadPlanFor(S, c, plan_id, true));
  const PlanVersion* f = p.in_force();
  if (f == nullptr) {
    return FailedPrecondition("the " + p.fy +
                              " plan has no approved revision; progress is "
                              "reported against approved activities");
  }
  JJM_ASSIGN_OR_RETURN(int y, ParseFy(p.fy, "fy"));
  const Date starts = QuarterStart(y, quarter);
  if (c.today < starts) {
    return FailedPrecondition("quarter " + std::to_string(quarter) + " of " +
                                  p.fy + " begins on " + starts.ToString(),
                              "quarter");
  }
  JJM_ASSIGN_OR_RETURN(auto versions, LoadProgress(S, plan_id));
  const ProgressVersion* cur = Latest(versions, quarter);
  if (cur != nullptr &&
      (cur->status == "submitted" || cur->status == "accepted")) {
    return FailedPrecondition("the report for quarter " +
                              std::to_string(quarter) + " is " + cur->status);
  }
  std::map<std::pair<std::string, std::string>, bool> allowed;
  for (const auto& a : f->activities) {
    for (const auto& t : a["targets"]) {
      allowed[{a["id"].get<std::string>(), t["measure"].get<std::string>()}] =
          true;
    }
  }
  JJM_ASSIGN_OR_RETURN(const Json* rows,
                       ArrayField(body, "", "rows", true, 0, 2000));
  Json out_rows = Json::array();
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < rows->size(); ++i) {
    const std::string q = ItemPath("", "rows", i);
    const Json& r = (*rows)[i];
    JJM_RETURN_IF_ERROR(
        CheckFields(r, q, {"activity", "measure", "achieved", "narrative"}));
    JJM_ASSIGN_OR_RETURN(std::string act,
                         TextField(r, q, "activity", true, 1, 20));
    JJM_ASSIGN_OR_RETURN(std::string m,
                         TextField(r, q, "measure", true, 1, 40));
    if (!allowed.count({act, m})) {
      return FailedPrecondition(q + ": activity " + act + " with measure " + m +
                                    " is not in the approved plan (revision " +
                                    std::to_string(f->revision) + ")",
                                q + ".activity");
    }
    if (!seen.insert({act, m}).second) {
      return InvalidArgument(q + " repeats " + act + " / " + m, q);
    }
    JJM_ASSIGN_OR_RETURN(int64_t v,
                         IntField(r, q, "achieved", true, 0, 10000000));
    JJM_ASSIGN_OR_RETURN(std::string narrative,
                         TextField(r, q, "narrative", false, 0, 4000));
    out_rows.push_back({{"activity", act},
                        {"measure", m},
                        {"achieved", v},
                        {"narrative", narrative}});
  }
  JJM_ASSIGN_OR_RETURN(auto docs, ReadDocuments(body, "", "evidence", I.opt_));
  Json evidence = cur != nullptr && cur->body.contains("evidence")
                      ? cur->body["evidence"]
                      : Json::array();
  const std::string now = NowUtc();
  AuditRow audit;
  audit.action = "progress.save";
  audit.entity = "plan";
  audit.entity_id = std::to_string(plan_id);
  audit.after = Json{
      {"quarter", quarter},
      {"rows", out_rows.size()},
      {"new_evidence",
       docs.size()}}.dump();
  JJM_RETURN_IF_ERROR(
      I.Write(c, audit, [&]() REQUIRES(I.write_mutex()) -> Status {
        JJM_RETURN_IF_ERROR(
            I.StoreDocuments(docs, "progress:" + std::to_string(p.partner_id),
                             now, c.principal->username, &evidence));
        const Json report{{"rows", out_rows}, {"evidence", evidence}};
        return S
            .AddProgressVersion({.plan_id = plan_id,
                                 .quarter = quarter,
                                 .status = "draft",
                                 .body = report.dump(),
                                 .comment = "",
                                 .at = now,
                                 .actor = c.principal->username})
            .status();
      }));
  return Json{{"plan_id", plan_id},
              {"quarter", quarter},
              {"status", "draft"},
              {"rows", out_rows},
              {"evidence", evidence}};
}

StatusOr<Json> PartnerService::SetProgressStatus(const Caller& c,
                                                 int64_t plan_id, int quarter,
                                                 const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  if (quarter < 1 || quarter > 4) {
    return InvalidArgument("quarter must be 1 to 4", "quarter");
  }
  JJM_ASSIGN_OR_RETURN(const StatusChange change, ReadStatusChange(body));
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Plan p, LoadPlanFor(S, c, plan_id, false));
  JJM_ASSIGN_OR_RETURN(auto versions, LoadProgress(S, plan_id));
  const ProgressVersion* cur = Latest(versions, quarter);
  const std::string now_status = cur != nullptr ? cur->status : "none";
  if (change.status == "submitted") {
    JJM_RETURN_IF_ERROR(Impl::MayEdit(c, p.partner_id));
    if (cur == nullptr ||
        (cur->status != "draft" && cur->status != "returned")) {
      return FailedPrecondition(
          "save the quarter's figures first; the report is " + now_status,
          "status");
    }
    if (cur->body["rows"].empty()) {
      return FailedPrecondition("a report needs at least one figure", "rows");
    }
  } else if (change.status == "returned" || change.status == "accepted") {
    JJM_RETURN_IF_ERROR(Impl::NeedAdmin(
        c, change.status == "returned" ? "return reports" : "accept reports"));
    if (cur == nullptr || cur->status != "submitted") {
      return FailedPrecondition("only a submitted report can be " +
                                    change.status + "; this one is " +
                                    now_status,
                                "status");
    }
    if (change.status == "returned" && change.comment.empty()) {
      return InvalidArgument("comment: say what to change", "comment");
    }
  } else {
    return InvalidArgument("status must be submitted, returned or accepted",
                           "status");
  }
  const std::string now = NowUtc();
  AuditRow audit;
  audit.action = "progress." + change.status;
  audit.entity = "plan";
  audit.entity_id = std::to_string(plan_id);
  audit.before = Json{{"quarter", quarter}, {"status", now_status}}.dump();
  audit.after = Json{{"quarter", quarter},
                     {"status", change.status},
                     {"comment", change.comment}}
                    .dump();
  JJM_RETURN_IF_ERROR(
      I.Write(c, audit, [&]() REQUIRES(I.write_mutex()) -> Status {
        JJM_ASSIGN_OR_RETURN(
            int64_t vid,
            S.AddProgressVersion({.plan_id = plan_id,
                                  .quarter = quarter,
                                  .status = change.status,
                                  .body = cur->body.dump(),
                                  .comment = change.comment,
                                  .at = now,
                                  .actor = c.principal->username}));
        if (change.status != "accepted") return Status::Ok();
        for (const auto& r : cur->body["rows"]) {
          ProgressFigureRow f;
          f.progress_version_id = vid;
          f.activity = r["activity"].get<std::string>();
          f.measure = r["measure"].get<std::string>();
          f.achieved = r["achieved"].get<int64_t>();
          JJM_RETURN_IF_ERROR(S.AddProgressFigure(f));
        }
        return Status::Ok();
      }));
  return Json{{"plan_id", plan_id},
              {"quarter", quarter},
              {"status", change.status},
              {"comment", change.comment}};
}

}  // namespace jjm
