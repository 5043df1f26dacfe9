#include <set>

#include "base/fiscal_year.h"
#include "base/strings.h"
#include "partners/partner_internal.h"

namespace jjm {

StatusOr<Plan> LoadPlan(PartnersStore& S, int64_t id) {
  JJM_ASSIGN_OR_RETURN(PlanRow row, S.GetPlan(id));
  Plan p;
  p.id = row.id;
  p.partner_id = row.partner_id;
  p.fy = std::move(row.fy);
  p.created_at = std::move(row.created_at);
  JJM_RETURN_IF_ERROR(S.ForEachPlanVersion(id, [&](PlanVersionRow& r) {
    p.versions.push_back({StampOf(r), r.revision, Json::parse(r.activities)});
  }));
  return p;
}

StatusOr<Plan> LoadPlanFor(PartnersStore& S, const Caller& c, int64_t id,
                           bool edit) {
  JJM_ASSIGN_OR_RETURN(Plan p, LoadPlan(S, id));
  JJM_RETURN_IF_ERROR(edit ? PartnerService::Impl::MayEdit(c, p.partner_id)
                           : PartnerService::Impl::MayRead(c, p.partner_id));
  return p;
}

namespace {

Json VersionJson(const PlanVersion& v, bool with_activities) {
  Json j{{"version_id", v.id}, {"revision", v.revision},
         {"status", v.status}, {"comment", v.comment},
         {"at", v.at},         {"by", v.actor}};
  if (with_activities) j["activities"] = v.activities;
  return j;
}

Json PlanJson(const Plan& p, const std::string& partner_name) {
  Json j{{"id", p.id},
         {"partner", {{"id", p.partner_id}, {"name", partner_name}}},
         {"fy", p.fy},
         {"created_at", p.created_at},
         {"current", VersionJson(p.current(), true)}};
  const PlanVersion* f = p.in_force();
  j["in_force"] = f != nullptr ? VersionJson(*f, true) : Json(nullptr);
  j["history"] = Json::array();
  for (auto it = p.versions.rbegin(); it != p.versions.rend(); ++it) {
    j["history"].push_back(VersionJson(*it, false));
  }
  return j;
}

// Checks and normalises a plan's activities.
StatusOr<Json> ReadActivities(PartnerService::Impl& I, const Json& body,
                              const Partner& partner) {
  JJM_ASSIGN_OR_RETURN(const Json* acts,
                       ArrayField(body, "", "activities", true, 0, 200));
  Json out = Json::array();
  std::set<std::string> ids;
  int next = 1;
  for (const auto& a : *acts) {
    if (a.is_object() && a.contains("id") && a["id"].is_string()) {
      const std::string s = a["id"].get<std::string>();
      if (s.size() > 1 && s[0] == 'A') {
        next = std::max<int>(
            next, static_cast<int>(ParseInt(s.substr(1)).value_or(0)) + 1);
      }
    }
  }
  for (size_t i = 0; i < acts->size(); ++i) {
    const std::string p = ItemPath("", "activities", i);
    const Json& a = (*acts)[i];
    JJM_RETURN_IF_ERROR(
        CheckFields(a, p,
                    {"id", "level", "unit", "theme", "description", "targets",
                     "resources", "budget_inr"}));
    Json o;
    JJM_ASSIGN_OR_RETURN(std::string id, TextField(a, p, "id", false, 1, 20));
    if (id.empty()) id = "A" + std::to_string(next++);
    if (!ids.insert(id).second) {
      return InvalidArgument(p + ".id repeats '" + id + "'", p + ".id");
    }
    JJM_ASSIGN_OR_RETURN(std::string level,
                         TextField(a, p, "level", true, 1, 20));
    JJM_RETURN_IF_ERROR(NeedOneOf(kPlanLevels, level, p + ".level", false));
    JJM_ASSIGN_OR_RETURN(std::string unit,
                         TextField(a, p, "unit", level != "national", 1, 40));
    if (unit.empty()) unit = "IN";
    JJM_ASSIGN_OR_RETURN(auto place, I.Place(unit, p + ".unit"));
    const Level want = level == "national" ? Level::kNation
                       : level == "state"  ? Level::kState
                                           : Level::kDistrict;
    if (place.level != want) {
      return InvalidArgument(
          p + ".unit: " + place.code + " is not a " +
              (level == "national" ? std::string("nation (use IN)") : level),
          p + ".unit");
    }
    JJM_RETURN_IF_ERROR(
        NeedWorksAt(I, partner, place.id, p + ".unit",
                    "in " + place.name + " (" + place.code + ")"));
    JJM_ASSIGN_OR_RETURN(std::string theme,
                         TextField(a, p, "theme", true, 1, 40));
    JJM_RETURN_IF_ERROR(NeedOneOf(kActivityThemes, theme, p + ".theme", true));
    JJM_ASSIGN_OR_RETURN(std::string desc,
                         TextField(a, p, "description", true, 3, 2000));
    JJM_ASSIGN_OR_RETURN(const Json* targets,
                         ArrayField(a, p, "targets", true, 1, 10));
    Json tj = Json::array();
    std::set<std::string> measures;
    for (size_t k = 0; k < targets->size(); ++k) {
      const std::string q = ItemPath(p, "targets", k);
      const Json& t = (*targets)[k];
      JJM_RETURN_IF_ERROR(
          CheckFields(t, q, {"measure", "q1", "q2", "q3", "q4"}));
      JJM_ASSIGN_OR_RETURN(std::string m,
                           TextField(t, q, "measure", true, 1, 40));
      JJM_RETURN_IF_ERROR(NeedOneOf(kMeasureUnits, m, q + ".measure", true));
      if (!measures.insert(m).second) {
        return InvalidArgument(q + ".measure repeats '" + m + "'",
                               q + ".measure");
      }
      Json tt{{"measure", m}};
      int64_t sum = 0;
      for (const char* qq : {"q1", "q2", "q3", "q4"}) {
        JJM_ASSIGN_OR_RETURN(int64_t v,
                             IntField(t, q, qq, false, 0, 10000000, 0));
        tt[qq] = v;
        sum += v;
      }
      if (sum == 0) {
        return InvalidArgument(q + ": a target needs a number in some quarter",
                               q + ".q1");
      }
      tj.push_back(tt);
    }
    JJM_ASSIGN_OR_RETURN(std::string resources,
                         TextField(a, p, "resources", false, 0, 1000));
    JJM_ASSIGN_OR_RETURN(int64_t budget, IntField(a, p, "budget_inr", false, 0,
                                                  100000000000LL, 0));
    o["id"] = id;
    o["level"] = level;
    o["unit"] = place.code;
    o["unit_name"] = place.name;
    o["theme"] = theme;
    o["description"] = desc;
    o["targets"] = tj;
    o["resources"] = resources;
    o["budget_inr"] = budget;
    out.push_back(o);
  }
  return out;
}

}  // namespace

StatusOr<Json> PartnerService::ListPlans(const Caller& c, int64_t partner_id) {
  JJM_RETURN_IF_ERROR(Impl::MayRead(c, partner_id));
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  JJM_ASSIGN_OR_RETURN(Partner partner, LoadPartner(S, partner_id));
  JJM_ASSIGN_OR_RETURN(std::vector<int64_t> ids, S.PlanIdsOf(partner_id));
  Json out{{"partner", {{"id", partner.id}, {"name", partner.name}}},
           {"plans", Json::array()}};
  for (int64_t id : ids) {
    JJM_ASSIGN_OR_RETURN(Plan p, LoadPlan(S, id));
    const PlanVersion* f = p.in_force();
    out["plans"].push_back({{"id", p.id},
                            {"fy", p.fy},
                            {"revision", p.current().revision},
                            {"status", p.current().status},
                            {"in_force_revision",
                             f != nullptr ? Json(f->revision) : Json(nullptr)},
                            {"activities", p.current().activities.size()},
                            {"updated_at", p.current().at}});
  }
  return out;
}

StatusOr<Json> PartnerService::CreatePlan(const Caller& c, int64_t partner_id,
                                          const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::MayEdit(c, partner_id));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"fy"}));
  JJM_ASSIGN_OR_RETURN(std::string fy, TextField(body, "", "fy", true, 7, 7));
  JJM_ASSIGN_OR_RETURN(int y, ParseFy(fy, "fy"));
  if (y > c.today.FinancialYear() + 1) {
    return InvalidArgument("fy " + fy +
                               " is too far ahead; plan at most the "
                               "next financial year",
                           "fy");
  }
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Partner partner, LoadPartner(S, partner_id));
  JJM_ASSIGN_OR_RETURN(bool exists, S.PlanExists(partner_id, fy));
  if (exists) {
    return Conflict(partner.name + " already has a plan for " + fy, "fy");
  }
  const std::string now = NowUtc();
  int64_t id = 0;
  AuditRow audit;
  audit.action = "plan.create";
  audit.entity = "plan";
  audit.after = Json{{"partner", partner.name}, {"fy", fy}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    PlanRow plan;
    plan.partner_id = partner_id;
    plan.fy = fy;
    plan.created_at = now;
    plan.created_by = c.principal->username;
    JJM_ASSIGN_OR_RETURN(id, S.AddPlan(plan));
    return S
        .AddPlanVersion({.plan_id = id,
                         .revision = 1,
                         .status = "draft",
                         .activities = Json::array().dump(),
                         .comment = "",
                         .at = now,
                         .actor = c.principal->username})
        .status();
  }));
  JJM_ASSIGN_OR_RETURN(Plan p, LoadPlan(S, id));
  return PlanJson(p, partner.name);
}

