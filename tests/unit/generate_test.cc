// The national demo data at full scale: the sizes the mission works at, and
// a ledger that follows the published national series within 1%.  Reads the
// generated files back with the CSV reader, independently of the importer.
#include "io/generate.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <unordered_map>

#include "base/csv.h"
#include "base/strings.h"

namespace jjm {
namespace {

TEST(GenerateTest, NationalScaleFollowsThePublishedSeries) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / "jjm-generate-test").string();
  std::filesystem::remove_all(dir);
  GenerateOptions opt;
  opt.scale = 1;
  opt.out_dir = dir;
  auto st = Generate(opt);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->states, 36);
  EXPECT_NEAR(st->districts, 763, 5);
  EXPECT_NEAR(st->blocks, 7200, 100);
  EXPECT_NEAR(st->gps, 255000, 2500);
  EXPECT_NEAR(st->villages, 677000, 2000);
  EXPECT_NEAR(st->households, 193600000, 100000);
  EXPECT_NEAR(st->ledger_rows, 12800000, 600000);

  // Households per village per survey date, and taps per date.
  std::unordered_map<std::string, std::map<int32_t, int64_t>> households;
  int64_t baseline_tap = 0;
  std::vector<std::string_view> f;
  auto read_villages = [&](const std::string& file, Date date, bool taps) {
    auto r = CsvReader::Open(dir + "/" + file);
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(*(*r)->Next(&f));  // header
    int64_t sizes[2] = {10, 0};    // smallest, largest
    sizes[0] = 1 << 30;
    while (*(*r)->Next(&f)) {
      const int64_t hh = ParseInt(f[10]).value();
      households[std::string(f[8])][date.days()] = hh;
      if (taps) {
        baseline_tap += ParseInt(f[11]).value();
        sizes[0] = std::min(sizes[0], hh);
        sizes[1] = std::max(sizes[1], hh);
      }
    }
    if (taps) {
      EXPECT_GE(sizes[0], 10);
      EXPECT_GE(sizes[1], 5000);
    }
  };
  read_villages("villages.csv", JjmBaseline(), true);
  for (const char* d :
       {"2021-10-10", "2022-12-19", "2023-03-13", "2024-03-07", "2025-03-12"}) {
    read_villages(std::string("resurvey-") + d + ".csv", *Date::Parse(d),
                  false);
  }
  std::map<int32_t, int64_t> added;
  {
    auto r = CsvReader::Open(dir + "/connections.csv");
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(*(*r)->Next(&f));
    while (*(*r)->Next(&f)) {
      added[Date::Parse(f[1])->days()] += ParseInt(f[2]).value();
    }
  }
  for (const NationalPoint& p : PublishedNationalSeries()) {
    int64_t tap = baseline_tap;
    for (const auto& [day, n] : added) {
      if (day <= p.date.days()) tap += n;
    }
    int64_t hh = 0;
    for (const auto& [code, by_date] : households) {
      auto it = by_date.upper_bound(p.date.days());
      hh += std::prev(it)->second;
    }
    EXPECT_NEAR(static_cast<double>(tap) / p.with_tap, 1.0, 0.01)
        << p.date.ToString() << ": " << tap << " with tap";
    EXPECT_NEAR(static_cast<double>(hh) / p.households, 1.0, 0.01)
        << p.date.ToString() << ": " << hh << " households";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jjm
