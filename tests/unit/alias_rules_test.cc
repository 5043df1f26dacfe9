// The rules of stored name aliases (crosswalk/alias_rules.h): one source
// name under one parent maps to one place, a mapping is to a child of its
// parent, and applying again is a no-op.
#include "crosswalk/alias_rules.h"

#include <gtest/gtest.h>

namespace jjm {
namespace {

class AliasRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(h_.Add(1, kIndia, Level::kState, "S36", "Telangana", 36).ok());
    ASSERT_TRUE(h_.Add(2, 1, Level::kDistrict, "D532", "Adilabad", 532).ok());
    ASSERT_TRUE(
        h_.Add(3, 1, Level::kDistrict, "D518", "Ranga Reddy", 518).ok());
    ASSERT_TRUE(
        h_.Add(4, 2, Level::kBlock, "B4636", "Bazarhatnoor", 4636).ok());
    ASSERT_TRUE(h_.Add(5, 2, Level::kBlock, "B4647", "Gudihatnur", 4647).ok());
    ASSERT_TRUE(h_.Add(6, 3, Level::kBlock, "B5230", "Keshampeta", 5230).ok());
    ASSERT_TRUE(h_.Add(7, 2, Level::kBlock, "B4640", "Boath", 4640).ok());
  }

  static AliasMapping Block(int64_t line, std::string district,
                            std::string name, UnitId unit, std::string code) {
    AliasMapping m;
    m.line = line;
    m.level = Level::kBlock;
    m.state = "Telangana";
    m.district = std::move(district);
    m.source_name = std::move(name);
    m.unit = unit;
    m.code = std::move(code);
    return m;
  }

  static NameAliasRow Stored(int64_t id, Level level, int64_t parent,
                             std::string name, int64_t unit) {
    NameAliasRow a;
    a.id = id;
    a.level = static_cast<int>(level);
    a.parent_id = parent;
    a.source_name = name;
    a.match_key = "";
    a.unit_id = unit;
    a.created_by = "cli:asha";
    a.created_at = "2026-01-02T03:04:05Z";
    return a;
  }

  Hierarchy h_;
  AliasIndex none_;
};

TEST_F(AliasRulesTest, ANewMappingIsStoredUnderThePlacesParent) {
  auto d = DecideAliases(h_, none_,
                         {Block(2, "Adilabad", "Bazarhathnoor", 4, "B4636")});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].verdict, AliasVerdict::kStore);
  EXPECT_EQ(d[0].parent_id, 2);
}

TEST_F(AliasRulesTest, AStateAliasHasIndiaAsItsParent) {
  AliasMapping m;
  m.line = 2;
  m.level = Level::kState;
  m.source_name = "Telengana";
  m.unit = 1;
  m.code = "S36";
  auto d = DecideAliases(h_, none_, {m});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].verdict, AliasVerdict::kStore);
  EXPECT_EQ(d[0].parent_id, 0);
}

TEST_F(AliasRulesTest, ApplyingTheSameMappingAgainIsANoOp) {
  AliasIndex stored;
  ASSERT_TRUE(stored.Add(Stored(9, Level::kBlock, 2, "Bazarhathnoor", 4)));
  // Spelt another way that normalises the same.
  auto d = DecideAliases(h_, stored,
                         {Block(2, "Adilabad", "BAZARHATHNOOR ", 4, "B4636")});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].verdict, AliasVerdict::kAlreadyStored);
  EXPECT_EQ(d[0].existing_id, 9);
}

TEST_F(AliasRulesTest, ANameAlreadyMappedElsewhereIsRefusedNamingBoth) {
  AliasIndex stored;
  ASSERT_TRUE(stored.Add(Stored(9, Level::kBlock, 2, "Bazarhathnoor", 4)));
  auto d = DecideAliases(h_, stored,
                         {Block(7, "Adilabad", "Bazarhathnoor", 5, "B4647")});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].verdict, AliasVerdict::kRefused);
  EXPECT_EQ(d[0].column, "candidate_code");
  EXPECT_EQ(d[0].existing_id, 9);
  const std::string text = DescribeRefusal(d[0]);
  EXPECT_NE(text.find("line 7, column candidate_code, value 'B4647'"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("B4636 Bazarhatnoor"), std::string::npos) << text;
  EXPECT_NE(text.find("B4647 Gudihatnur"), std::string::npos) << text;
  EXPECT_NE(text.find("revoke alias 9"), std::string::npos) << text;
}

TEST_F(AliasRulesTest, TheSameNameUnderAnotherParentIsAnotherAlias) {
  AliasIndex stored;
  ASSERT_TRUE(stored.Add(Stored(9, Level::kBlock, 2, "Keshampet", 4)));
  auto d = DecideAliases(h_, stored,
                         {Block(2, "Ranga Reddy", "Keshampet", 6, "B5230")});
  EXPECT_EQ(d[0].verdict, AliasVerdict::kStore);
}

