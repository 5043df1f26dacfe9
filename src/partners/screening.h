// Screening expressions of interest: a round's rules, the facts an
// application gives, and the decision they lead to.  Pure functions, so
// that the server, the demo generator and the tests decide alike.
//
//   RoundRules rules = DefaultRules();
//   ApplicationFacts facts{.years_rural = 5, .water_work = 1, ...};
//   Decision d = Decide(rules, facts, &final_scores);
//   // d.shortlisted, d.reason: "shortlisted: score 72.5 (pass mark 60)"
#ifndef JJM_PARTNERS_SCREENING_H_
#define JJM_PARTNERS_SCREENING_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jjm {

// Organisation types and thematic areas an application may name.
inline constexpr std::string_view kOrgTypes[] = {
    "un_agency", "ngo",      "trust",     "foundation",
    "csr",       "academic", "community", "other"};
inline constexpr std::string_view kThemes[] = {"water_sanitation_hygiene",
                                               "natural_resource_management",
                                               "community_engagement",
                                               "capacity_building",
                                               "education",
                                               "health",
                                               "tribal_development",
                                               "gender_equity"};
// Themes that count as work on water.
bool IsWaterTheme(std::string_view theme);
bool IsOrgType(std::string_view type);
bool IsTheme(std::string_view theme);

// What the eligibility checks measure in an application.
inline constexpr std::string_view kMeasures[] = {
    "years_work",     // years the organisation has worked
    "years_rural",    // years of work in rural areas
    "water_work",     // 1 if it names a water theme, else 0
    "themes",         // number of thematic areas
    "states",         // number of states worked in
    "past_projects",  // number of past projects described
    "water_projects"  // past projects on a water theme
};

struct ApplicationFacts {
  std::map<std::string, double> measures;  // by measure name
};

// A check computed from the application: `measure` at least `min`.
struct Check {
  std::string measure;
  double min = 0;
  std::string label;  // "at least 3 years of work in rural areas"
};

// A criterion reviewers score from 0 to 10; `weight` of the 100 points;
// a final score under `pass` (if above 0) fails the application.
struct Criterion {
  std::string code;
  std::string label;
  double weight = 0;
  double pass = 0;
};

struct RoundRules {
  std::vector<Check> checks;
  std::vector<Criterion> criteria;
  double pass_mark = 60;  // of 100
  int reviewers_per_application = 2;
  double moderation_spread = 3;  // reviewers further apart need a note
};

// The rules of the mission's round: at least 3 years of rural work, work
// on water themes, a past project; four criteria; pass mark 60.
RoundRules DefaultRules();
// Weights must add up to 100, codes be unique, measures known, and so on.
Status Validate(const RoundRules& rules);

struct Eligibility {
  bool eligible = true;
  std::vector<std::string> failures;  // one sentence per failed check
};
Eligibility CheckEligibility(const RoundRules& rules,
                             const ApplicationFacts& facts);

// Final scores by criterion code (0 to 10).
using Scores = std::map<std::string, double>;
// Checks a reviewer's or moderator's scores: every criterion, 0 to 10.
Status ValidateScores(const RoundRules& rules, const Scores& scores);
// The weighted score out of 100.
double WeightedScore(const RoundRules& rules, const Scores& scores);
// Means of several reviewers' scores, criterion by criterion.
Scores MeanScores(const std::vector<Scores>& reviews);
// Criteria on which the reviewers differ by more than the rules allow.
std::vector<std::string> Disagreements(const RoundRules& rules,
                                       const std::vector<Scores>& reviews);

struct Decision {
  bool eligible = false;
  bool screened = false;
  std::optional<double> score;
  bool shortlisted = false;
  std::string reason;
};
// The decision for an application: `final_scores` null when it has not
// been screened (moderated).
Decision Decide(const RoundRules& rules, const ApplicationFacts& facts,
                const Scores* final_scores);

}  // namespace jjm

#endif  // JJM_PARTNERS_SCREENING_H_
