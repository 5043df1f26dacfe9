// The surveillance rules (read from migration 006's wq_rule rows), the
// testing rounds due for a place and financial year, district lab load,
// trained women, and the rows of CS1 B(i) and Format L5.
#include <gtest/gtest.h>

#include "quality/quality_index.h"
#include "quality/surveillance.h"
#include "store/db.h"
#include "test_db.h"

namespace jjm {
namespace {

std::map<std::string, double> SeededRules() {
  std::unique_ptr<Db> db = TestDb();
  EXPECT_TRUE(Migrate(db.get()).ok());
  std::map<std::string, double> rows;
  auto s = db->Prepare("SELECT name, value FROM wq_rule");
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE((*s)->ForEachRow([&](Statement& r) {
                    rows[std::string(r.ColumnText(0))] = r.ColumnDouble(1);
                  })
                  .ok());
  return rows;
}

SurveillanceRules Rules() {
  auto r = SurveillanceRules::FromRows(SeededRules());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : SurveillanceRules{};
}

const SurveillanceRound* RoundNamed(const std::vector<SurveillanceRound>& rs,
                                    std::string_view name) {
  for (const SurveillanceRound& r : rs) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

TEST(QualitySurveillanceTest, RulesFromTheSeededRows) {
  const SurveillanceRules r = Rules();
  EXPECT_EQ(r.source_chemical_tests_per_year, 1);
  EXPECT_EQ(r.source_bacteriological_tests_per_year, 2);
  EXPECT_EQ(r.district_lab_samples_per_month, 250);
  EXPECT_EQ(r.ftk_women_population_band, 1000);
  EXPECT_EQ(r.ftk_women_small_village, 2);
  EXPECT_EQ(r.ftk_women_large_village, 5);
  EXPECT_EQ(r.bacteria_repeat_days, 1);
  EXPECT_EQ(r.FtkWomenNeeded(0), 2);
  EXPECT_EQ(r.FtkWomenNeeded(1000), 2);
  EXPECT_EQ(r.FtkWomenNeeded(1001), 5);
  EXPECT_EQ(r.FtkWomenNeeded(25000), 5);
}

TEST(QualitySurveillanceTest, RulesRefuseUnknownMissingAndBadNames) {
  std::map<std::string, double> rows = SeededRules();
  rows.erase("district_lab_samples_per_month");
  rows.erase("bacteria_repeat_days");
  rows["ftk_women_per_school"] = 3;
  rows["ftk_women_small_village"] = 2.5;
  auto r = SurveillanceRules::FromRows(rows);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "wq_rule");
  const std::string& m = r.status().message();
  EXPECT_NE(m.find("unknown rules: ftk_women_per_school"), std::string::npos)
      << m;
  EXPECT_NE(m.find("bacteria_repeat_days"), std::string::npos) << m;
  EXPECT_NE(m.find("district_lab_samples_per_month"), std::string::npos) << m;
  EXPECT_NE(m.find("not whole numbers >= 0: ftk_women_small_village"),
            std::string::npos)
      << m;
  rows = SeededRules();
  rows["bacteria_repeat_days"] = -1;
  EXPECT_FALSE(SurveillanceRules::FromRows(rows).ok());
  EXPECT_FALSE(SurveillanceRules::FromRows({}).ok());
}

TEST(QualitySurveillanceTest, SummaryDay) {
  EXPECT_FALSE(SummaryDayFor(2024, Date::FromCivil(2024, 3, 31)).has_value());
  EXPECT_EQ(*SummaryDayFor(2024, Date::FromCivil(2024, 4, 1)),
            Date::FromCivil(2024, 4, 1));
  EXPECT_EQ(*SummaryDayFor(2024, Date::FromCivil(2024, 11, 3)),
            Date::FromCivil(2024, 11, 3));
  EXPECT_EQ(*SummaryDayFor(2024, Date::FromCivil(2026, 1, 1)),
            Date::FromCivil(2025, 3, 31));
}

TEST(QualitySurveillanceTest, RoundsDueTestedOverdue) {
  const SurveillanceRules r = Rules();
  QualitySummary s;
  s.sources = 100;
  s.sources_tested_chemical = 60;
  s.sources_tested_bacteriological = 70;
  s.sources_bact_pre_monsoon = 40;
  s.sources_bact_post_monsoon = 0;
  // In May: every round still open or to come.
  auto rs = SurveillanceRounds(s, 2024, Date::FromCivil(2024, 5, 15), r);
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].name, "chemical");
  EXPECT_EQ(rs[0].state, "open");
  EXPECT_EQ(rs[0].due, 100);
  EXPECT_EQ(rs[0].tested, 60);
  EXPECT_EQ(rs[0].pending, 40);
  EXPECT_EQ(rs[0].overdue, 0);
  const SurveillanceRound* pre = RoundNamed(rs, "bacteriological_pre_monsoon");
  ASSERT_NE(pre, nullptr);
  EXPECT_EQ(pre->state, "open");
  EXPECT_EQ(pre->pending, 60);
  EXPECT_EQ(pre->from, Date::FromCivil(2024, 4, 1));
  EXPECT_EQ(pre->to, Date::FromCivil(2024, 6, 30));
  const SurveillanceRound* post =
      RoundNamed(rs, "bacteriological_post_monsoon");
  ASSERT_NE(post, nullptr);
  EXPECT_EQ(post->state, "upcoming");
  EXPECT_EQ(post->pending, 100);
  EXPECT_EQ(post->from, Date::FromCivil(2024, 10, 1));
  EXPECT_EQ(post->to, Date::FromCivil(2025, 3, 31));
  // 30 June is the last day of the pre-monsoon window; 1 July it is over.
  rs = SurveillanceRounds(s, 2024, Date::FromCivil(2024, 6, 30), r);
  EXPECT_EQ(RoundNamed(rs, "bacteriological_pre_monsoon")->overdue, 0);
  rs = SurveillanceRounds(s, 2024, Date::FromCivil(2024, 7, 1), r);
  pre = RoundNamed(rs, "bacteriological_pre_monsoon");
  EXPECT_EQ(pre->state, "closed");
  EXPECT_EQ(pre->overdue, 60);
  EXPECT_EQ(pre->pending, 0);
  EXPECT_EQ(rs[0].overdue, 0);  // chemical: due until the year ends
  // After the year: everything untested is overdue.
  s.sources_bact_post_monsoon = 90;
  rs = SurveillanceRounds(s, 2024, Date::FromCivil(2025, 4, 1), r);
  EXPECT_EQ(rs[0].state, "closed");
  EXPECT_EQ(rs[0].overdue, 40);
  EXPECT_EQ(RoundNamed(rs, "bacteriological_post_monsoon")->overdue, 10);
  // On 31 March the post-monsoon window is still open.
  rs = SurveillanceRounds(s, 2024, Date::FromCivil(2025, 3, 31), r);
  EXPECT_EQ(RoundNamed(rs, "bacteriological_post_monsoon")->pending, 10);
  EXPECT_EQ(rs[0].pending, 40);
  // More tested than due (sources closed since): nothing owed.
  s.sources_tested_chemical = 120;
  rs = SurveillanceRounds(s, 2024, Date::FromCivil(2025, 4, 1), r);
  EXPECT_EQ(rs[0].overdue, 0);
  EXPECT_EQ(rs[0].tested, 120);
}

