// The functionality survey's math: the two-stage draw, what a household's
// answers say, and the ratio estimator with its variance.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "supply/survey.h"

namespace jjm {
namespace {

using Key = std::tuple<int64_t, int64_t, int64_t, double, double>;

std::vector<Key> Keys(const std::vector<SampledVillage>& s) {
  std::vector<Key> out;
  for (const SampledVillage& v : s) {
    out.emplace_back(v.district, v.village, v.households, v.probability,
                     v.weight);
  }
  return out;
}

// `districts` districts of `per` villages each, sizes 1..500 at random.
std::vector<FrameVillage> RandomFrame(int districts, int per, uint64_t seed) {
  SurveyRng rng(seed);
  std::vector<FrameVillage> frame;
  for (int d = 1; d <= districts; ++d) {
    for (int v = 1; v <= per; ++v) {
      frame.push_back(FrameVillage{d * 1000 + v, d,
                                   1 + static_cast<int64_t>(rng.Below(500))});
    }
  }
  return frame;
}

std::map<int64_t, int64_t> DistrictTotals(
    const std::vector<FrameVillage>& frame) {
  std::map<int64_t, int64_t> t;
  for (const FrameVillage& v : frame) t[v.district] += v.households;
  return t;
}

// --- Stage 1 -----------------------------------------------------------------

// A stored round is redrawn from its seed, so the numbers must never change:
// xoshiro256** seeded by SplitMix64 as published (checked against an
// independent implementation), and one draw of each stage as made today.
TEST(SupplySurveyTest, DrawsArePinned) {
  SurveyRng zero(0);
  EXPECT_EQ(zero.Next(), 0x99ec5f36cb75f2b4ULL);
  EXPECT_EQ(zero.Next(), 0xbf6e1f784956452aULL);
  EXPECT_EQ(zero.Next(), 0x1a5f849d4933e6e0ULL);
  SurveyRng answer(42);
  EXPECT_EQ(answer.Next(), 0x15780b2e0c2ec716ULL);
  std::vector<FrameVillage> frame;
  for (int v = 1; v <= 12; ++v) frame.push_back({v, 1 + v % 2, 10 * v});
  std::vector<std::pair<int64_t, int64_t>> drawn;
  for (const SampledVillage& s : DrawVillages(frame, 2, 2026)) {
    drawn.emplace_back(s.district, s.village);
  }
  EXPECT_EQ(drawn, (std::vector<std::pair<int64_t, int64_t>>{
                       {1, 8}, {1, 12}, {2, 3}, {2, 9}}));
  EXPECT_EQ(DrawHouseholds(1000, 5, 2026, 7),
            (std::vector<int64_t>{412, 558, 645, 743, 853}));
}

TEST(SupplySurveyTest, DrawIsDeterministicAndIndependentOfInputOrder) {
  std::vector<FrameVillage> frame = RandomFrame(3, 20, 7);
  const std::vector<Key> first = Keys(DrawVillages(frame, 4, 42));
  EXPECT_EQ(first, Keys(DrawVillages(frame, 4, 42)));
  std::reverse(frame.begin(), frame.end());
  EXPECT_EQ(first, Keys(DrawVillages(frame, 4, 42)));
  SurveyRng rng(1);
  for (size_t i = frame.size() - 1; i > 0; --i) {
    std::swap(frame[i], frame[rng.Below(i + 1)]);
  }
  EXPECT_EQ(first, Keys(DrawVillages(frame, 4, 42)));
}

TEST(SupplySurveyTest, DifferentSeedsGiveDifferentDraws) {
  const std::vector<FrameVillage> frame = RandomFrame(3, 20, 7);
  EXPECT_NE(Keys(DrawVillages(frame, 4, 1)), Keys(DrawVillages(frame, 4, 2)));
  std::set<std::vector<Key>> distinct;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    distinct.insert(Keys(DrawVillages(frame, 4, seed)));
  }
  EXPECT_GE(distinct.size(), 19u);
}

TEST(SupplySurveyTest, TakesPerDistrictSortedWithPpsProbabilities) {
  // Sizes 1..500 with 40 villages: the interval (~5,000) exceeds every
  // village, so there are no certainty selections.
  const std::vector<FrameVillage> frame = RandomFrame(5, 40, 3);
  const std::map<int64_t, int64_t> totals = DistrictTotals(frame);
  const std::vector<SampledVillage> s = DrawVillages(frame, 4, 99);
  std::map<int64_t, int> per_district;
  for (const SampledVillage& v : s) {
    ++per_district[v.district];
    EXPECT_DOUBLE_EQ(v.probability, 4.0 * v.households / totals.at(v.district));
    EXPECT_DOUBLE_EQ(v.weight, 1 / v.probability);
    EXPECT_LT(v.probability, 1);
  }
  EXPECT_EQ(per_district.size(), 5u);
  for (const auto& [d, n] : per_district) EXPECT_EQ(n, 4) << d;
  EXPECT_TRUE(std::is_sorted(s.begin(), s.end(), [](auto& a, auto& b) {
    return std::tie(a.district, a.village) < std::tie(b.district, b.village);
  }));
  EXPECT_TRUE(DrawVillages(frame, 0, 99).empty());
}

TEST(SupplySurveyTest, CertaintySelectionsAndRedrawAmongTheRest) {
  // Round 1: T = 1140, n = 3, interval 380: village 1 (1000) is certain.
  // Round 2: T = 140, n = 2, interval 70: village 2 (100) is certain.
  // Round 3: T = 40, n = 1, interval 40: none; each 10 has 1 * 10 / 40.
  const std::vector<FrameVillage> frame = {{1, 9, 1000}, {2, 9, 100},
                                           {3, 9, 10},   {4, 9, 10},
                                           {5, 9, 10},   {6, 9, 10}};
  std::map<int64_t, int> drawn;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const std::vector<SampledVillage> s = DrawVillages(frame, 3, seed);
    ASSERT_EQ(s.size(), 3u);
    ASSERT_EQ(s[0].village, 1);
    ASSERT_EQ(s[1].village, 2);
    EXPECT_EQ(s[0].probability, 1);
    EXPECT_EQ(s[0].weight, 1);
    EXPECT_EQ(s[1].probability, 1);
    EXPECT_DOUBLE_EQ(s[2].probability, 0.25);
    EXPECT_DOUBLE_EQ(s[2].weight, 4);
    ++drawn[s[2].village];
  }
  EXPECT_EQ(drawn.size(), 4u);  // each small village has its turn
}

