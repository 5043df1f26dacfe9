#include <cmath>
#include <map>
#include <tuple>

#include "base/fiscal_year.h"
#include "partners/partner_internal.h"

namespace jjm {

StatusOr<Json> PartnerService::ProgressRollup(const Caller& c,
                                              const std::string& by,
                                              const std::string& fy) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  if (by != "theme" && by != "level" && by != "state" && by != "partner") {
    return InvalidArgument("by must be theme, level, state or partner", "by");
  }
  JJM_RETURN_IF_ERROR(ParseFy(fy, "fy").status());
  const bool national = MayReadAllPartners(*c.principal);
  if (!MaySeePartners(*c.principal)) {
    return Status(StatusCode::kPermissionDenied,
                  "progress roll-ups are for the mission and partner users");
  }
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  // Targets of the approved revision in force of each plan of the year.
  struct Key {
    int64_t plan;
    std::string activity, measure;
    bool operator<(const Key& o) const {
      return std::tie(plan, activity, measure) <
             std::tie(o.plan, o.activity, o.measure);
    }
  };
  struct Target {
    std::string group, group_name;
    int64_t target = 0;
  };
  std::map<Key, Target> targets;
  JJM_RETURN_IF_ERROR(
      S.ForEachTargetInForce(fy, [&](const TargetInForceRow& row) {
        if (!national && !ActsForPartner(*c.principal, row.partner_id)) return;
        Target t;
        if (by == "theme") {
          t.group = row.theme;
        } else if (by == "level") {
          t.group = row.level;
        } else if (by == "state") {
          t.group = !row.state_id
                        ? "IN"
                        : I.CodeOf(static_cast<UnitId>(*row.state_id));
        } else {
          t.group = std::to_string(row.partner_id);
          t.group_name = row.partner_name;
        }
        t.target = row.target;
        targets[{row.plan_id, row.activity, row.measure}] = t;
      }));
  std::map<Key, int64_t> achieved;
  JJM_RETURN_IF_ERROR(
      S.ForEachAcceptedFigure(fy, [&](const ProgressFigureRow& f) {
        achieved[{f.progress_version_id, f.activity, f.measure}] += f.achieved;
      }));
  struct Sum {
    std::string name;
    int64_t target = 0, achieved = 0, activities = 0;
  };
  std::map<std::pair<std::string, std::string>, Sum> sums;  // group, measure
  for (const auto& [k, t] : targets) {
    Sum& s = sums[{t.group, k.measure}];
    s.name = t.group_name;
    s.target += t.target;
    ++s.activities;
    auto it = achieved.find(k);
    if (it != achieved.end()) s.achieved += it->second;
  }
  Json out{{"fy", fy}, {"by", by}, {"rows", Json::array()}};
  for (const auto& [k, s] : sums) {
    std::string name = s.name;
    if (by == "state") {
      if (k.first == "IN") {
        name = "National level";
      } else {
        auto place = I.Place(k.first, "state");
        name = place.ok() ? place->name : k.first;
      }
    } else if (name.empty()) {
      name = k.first;
    }
    out["rows"].push_back(
        {{"key", k.first},
         {"name", name},
         {"measure", k.second},
         {"activities", s.activities},
         {"target", s.target},
         {"achieved", s.achieved},
         {"pct", s.target > 0
                     ? Json(std::round(1000.0 * s.achieved / s.target) / 10)
                     : Json(nullptr)}});
  }
  return out;
}

StatusOr<Json> PartnerService::Overdue(const Caller& c, const std::string& fy) {
  JJM_RETURN_IF_ERROR(Impl::NeedNational(c));
  JJM_ASSIGN_OR_RETURN(int y, ParseFy(fy, "fy"));
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  std::vector<std::pair<int64_t, std::string>> plans;  // plan, partner name
  JJM_RETURN_IF_ERROR(
      S.ForEachApprovedPlan(fy, [&](int64_t plan_id, const std::string& name) {
        plans.emplace_back(plan_id, name);
      }));
  Json out{
      {"fy", fy}, {"as_of", c.today.ToString()}, {"overdue", Json::array()}};
  for (const auto& [plan_id, name] : plans) {
    JJM_ASSIGN_OR_RETURN(Plan p, LoadPlan(S, plan_id));
    JJM_ASSIGN_OR_RETURN(auto versions, LoadProgress(S, plan_id));
    // Quarters with something planned in the approved revision.
    int64_t planned[5] = {0, 0, 0, 0, 0};
    if (const PlanVersion* f = p.in_force()) {
      for (const auto& a : f->activities) {
        for (const auto& t : a["targets"]) {
          for (int q = 1; q <= 4; ++q) {
            planned[q] += t["q" + std::to_string(q)].get<int64_t>();
          }
        }
      }
    }
    for (int q = 1; q <= 4; ++q) {
      const Date due = QuarterEnd(y, q) + I.opt_.report_due_days;
      if (!(due < c.today) || planned[q] == 0) continue;
      const ProgressVersion* cur = Latest(versions, q);
      const std::string st = cur != nullptr ? cur->status : "none";
      if (st == "submitted" || st == "accepted") continue;
      out["overdue"].push_back(
          {{"partner", {{"id", p.partner_id}, {"name", name}}},
           {"plan_id", plan_id},
           {"quarter", q},
           {"due_on", due.ToString()},
           {"days_overdue", c.today - due},
           {"status", st}});
    }
  }
  return out;
}

StatusOr<Json> PartnerService::Queue(const Caller& c) {
  JJM_RETURN_IF_ERROR(Impl::NeedNational(c));
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  Json out{{"plans", Json::array()}, {"reports", Json::array()}};
  auto add = [](Json* list, const char* what) {
    return [list, what](const QueuedRow& q) {
      list->push_back(
          {{"plan_id", q.plan_id},
           {"fy", q.fy},
           {"partner", {{"id", q.partner_id}, {"name", q.partner_name}}},
           {what, q.revision_or_quarter},
           {"submitted_at", q.submitted_at}});
    };
  };
  JJM_RETURN_IF_ERROR(S.ForEachSubmittedPlan(add(&out["plans"], "revision")));
  JJM_RETURN_IF_ERROR(
      S.ForEachSubmittedReport(add(&out["reports"], "quarter")));
  return out;
}

}  // namespace jjm