TEST(QualitySurveillanceTest, RoundsFollowTheRules) {
  SurveillanceRules r = Rules();
  QualitySummary s;
  s.sources = 10;
  s.sources_tested_bacteriological = 4;
  r.source_bacteriological_tests_per_year = 1;
  auto rs = SurveillanceRounds(s, 2024, Date::FromCivil(2025, 5, 1), r);
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[1].name, "bacteriological");
  EXPECT_EQ(rs[1].overdue, 6);
  r.source_bacteriological_tests_per_year = 0;
  r.source_chemical_tests_per_year = 0;
  EXPECT_TRUE(
      SurveillanceRounds(s, 2024, Date::FromCivil(2025, 5, 1), r).empty());
}

// The rounds from the roll-ups themselves: a source tested chemically and
// pre-monsoon, another untested, a third only post-monsoon.
TEST(QualitySurveillanceTest, RoundsFromTheIndex) {
  Hierarchy h;
  ASSERT_TRUE(h.Add(1, kIndia, Level::kState, "S1", "S", {}).ok());
  ASSERT_TRUE(h.Add(2, 1, Level::kDistrict, "D2", "D", {}).ok());
  ASSERT_TRUE(h.Add(3, 2, Level::kBlock, "B3", "B", {}).ok());
  ASSERT_TRUE(h.Add(4, 3, Level::kVillage, "V4", "V", {}).ok());
  QualityIndex ix(&h);
  const Date created = Date::FromCivil(2023, 1, 1);
  for (int64_t s = 1; s <= 3; ++s) ix.AddSource(s, 4, kNoUnit, created);
  ix.AddSample(1, 4, kNoUnit, 1, SampleMethod::kLab,
               Date::FromCivil(2024, 5, 2));
  ix.SampleFinal(1, Date::FromCivil(2024, 5, 6), {true, true, {}});
  ix.AddSample(2, 4, kNoUnit, 3, SampleMethod::kLab,
               Date::FromCivil(2024, 11, 2));
  ix.SampleFinal(2, Date::FromCivil(2024, 11, 6), {false, true, {}});
  ix.Finish();
  const SurveillanceRules r = Rules();
  const Date as_of = Date::FromCivil(2025, 6, 1);
  const std::optional<Date> day = SummaryDayFor(2024, as_of);
  ASSERT_TRUE(day.has_value());
  for (UnitId place : {kIndia, 2, 4}) {
    auto rs = SurveillanceRounds(ix.Summary(place, *day), 2024, as_of, r);
    ASSERT_EQ(rs.size(), 3u);
    EXPECT_EQ(rs[0].due, 3);
    EXPECT_EQ(rs[0].tested, 1);
    EXPECT_EQ(rs[0].overdue, 2);
    EXPECT_EQ(RoundNamed(rs, "bacteriological_pre_monsoon")->overdue, 2);
    EXPECT_EQ(RoundNamed(rs, "bacteriological_post_monsoon")->tested, 1);
    EXPECT_EQ(RoundNamed(rs, "bacteriological_post_monsoon")->overdue, 2);
  }
}

