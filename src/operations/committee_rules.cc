#include "operations/committee_rules.h"

#include <cmath>
#include <string>

namespace jjm {

std::string_view MemberRoleName(MemberRole r) {
  switch (r) {
    case MemberRole::kChair:
      return "chair";
    case MemberRole::kSecretary:
      return "secretary";
    case MemberRole::kMember:
      return "member";
    case MemberRole::kOperator:
      return "operator";
  }
  return "";
}

std::optional<MemberRole> ParseMemberRole(std::string_view name) {
  for (int i = 0; i < kMemberRoles; ++i) {
    auto r = static_cast<MemberRole>(i);
    if (MemberRoleName(r) == name) return r;
  }
  return std::nullopt;
}

std::string_view MemberGenderName(MemberGender g) {
  switch (g) {
    case MemberGender::kFemale:
      return "female";
    case MemberGender::kMale:
      return "male";
    case MemberGender::kOther:
      return "other";
  }
  return "";
}

std::optional<MemberGender> ParseMemberGender(std::string_view name) {
  for (int i = 0; i < kMemberGenders; ++i) {
    auto g = static_cast<MemberGender>(i);
    if (MemberGenderName(g) == name) return g;
  }
  return std::nullopt;
}

std::string_view SocialGroupName(SocialGroup g) {
  switch (g) {
    case SocialGroup::kSc:
      return "sc";
    case SocialGroup::kSt:
      return "st";
    case SocialGroup::kOther:
      return "other";
  }
  return "";
}

std::optional<SocialGroup> ParseSocialGroup(std::string_view name) {
  for (int i = 0; i < kSocialGroups; ++i) {
    auto g = static_cast<SocialGroup>(i);
    if (SocialGroupName(g) == name) return g;
  }
  return std::nullopt;
}

bool ServesOn(const CommitteeMember& m, int32_t day) {
  return m.joined <= day && (!m.left.has_value() || day < *m.left);
}

namespace {

bool EnumsValid(const CommitteeMember& m) {
  return static_cast<int>(m.role) < kMemberRoles &&
         static_cast<int>(m.gender) < kMemberGenders &&
         static_cast<int>(m.social_group) < kSocialGroups;
}

}  // namespace

Status CheckMember(const CommitteeMember& m, int32_t today) {
  if (static_cast<int>(m.role) >= kMemberRoles) {
    return InvalidArgument(
        "role must be one of chair, secretary, member, operator", "role");
  }
  if (static_cast<int>(m.gender) >= kMemberGenders) {
    return InvalidArgument("gender must be one of female, male, other",
                           "gender");
  }
  if (static_cast<int>(m.social_group) >= kSocialGroups) {
    return InvalidArgument("social_group must be one of sc, st, other",
                           "social_group");
  }
  if (m.joined < kEarliestMemberDay) {
    return InvalidArgument("the day of joining is before 1990-01-01", "joined");
  }
  if (m.joined > today) {
    return InvalidArgument("the day of joining is in the future", "joined");
  }
  if (m.left.has_value()) {
    if (*m.left < m.joined) {
      return InvalidArgument("the day of leaving is before the day of joining",
                             "left");
    }
    if (*m.left > today) {
      return InvalidArgument("the day of leaving is in the future", "left");
    }
  }
  return Status::Ok();
}

int32_t RequiredShare(double share, int32_t size) {
  if (size <= 0 || !(share > 0)) return 0;
  const double r = std::floor(share * size + 0.5 + 1e-9);
  int32_t n = r < 1 ? 1 : static_cast<int32_t>(r);
  return n > size ? size : n;
}

namespace {

std::string Count(int32_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void Add(Composition* c, const char* code, int32_t have, int32_t need,
         std::string message) {
  c->shortfalls.push_back({code, have, need, std::move(message)});
}

std::string Percent(double share) {
  // One decimal, without trailing ".0": 18%, 7.5%.
  const long tenths = std::lround(share * 1000);
  std::string s = std::to_string(tenths / 10);
  if (tenths % 10 != 0) s += "." + std::to_string(tenths % 10);
  return s + "%";
}

}  // namespace

StatusOr<Composition> CompositionCheck(std::span<const CommitteeMember> members,
                                       int32_t day, double village_sc_share,
                                       double village_st_share) {
  if (!(village_sc_share >= 0 && village_sc_share <= 1)) {
    return InvalidArgument("the village's SC share must be between 0 and 1",
                           "sc_share");
  }
  if (!(village_st_share >= 0 && village_st_share <= 1)) {
    return InvalidArgument("the village's ST share must be between 0 and 1",
                           "st_share");
  }
  if (village_sc_share + village_st_share > 1 + 1e-9) {
    return InvalidArgument(
        "the village's SC and ST shares add up to more than 1", "st_share");
  }
  Composition c;
  for (size_t i = 0; i < members.size(); ++i) {
    const CommitteeMember& m = members[i];
    if (!EnumsValid(m) || !ServesOn(m, day)) continue;
    c.serving.push_back(static_cast<int>(i));
    ++c.size;
    if (m.gender == MemberGender::kFemale) ++c.women;
    if (m.elected_panchayat_member) ++c.elected;
    if (m.social_group == SocialGroup::kSc) ++c.sc;
    if (m.social_group == SocialGroup::kSt) ++c.st;
    if (m.role == MemberRole::kChair) ++c.chairs;
    if (m.role == MemberRole::kSecretary) ++c.secretaries;
  }
  c.required_sc = RequiredShare(village_sc_share, c.size);
  c.required_st = RequiredShare(village_st_share, c.size);

  const std::string members_text = Count(c.size, "member", "members");
  if (c.size < kMinCommitteeSize) {
    Add(&c, "too_few_members", c.size, kMinCommitteeSize,
        "the committee has " + members_text + "; it needs at least " +
            std::to_string(kMinCommitteeSize));
  }
  if (c.size > kMaxCommitteeSize) {
    Add(&c, "too_many_members", c.size, kMaxCommitteeSize,
        "the committee has " + members_text + "; it may have at most " +
            std::to_string(kMaxCommitteeSize));
  }
  const int32_t women_needed = (c.size + 1) / 2;
  if (c.women < women_needed) {
    Add(&c, "too_few_women", c.women, women_needed,
        std::to_string(c.women) + " of " + members_text +
            (c.women == 1 ? " is a woman" : " are women") +
            "; at least half (" + std::to_string(women_needed) + ") must be");
  }
  const int32_t elected_max = c.size / 4;
  if (c.elected > elected_max) {
    Add(&c, "too_many_elected", c.elected, elected_max,
        std::to_string(c.elected) + " of " + members_text +
            (c.elected == 1 ? " is an elected panchayat member"
                            : " are elected panchayat members") +
            "; at most a quarter (" + std::to_string(elected_max) + ") may be");
  }
  if (c.sc < c.required_sc) {
    Add(&c, "too_few_sc", c.sc, c.required_sc,
        std::to_string(c.sc) + " of " + members_text + " " +
            (c.sc == 1 ? "is" : "are") +
            " from the Scheduled Castes; the village's share (" +
            Percent(village_sc_share) + ") asks for at least " +
            std::to_string(c.required_sc));
  }
  if (c.st < c.required_st) {
    Add(&c, "too_few_st", c.st, c.required_st,
        std::to_string(c.st) + " of " + members_text + " " +
            (c.st == 1 ? "is" : "are") +
            " from the Scheduled Tribes; the village's share (" +
            Percent(village_st_share) + ") asks for at least " +
            std::to_string(c.required_st));
  }
  if (c.chairs == 0) {
    Add(&c, "no_chair", 0, 1, "no chair is serving; there must be one");
  } else if (c.chairs > 1) {
    Add(&c, "several_chairs", c.chairs, 1,
        std::to_string(c.chairs) +
            " chairs are serving; there must be exactly one");
  }
  if (c.secretaries == 0) {
    Add(&c, "no_secretary", 0, 1, "no secretary is serving; there must be one");
  } else if (c.secretaries > 1) {
    Add(&c, "several_secretaries", c.secretaries, 1,
        std::to_string(c.secretaries) +
            " secretaries are serving; there must be exactly one");
  }
  c.meets = c.shortfalls.empty();
  return c;
}

}  // namespace jjm