StatusOr<Json> PartnerService::GetPlan(const Caller& c, int64_t plan_id) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  JJM_ASSIGN_OR_RETURN(Plan p, LoadPlanFor(S, c, plan_id, false));
  JJM_ASSIGN_OR_RETURN(Partner partner, LoadPartner(S, p.partner_id));
  return PlanJson(p, partner.name);
}

StatusOr<Json> PartnerService::SavePlan(const Caller& c, int64_t plan_id,
                                        const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"activities"}));
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Plan p, LoadPlanFor(S, c, plan_id, true));
  const PlanVersion& cur = p.current();
  if (cur.status == "approved") {
    return FailedPrecondition(
        "revision " + std::to_string(cur.revision) + " of the " + p.fy +
        " plan is approved and locked; start a new revision to change it");
  }
  if (cur.status == "submitted") {
    return FailedPrecondition("the " + p.fy +
                              " plan is submitted and waits for the mission");
  }
  JJM_ASSIGN_OR_RETURN(Partner partner, LoadPartner(S, p.partner_id));
  JJM_ASSIGN_OR_RETURN(Json acts, ReadActivities(I, body, partner));
  const std::string now = NowUtc();
  AuditRow audit;
  audit.action = "plan.save";
  audit.entity = "plan";
  audit.entity_id = std::to_string(plan_id);
  audit.before = Json{{"activities", cur.activities.size()}}.dump();
  audit.after = Json{{"activities", acts.size()}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    return S
        .AddPlanVersion({.plan_id = plan_id,
                         .revision = cur.revision,
                         .status = "draft",
                         .activities = acts.dump(),
                         .comment = "",
                         .at = now,
                         .actor = c.principal->username})
        .status();
  }));
  JJM_ASSIGN_OR_RETURN(Plan q, LoadPlan(S, plan_id));
  return PlanJson(q, partner.name);
}