TEST(QualitySurveillanceTest, TrainedWomenAndLabLoad) {
  const SurveillanceRules r = Rules();
  EXPECT_EQ(
      VillagesWithEnoughWomen(
          {{800, 2}, {800, 1}, {1000, 2}, {1001, 4}, {5000, 5}, {0, 0}}, r),
      3);
  EXPECT_EQ(MonthsBegun(2024, Date::FromCivil(2024, 3, 31)), 0);
  EXPECT_EQ(MonthsBegun(2024, Date::FromCivil(2024, 4, 1)), 1);
  EXPECT_EQ(MonthsBegun(2024, Date::FromCivil(2024, 12, 31)), 9);
  EXPECT_EQ(MonthsBegun(2024, Date::FromCivil(2025, 1, 1)), 10);
  EXPECT_EQ(MonthsBegun(2024, Date::FromCivil(2025, 3, 31)), 12);
  EXPECT_EQ(MonthsBegun(2024, Date::FromCivil(2027, 1, 1)), 12);
  LabLoad l = DistrictLabLoad(600, 3, r);
  EXPECT_EQ(l.target, 750);
  EXPECT_EQ(l.shortfall, 150);
  EXPECT_DOUBLE_EQ(l.percent, 80.0);
  l = DistrictLabLoad(300, 1, r);
  EXPECT_EQ(l.shortfall, 0);
  EXPECT_DOUBLE_EQ(l.percent, 120.0);
  l = DistrictLabLoad(10, 0, r);
  EXPECT_EQ(l.target, 0);
  EXPECT_EQ(l.percent, 0);
}

TEST(QualitySurveillanceTest, LabLevels) {
  for (LabLevel l : {LabLevel::kState, LabLevel::kDistrict, LabLevel::kBlock,
                     LabLevel::kMobile, LabLevel::kWtp}) {
    EXPECT_EQ(ParseLabLevel(LabLevelName(l)), l);
  }
  EXPECT_FALSE(ParseLabLevel("national").has_value());
}

