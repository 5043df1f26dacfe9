// The village water and sanitation committee (VWSC, Paani Samiti) and the
// guidelines' rules for who sits on it, as pure rules: no SQL, no HTTP, no
// I/O.  The operations service keeps the members in the store and asks
// CompositionCheck for the committee's page and for the roll-up of
// committees that do not meet the rules.
//
//   Status s = CheckMember(member, today);
//   if (!s.ok()) return s;
//   StatusOr<Composition> c = CompositionCheck(members, today, 0.18, 0.07);
//   if (!c.ok()) return c.status();
//   for (const CompositionShortfall& f : c->shortfalls) Show(f.message);
//
// Days are days since 1970-01-01 (Date::days()), as elsewhere in jjm.
#ifndef JJM_OPERATIONS_COMMITTEE_RULES_H_
#define JJM_OPERATIONS_COMMITTEE_RULES_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jjm {

enum class MemberRole : uint8_t {
  kChair = 0,
  kSecretary = 1,
  kMember = 2,
  kOperator = 3,  // the pump operator (the vwsc_operator role's person)
};
inline constexpr int kMemberRoles = 4;

enum class MemberGender : uint8_t { kFemale = 0, kMale = 1, kOther = 2 };
inline constexpr int kMemberGenders = 3;

// Scheduled Castes, Scheduled Tribes, or anyone else.
enum class SocialGroup : uint8_t { kSc = 0, kSt = 1, kOther = 2 };
inline constexpr int kSocialGroups = 3;

// "chair", "secretary", "member", "operator"; "" for a value out of range.
std::string_view MemberRoleName(MemberRole r);
std::optional<MemberRole> ParseMemberRole(std::string_view name);
// "female", "male", "other"; "" for a value out of range.
std::string_view MemberGenderName(MemberGender g);
std::optional<MemberGender> ParseMemberGender(std::string_view name);
// "sc", "st", "other"; "" for a value out of range.
std::string_view SocialGroupName(SocialGroup g);
std::optional<SocialGroup> ParseSocialGroup(std::string_view name);

// One person's membership of a committee.  A member serves on `day` when
// joined <= day and (no `left`, or day < left): the day of leaving is the
// first day the member no longer serves.
struct CommitteeMember {
  int64_t id = 0;  // the stored row, or 0
  MemberRole role = MemberRole::kMember;
  MemberGender gender = MemberGender::kFemale;
  SocialGroup social_group = SocialGroup::kOther;
  bool elected_panchayat_member = false;
  int32_t joined = 0;
  std::optional<int32_t> left;
};

bool ServesOn(const CommitteeMember& m, int32_t day);

// The earliest day a membership may start: 1990-01-01 (before any VWSC).
inline constexpr int32_t kEarliestMemberDay = 7305;

// Checks one member record against `today`: InvalidArgument naming the
// field ("role", "gender", "social_group": a value outside the enum;
// "joined": before 1990-01-01 or after today; "left": before joined or
// after today).  A member who left on the day of joining (left == joined)
// is accepted and never serves.
Status CheckMember(const CommitteeMember& m, int32_t today);

// The guidelines' bounds.
inline constexpr int32_t kMinCommitteeSize = 10;
inline constexpr int32_t kMaxCommitteeSize = 15;

// One rule the committee does not meet.  `code` is stable (pages translate
// from it), `have` is what the committee has, `need` the bound it misses
// (a minimum or a maximum, as the code says), `message` the English
// sentence with both numbers.  Codes:
//   "too_few_members"        have = size, need = 10 (minimum)
//   "too_many_members"       have = size, need = 15 (maximum)
//   "too_few_women"          have = women, need = ceil(size / 2) (minimum)
//   "too_many_elected"       have = elected panchayat members,
//                            need = floor(size / 4) (maximum)
//   "too_few_sc"             have = SC members, need = RequiredShare(sc)
//   "too_few_st"             have = ST members, need = RequiredShare(st)
//   "no_chair"               have = 0, need = 1
//   "several_chairs"         have = chairs, need = 1 (maximum)
//   "no_secretary"           have = 0, need = 1
//   "several_secretaries"    have = secretaries, need = 1 (maximum)
// The order is the order of this list.
struct CompositionShortfall {
  std::string code;
  int32_t have = 0;
  int32_t need = 0;
  std::string message;
};

struct Composition {
  // Indexes into the members given of those serving on the day, ascending.
  std::vector<int> serving;
  // Counts over the serving members (every role counts, the operator too).
  int32_t size = 0, women = 0, elected = 0, sc = 0, st = 0;
  int32_t chairs = 0, secretaries = 0;
  int32_t required_sc = 0, required_st = 0;  // RequiredShare of each
  bool meets = false;                        // no shortfall
  std::vector<CompositionShortfall> shortfalls;
};

// The members a share of the village's population asks for in a committee
// of `size`: floor(share * size + 0.5), computed as
// floor(share * size + 0.5 + 1e-9) so that a share written in decimal
// (0.15 of 10 members) rounds up as on paper (2, not 1); and never less
// than 1 when share > 0 and size > 0.  0 when size <= 0 or share <= 0.
int32_t RequiredShare(double share, int32_t size);

// The committee as it stands on `day`: the members serving then (others,
// and records that fail CheckMember's enum checks, are left out), their
// counts and every shortfall against the guidelines: 10 to 15 members; at
// least half women (women * 2 >= size); elected panchayat members at most
// a quarter (elected * 4 <= size); SC and ST members at least
// RequiredShare(the village's SC / ST share of its population, size);
// exactly one chair and exactly one secretary serving.  An empty committee
// has the shortfalls too_few_members, no_chair and no_secretary.
// InvalidArgument naming "sc_share" or "st_share" when a share is not a
// number in [0, 1], or "st_share" when the two add up to more than 1.
StatusOr<Composition> CompositionCheck(std::span<const CommitteeMember> members,
                                       int32_t day, double village_sc_share,
                                       double village_st_share);

}  // namespace jjm

#endif  // JJM_OPERATIONS_COMMITTEE_RULES_H_
