#include "partners/screening.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace jjm {
namespace {

std::string Number(double v) {
  // Up to two decimals, without trailing zeros: 60, 59.5, 72.25.
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", std::round(v * 100) / 100);
  std::string out = buf;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

}  // namespace

bool IsWaterTheme(std::string_view theme) {
  return theme == "water_sanitation_hygiene" ||
         theme == "natural_resource_management";
}

bool IsOrgType(std::string_view type) {
  return std::find(std::begin(kOrgTypes), std::end(kOrgTypes), type) !=
         std::end(kOrgTypes);
}

bool IsTheme(std::string_view theme) {
  return std::find(std::begin(kThemes), std::end(kThemes), theme) !=
         std::end(kThemes);
}

RoundRules DefaultRules() {
  RoundRules r;
  r.checks = {
      {"years_rural", 3, "at least 3 years of work in rural areas"},
      {"water_work", 1, "work on water themes"},
      {"past_projects", 1, "at least one past project described"},
  };
  r.criteria = {
      {"experience", "Relevant experience in rural water and sanitation", 30,
       4},
      {"capacity", "Technical and training capacity", 25, 0},
      {"reach", "Presence in the states and districts proposed", 20, 0},
      {"approach", "Approach to community mobilisation", 25, 0},
  };
  r.pass_mark = 60;
  r.reviewers_per_application = 2;
  r.moderation_spread = 3;
  return r;
}

Status Validate(const RoundRules& rules) {
  if (rules.criteria.empty()) {
    return InvalidArgument("a round needs at least one scored criterion",
                           "criteria");
  }
  std::set<std::string> codes;
  double total = 0;
  for (const Criterion& c : rules.criteria) {
    if (c.code.empty() || c.code.size() > 40) {
      return InvalidArgument("a criterion needs a code of 1 to 40 characters",
                             "criteria");
    }
    if (!codes.insert(c.code).second) {
      return InvalidArgument("criterion '" + c.code + "' appears twice",
                             "criteria");
    }
    if (c.label.empty()) {
      return InvalidArgument("criterion '" + c.code + "' needs a label",
                             "criteria");
    }
    if (!(c.weight > 0 && c.weight <= 100)) {
      return InvalidArgument(
          "criterion '" + c.code + "' needs a weight above 0 and up to 100",
          "criteria");
    }
    if (!(c.pass >= 0 && c.pass <= 10)) {
      return InvalidArgument(
          "criterion '" + c.code + "' has a pass mark outside 0 to 10",
          "criteria");
    }
    total += c.weight;
  }
  if (std::fabs(total - 100) > 1e-6) {
    return InvalidArgument(
        "the weights of the criteria add up to " + Number(total) + ", not 100",
        "criteria");
  }
  for (const Check& c : rules.checks) {
    if (std::find(std::begin(kMeasures), std::end(kMeasures), c.measure) ==
        std::end(kMeasures)) {
      return InvalidArgument(
          "unknown measure '" + c.measure + "' in an eligibility check",
          "checks");
    }
    if (!(c.min >= 0 && c.min <= 1000)) {
      return InvalidArgument(
          "the minimum of '" + c.measure + "' must be 0 to 1000", "checks");
    }
  }
  if (!(rules.pass_mark > 0 && rules.pass_mark <= 100)) {
    return InvalidArgument("the pass mark must be above 0 and up to 100",
                           "pass_mark");
  }
  if (rules.reviewers_per_application < 1 ||
      rules.reviewers_per_application > 5) {
    return InvalidArgument("reviewers per application must be 1 to 5",
                           "reviewers_per_application");
  }
  if (!(rules.moderation_spread >= 0 && rules.moderation_spread <= 10)) {
    return InvalidArgument("the moderation spread must be 0 to 10",
                           "moderation_spread");
  }
  return Status::Ok();
}

Eligibility CheckEligibility(const RoundRules& rules,
                             const ApplicationFacts& facts) {
  Eligibility e;
  for (const Check& c : rules.checks) {
    auto it = facts.measures.find(c.measure);
    const double v = it == facts.measures.end() ? 0 : it->second;
    if (v < c.min) {
      e.eligible = false;
      const std::string label =
          c.label.empty() ? c.measure + " at least " + Number(c.min) : c.label;
      e.failures.push_back(label + " (has " + Number(v) + ")");
    }
  }
  return e;
}

Status ValidateScores(const RoundRules& rules, const Scores& scores) {
  for (const auto& score : scores) {
    const std::string& code = score.first;
    const double v = score.second;
    const bool known =
        std::any_of(rules.criteria.begin(), rules.criteria.end(),
                    [&](const Criterion& c) { return c.code == code; });
    if (!known) {
      return InvalidArgument("no criterion '" + code + "' in this round",
                             "scores");
    }
    if (!(v >= 0 && v <= 10)) {
      return InvalidArgument("the score for '" + code + "' must be 0 to 10",
                             "scores");
    }
  }
  for (const Criterion& c : rules.criteria) {
    if (scores.count(c.code) == 0) {
      return InvalidArgument("a score for '" + c.code + "' is missing",
                             "scores");
    }
  }
  return Status::Ok();
}

double WeightedScore(const RoundRules& rules, const Scores& scores) {
  double total = 0;
  for (const Criterion& c : rules.criteria) {
    auto it = scores.find(c.code);
    if (it != scores.end()) total += c.weight * it->second / 10.0;
  }
  // Two decimals, so that the score shown is the score compared.
  return std::round(total * 100) / 100;
}

Scores MeanScores(const std::vector<Scores>& reviews) {
  Scores sum;
  std::map<std::string, int> n;
  for (const Scores& s : reviews) {
    for (const auto& [k, v] : s) {
      sum[k] += v;
      ++n[k];
    }
  }
  for (auto& [k, v] : sum) v = std::round(v / n[k] * 100) / 100;
  return sum;
}

std::vector<std::string> Disagreements(const RoundRules& rules,
                                       const std::vector<Scores>& reviews) {
  std::vector<std::string> out;
  for (const Criterion& c : rules.criteria) {
    double lo = 10, hi = 0;
    bool any = false;
    for (const Scores& s : reviews) {
      auto it = s.find(c.code);
      if (it == s.end()) continue;
      lo = std::min(lo, it->second);
      hi = std::max(hi, it->second);
      any = true;
    }
    if (any && hi - lo > rules.moderation_spread) out.push_back(c.code);
  }
  return out;
}

Decision Decide(const RoundRules& rules, const ApplicationFacts& facts,
                const Scores* final_scores) {
  Decision d;
  const Eligibility e = CheckEligibility(rules, facts);
  d.eligible = e.eligible;
  if (!e.eligible) {
    d.reason = "not eligible: ";
    for (size_t i = 0; i < e.failures.size(); ++i) {
      if (i > 0) d.reason += "; ";
      d.reason += e.failures[i];
    }
    return d;
  }
  if (final_scores == nullptr) {
    d.reason = "eligible, not screened: no moderated scores";
    return d;
  }
  d.screened = true;
  d.score = WeightedScore(rules, *final_scores);
  std::vector<std::string> below;
  for (const Criterion& c : rules.criteria) {
    auto it = final_scores->find(c.code);
    const double v = it == final_scores->end() ? 0 : it->second;
    if (c.pass > 0 && v < c.pass) {
      below.push_back(c.label + " scored " + Number(v) + ", pass mark " +
                      Number(c.pass));
    }
  }
  if (*d.score < rules.pass_mark) {
    d.reason = "score " + Number(*d.score) + " below the pass mark " +
               Number(rules.pass_mark);
    for (const std::string& b : below) d.reason += "; " + b;
    return d;
  }
  if (!below.empty()) {
    d.reason = "score " + Number(*d.score) + " but ";
    for (size_t i = 0; i < below.size(); ++i) {
      if (i > 0) d.reason += "; ";
      d.reason += below[i];
    }
    return d;
  }
  d.shortlisted = true;
  d.reason = "shortlisted: eligible; score " + Number(*d.score) +
             " (pass mark " + Number(rules.pass_mark) + ")";
  return d;
}

}  // namespace jjm
