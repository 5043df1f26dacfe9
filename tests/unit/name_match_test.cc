// The name crosswalk's normaliser and matcher: each variant the real JJM
// files show, and near misses that must not be taken without a person.
#include "crosswalk/name_match.h"

#include <gtest/gtest.h>

namespace jjm {
namespace {

TEST(NameKeyTest, CaseSpacesPunctuationAndSymbols) {
  EXPECT_EQ(MatchKey("Ranga Reddy"), MatchKey("RANGAREDDY"));
  EXPECT_EQ(MatchKey("Jammu&Kashmir"), MatchKey("JAMMU AND KASHMIR"));
  EXPECT_EQ(MatchKey("Rajahmundry\xC2\xAE"), "rajahmundry");  // ®
  EXPECT_EQ(MatchKey("Shankarampet A"), MatchKey("SHANKARAMPET (A)"));
  EXPECT_EQ(MatchKey("Kumuram's  Bheem"), "kumuramsbheem");
  EXPECT_EQ(MatchKey("A\xC2\xA0"
                     "B"),
            "ab");  // a non-breaking space
  // Devanagari stays.
  EXPECT_EQ(MatchKey("\xE0\xA4\xAD\xE0\xA5\x80\xE0\xA4\xAE"),
            "\xE0\xA4\xAD\xE0\xA5\x80\xE0\xA4\xAE");
  EXPECT_EQ(MatchKey("--"), "");
}

TEST(FoldedKeyTest, TransliterationVariants) {
  EXPECT_EQ(FoldedKey("Bazarhathnoor"), FoldedKey("BAZARHATNOOR"));  // th/t
  EXPECT_EQ(FoldedKey("Gudihathnur"), FoldedKey("GUDIHATNUR"));
  EXPECT_EQ(FoldedKey("Chengannoor"), FoldedKey("Chengannur"));     // oo/u, nn
  EXPECT_EQ(FoldedKey("Dharur"), FoldedKey("DARUR"));               // dh/d
  EXPECT_EQ(FoldedKey("Bheemgal"), FoldedKey("BHIMGAL"));           // ee/i
  EXPECT_EQ(FoldedKey("Kaaleshwaram"), FoldedKey("KALESHVARAM"));   // aa, w/v
  EXPECT_EQ(FoldedKey("Bhupalapally"), FoldedKey("BHUPALAPALLI"));  // y/i
  EXPECT_NE(FoldedKey("Yellandu"), FoldedKey("ELLANDU"));  // y only at ends
}

TEST(ScoreNameTest, StagesAndReasons) {
  EXPECT_EQ(ScoreName("Rangareddy", "RANGA REDDY").score, 1.0);
  EXPECT_EQ(ScoreName("Bazarhathnoor", "BAZARHATNOOR").score, 0.97);
  NameScore one = ScoreName("Neredigonda", "NERADIGONDA");
  EXPECT_EQ(one.score, 0.93);
  EXPECT_NE(one.reason.find("one letter"), std::string::npos);
  EXPECT_EQ(ScoreName("Rajanna Siricilla", "RAJANNA SIRCILLA").score, 0.93);
  // One letter in a short name is not enough.
  EXPECT_LT(ScoreName("Mogha", "MOGHI").score, kAcceptScore);
  // A suffix: proposed, never accepted on its own.
  NameScore suffix = ScoreName("Warangal Rural", "WARANGAL");
  EXPECT_EQ(suffix.score, 0.85);
  EXPECT_LT(suffix.score, kAcceptScore);
  EXPECT_EQ(ScoreName("Warangal Urban", "WARANGAL").score, 0.85);
  // Far apart: nothing.
  EXPECT_EQ(ScoreName("Warangal Urban", "HANUMAKONDA").score, 0);
  EXPECT_EQ(ScoreName("", "X").score, 0);
}

std::vector<NameCandidate> Blocks(std::vector<std::string> names) {
  std::vector<NameCandidate> out;
  int64_t id = 1;
  for (std::string& n : names) out.push_back({id++, std::move(n), {}});
  return out;
}

TEST(SuggestTest, OneCandidateClearlyAhead) {
  auto within = Blocks({"BAZARHATNOOR", "BOATH", "ADILABAD RURAL",
                        "ADILABAD URBAN", "GUDIHATNUR"});
  std::vector<Suggestion> s = Suggest("Bazarhathnoor", within);
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0].name, "BAZARHATNOOR");
  EXPECT_TRUE(ClearlyAhead(s));
}

TEST(SuggestTest, TwoSimilarPlacesAreLeftForAPerson) {
  // Two blocks of one district whose names differ by a letter.
  auto within = Blocks({"PEDDAPALLI", "PEDDAPALLE"});
  std::vector<Suggestion> s = Suggest("Peddapally", within);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_FALSE(ClearlyAhead(s));
  // A suffix shared by two places: neither is taken.
  s = Suggest("Adilabad",
              Blocks({"ADILABAD RURAL", "ADILABAD URBAN", "BOATH"}));
  ASSERT_GE(s.size(), 2u);
  EXPECT_FALSE(ClearlyAhead(s));
  // Similar, not the same: Kothaguda is not Kothagudem.
  s = Suggest("Kothaguda", Blocks({"KOTHAGUDEM", "GUDUR"}));
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0].name, "KOTHAGUDEM");
  EXPECT_FALSE(ClearlyAhead(s));
  // Nothing near: no candidate at all.
  EXPECT_TRUE(Suggest("Hanumakonda", Blocks({"WARANGAL", "JANGOAN"})).empty());
}

TEST(SuggestTest, FormerNames) {
  std::vector<NameCandidate> within = {{7, "HANUMAKONDA", {"Warangal Urban"}},
                                       {8, "WARANGAL", {}}};
  std::vector<Suggestion> s = Suggest("Warangal Urban", within);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].id, 7);
  EXPECT_EQ(s[0].score, 0.95);
  EXPECT_NE(s[0].reason.find("former name"), std::string::npos);
  EXPECT_TRUE(ClearlyAhead(s));  // 0.95 against the suffix match's 0.85
}

TEST(EditDistanceTest, Basics) {
  EXPECT_EQ(EditDistance("", ""), 0);
  EXPECT_EQ(EditDistance("abc", ""), 3);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
}

}  // namespace
}  // namespace jjm
