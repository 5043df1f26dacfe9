// The Har Ghar Jal reporting rule, the steps of certification, and the
// status timeline that falls back when coverage falls.
#include <gtest/gtest.h>

#include "accounts/roles.h"
#include "supply/certification.h"
#include "supply/hgj_index.h"

namespace jjm {
namespace {

Metrics Village(int hh, int tap, int schools = 0, int schools_tap = 0,
                int aw = 0, int aw_tap = 0) {
  Metrics m;
  m.villages = 1;
  m.total_hh = hh;
  m.hh_with_tap = tap;
  m.hgj_villages = hh > 0 && tap >= hh;
  m.schools = schools;
  m.schools_with_tap = schools_tap;
  m.anganwadis = aw;
  m.anganwadis_with_tap = aw_tap;
  return m;
}

TEST(SupplyCertificationTest,
     ReadyOnlyWhenEveryHouseholdSchoolAndAnganwadiHasATap) {
  EXPECT_TRUE(ReadinessOf(Village(120, 120, 2, 2, 1, 1)).ready);
  Readiness r = ReadinessOf(Village(240, 228, 2, 1, 1, 1));
  EXPECT_FALSE(r.ready);
  ASSERT_EQ(r.missing.size(), 2u);
  EXPECT_EQ(r.missing[0], "12 of 240 households have no tap");
  EXPECT_EQ(r.missing[1], "1 of 2 schools has no tap");
  ASSERT_EQ(r.shortfalls.size(), 2u);
  EXPECT_EQ(r.shortfalls[1].what, "schools");
  EXPECT_EQ(r.shortfalls[1].lacking, 1);
  Readiness a = ReadinessOf(Village(50, 50, 0, 0, 3, 1));
  EXPECT_FALSE(a.ready);
  EXPECT_EQ(a.missing.at(0), "2 of 3 anganwadi centres have no tap");
  Readiness none = ReadinessOf(Village(0, 0));
  EXPECT_FALSE(none.ready);
  EXPECT_EQ(none.shortfalls.at(0).what, "no_households");
}

TEST(SupplyCertificationTest, StepsFollowTheirOrder) {
  using S = HgjStatus;
  EXPECT_TRUE(CheckStep(S::kInProgress, S::kReported).ok());
  EXPECT_FALSE(CheckStep(S::kReported, S::kReported).ok());
  EXPECT_TRUE(CheckStep(S::kReported, S::kSubmitted).ok());
  EXPECT_TRUE(CheckStep(S::kReturned, S::kSubmitted).ok());
  EXPECT_FALSE(CheckStep(S::kInProgress, S::kSubmitted).ok());
  EXPECT_TRUE(CheckStep(S::kSubmitted, S::kCertified).ok());
  EXPECT_TRUE(CheckStep(S::kSubmitted, S::kReturned).ok());
  EXPECT_FALSE(CheckStep(S::kReported, S::kCertified).ok());
  Status s = CheckStep(S::kCertified, S::kSubmitted);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  ASSERT_EQ(s.details().size(), 1u);
  EXPECT_EQ(s.details()[0].second, "certified");
}

VillageTimeline::Steps Steps(Metrics base,
                             std::vector<std::pair<int32_t, Metrics>> steps) {
  VillageTimeline::Steps s;
  s.base = base;
  s.steps = std::move(steps);
  return s;
}

TEST(SupplyCertificationTest, TimelineFollowsTheSteps) {
  const auto full = Steps(Village(100, 100), {});
  std::vector<HgjStep> steps = {{1, 10, HgjStatus::kReported},
                                {2, 40, HgjStatus::kSubmitted},
                                {3, 55, HgjStatus::kCertified}};
  auto t = StatusTimeline(steps, full);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].day, 10);
  EXPECT_EQ(t[0].status, HgjStatus::kReported);
  EXPECT_EQ(t[2].status, HgjStatus::kCertified);
  EXPECT_EQ(SpanAt(t, 9), nullptr);
  EXPECT_EQ(SpanAt(t, 10)->status, HgjStatus::kReported);
  EXPECT_EQ(SpanAt(t, 54)->status, HgjStatus::kSubmitted);
  EXPECT_EQ(SpanAt(t, 1000)->status, HgjStatus::kCertified);
}

TEST(SupplyCertificationTest, ACorrectionPutsACertifiedVillageBackInProgress) {
  // Full from the start; on day 70 a correction takes 2 taps away; on day
  // 90 they are back.
  const auto cov = Steps(Village(100, 100),
                         {{70, Village(100, 98)}, {90, Village(100, 100)}});
  std::vector<HgjStep> steps = {{1, 10, HgjStatus::kReported},
                                {2, 40, HgjStatus::kSubmitted},
                                {3, 55, HgjStatus::kCertified}};
  auto t = StatusTimeline(steps, cov);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[3].day, 70);
  EXPECT_EQ(t[3].status, HgjStatus::kInProgress);
  EXPECT_TRUE(t[3].reverted);
  EXPECT_EQ(ReversalReason(t[3].figures),
            "coverage fell: 2 of 100 households have no tap");
  // Stays in progress after coverage is full again, until reported again.
  EXPECT_EQ(SpanAt(t, 95)->status, HgjStatus::kInProgress);
  steps.push_back({4, 100, HgjStatus::kReported});
  t = StatusTimeline(steps, cov);
  EXPECT_EQ(SpanAt(t, 99)->status, HgjStatus::kInProgress);
  EXPECT_EQ(SpanAt(t, 100)->status, HgjStatus::kReported);
  EXPECT_FALSE(SpanAt(t, 100)->reverted);
}