TEST(QualitySurveillanceTest, Cs1bRowsByState) {
  // Two states: S1 with districts D11, D12, D13; S2 with D21.
  Hierarchy h;
  ASSERT_TRUE(h.Add(1, kIndia, Level::kState, "S1", "One", {}).ok());
  ASSERT_TRUE(h.Add(2, kIndia, Level::kState, "S2", "Two", {}).ok());
  ASSERT_TRUE(h.Add(11, 1, Level::kDistrict, "D11", "a", {}).ok());
  ASSERT_TRUE(h.Add(12, 1, Level::kDistrict, "D12", "b", {}).ok());
  ASSERT_TRUE(h.Add(13, 1, Level::kDistrict, "D13", "c", {}).ok());
  ASSERT_TRUE(h.Add(21, 2, Level::kDistrict, "D21", "d", {}).ok());
  std::vector<LabFact> labs;
  auto lab = [&](int64_t id, LabLevel level, UnitId state, UnitId district,
                 bool nabl, int64_t plant = 0) {
    LabFact l;
    l.id = id;
    l.level = level;
    l.state = state;
    l.district = district;
    l.nabl_on_day = nabl;
    l.treatment_plant_id = plant;
    labs.push_back(l);
  };
  lab(1, LabLevel::kState, 1, kNoUnit, true);
  lab(2, LabLevel::kDistrict, 1, 11, true);
  lab(3, LabLevel::kDistrict, 1, 12, false);  // expired accreditation
  lab(4, LabLevel::kBlock, 1, 12, true);      // gives D12 access
  lab(5, LabLevel::kWtp, 1, 11, true, 100);
  lab(6, LabLevel::kWtp, 1, 13, false, 101);
  lab(7, LabLevel::kState, 2, kNoUnit, false);
  lab(8, LabLevel::kMobile, 2, kNoUnit, true);
  labs.back().serves_districts = {21};  // serves D21
  std::vector<PlantFact> plants = {
      {100, 1, true, 0},   // in-house NABL lab
      {101, 1, true, 0},   // in-house lab without NABL
      {102, 1, false, 2},  // linked to NABL district lab 2
      {103, 1, false, 3},  // linked to lab 3, not NABL
      {104, 2, true, 8},   // linked to NABL mobile lab 8
      {105, 2, false, 0},  // nothing
  };
  std::map<UnitId, QualitySummary> summaries;
  summaries[1].sources = 500;
  summaries[1].sources_tested_chemical = 300;
  summaries[1].sources_tested_bacteriological = 250;
  summaries[2].sources = 40;
  summaries[2].sources_tested_chemical = 10;
  const std::vector<Cs1bRow> rows = Cs1bRows(h, labs, plants, summaries);
  ASSERT_EQ(rows.size(), 3u);
  const Cs1bRow& a = rows[0];
  EXPECT_EQ(a.state, 1);
  EXPECT_EQ(a.total_districts, 3);
  EXPECT_EQ(a.nabl_state_labs, 1);
  EXPECT_EQ(a.nabl_district_labs, 1);
  EXPECT_EQ(a.districts_with_nabl_access, 2);  // D11 and D12, not D13
  EXPECT_EQ(a.wtps, 4);
  EXPECT_EQ(a.wtps_geotagged, 2);
  EXPECT_EQ(a.wtps_with_lab, 2);
  EXPECT_EQ(a.wtps_with_nabl_lab, 1);
  EXPECT_EQ(a.wtps_linked_to_nabl, 1);
  EXPECT_EQ(a.sources, 500);
  EXPECT_EQ(a.sources_tested_chemical, 300);
  EXPECT_EQ(a.sources_tested_bacteriological, 250);
  const Cs1bRow& b = rows[1];
  EXPECT_EQ(b.state, 2);
  EXPECT_EQ(b.total_districts, 1);
  EXPECT_EQ(b.nabl_state_labs, 0);
  EXPECT_EQ(b.districts_with_nabl_access, 1);
  EXPECT_EQ(b.wtps, 2);
  EXPECT_EQ(b.wtps_linked_to_nabl, 1);
  EXPECT_EQ(b.sources, 40);
  const Cs1bRow& t = rows[2];
  EXPECT_EQ(t.state, kIndia);
  EXPECT_EQ(t.total_districts, 4);
  EXPECT_EQ(t.districts_with_nabl_access, 3);
  EXPECT_EQ(t.wtps, 6);
  EXPECT_EQ(t.wtps_linked_to_nabl, 2);
  EXPECT_EQ(t.sources, 540);
  EXPECT_EQ(t.sources_tested_chemical, 310);
}

TEST(QualitySurveillanceTest, L5Rows) {
  Hierarchy h;
  ASSERT_TRUE(h.Add(1, kIndia, Level::kState, "S1", "S", {}).ok());
  ASSERT_TRUE(h.Add(2, 1, Level::kDistrict, "D2", "D", {}).ok());
  ASSERT_TRUE(h.Add(3, 2, Level::kBlock, "B3", "B", {}).ok());
  ASSERT_TRUE(h.Add(4, 3, Level::kGp, "G4", "G", {}).ok());
  for (UnitId v = 10; v < 18; ++v) {
    ASSERT_TRUE(h.Add(v, v < 14 ? 4 : 3, Level::kVillage,
                      "V" + std::to_string(v), "V", {})
                    .ok());
  }
  EXPECT_EQ(VillagesIn(h, kIndia), 8);
  EXPECT_EQ(VillagesIn(h, 4), 4);
  EXPECT_EQ(VillagesIn(h, 12), 1);
  EXPECT_EQ(VillagesIn(h, 999), 0);
  QualitySummary s;
  s.villages_lab = 6;
  s.villages_lab_chemical = 5;
  s.villages_lab_bacteriological = 2;
  s.villages_ftk = 8;
  const L5Row row = L5RowOf(1, VillagesIn(h, 1), s);
  EXPECT_EQ(row.place, 1);
  EXPECT_EQ(row.villages, 8);
  EXPECT_EQ(row.tested_by_lab.count, 6);
  EXPECT_DOUBLE_EQ(row.tested_by_lab.percent, 75.0);
  EXPECT_DOUBLE_EQ(row.chemical_by_lab.percent, 62.5);
  EXPECT_DOUBLE_EQ(row.bacteriological_by_lab.percent, 25.0);
  EXPECT_EQ(row.chemical_by_ftk.count, 8);
  EXPECT_DOUBLE_EQ(row.chemical_by_ftk.percent, 100.0);
  const L5Row none = L5RowOf(99, 0, s);
  EXPECT_EQ(none.tested_by_lab.percent, 0);
}

}  // namespace
}  // namespace jjm
