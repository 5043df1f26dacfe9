// The VWSC (Paani Samiti) composition rules and one member's record.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "base/date.h"
#include "operations/committee_rules.h"

namespace jjm {
namespace {

const int32_t kDay = Date::FromCivil(2024, 6, 1).days();

CommitteeMember M(MemberRole role, MemberGender g,
                  SocialGroup sg = SocialGroup::kOther, bool elected = false) {
  CommitteeMember m;
  m.role = role;
  m.gender = g;
  m.social_group = sg;
  m.elected_panchayat_member = elected;
  m.joined = Date::FromCivil(2022, 1, 1).days();
  return m;
}

// 12 members meeting every rule for a village 20% SC and 10% ST: 6 women,
// 3 elected (12 / 4), 3 SC (2 needed: floor(2.4 + 0.5)) and 2 ST (1
// needed: floor(1.2 + 0.5)).
std::vector<CommitteeMember> Good() {
  using R = MemberRole;
  using G = MemberGender;
  using S = SocialGroup;
  return {
      M(R::kChair, G::kFemale, S::kSc, true),
      M(R::kSecretary, G::kMale),
      M(R::kOperator, G::kMale),
      M(R::kMember, G::kFemale, S::kSc),
      M(R::kMember, G::kFemale, S::kSc),
      M(R::kMember, G::kFemale, S::kSt),
      M(R::kMember, G::kFemale, S::kSt),
      M(R::kMember, G::kFemale, S::kOther, true),
      M(R::kMember, G::kMale, S::kOther, true),
      M(R::kMember, G::kMale),
      M(R::kMember, G::kMale),
      M(R::kMember, G::kMale),
  };
}

std::vector<std::string> Codes(const Composition& c) {
  std::vector<std::string> out;
  for (const CompositionShortfall& f : c.shortfalls) out.push_back(f.code);
  return out;
}

TEST(OperationsCommitteeTest, ACommitteeMeetingEveryRuleHasNoShortfall) {
  std::vector<CommitteeMember> m = Good();
  StatusOr<Composition> c = CompositionCheck(m, kDay, 0.2, 0.1);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->meets);
  EXPECT_TRUE(c->shortfalls.empty());
  EXPECT_EQ(c->size, 12);
  EXPECT_EQ(c->women, 6);
  EXPECT_EQ(c->elected, 3);
  EXPECT_EQ(c->sc, 3);
  EXPECT_EQ(c->st, 2);
  EXPECT_EQ(c->required_sc, 2);
  EXPECT_EQ(c->required_st, 1);
  EXPECT_EQ(c->serving.size(), 12u);
}

TEST(OperationsCommitteeTest, EveryShortfallIsNamedWithItsNumbers) {
  std::vector<CommitteeMember> m = Good();
  m[3].left = kDay - 10;            // a woman, SC
  m[5].left = kDay - 10;            // a woman, ST
  m[9].left = kDay;                 // leaves today: no longer serving today
  m[10].left = kDay + 1;            // leaves tomorrow: still serving today
  m[11].role = MemberRole::kChair;  // a second chair, elected
  m[11].elected_panchayat_member = true;
  StatusOr<Composition> c = CompositionCheck(m, kDay, 0.2, 0.1);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->serving, (std::vector<int>{0, 1, 2, 4, 6, 7, 8, 10, 11}));
  EXPECT_EQ(c->size, 9);
  EXPECT_EQ(c->women, 4);
  EXPECT_EQ(c->elected, 4);
  EXPECT_EQ(c->sc, 2);
  EXPECT_EQ(c->st, 1);
  EXPECT_EQ(c->required_sc, 2);  // floor(1.8 + 0.5)
  EXPECT_EQ(c->required_st, 1);  // floor(0.9 + 0.5)
  EXPECT_FALSE(c->meets);
  EXPECT_EQ(Codes(*c),
            (std::vector<std::string>{"too_few_members", "too_few_women",
                                      "too_many_elected", "several_chairs"}));
  EXPECT_EQ(c->shortfalls[0].have, 9);
  EXPECT_EQ(c->shortfalls[0].need, 10);
  EXPECT_EQ(c->shortfalls[0].message,
            "the committee has 9 members; it needs at least 10");
  EXPECT_EQ(c->shortfalls[1].have, 4);
  EXPECT_EQ(c->shortfalls[1].need, 5);
  EXPECT_EQ(c->shortfalls[2].have, 4);
  EXPECT_EQ(c->shortfalls[2].need, 2);
  EXPECT_EQ(c->shortfalls[2].message,
            "4 of 9 members are elected panchayat members; at most a quarter "
            "(2) may be");
  EXPECT_EQ(c->shortfalls[3].have, 2);
  EXPECT_EQ(c->shortfalls[3].message,
            "2 chairs are serving; there must be exactly one");
}

TEST(OperationsCommitteeTest, TooFewWomenAndTooFewScAndStAndNoSecretary) {
  std::vector<CommitteeMember> m = Good();
  for (CommitteeMember& x : m) x.social_group = SocialGroup::kOther;
  m[3].gender = MemberGender::kMale;
  m[1].role = MemberRole::kMember;  // the secretary steps down to member
  StatusOr<Composition> c = CompositionCheck(m, kDay, 0.25, 0.05);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Codes(*c),
            (std::vector<std::string>{"too_few_women", "too_few_sc",
                                      "too_few_st", "no_secretary"}));
  EXPECT_EQ(c->shortfalls[0].message,
            "5 of 12 members are women; at least half (6) must be");
  EXPECT_EQ(c->shortfalls[1].need, 3);  // floor(3 + 0.5)
  EXPECT_EQ(c->shortfalls[1].message,
            "0 of 12 members are from the Scheduled Castes; the village's "
            "share (25%) asks for at least 3");
  // 0.05 * 12 = 0.6 -> 1.
  EXPECT_EQ(c->shortfalls[2].need, 1);
  EXPECT_EQ(c->shortfalls[3].message,
            "no secretary is serving; there must be one");
}

