#include "partners/screening.h"

#include <gtest/gtest.h>

namespace jjm {
namespace {

ApplicationFacts Facts(double rural, double water, double projects) {
  ApplicationFacts f;
  f.measures["years_rural"] = rural;
  f.measures["water_work"] = water;
  f.measures["past_projects"] = projects;
  return f;
}

Scores All(double v) {
  return {{"experience", v}, {"capacity", v}, {"reach", v}, {"approach", v}};
}

TEST(ScreeningTest, DefaultRulesAreValid) {
  EXPECT_TRUE(Validate(DefaultRules()).ok());
  RoundRules r = DefaultRules();
  r.criteria[0].weight = 20;
  Status s = Validate(r);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("add up to 90"), std::string::npos) << s.message();
  r = DefaultRules();
  r.checks.push_back({"turnover", 10, ""});
  EXPECT_FALSE(Validate(r).ok());
  r = DefaultRules();
  r.criteria.push_back(r.criteria[0]);
  EXPECT_FALSE(Validate(r).ok());
}

TEST(ScreeningTest, EligibilityNamesEveryFailedCheck) {
  const RoundRules r = DefaultRules();
  const Decision d = Decide(r, Facts(2, 0, 1), nullptr);
  EXPECT_FALSE(d.eligible);
  EXPECT_FALSE(d.shortlisted);
  EXPECT_EQ(d.reason,
            "not eligible: at least 3 years of work in rural areas (has 2); "
            "work on water themes (has 0)");
  EXPECT_TRUE(CheckEligibility(r, Facts(3, 1, 1)).eligible);
}

TEST(ScreeningTest, ScoreAgainstThePassMarkAndEachCriterion) {
  const RoundRules r = DefaultRules();
  const ApplicationFacts ok = Facts(5, 1, 2);
  const Scores six = All(6);
  Decision d = Decide(r, ok, &six);
  EXPECT_TRUE(d.shortlisted);
  EXPECT_DOUBLE_EQ(*d.score, 60);
  EXPECT_EQ(d.reason, "shortlisted: eligible; score 60 (pass mark 60)");
  const Scores low = All(5.95);
  d = Decide(r, ok, &low);
  EXPECT_FALSE(d.shortlisted);
  EXPECT_EQ(d.reason, "score 59.5 below the pass mark 60");
  // High overall, but experience under its own pass mark of 4.
  Scores uneven = All(9);
  uneven["experience"] = 3.5;
  d = Decide(r, ok, &uneven);
  EXPECT_FALSE(d.shortlisted);
  EXPECT_EQ(d.reason,
            "score 73.5 but Relevant experience in rural water and sanitation "
            "scored 3.5, pass mark 4");
  d = Decide(r, ok, nullptr);
  EXPECT_TRUE(d.eligible);
  EXPECT_FALSE(d.screened);
}

TEST(ScreeningTest, MeansDisagreementsAndScoreChecks) {
  const RoundRules r = DefaultRules();
  const std::vector<Scores> reviews = {All(4), All(8)};
  EXPECT_EQ(MeanScores(reviews), All(6));
  EXPECT_EQ(Disagreements(r, reviews).size(), 4u);
  EXPECT_TRUE(Disagreements(r, {All(5), All(8)}).empty());
  EXPECT_TRUE(ValidateScores(r, All(10)).ok());
  EXPECT_FALSE(ValidateScores(r, All(10.5)).ok());
  Scores missing = All(5);
  missing.erase("reach");
  EXPECT_FALSE(ValidateScores(r, missing).ok());
  Scores extra = All(5);
  extra["charisma"] = 5;
  EXPECT_FALSE(ValidateScores(r, extra).ok());
}

}  // namespace
}  // namespace jjm
