// The O&M import's reading of rupees: whole rupees, up to two decimals,
// Indian grouping; anything else refused.
#include <gtest/gtest.h>

#include "io/om_import.h"

namespace jjm {
namespace {

TEST(OperationsOmImportTest, RupeesToPaise) {
  EXPECT_EQ(*ParseRupees("1250"), 125000);
  EXPECT_EQ(*ParseRupees("1,250.50"), 125050);
  EXPECT_EQ(*ParseRupees("1,25,000.5"), 12500050);
  EXPECT_EQ(*ParseRupees("0.05"), 5);
  EXPECT_EQ(*ParseRupees(".5"), 50);
  EXPECT_EQ(*ParseRupees(""), 0);  // an empty head: nothing spent
  EXPECT_EQ(*ParseRupees("0"), 0);
}

TEST(OperationsOmImportTest, RefusesWhatIsNotRupees) {
  for (const char* bad : {"fifty", "-5", "12.345", "1.2.3", "Rs 50", "1e3", ".",
                          "5 ", "1234567890123"}) {
    StatusOr<int64_t> r = ParseRupees(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
    }
  }
}

}  // namespace
}  // namespace jjm