TEST(OperationsCommitteeTest, SixteenMembersAreTooMany) {
  std::vector<CommitteeMember> m = Good();
  for (int i = 0; i < 4; ++i) {
    m.push_back(M(MemberRole::kMember, MemberGender::kFemale));
  }
  StatusOr<Composition> c = CompositionCheck(m, kDay, 0, 0);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Codes(*c), (std::vector<std::string>{"too_many_members"}));
  EXPECT_EQ(c->shortfalls[0].have, 16);
  EXPECT_EQ(c->shortfalls[0].need, 15);
}

TEST(OperationsCommitteeTest, MembersWhoHaveNotJoinedYetDoNotServe) {
  std::vector<CommitteeMember> m = Good();
  m[0].joined = kDay + 1;
  StatusOr<Composition> c = CompositionCheck(m, kDay, 0, 0);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->size, 11);
  EXPECT_EQ(c->serving.front(), 1);
  EXPECT_EQ(Codes(*c), (std::vector<std::string>{"too_few_women", "no_chair"}));
  // On the day of joining the chair serves.
  StatusOr<Composition> next = CompositionCheck(m, kDay + 1, 0, 0);
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->meets);
}

TEST(OperationsCommitteeTest, AnEmptyCommitteeLacksMembersChairAndSecretary) {
  StatusOr<Composition> c = CompositionCheck({}, kDay, 0.3, 0.3);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->required_sc, 0);
  EXPECT_EQ(Codes(*c), (std::vector<std::string>{"too_few_members", "no_chair",
                                                 "no_secretary"}));
}

TEST(OperationsCommitteeTest, RequiredShareRoundsHalfUpAndAtLeastOne) {
  EXPECT_EQ(RequiredShare(0.15, 10), 2);  // 1.5 -> 2, despite binary 0.15
  EXPECT_EQ(RequiredShare(0.14, 10), 1);  // 1.4 -> 1
  EXPECT_EQ(RequiredShare(0.01, 10), 1);  // 0.1 -> 0, but at least 1
  EXPECT_EQ(RequiredShare(0, 10), 0);
  EXPECT_EQ(RequiredShare(0.5, 0), 0);
  EXPECT_EQ(RequiredShare(0.25, 15), 4);  // 3.75 + 0.5 -> 4
  EXPECT_EQ(RequiredShare(1, 12), 12);
}

TEST(OperationsCommitteeTest, SharesOutsideZeroToOneAreRefused) {
  std::vector<CommitteeMember> m = Good();
  EXPECT_EQ(CompositionCheck(m, kDay, -0.1, 0).status().field(), "sc_share");
  EXPECT_EQ(CompositionCheck(m, kDay, 0, 1.5).status().field(), "st_share");
  EXPECT_EQ(CompositionCheck(m, kDay, 0.7, 0.4).status().field(), "st_share");
  EXPECT_FALSE(CompositionCheck(m, kDay, std::nan(""), 0).ok());
}

TEST(OperationsCommitteeTest, CheckMemberNamesTheField) {
  CommitteeMember m = M(MemberRole::kMember, MemberGender::kMale);
  EXPECT_TRUE(CheckMember(m, kDay).ok());
  CommitteeMember bad = m;
  bad.role = static_cast<MemberRole>(9);
  EXPECT_EQ(CheckMember(bad, kDay).field(), "role");
  bad = m;
  bad.gender = static_cast<MemberGender>(3);
  EXPECT_EQ(CheckMember(bad, kDay).field(), "gender");
  bad = m;
  bad.social_group = static_cast<SocialGroup>(7);
  EXPECT_EQ(CheckMember(bad, kDay).field(), "social_group");
  bad = m;
  bad.joined = kDay + 1;
  EXPECT_EQ(CheckMember(bad, kDay).field(), "joined");
  bad.joined = Date::FromCivil(1989, 12, 31).days();
  EXPECT_EQ(CheckMember(bad, kDay).field(), "joined");
  bad.joined = Date::FromCivil(1990, 1, 1).days();
  EXPECT_TRUE(CheckMember(bad, kDay).ok());
  bad = m;
  bad.left = m.joined - 1;
  Status s = CheckMember(bad, kDay);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "left");
  bad.left = kDay + 1;
  EXPECT_EQ(CheckMember(bad, kDay).field(), "left");
  bad.left = m.joined;  // left the day of joining: accepted, never serves
  EXPECT_TRUE(CheckMember(bad, kDay).ok());
  EXPECT_FALSE(ServesOn(bad, m.joined));
}

TEST(OperationsCommitteeTest, NamesRoundTrip) {
  for (int i = 0; i < kMemberRoles; ++i) {
    auto r = static_cast<MemberRole>(i);
    EXPECT_EQ(ParseMemberRole(MemberRoleName(r)), r);
  }
  for (int i = 0; i < kMemberGenders; ++i) {
    auto g = static_cast<MemberGender>(i);
    EXPECT_EQ(ParseMemberGender(MemberGenderName(g)), g);
  }
  for (int i = 0; i < kSocialGroups; ++i) {
    auto g = static_cast<SocialGroup>(i);
    EXPECT_EQ(ParseSocialGroup(SocialGroupName(g)), g);
  }
  EXPECT_EQ(ParseMemberRole("president"), std::nullopt);
  EXPECT_EQ(MemberRoleName(MemberRole::kOperator), "operator");
  EXPECT_EQ(ParseSocialGroup("SC"), std::nullopt);  // names are lower case
}

}  // namespace
}  // namespace jjm