TEST(SupplyCertificationTest, AReSurveyThatAddsHouseholdsRevertsAReport) {
  const auto cov = Steps(Village(100, 100), {{30, Village(110, 100)}});
  auto t = StatusTimeline({{1, 20, HgjStatus::kReported}}, cov);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1].day, 30);
  EXPECT_TRUE(t[1].reverted);
  EXPECT_EQ(t[1].figures.total_hh, 110);
}

TEST(SupplyCertificationTest, ABackdatedCorrectionRevertsOnTheReportDay) {
  // The drop is dated before the report: the village was never full when
  // reported, as the figures now stand.
  const auto cov = Steps(Village(100, 100), {{5, Village(100, 99)}});
  auto t = StatusTimeline({{1, 20, HgjStatus::kReported}}, cov);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].day, 20);
  EXPECT_EQ(t[0].status, HgjStatus::kInProgress);
  EXPECT_TRUE(t[0].reverted);
}

TEST(SupplyCertificationTest, StepsThatDoNotFollowAfterAFallAreSkipped) {
  // Submitted after the fall (written by another process before it saw the
  // fall): the village stays in progress.
  const auto cov = Steps(Village(100, 100), {{30, Village(100, 90)}});
  auto t = StatusTimeline(
      {{1, 20, HgjStatus::kReported}, {2, 35, HgjStatus::kSubmitted}}, cov);
  EXPECT_EQ(SpanAt(t, 40)->status, HgjStatus::kInProgress);
}

TEST(SupplyCertificationTest, IndexCountsByPlaceAndDay) {
  Hierarchy h;
  ASSERT_TRUE(
      h.Add(1, kIndia, Level::kState, "S1", "State", std::nullopt).ok());
  ASSERT_TRUE(
      h.Add(2, 1, Level::kDistrict, "D1", "District", std::nullopt).ok());
  ASSERT_TRUE(h.Add(3, 2, Level::kBlock, "B1", "Block", std::nullopt).ok());
  ASSERT_TRUE(h.Add(4, 3, Level::kVillage, "V1", "One", std::nullopt).ok());
  ASSERT_TRUE(h.Add(5, 3, Level::kVillage, "V2", "Two", std::nullopt).ok());
  HgjIndex x;
  const auto full = Steps(Village(10, 10), {});
  x.SetVillage(4,
               StatusTimeline({{1, 10, HgjStatus::kReported},
                               {2, 20, HgjStatus::kSubmitted},
                               {3, 30, HgjStatus::kCertified}},
                              full),
               h);
  x.SetVillage(5, StatusTimeline({{4, 15, HgjStatus::kReported}}, full), h);
  x.Seal();
  EXPECT_EQ(x.At(kIndia, 9).reported(), 0);
  EXPECT_EQ(x.At(kIndia, 10).reported(), 1);
  EXPECT_EQ(x.At(1, 16).reported(), 2);
  EXPECT_EQ(x.At(2, 25).of(HgjStatus::kSubmitted), 1);
  EXPECT_EQ(x.At(3, 30).certified(), 1);
  EXPECT_EQ(x.At(4, 30).certified(), 1);
  // A fall of village 5 on day 40, as the coverage listener would apply.
  x.SetVillage(5,
               StatusTimeline({{4, 15, HgjStatus::kReported}},
                              Steps(Village(10, 10), {{40, Village(10, 9)}})),
               h);
  x.Seal();
  EXPECT_EQ(x.At(kIndia, 39).reported(), 2);
  EXPECT_EQ(x.At(kIndia, 40).reported(), 1);
  EXPECT_EQ(x.At(kIndia, 40).reverted, 1);
  // Recomputed from scratch, the same.
  HgjIndex y;
  y.SetVillage(4, std::vector<StatusSpan>(x.Spans(4)), h);
  y.SetVillage(5, std::vector<StatusSpan>(x.Spans(5)), h);
  y.Seal();
  for (int day : {0, 10, 15, 20, 30, 39, 40, 100}) {
    for (UnitId u : {kIndia, 1, 2, 3, 4, 5}) {
      EXPECT_EQ(x.At(u, day), y.At(u, day)) << "unit " << u << " day " << day;
    }
  }
}

TEST(SupplyCertificationTest, RolesForCertification) {
  auto allows = [](Role r, Permission p) { return RoleGrants(r, p); };
  EXPECT_TRUE(allows(Role::kBlockOfficer, Permission::kReportHgj));
  EXPECT_FALSE(allows(Role::kBlockOfficer, Permission::kReviewHgj));
  EXPECT_TRUE(allows(Role::kDistrictOfficer, Permission::kReviewHgj));
  EXPECT_FALSE(allows(Role::kStateOfficer, Permission::kReviewHgj));
  EXPECT_TRUE(allows(Role::kVwscOperator, Permission::kCertifyHgj));
  EXPECT_FALSE(allows(Role::kVwscOperator, Permission::kReportHgj));
  EXPECT_TRUE(allows(Role::kSurveyor, Permission::kRecordSurvey));
  EXPECT_FALSE(allows(Role::kSurveyor, Permission::kReadInternal));
  EXPECT_FALSE(allows(Role::kDistrictOfficer, Permission::kManageSurveys));
  EXPECT_EQ(RoleLevel(Role::kSurveyor), Level::kDistrict);
  EXPECT_EQ(ParseRole("surveyor"), Role::kSurveyor);
}

}  // namespace
}  // namespace jjm