StatusOr<Json> PartnerService::SetPlanStatus(const Caller& c, int64_t plan_id,
                                             const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_ASSIGN_OR_RETURN(const StatusChange change, ReadStatusChange(body));
  const std::string& status = change.status;
  const std::string& comment = change.comment;
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Plan p, LoadPlanFor(S, c, plan_id, false));
  const PlanVersion& cur = p.current();
  int revision = cur.revision;
  Json activities = cur.activities;
  if (status == "submitted") {
    JJM_RETURN_IF_ERROR(Impl::MayEdit(c, p.partner_id));
    if (cur.status != "draft" && cur.status != "returned") {
      return FailedPrecondition("a " + cur.status + " plan cannot be submitted",
                                "status");
    }
    if (activities.empty()) {
      return FailedPrecondition("a plan needs at least one activity",
                                "activities");
    }
  } else if (status == "returned" || status == "approved") {
    JJM_RETURN_IF_ERROR(Impl::NeedAdmin(
        c, status == "returned" ? "return plans" : "approve plans"));
    if (cur.status != "submitted") {
      return FailedPrecondition("only a submitted plan can be " + status +
                                    "; this one is " + cur.status,
                                "status");
    }
    if (status == "returned" && comment.empty()) {
      return InvalidArgument("comment: say what to change", "comment");
    }
  } else if (status == "draft") {
    JJM_RETURN_IF_ERROR(Impl::MayEdit(c, p.partner_id));
    if (cur.status != "approved") {
      return FailedPrecondition(
          "a new revision starts from an approved plan; this one is " +
              cur.status,
          "status");
    }
    ++revision;
  } else {
    return InvalidArgument(
        "status must be submitted, returned, approved or draft (a new "
        "revision)",
        "status");
  }
  JJM_ASSIGN_OR_RETURN(Partner partner, LoadPartner(S, p.partner_id));
  const std::string now = NowUtc();
  AuditRow audit;
  audit.action = "plan." + std::string(status == "draft" ? "revise" : status);
  audit.entity = "plan";
  audit.entity_id = std::to_string(plan_id);
  audit.before =
      Json{{"status", cur.status}, {"revision", cur.revision}}.dump();
  audit.after =
      Json{{"status", status}, {"revision", revision}, {"comment", comment}}
          .dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(int64_t vid,
                         S.AddPlanVersion({.plan_id = plan_id,
                                           .revision = revision,
                                           .status = status,
                                           .activities = activities.dump(),
                                           .comment = comment,
                                           .at = now,
                                           .actor = c.principal->username}));
    if (status != "approved") return Status::Ok();
    for (const auto& a : activities) {
      JJM_ASSIGN_OR_RETURN(auto place,
                           I.Place(a["unit"].get<std::string>(), "unit"));
      for (const auto& t : a["targets"]) {
        PlanTargetRow row;
        row.plan_version_id = vid;
        row.activity = a["id"].get<std::string>();
        row.level = a["level"].get<std::string>();
        row.unit_id = static_cast<int64_t>(place.id);
        if (place.state != kNoUnit) {
          row.state_id = static_cast<int64_t>(place.state);
        }
        row.theme = a["theme"].get<std::string>();
        row.measure = t["measure"].get<std::string>();
        for (int q = 0; q < 4; ++q) {
          row.q[q] = t["q" + std::to_string(q + 1)].get<int64_t>();
        }
        JJM_RETURN_IF_ERROR(S.AddPlanTarget(row));
      }
    }
    return Status::Ok();
  }));
  JJM_ASSIGN_OR_RETURN(Plan q, LoadPlan(S, plan_id));
  return PlanJson(q, partner.name);
}

}  // namespace jjm
