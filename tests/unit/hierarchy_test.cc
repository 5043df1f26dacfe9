// Place codes: the letter form and the bare LGD number name the same place.
#include "coverage/hierarchy.h"

#include <gtest/gtest.h>

namespace jjm {
namespace {

class HierarchyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(h_.Add(1, kIndia, Level::kState, "S36", "Telangana", 36).ok());
    ASSERT_TRUE(h_.Add(2, 1, Level::kDistrict, "D532", "Adilabad", 532).ok());
    // A block whose LGD number is also a district's.
    ASSERT_TRUE(h_.Add(3, 2, Level::kBlock, "B532", "Block", 532).ok());
    ASSERT_TRUE(h_.Add(4, 3, Level::kGp, "G200001", "GP", 200001).ok());
    ASSERT_TRUE(
        h_.Add(5, 4, Level::kVillage, "V583451", "Village", 583451).ok());
    ASSERT_TRUE(
        h_.Add(6, 4, Level::kVillage, "VJ20014", "Project village", {}).ok());
    // A GP and a village with one LGD number.
    ASSERT_TRUE(h_.Add(7, 3, Level::kGp, "G600001", "GP two", 600001).ok());
    ASSERT_TRUE(
        h_.Add(8, 7, Level::kVillage, "V600001", "Village two", 600001).ok());
  }
  Hierarchy h_;
};

TEST_F(HierarchyTest, BareNumbersFindTheSamePlace) {
  EXPECT_EQ(h_.Find("V583451"), 5);
  EXPECT_EQ(h_.Find("583451"), 5);
  EXPECT_EQ(h_.Find("0583451"), 5);
  EXPECT_EQ(h_.Find("36"), 1);
  EXPECT_EQ(h_.Find("IN"), kIndia);
  EXPECT_EQ(h_.Find("VJ20014"), 6);
  EXPECT_EQ(h_.Find("20014"), kNoUnit);  // a project code has no bare form
  EXPECT_EQ(h_.Find("999999"), kNoUnit);
  EXPECT_EQ(h_.Find(""), kNoUnit);
}

TEST_F(HierarchyTest, AmbiguousBareNumbersNeedALevel) {
  EXPECT_EQ(h_.Find("532"), kNoUnit);
  EXPECT_EQ(h_.Find("532", Level::kDistrict), 2);
  EXPECT_EQ(h_.Find("532", Level::kBlock), 3);
  EXPECT_EQ(h_.Find("600001", Level::kVillage), 8);
  EXPECT_EQ(h_.Find("600001", Level::kGp), 7);
  EXPECT_EQ(h_.Find("V600001", Level::kVillage), 8);
  EXPECT_EQ(h_.Find("G600001", Level::kVillage), kNoUnit);
  EXPECT_EQ(h_.Find("VJ20014", Level::kVillage), 6);

  StatusOr<UnitId> r = h_.Resolve("532", "parent");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "parent");
  EXPECT_NE(r.status().message().find("D532 (district), B532 (block)"),
            std::string::npos)
      << r.status().message();

  r = h_.Resolve("123456", "unit");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().field(), "unit");
  EXPECT_EQ(*h_.Resolve("583451"), 5);
}

}  // namespace
}  // namespace jjm
