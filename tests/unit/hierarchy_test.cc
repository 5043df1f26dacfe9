// Place codes: the letter form and the bare LGD number name the same place.
#include "coverage/hierarchy.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

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

// The cache gives what the lookup gives, for every form of code, and asks
// the lookup once per cached code however often and in whatever order it
// is asked.
TEST_F(HierarchyTest, CodeCacheGivesWhatTheLookupGives) {
  std::map<std::string, int> asked;
  auto lookup = [&](std::string_view code) {
    ++asked[std::string(code)];
    UnitId v = h_.Find(code, Level::kVillage);
    return v != kNoUnit ? v : h_.Find(code);
  };
  CodeCache cache(lookup);
  const std::vector<std::string> codes = {
      "V583451", "583451",  "0583451",  "V0583451", "VJ20014", "vj20014",
      "600001",  "V600001", "G600001",  "532",      "D532",    "123456",
      "V",       "",        "12345678", "V1x",      "IN",      "S36"};
  // Seven prefixes above (V, none, VJ, vj, G, D, S); then more than the
  // cache keeps: the first takes the last table, the others are asked
  // every time, and every answer is still the lookup's.
  const std::vector<std::string> more = {"A1", "B1", "C1", "E1", "F1"};
  auto expect_same = [&](const std::string& c) {
    UnitId v = h_.Find(c, Level::kVillage);
    if (v == kNoUnit) v = h_.Find(c);
    EXPECT_EQ(cache.Find(c), v) << c;
  };
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < codes.size(); ++i) {
      expect_same(codes[(i * 5 + round) % codes.size()]);
    }
  }
  for (int round = 0; round < 3; ++round) {
    for (const std::string& c : more) expect_same(c);
  }
  EXPECT_EQ(asked["A1"], 1);
  EXPECT_EQ(asked["B1"], 3);
  EXPECT_EQ(asked["F1"], 3);
  // Asked once each: a prefix of letters and a number with no leading
  // zero.
  EXPECT_EQ(asked["V583451"], 1);
  EXPECT_EQ(asked["583451"], 1);
  EXPECT_EQ(asked["VJ20014"], 1);
  EXPECT_EQ(asked["123456"], 1);  // a miss is remembered too
  // Asked every time: leading zeros, too long, not a number.
  EXPECT_EQ(asked["0583451"], 3);
  EXPECT_EQ(asked["V0583451"], 3);
  EXPECT_EQ(asked["12345678"], 3);
  EXPECT_EQ(asked["V1x"], 3);
  EXPECT_EQ(asked["IN"], 3);
  EXPECT_EQ(asked[""], 3);
}

}  // namespace
}  // namespace jjm