TEST(SupplySurveyTest, ZeroHouseholdVillagesAreNeverDrawn) {
  const std::vector<FrameVillage> frame = {
      {1, 5, 0}, {2, 5, 30}, {3, 5, -4}, {4, 5, 10}, {5, 5, 20}, {6, 6, 0},
      {7, 6, 0}, {8, 7, 0},  {9, 7, 5},  {10, 7, 5}, {11, 7, 5}};
  for (uint64_t seed = 0; seed < 50; ++seed) {
    const std::vector<SampledVillage> s = DrawVillages(frame, 3, seed);
    // District 5: three eligible for three draws: all, probability 1.
    // District 6: none.  District 7: three eligible, all.
    std::vector<int64_t> villages;
    for (const SampledVillage& v : s) {
      villages.push_back(v.village);
      EXPECT_EQ(v.probability, 1);
    }
    EXPECT_EQ(villages, (std::vector<int64_t>{2, 4, 5, 9, 10, 11}));
    // Two draws in district 7 of three villages of 5 and one of 0.
    for (const SampledVillage& v : DrawVillages(frame, 2, seed)) {
      EXPECT_NE(v.households, 0);
      EXPECT_NE(v.village, 3);
    }
  }
}

TEST(SupplySurveyTest, InclusionFrequenciesMatchTheProbabilities) {
  // District 1: no certainty (largest 90 * 3 < 480).  District 2: village
  // 21 (600) is certain, then 2 draws among 300 households.
  const std::vector<FrameVillage> frame = {
      {1, 1, 5},    {2, 1, 90},  {3, 1, 20},   {4, 1, 60},  {5, 1, 35},
      {6, 1, 80},   {7, 1, 10},  {8, 1, 45},   {9, 1, 70},  {10, 1, 65},
      {21, 2, 600}, {22, 2, 40}, {23, 2, 110}, {24, 2, 20}, {25, 2, 130}};
  std::map<int64_t, double> expected;
  for (const FrameVillage& v : frame) {
    expected[v.village] =
        v.district == 1 ? 3.0 * v.households / 480
                        : (v.village == 21 ? 1.0 : 2.0 * v.households / 300);
  }
  const int kRuns = 4000;
  std::map<int64_t, int> count;
  for (uint64_t seed = 0; seed < kRuns; ++seed) {
    const std::vector<SampledVillage> s = DrawVillages(frame, 3, seed);
    ASSERT_EQ(s.size(), 6u);
    for (const SampledVillage& v : s) {
      ++count[v.village];
      ASSERT_DOUBLE_EQ(v.probability, expected[v.village]) << v.village;
    }
  }
  for (const auto& [village, p] : expected) {
    const double freq = static_cast<double>(count[village]) / kRuns;
    const double tolerance = 4 * std::sqrt(p * (1 - p) / kRuns) + 1e-9;
    EXPECT_NEAR(freq, p, tolerance) << "village " << village;
  }
}

