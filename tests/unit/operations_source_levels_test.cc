// Groundwater readings, the monsoon year and the sources whose
// post-monsoon level falls.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "base/date.h"
#include "operations/source_levels.h"

namespace jjm {
namespace {

using Season = MonsoonSeason;

LevelReading R(int64_t source, int y, int m, int d, Season s, double depth) {
  return {source, Date::FromCivil(y, m, d).days(), s, depth};
}

TEST(OperationsSourceLevelsTest, TheMonsoonYearOfAReading) {
  EXPECT_EQ(MonsoonYear(R(1, 2024, 5, 15, Season::kPre, 10)), 2024);
  EXPECT_EQ(MonsoonYear(R(1, 2024, 7, 31, Season::kPre, 10)), 2024);
  EXPECT_EQ(MonsoonYear(R(1, 2024, 8, 1, Season::kPre, 10)), std::nullopt);
  EXPECT_EQ(MonsoonYear(R(1, 2024, 11, 10, Season::kPost, 10)), 2024);
  EXPECT_EQ(MonsoonYear(R(1, 2025, 1, 20, Season::kPost, 10)), 2024);
  EXPECT_EQ(MonsoonYear(R(1, 2025, 3, 31, Season::kPost, 10)), 2024);
  EXPECT_EQ(MonsoonYear(R(1, 2025, 4, 1, Season::kPost, 10)), std::nullopt);
}

TEST(OperationsSourceLevelsTest, AFallingSourceIsListedWithItsTwoReadings) {
  std::vector<LevelReading> r = {
      R(7, 2023, 11, 10, Season::kPost, 10.3),
      R(7, 2024, 5, 10, Season::kPre, 14.0),  // pre-monsoon: not compared
      R(7, 2024, 11, 12, Season::kPost, 11.6),
      // Source 8 rose (shallower): not falling.
      R(8, 2023, 11, 10, Season::kPost, 12.0),
      R(8, 2024, 11, 10, Season::kPost, 11.0),
      // Source 9 fell by exactly the threshold: not more than it.
      R(9, 2023, 11, 10, Season::kPost, 10.3),
      R(9, 2024, 11, 10, Season::kPost, 10.8),
  };
  StatusOr<std::vector<FallingSource>> f = FallingSources(r, 0.5);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_EQ(f->size(), 1u);
  const FallingSource& s = (*f)[0];
  EXPECT_EQ(s.source, 7);
  EXPECT_EQ(s.monsoon_year, 2024);
  EXPECT_EQ(s.fall_cm, 130);
  EXPECT_EQ(s.previous.day, Date::FromCivil(2023, 11, 10).days());
  EXPECT_DOUBLE_EQ(s.previous.depth_m, 10.3);
  EXPECT_DOUBLE_EQ(s.latest.depth_m, 11.6);

  // A lower threshold lists source 9 too (fell 50 cm, exactly).
  StatusOr<std::vector<FallingSource>> lower = FallingSources(r, 0.49);
  ASSERT_TRUE(lower.ok());
  ASSERT_EQ(lower->size(), 2u);
  EXPECT_EQ((*lower)[0].source, 7);  // largest fall first
  EXPECT_EQ((*lower)[1].source, 9);
  EXPECT_EQ((*lower)[1].fall_cm, 50);
}

TEST(OperationsSourceLevelsTest,
     AJanuaryPostMonsoonReadingCountsForTheMonsoonBefore) {
  std::vector<LevelReading> r = {
      R(3, 2023, 11, 1, Season::kPost, 20.0),
      // Taken in January 2025: the 2024 monsoon's post-monsoon reading.
      R(3, 2025, 1, 15, Season::kPost, 23.0),
  };
  StatusOr<std::vector<FallingSource>> f = FallingSources(r, 1.0);
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->size(), 1u);
  EXPECT_EQ((*f)[0].monsoon_year, 2024);
  EXPECT_EQ((*f)[0].fall_cm, 300);
}

TEST(OperationsSourceLevelsTest, OnlyTheYearBeforeIsCompared) {
  std::vector<LevelReading> r = {
      R(4, 2021, 11, 1, Season::kPost, 5.0),
      // 2022 missing; 2023 much deeper than 2021 but no 2022 to compare.
      R(4, 2023, 11, 1, Season::kPost, 15.0),
  };
  StatusOr<std::vector<FallingSource>> f = FallingSources(r, 1.0);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->empty());
}