TEST_F(AliasRulesTest, TwoSpellingsMayMapToOnePlace) {
  auto d = DecideAliases(h_, none_,
                         {Block(2, "Adilabad", "Bazarhathnoor", 4, "B4636"),
                          Block(3, "Adilabad", "Bazar Hathnur", 4, "B4636")});
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].verdict, AliasVerdict::kStore);
  EXPECT_EQ(d[1].verdict, AliasVerdict::kStore);
}

TEST_F(AliasRulesTest, OneFileMappingANameTwiceIsRefusedOrANoOp) {
  auto d = DecideAliases(h_, none_,
                         {Block(2, "Adilabad", "Bazarhathnoor", 4, "B4636"),
                          Block(3, "Adilabad", "Bazarhathnoor", 5, "B4647"),
                          Block(4, "Adilabad", "Bazarhathnoor", 4, "B4636")});
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].verdict, AliasVerdict::kStore);
  EXPECT_EQ(d[1].verdict, AliasVerdict::kRefused);
  EXPECT_NE(d[1].reason.find("on line 2"), std::string::npos) << d[1].reason;
  EXPECT_NE(d[1].reason.find("B4636 Bazarhatnoor"), std::string::npos);
  EXPECT_NE(d[1].reason.find("B4647 Gudihatnur"), std::string::npos);
  EXPECT_EQ(d[2].verdict, AliasVerdict::kAlreadyStored);
}

TEST_F(AliasRulesTest, APlaceUnderAnotherParentIsRefusedWithLineAndColumn) {
  // Keshampeta is a block of Ranga Reddy, not of Adilabad.
  auto d =
      DecideAliases(h_, none_, {Block(5, "Adilabad", "Keshampet", 6, "B5230")});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].verdict, AliasVerdict::kRefused);
  EXPECT_EQ(DescribeRefusal(d[0]),
            "line 5, column candidate_code, value 'B5230': B5230 Keshampeta "
            "is a block of Ranga Reddy, not of Adilabad (the district this "
            "row names)");
  // A district of another state.
  AliasMapping m = Block(6, "", "Keshampet", 6, "B5230");
  m.state = "Kerala";
  d = DecideAliases(h_, none_, {m});
  EXPECT_EQ(d[0].verdict, AliasVerdict::kRefused);
  EXPECT_EQ(d[0].column, "candidate_code");
}

TEST_F(AliasRulesTest, APlaceOfAnotherLevelIsRefused) {
  AliasMapping m = Block(3, "Adilabad", "Adilabad", 2, "D532");
  auto d = DecideAliases(h_, none_, {m});
  EXPECT_EQ(d[0].verdict, AliasVerdict::kRefused);
  EXPECT_EQ(DescribeRefusal(d[0]),
            "line 3, column candidate_code, value 'D532': no block has this "
            "code");
}

TEST_F(AliasRulesTest, ANameAnotherPlaceHasIsRefused) {
  // "Boath" is the name of B4640: an alias to B4636 would hide it.
  auto d =
      DecideAliases(h_, none_, {Block(4, "Adilabad", "BOATH", 4, "B4636")});
  EXPECT_EQ(d[0].verdict, AliasVerdict::kRefused);
  EXPECT_EQ(d[0].column, "source_name");
  EXPECT_NE(d[0].reason.find("B4640 Boath"), std::string::npos);
  // The place's own name is no conflict.
  d = DecideAliases(h_, none_, {Block(4, "Adilabad", "Boath", 7, "B4640")});
  EXPECT_EQ(d[0].verdict, AliasVerdict::kStore);
}

TEST_F(AliasRulesTest, AnEmptyNameIsRefused) {
  auto d = DecideAliases(h_, none_, {Block(4, "Adilabad", " - ", 4, "B4636")});
  EXPECT_EQ(d[0].verdict, AliasVerdict::kRefused);
  EXPECT_EQ(d[0].column, "source_name");
}

TEST_F(AliasRulesTest, TheIndexFindsNormalisedNamesAndSkipsRevokedOnes) {
  AliasIndex index;
  ASSERT_TRUE(index.Add(Stored(1, Level::kDistrict, 1, "Rangareddy", 3)));
  EXPECT_FALSE(index.Add(Stored(2, Level::kDistrict, 1, "RANGA-REDDY", 3)))
      << "one key, one alias in force";
  NameAliasRow revoked = Stored(3, Level::kDistrict, 1, "Warangal Urban", 2);
  revoked.revoked_at = "2026-01-03T00:00:00Z";
  EXPECT_FALSE(index.Add(revoked));
  EXPECT_EQ(index.size(), 1u);
  const NameAliasRow* a = index.Find(Level::kDistrict, 1, "ranga reddy");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->id, 1);
  EXPECT_EQ(index.Find(Level::kBlock, 1, "Rangareddy"), nullptr);
  EXPECT_EQ(index.Find(Level::kDistrict, 2, "Rangareddy"), nullptr);
  EXPECT_EQ(index.Find(Level::kDistrict, 1, "Warangal Urban"), nullptr);
}

}  // namespace
}  // namespace jjm