// --- Stage 2 -----------------------------------------------------------------

TEST(SupplySurveyTest, HouseholdsAreDistinctSortedInRangeAndDeterministic) {
  for (int64_t village = 1; village <= 50; ++village) {
    const std::vector<int64_t> h = DrawHouseholds(120, 10, 5, village);
    ASSERT_EQ(h.size(), 10u);
    EXPECT_TRUE(std::is_sorted(h.begin(), h.end()));
    EXPECT_EQ(std::set<int64_t>(h.begin(), h.end()).size(), 10u);
    EXPECT_GE(h.front(), 1);
    EXPECT_LE(h.back(), 120);
    EXPECT_EQ(h, DrawHouseholds(120, 10, 5, village));
  }
  EXPECT_NE(DrawHouseholds(120, 10, 5, 1), DrawHouseholds(120, 10, 6, 1));
  EXPECT_NE(DrawHouseholds(120, 10, 5, 1), DrawHouseholds(120, 10, 5, 2));
  EXPECT_EQ(DrawHouseholds(4, 10, 5, 1), (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(DrawHouseholds(10, 10, 5, 1).size(), 10u);
  EXPECT_TRUE(DrawHouseholds(0, 10, 5, 1).empty());
  EXPECT_TRUE(DrawHouseholds(10, 0, 5, 1).empty());
}

TEST(SupplySurveyTest, EveryHouseholdIsEquallyLikely) {
  const int kRuns = 4000;
  std::vector<int> count(31);
  for (uint64_t seed = 0; seed < kRuns; ++seed) {
    for (int64_t h : DrawHouseholds(30, 6, seed, 77)) ++count[h];
  }
  const double p = 6.0 / 30;
  for (int h = 1; h <= 30; ++h) {
    EXPECT_NEAR(static_cast<double>(count[h]) / kRuns, p,
                4 * std::sqrt(p * (1 - p) / kRuns))
        << h;
  }
}

TEST(SupplySurveyTest, HouseholdWeight) {
  EXPECT_DOUBLE_EQ(HouseholdWeight(120, 10), 12);
  EXPECT_DOUBLE_EQ(HouseholdWeight(7, 10), 1);
  EXPECT_DOUBLE_EQ(HouseholdWeight(0, 10), 0);
}

// --- A household's answers ---------------------------------------------------

HouseholdResponse Good() {
  HouseholdResponse r;
  r.tap_present = true;
  r.water_last_7_days = true;
  r.litres_per_day = 300;
  r.household_size = 5;
  r.days_per_week = 7;
  r.hours_per_day = 2;
  r.potable = true;
  return r;
}

TEST(SupplySurveyTest, AdequateFrom55LitresPerPerson) {
  HouseholdResponse r = Good();
  r.litres_per_day = 274.5;  // 54.9 lpcd
  Derived d = Derive(r);
  EXPECT_NEAR(d.lpcd, 54.9, 1e-12);
  EXPECT_TRUE(d.working);
  EXPECT_FALSE(d.adequate);
  EXPECT_FALSE(d.fully_functional);
  r.litres_per_day = 275;  // 55 lpcd
  d = Derive(r);
  EXPECT_EQ(d.lpcd, 55);
  EXPECT_TRUE(d.adequate);
  EXPECT_TRUE(d.fully_functional);
}

TEST(SupplySurveyTest, NoTapOrNoWaterIsNotWorking) {
  for (int c = 0; c < 3; ++c) {
    HouseholdResponse r = Good();
    r.tap_present = c != 0;
    r.water_last_7_days = c == 0;
    if (c == 2) r.water_last_7_days = false;
    const Derived d = Derive(r);
    EXPECT_FALSE(d.working) << c;
    EXPECT_FALSE(d.adequate) << c;
    EXPECT_FALSE(d.regular) << c;
    EXPECT_FALSE(d.potable) << c;
    EXPECT_FALSE(d.fully_functional) << c;
    EXPECT_EQ(d.lpcd, 60) << c;
  }
}

TEST(SupplySurveyTest, RegularAgainstTheSchedule) {
  HouseholdResponse r = Good();
  r.days_per_week = 6;  // promised 7
  EXPECT_FALSE(Derive(r).regular);
  r.promised_days_per_week = 6;
  EXPECT_TRUE(Derive(r).regular);
  r.hours_per_day = 0.5;  // no hours promised: any
  EXPECT_TRUE(Derive(r).regular);
  r.promised_hours_per_day = 1;
  EXPECT_FALSE(Derive(r).regular);
  EXPECT_FALSE(Derive(r).fully_functional);
  EXPECT_TRUE(Derive(r).adequate);
  r.hours_per_day = 1;
  EXPECT_TRUE(Derive(r).regular);
  EXPECT_TRUE(Derive(r).fully_functional);
  r.potable = false;
  EXPECT_FALSE(Derive(r).potable);
  EXPECT_FALSE(Derive(r).fully_functional);
  EXPECT_TRUE(Derive(r).regular);
}

TEST(SupplySurveyTest, CheckAndDeriveNamesTheField) {
  auto field = [](void (*change)(HouseholdResponse&)) {
    HouseholdResponse r = Good();
    change(r);
    StatusOr<Derived> d = CheckAndDerive(r);
    if (d.ok()) return std::string("ok");
    EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
    return d.status().field();
  };
  EXPECT_EQ(field([](HouseholdResponse&) {}), "ok");
  EXPECT_EQ(field([](HouseholdResponse& r) { r.household_size = 0; }),
            "household_size");
  EXPECT_EQ(field([](HouseholdResponse& r) { r.litres_per_day = -1; }),
            "litres_per_day");
  EXPECT_EQ(field([](HouseholdResponse& r) { r.litres_per_day = NAN; }),
            "litres_per_day");
  EXPECT_EQ(field([](HouseholdResponse& r) { r.days_per_week = 8; }),
            "days_per_week");
  EXPECT_EQ(field([](HouseholdResponse& r) { r.hours_per_day = 25; }),
            "hours_per_day");
  EXPECT_EQ(field([](HouseholdResponse& r) { r.promised_days_per_week = 0; }),
            "promised_days_per_week");
  EXPECT_EQ(field([](HouseholdResponse& r) { r.promised_hours_per_day = -1; }),
            "promised_hours_per_day");
  HouseholdResponse r = Good();
  r.tap_present = false;
  r.days_per_week = 0;
  r.hours_per_day = 0;
  r.litres_per_day = 0;
  StatusOr<Derived> d = CheckAndDerive(r);
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->working);
}

// --- Estimates ---------------------------------------------------------------

// `n` households of weight `w`, the first `ff` fully functional (and so
// working, adequate, regular, potable), the rest working only, lpcd 60.
PsuTotals Village(double w, int n, int ff) {
  std::vector<Derived> hh(n);
  for (int i = 0; i < n; ++i) {
    hh[i].working = true;
    hh[i].lpcd = 60;
    if (i < ff) {
      hh[i].adequate = hh[i].regular = hh[i].potable = true;
      hh[i].fully_functional = true;
    }
  }
  return SumPsu(w, hh);
}

TEST(SupplySurveyTest, HandComputedTwoStrata) {
  // Stratum A: three villages (x, y) = (4, 2), (6, 3), (2, 2); stratum B:
  // (8, 4), (10, 6).  X = 30, Y = 17, R = 17/30.
  // z = y - R x.  A: -8/30, -12/30, 26/30; sum z = 6/30; sum z^2 =
  //   884/900; 3/2 * (884/900 - (36/900)/3) = 3/2 * 872/900 = 1308/900.
  // B: -16/30, 10/30; sum z = -6/30; sum z^2 = 356/900;
  //   2/1 * (356/900 - (36/900)/2) = 676/900.
  // var = (1984/900) / 30^2 = 1984/810000; se = sqrt(1984)/900 =
  //   2 sqrt(31) / 225 = 0.0494912...
  StratumSums a, b;
  a.Add(Village(2, 2, 1));
  a.Add(Village(1.5, 4, 2));
  a.Add(Village(1, 2, 2));
  b.Add(Village(2, 4, 2));
  b.Add(Village(2, 5, 3));
  const std::vector<const StratumSums*> strata = {&a, &b};
  const Estimate e = EstimateShare(strata, kMeasureFullyFunctional);
  const double se = 2 * std::sqrt(31.0) / 225;
  EXPECT_NEAR(e.share, 17.0 / 30, 1e-9);
  EXPECT_NEAR(e.se, se, 1e-9);
  EXPECT_NEAR(e.ci_low, 17.0 / 30 - 1.96 * se, 1e-9);
  EXPECT_NEAR(e.ci_high, 17.0 / 30 + 1.96 * se, 1e-9);
  EXPECT_EQ(e.households, 17);
  EXPECT_EQ(e.villages, 5);
  // The same over a span of values, and every measure that equals it.
  const std::vector<StratumSums> values = {a, b};
  for (int m : {kMeasureAdequate, kMeasureRegular, kMeasurePotable}) {
    const Estimate f = EstimateShare(values, m);
    EXPECT_NEAR(f.share, e.share, 1e-12);
    EXPECT_NEAR(f.se, e.se, 1e-12);
  }
  // All working: share 1, no spread.
  const Estimate w = EstimateShare(strata, kMeasureWorking);
  EXPECT_NEAR(w.share, 1, 1e-12);
  EXPECT_NEAR(w.se, 0, 1e-9);
  EXPECT_EQ(w.ci_high, 1);
  // Mean lpcd: every household 60.
  const Estimate l = EstimateMeanLpcd(strata);
  EXPECT_NEAR(l.share, 60, 1e-9);
  EXPECT_NEAR(l.se, 0, 1e-6);
}

TEST(SupplySurveyTest, HandComputedMeanLpcd) {
  // PSU 1: weight 1, lpcd 40 and 60: x = 2, total 100.  PSU 2: weight 2,
  // lpcd 70 and 70: x = 4, total 280.  Mean 380/6; z = -80/3, 80/3;
  // 2/1 * (12800/9 - 0) / 36 = 25600/324; se = 160/18 = 80/9.
  std::vector<Derived> one(2), two(2);
  one[0].lpcd = 40;
  one[1].lpcd = 60;
  two[0].lpcd = two[1].lpcd = 70;
  StratumSums s;
  s.Add(SumPsu(1, one));
  s.Add(SumPsu(2, two));
  const std::vector<const StratumSums*> strata = {&s};
  const Estimate e = EstimateMeanLpcd(strata);
  EXPECT_NEAR(e.share, 380.0 / 6, 1e-9);
  EXPECT_NEAR(e.se, 80.0 / 9, 1e-9);
  EXPECT_NEAR(e.ci_high, 380.0 / 6 + 1.96 * 80 / 9, 1e-9);  // not clipped at 1
  EXPECT_EQ(EstimateShare(strata, kMeasureWorking).share, 0);
}

TEST(SupplySurveyTest, SinglePsuStratumAddsNoVariance) {
  StratumSums a, b;
  a.Add(Village(2, 2, 1));
  a.Add(Village(1.5, 4, 2));
  a.Add(Village(1, 2, 2));
  b.Add(Village(3, 4, 0));  // x = 12, y = 0
  const std::vector<const StratumSums*> only_a = {&a};
  const std::vector<const StratumSums*> both = {&a, nullptr, &b};
  const Estimate ea = EstimateShare(only_a, kMeasureFullyFunctional);
  const Estimate e = EstimateShare(both, kMeasureFullyFunctional);
  // X = 24, Y = 7, R = 7/24; B adds to X only.  A's z = 2 - 4R, 3 - 6R,
  // 2 - 2R = 5/6, 5/4, 17/12; sum z = 7/2; sum z^2 = 2456/576;
  // 3/2 * (2456/576 - (49/4)/3) = 3/2 * 104/576 = 13/48; var = 13/48 / 24^2.
  EXPECT_NEAR(e.share, 7.0 / 24, 1e-9);
  EXPECT_NEAR(e.se, std::sqrt(13.0 / 48) / 24, 1e-9);
  EXPECT_NEAR(ea.share, 7.0 / 12, 1e-9);
  EXPECT_EQ(e.villages, 4);
  EXPECT_EQ(e.households, 12);
  // A stratum of one PSU alone: a share with se 0.
  const std::vector<const StratumSums*> only_b = {&b};
  EXPECT_EQ(EstimateShare(only_b, kMeasureFullyFunctional).se, 0);
}

TEST(SupplySurveyTest, DomainKeepsTheDistrictsPsuCount) {
  // A block holding two of its district's four PSUs, (x, y) = (4, 1) and
  // (6, 4): R = 5/10, z = -1, 1 and 0, 0 for the two outside; sum z = 0,
  // sum z^2 = 2; var = 4/3 * 2 / 10^2 = 8/300.  (As a stratum of its own,
  // n = 2: 2/1 * 2 / 100.)
  StratumSums block;
  block.Add(Village(1, 4, 1));
  block.Add(Village(1, 6, 4));
  const StratumSums domain = block.AsDomainOf(4);
  const std::vector<const StratumSums*> d = {&domain}, alone = {&block};
  const Estimate e = EstimateShare(d, kMeasureFullyFunctional);
  EXPECT_NEAR(e.share, 0.5, 1e-12);
  EXPECT_NEAR(e.se, std::sqrt(8.0 / 300), 1e-9);
  EXPECT_EQ(e.villages, 2);
  EXPECT_NEAR(EstimateShare(alone, kMeasureFullyFunctional).se,
              std::sqrt(4.0 / 100), 1e-9);
  EXPECT_TRUE(block.AsDomainOf(1) == block);
}

TEST(SupplySurveyTest, EmptyOrUnknownGivesZeros) {
  StratumSums empty;
  const std::vector<const StratumSums*> none = {&empty};
  const Estimate e = EstimateShare(none, kMeasureWorking);
  EXPECT_EQ(e.share, 0);
  EXPECT_EQ(e.se, 0);
  EXPECT_EQ(e.ci_high, 0);
  EXPECT_EQ(e.households, 0);
  StratumSums a;
  a.Add(Village(2, 2, 1));
  a.Add(PsuTotals{});  // nothing recorded: ignored
  EXPECT_EQ(a.psus(), 1);
  const std::vector<const StratumSums*> strata = {&a};
  EXPECT_EQ(EstimateShare(strata, kMeasures).households, 0);
  EXPECT_EQ(EstimateShare(strata, -1).share, 0);
  EXPECT_EQ(MeasureName(kMeasureFullyFunctional), "fully_functional");
  EXPECT_EQ(MeasureName(kMeasures), "");
}

TEST(SupplySurveyTest, ConfidenceIntervalIsClipped) {
  StratumSums s;
  s.Add(Village(1, 10, 10));
  s.Add(Village(1, 10, 7));
  s.Add(Village(1, 10, 10));
  const std::vector<const StratumSums*> strata = {&s};
  const Estimate e = EstimateShare(strata, kMeasureFullyFunctional);
  EXPECT_NEAR(e.share, 0.9, 1e-12);
  EXPECT_GT(e.share + 1.96 * e.se, 1);
  EXPECT_EQ(e.ci_high, 1);
  EXPECT_NEAR(e.ci_low, e.share - 1.96 * e.se, 1e-12);
  StratumSums t;
  t.Add(Village(1, 10, 0));
  t.Add(Village(1, 10, 3));
  t.Add(Village(1, 10, 0));
  const std::vector<const StratumSums*> low = {&t};
  EXPECT_EQ(EstimateShare(low, kMeasureFullyFunctional).ci_low, 0);
}

TEST(SupplySurveyTest, RemoveIsTheInverseOfAdd) {
  SurveyRng rng(11);
  std::vector<PsuTotals> psus;
  for (int i = 0; i < 60; ++i) {
    // Weights that are not exact in binary: thirds, sevenths, ...
    const double w = (1 + rng.Below(5000)) / (3.0 + rng.Below(5));
    std::vector<Derived> hh(1 + rng.Below(12));
    for (Derived& d : hh) {
      d.working = rng.Unit() < 0.8;
      d.adequate = d.working && rng.Unit() < 0.7;
      d.regular = d.working && rng.Unit() < 0.7;
      d.potable = d.working && rng.Unit() < 0.9;
      d.fully_functional = d.adequate && d.regular && d.potable;
      d.lpcd = rng.Unit() * 120;
    }
    psus.push_back(SumPsu(w, hh));
  }
  // All 60 added, then 25 removed in another order; against the 35 left
  // added alone, backwards.
  StratumSums full;
  for (const PsuTotals& p : psus) full.Add(p);
  std::vector<int> order(60);
  for (int i = 0; i < 60; ++i) order[i] = i;
  for (int i = 59; i > 0; --i) std::swap(order[i], order[rng.Below(i + 1)]);
  std::set<int> removed(order.begin(), order.begin() + 25);
  for (int i : removed) full.Remove(psus[i]);
  StratumSums left;
  for (int i = 59; i >= 0; --i) {
    if (!removed.count(i)) left.Add(psus[i]);
  }
  EXPECT_TRUE(full == left);
  EXPECT_EQ(full.psus(), 35);
  const std::vector<const StratumSums*> a = {&full}, b = {&left};
  for (int m = 0; m < kMeasures; ++m) {
    const Estimate ea = EstimateShare(a, m), eb = EstimateShare(b, m);
    EXPECT_EQ(ea.share, eb.share);
    EXPECT_EQ(ea.se, eb.se);
  }
  // An update: remove the old totals, add the new; then undo everything.
  full.Remove(psus[order[30]]);
  full.Add(psus[order[0]]);
  full.Remove(psus[order[0]]);
  full.Add(psus[order[30]]);
  EXPECT_TRUE(full == left);
  for (int i = 0; i < 60; ++i) {
    if (!removed.count(i)) full.Remove(psus[i]);
  }
  EXPECT_TRUE(full == StratumSums());
  EXPECT_TRUE(full.empty());
}

// --- Simulation --------------------------------------------------------------

uint64_t Hash(uint64_t a, uint64_t b) {
  SurveyRng rng(a * 0x100000001b3ULL + b);
  return rng.Next();
}

TEST(SupplySurveyTest, ConfidenceIntervalsCoverTheTruth) {
  // 30 districts x 40 villages of 50..449 households; village v's true
  // share p_v in 0.15..0.9 (district level plus village noise); household
  // k is fully functional when Hash(v, k) falls below p_v, so the true
  // national share is known exactly.
  constexpr int kDistricts = 30, kVillages = 40, kPerDistrict = 4,
                kPerVillage = 10, kRuns = 1000;
  SurveyRng rng(2026);
  std::vector<FrameVillage> frame;
  std::map<int64_t, double> p;
  for (int d = 1; d <= kDistricts; ++d) {
    const double level = 0.25 + 0.45 * rng.Unit();
    for (int i = 1; i <= kVillages; ++i) {
      const int64_t v = d * 100 + i;
      frame.push_back(FrameVillage{v, d, 50 + int64_t(rng.Below(400))});
      p[v] = std::clamp(level + 0.4 * (rng.Unit() - 0.5), 0.15, 0.9);
    }
  }
  auto functional = [&](int64_t v, int64_t k) {
    return static_cast<double>(Hash(v, k) >> 11) * 0x1.0p-53 < p[v];
  };
  int64_t total = 0, yes = 0;
  for (const FrameVillage& f : frame) {
    for (int64_t k = 1; k <= f.households; ++k) {
      ++total;
      yes += functional(f.village, k) ? 1 : 0;
    }
  }
  const double truth = static_cast<double>(yes) / total;

  int covered = 0;
  double sum = 0;
  std::vector<Derived> hh;
  for (uint64_t seed = 1; seed <= kRuns; ++seed) {
    std::map<int64_t, StratumSums> strata;
    for (const SampledVillage& v : DrawVillages(frame, kPerDistrict, seed)) {
      hh.clear();
      for (int64_t k :
           DrawHouseholds(v.households, kPerVillage, seed, v.village)) {
        Derived d;
        d.fully_functional = functional(v.village, k);
        hh.push_back(d);
      }
      strata[v.district].Add(
          SumPsu(v.weight * HouseholdWeight(v.households, kPerVillage), hh));
    }
    std::vector<const StratumSums*> list;
    for (const auto& [d, s] : strata) list.push_back(&s);
    ASSERT_EQ(list.size(), static_cast<size_t>(kDistricts));
    const Estimate e = EstimateShare(list, kMeasureFullyFunctional);
    ASSERT_EQ(e.villages, kDistricts * kPerDistrict);
    ASSERT_GT(e.se, 0);
    covered += e.ci_low <= truth && truth <= e.ci_high ? 1 : 0;
    sum += e.share;
  }
  EXPECT_GE(covered, 920) << "truth " << truth;
  EXPECT_LE(covered, 980) << "truth " << truth;
  // Nearly unbiased: the mean estimate within 0.005 of the truth (the
  // standard error of the mean is about 0.0005).
  EXPECT_NEAR(sum / kRuns, truth, 0.005);
}

}  // namespace
}  // namespace jjm
