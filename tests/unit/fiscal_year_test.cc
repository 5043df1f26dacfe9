#include "base/fiscal_year.h"

#include <gtest/gtest.h>

namespace jjm {
namespace {

TEST(FiscalYearTest, Names) {
  EXPECT_EQ(FyName(2024), "2024-25");
  EXPECT_EQ(FyName(2099), "2099-00");
  auto y = ParseFy("2024-25", "fy");
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(*y, 2024);
  for (const char* bad :
       {"2024-26", "2024/25", "24-25", "2018-19", "", "abcd-ef", "2024-250"}) {
    auto r = ParseFy(bad, "fy");
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "fy");
  }
  EXPECT_EQ(ParseFy("x", "plan.fy").status().message(),
            "plan.fy must be a financial year like 2024-25, not 'x'");
}

TEST(FiscalYearTest, Quarters) {
  EXPECT_EQ(QuarterStart(2024, 1).ToString(), "2024-04-01");
  EXPECT_EQ(QuarterEnd(2024, 1).ToString(), "2024-06-30");
  EXPECT_EQ(QuarterStart(2024, 2).ToString(), "2024-07-01");
  EXPECT_EQ(QuarterEnd(2024, 2).ToString(), "2024-09-30");
  EXPECT_EQ(QuarterStart(2024, 3).ToString(), "2024-10-01");
  EXPECT_EQ(QuarterEnd(2024, 3).ToString(), "2024-12-31");
  EXPECT_EQ(QuarterStart(2024, 4).ToString(), "2025-01-01");
  EXPECT_EQ(QuarterEnd(2024, 4).ToString(), "2025-03-31");
}

TEST(FiscalYearTest, QuarterOfADate) {
  const FyQuarter a = QuarterOf(Date::FromCivil(2025, 3, 31));
  EXPECT_EQ(a.fy, 2024);
  EXPECT_EQ(a.quarter, 4);
  const FyQuarter b = QuarterOf(Date::FromCivil(2025, 4, 1));
  EXPECT_EQ(b.fy, 2025);
  EXPECT_EQ(b.quarter, 1);
  for (int q = 1; q <= 4; ++q) {
    EXPECT_EQ(QuarterOf(QuarterStart(2023, q)).quarter, q);
    EXPECT_EQ(QuarterOf(QuarterEnd(2023, q)).quarter, q);
    EXPECT_EQ(QuarterOf(QuarterEnd(2023, q)).fy, 2023);
  }
}

}  // namespace
}  // namespace jjm