TEST(OperationsSourceLevelsTest,
     TheLastReadingOfTheYearCountsAndAYearCanBeAsked) {
  std::vector<LevelReading> r = {
      R(5, 2022, 11, 1, Season::kPost, 8.0),
      R(5, 2023, 10, 1, Season::kPost, 12.0),
      R(5, 2023, 12, 1, Season::kPost, 8.5),  // the last of 2023
      R(5, 2024, 11, 1, Season::kPost, 8.4),  // 2024 rose
  };
  StatusOr<std::vector<FallingSource>> latest = FallingSources(r, 0.2);
  ASSERT_TRUE(latest.ok());
  EXPECT_TRUE(latest->empty());  // 2024 vs 2023: rose by 10 cm
  StatusOr<std::vector<FallingSource>> y2023 = FallingSources(r, 0.2, 2023);
  ASSERT_TRUE(y2023.ok());
  ASSERT_EQ(y2023->size(), 1u);
  EXPECT_EQ((*y2023)[0].fall_cm, 50);  // 8.5 - 8.0, not 12.0 - 8.0
  EXPECT_EQ((*y2023)[0].latest.day, Date::FromCivil(2023, 12, 1).days());
  // The order of the readings does not matter.
  std::vector<LevelReading> reversed(r.rbegin(), r.rend());
  StatusOr<std::vector<FallingSource>> again =
      FallingSources(reversed, 0.2, 2023);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].fall_cm, 50);
}

TEST(OperationsSourceLevelsTest, BadReadingsAreIgnoredAndABadThresholdRefused) {
  std::vector<LevelReading> r = {
      R(6, 2023, 11, 1, Season::kPost, 8.0),
      R(6, 2024, 5, 1, Season::kPost, 30.0),  // May: not a post-monsoon day
      R(6, 2024, 11, 1, Season::kPost, std::nan("")),
  };
  StatusOr<std::vector<FallingSource>> f = FallingSources(r, 0.1);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->empty());
  EXPECT_EQ(FallingSources(r, -1).status().field(), "threshold_m");
  EXPECT_EQ(FallingSources(r, std::nan("")).status().field(), "threshold_m");
}

TEST(OperationsSourceLevelsTest, CheckReadingNamesTheField) {
  EXPECT_TRUE(CheckReading(R(1, 2024, 5, 1, Season::kPre, 12.5)).ok());
  EXPECT_TRUE(CheckReading(R(1, 2024, 5, 1, Season::kPre, -3)).ok());
  EXPECT_EQ(CheckReading(R(1, 2024, 9, 1, Season::kPre, 12.5)).field(), "day");
  EXPECT_EQ(CheckReading(R(1, 2024, 6, 1, Season::kPost, 12.5)).field(), "day");
  EXPECT_EQ(CheckReading(R(1, 2024, 5, 1, Season::kPre, 2500)).field(),
            "depth_m");
  EXPECT_EQ(CheckReading(R(1, 2024, 5, 1, Season::kPre, INFINITY)).field(),
            "depth_m");
  LevelReading bad = R(1, 2024, 5, 1, Season::kPre, 1);
  bad.season = static_cast<Season>(2);
  EXPECT_EQ(CheckReading(bad).field(), "season");
  EXPECT_EQ(ParseMonsoonSeason("post_monsoon"), Season::kPost);
  EXPECT_EQ(MonsoonSeasonName(Season::kPre), "pre_monsoon");
  EXPECT_EQ(ParseMonsoonSeason("post"), std::nullopt);
}

}  // namespace
}  // namespace jjm
