#include <nlohmann/json.hpp>

#include "partners/partner_internal.h"

namespace jjm {

Json RulesToJson(const RoundRules& r) {
  Json j;
  j["checks"] = Json::array();
  for (const Check& c : r.checks) {
    j["checks"].push_back(
        {{"measure", c.measure}, {"min", c.min}, {"label", c.label}});
  }
  j["criteria"] = Json::array();
  for (const Criterion& c : r.criteria) {
    j["criteria"].push_back({{"code", c.code},
                             {"label", c.label},
                             {"weight", c.weight},
                             {"pass", c.pass}});
  }
  j["pass_mark"] = r.pass_mark;
  j["reviewers_per_application"] = r.reviewers_per_application;
  j["moderation_spread"] = r.moderation_spread;
  return j;
}

StatusOr<RoundRules> RulesFromJson(const Json& j, const std::string& p) {
  JJM_RETURN_IF_ERROR(
      CheckFields(j, p,
                  {"checks", "criteria", "pass_mark",
                   "reviewers_per_application", "moderation_spread"}));
  RoundRules r;
  JJM_ASSIGN_OR_RETURN(const Json* checks,
                       ArrayField(j, p, "checks", false, 0, 20));
  for (size_t i = 0; i < checks->size(); ++i) {
    const std::string q = ItemPath(p, "checks", i);
    const Json& c = (*checks)[i];
    JJM_RETURN_IF_ERROR(CheckFields(c, q, {"measure", "min", "label"}));
    Check ch;
    JJM_ASSIGN_OR_RETURN(ch.measure, TextField(c, q, "measure", true, 1, 40));
    JJM_ASSIGN_OR_RETURN(ch.min, NumberField(c, q, "min", true, 0));
    JJM_ASSIGN_OR_RETURN(ch.label, TextField(c, q, "label", false, 0, 200));
    r.checks.push_back(ch);
  }
  JJM_ASSIGN_OR_RETURN(const Json* crit,
                       ArrayField(j, p, "criteria", true, 1, 20));
  for (size_t i = 0; i < crit->size(); ++i) {
    const std::string q = ItemPath(p, "criteria", i);
    const Json& c = (*crit)[i];
    JJM_RETURN_IF_ERROR(CheckFields(c, q, {"code", "label", "weight", "pass"}));
    Criterion cr;
    JJM_ASSIGN_OR_RETURN(cr.code, TextField(c, q, "code", true, 1, 40));
    JJM_ASSIGN_OR_RETURN(cr.label, TextField(c, q, "label", true, 1, 200));
    JJM_ASSIGN_OR_RETURN(cr.weight, NumberField(c, q, "weight", true, 0));
    JJM_ASSIGN_OR_RETURN(cr.pass, NumberField(c, q, "pass", false, 0));
    r.criteria.push_back(cr);
  }
  JJM_ASSIGN_OR_RETURN(r.pass_mark, NumberField(j, p, "pass_mark", true, 0));
  JJM_ASSIGN_OR_RETURN(
      int64_t n, IntField(j, p, "reviewers_per_application", false, 1, 5, 2));
  r.reviewers_per_application = static_cast<int>(n);
  JJM_ASSIGN_OR_RETURN(r.moderation_spread,
                       NumberField(j, p, "moderation_spread", false, 3));
  if (Status v = Validate(r); !v.ok()) {
    return InvalidArgument(v.message(), FieldPath(p, v.field()));
  }
  return r;
}

StatusOr<Scores> ScoresFromJson(const Json& j, const std::string& field,
                                const RoundRules& rules) {
  if (!j.is_object()) {
    return InvalidArgument(field + " must be an object of criterion: score",
                           field);
  }
  Scores s;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_number()) {
      return InvalidArgument(field + "." + it.key() + " must be a number",
                             field + "." + it.key());
    }
    s[it.key()] = it.value().get<double>();
  }
  Status st = ValidateScores(rules, s);
  if (!st.ok()) return InvalidArgument(st.message(), field);
  return s;
}

Json ScoresToJson(const Scores& s) {
  Json j = Json::object();
  for (const auto& [k, v] : s) j[k] = v;
  return j;
}

ApplicationFacts FactsOf(const Json& app) {
  ApplicationFacts f;
  auto count = [&](const char* k) -> double {
    return app.contains(k) && app[k].is_array()
               ? static_cast<double>(app[k].size())
               : 0;
  };
  f.measures["years_work"] = app.value("years_of_work", 0);
  f.measures["years_rural"] = app.value("years_rural", 0);
  f.measures["themes"] = count("themes");
  f.measures["states"] = count("states");
  f.measures["past_projects"] = count("past_projects");
  double water = 0, water_projects = 0;
  if (app.contains("themes")) {
    for (const auto& t : app["themes"]) {
      if (IsWaterTheme(t.get<std::string>())) water = 1;
    }
  }
  if (app.contains("past_projects")) {
    for (const auto& p : app["past_projects"]) {
      bool w = false;
      if (p.contains("themes")) {
        for (const auto& t : p["themes"]) {
          w = w || IsWaterTheme(t.get<std::string>());
        }
      }
      if (w) {
        ++water_projects;
        water = 1;
      }
    }
  }
  f.measures["water_work"] = water;
  f.measures["water_projects"] = water_projects;
  return f;
}

Scores ParseScores(std::string_view text) {
  Scores s;
  if (text.empty()) return s;
  Json j = Json::parse(text);
  for (auto it = j.begin(); it != j.end(); ++it) s[it.key()] = it.value();
  return s;
}

}  // namespace jjm
