// Finding a place by what a person types (coverage/place_search.h): the
// place meant first among many alike, codes and LGD numbers, former
// names, Devanagari, a level, a place to search within, and pages.
#include "coverage/place_search.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jjm {
namespace {

class PlaceSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Add(1, kIndia, Level::kState, "S28", "Andhra Pradesh", 28);
    Add(2, 1, Level::kDistrict, "D501", "Gopalgarh", 501);
    Add(3, 2, Level::kBlock, "B4001", "Bhimgarh", 4001);
    Add(4, 3, Level::kGp, "G9001", "Amarsar", 9001);
    Add(5, 3, Level::kGp, "G9002", "Balapura Kalan", 9002);
    // Many villages alike: the one named exactly must come first.
    Add(10, 5, Level::kVillage, "V700010", "Balapura Kalan", 700010);
    Add(11, 5, Level::kVillage, "V700011", "Balapurampet", 700011);
    Add(12, 4, Level::kVillage, "V700012", "Chhota Balapura", 700012);
    Add(13, 4, Level::kVillage, "V700013", "Nayabalapura", 700013);
    Add(14, 4, Level::kVillage, "V700014", "Balapura", 700014);
    Add(15, 4, Level::kVillage, "V700015", "बालापुरा", 700015);
    Add(16, 4, Level::kVillage, "V700016", "Rampur", 700016);
    h_.AddFormerName(16, "Old Balapura");
    Add(20, kIndia, Level::kState, "S29", "Karnataka", 29);
    Add(21, 20, Level::kDistrict, "D502", "Balapura", 502);
  }
  void Add(UnitId id, UnitId parent, Level level, const char* code,
           const char* name, int64_t lgd) {
    ASSERT_TRUE(h_.Add(id, parent, level, code, name, lgd).ok());
  }
  // The codes found, checking that the cached search finds the same.
  std::vector<std::string> Codes(const PlaceQuery& q) {
    std::vector<std::string> out, cached;
    for (const PlaceMatch& m : SearchPlaces(h_, q).matches) {
      out.push_back(h_.Get(m.unit).code);
    }
    for (const PlaceMatch& m : searcher_.Search(h_, q).matches) {
      cached.push_back(h_.Get(m.unit).code);
    }
    EXPECT_EQ(cached, out) << q.text;
    return out;
  }
  PlaceSearcher searcher_;
  Hierarchy h_;
};

TEST_F(PlaceSearchTest, TheExactNameFirstThenPrefixWordContainsFormer) {
  PlaceQuery q{"balapura"};
  const PlaceSearchResult r = SearchPlaces(h_, q);
  EXPECT_EQ(r.total, 8u);
  std::vector<std::string> codes;
  std::vector<PlaceMatchKind> kinds;
  for (const PlaceMatch& m : r.matches) {
    codes.push_back(h_.Get(m.unit).code);
    kinds.push_back(m.kind);
  }
  // Exact (district, then village), prefix (GP, then villages by name),
  // a word (Chhota Balapura), inside a word (Nayabalapura), a former name.
  EXPECT_EQ(codes, (std::vector<std::string>{"D502", "V700014", "G9002",
                                             "V700010", "V700011", "V700012",
                                             "V700013", "V700016"}));
  EXPECT_EQ(kinds.front(), PlaceMatchKind::kExact);
  EXPECT_EQ(kinds[5], PlaceMatchKind::kWord);
  EXPECT_EQ(kinds[6], PlaceMatchKind::kContains);
  EXPECT_EQ(kinds.back(), PlaceMatchKind::kFormerName);
}

TEST_F(PlaceSearchTest, LevelWithinAndPages) {
  PlaceQuery q{"BALAPURA"};
  q.level = Level::kVillage;
  EXPECT_EQ(Codes(q).front(), "V700014");
  q.level.reset();
  q.within = 20;  // Karnataka
  EXPECT_EQ(Codes(q), (std::vector<std::string>{"D502"}));
  q.within = kIndia;
  q.offset = 6;
  q.limit = 5;
  const PlaceSearchResult r = SearchPlaces(h_, q);
  EXPECT_EQ(r.total, 8u);
  ASSERT_EQ(r.matches.size(), 2u);
  EXPECT_EQ(h_.Get(r.matches[0].unit).code, "V700013");
  q.offset = 8;
  EXPECT_TRUE(SearchPlaces(h_, q).matches.empty());
}

TEST_F(PlaceSearchTest, CodesLgdNumbersAndDevanagari) {
  EXPECT_EQ(Codes({"v700014"}), (std::vector<std::string>{"V700014"}));
  EXPECT_EQ(SearchPlaces(h_, {"700014"}).matches[0].kind,
            PlaceMatchKind::kCode);
  // 501 is only Gopalgarh's; "50" finds no code and no name.
  EXPECT_EQ(Codes({"501"}), (std::vector<std::string>{"D501"}));
  EXPECT_TRUE(Codes({"50"}).empty());
  EXPECT_EQ(Codes({"बालापुरा"}), (std::vector<std::string>{"V700015"}));
  EXPECT_EQ(Codes({"पुरा"}), (std::vector<std::string>{"V700015"}));
}

// The cached names follow the hierarchy: a place added or renamed is
// found at once, and the cache agrees with a plain scan on every shape.
TEST_F(PlaceSearchTest, TheCacheFollowsAddsAndRenames) {
  EXPECT_TRUE(Codes({"Newtown"}).empty());
  Add(30, 4, Level::kVillage, "V700030", "Newtown", 700030);
  EXPECT_EQ(Codes({"newtown"}), (std::vector<std::string>{"V700030"}));
  h_.Rename(30, "Oldtown");
  EXPECT_TRUE(Codes({"newtown"}).empty());
  EXPECT_EQ(Codes({"oldtown"}), (std::vector<std::string>{"V700030"}));
  for (const char* q : {"ba", "pura", "a", "ur", "बाला", "Kalan", "pradesh"}) {
    PlaceQuery pq{q};
    pq.limit = 100;
    Codes(pq);
    pq.level = Level::kVillage;
    Codes(pq);
  }
  // A needle with the cache's separator finds nothing, not a seam.
  EXPECT_TRUE(
      searcher_.Search(h_, {std::string_view("a\0b", 3)}).matches.empty());
}

}  // namespace
}  // namespace jjm
