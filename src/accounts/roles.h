// Who may do what, and where.  A user holds roles, each bound to a place
// (India, a state, district, block or village) or to a partner
// organisation; a role's powers reach the place it is bound to and
// everything below it.  This file is the one statement of those rules.
#ifndef JJM_ACCOUNTS_ROLES_H_
#define JJM_ACCOUNTS_ROLES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coverage/hierarchy.h"

namespace jjm {

enum class Role {
  kNationalAdmin,
  kNationalViewer,
  kStateOfficer,
  kDistrictOfficer,
  kBlockOfficer,
  kVwscOperator,  // village water and sanitation committee
  kPartnerUser,
  kLabAnalyst,  // bound to a water-quality lab (its unit: the lab's place)
  kFtkTester,   // a woman of a village trained to use field test kits
  kSurveyor,    // records households of the functionality assessment in a
                // district
};
inline constexpr Role kAllRoles[] = {
    Role::kNationalAdmin,   Role::kNationalViewer, Role::kStateOfficer,
    Role::kDistrictOfficer, Role::kBlockOfficer,   Role::kVwscOperator,
    Role::kPartnerUser,     Role::kLabAnalyst,     Role::kFtkTester,
    Role::kSurveyor};

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
// The level of place the role is bound to (kNation for national and
// partner roles, and for lab analysts, whose place is their lab's).
Level RoleLevel(Role role);

enum class Permission {
  kReadInternal,       // ledger details, users, audit within scope
  kRecordConnections,  // write tap connections and corrections
  kManageUsers,        // create users, grant and revoke roles below one's own
  kUnlockPeriods,      // reopen a closed month for places below one's own
  kImportVillages,     // import a villages file (and map its place names)
                       // into one's own places: state and district
                       // officers and national administrators
  // Water quality (quality/).
  kManageLabs,      // labs, their accreditation, treatment plants:
                    // national administrators and state officers
  kManageSources,   // sources, sampling points, trained testers and
                    // registering lab samples of the place's villages:
                    // officers and the village's vwsc_operator
  kRecordRemedies,  // remedial actions on the place's alerts, which
                    // are in their queue: officers and vwsc_operator
  // Water supply (supply/).
  kReportHgj,      // report a village Har Ghar Jal: block, district and
                   // state officers
  kCertifyHgj,     // upload the Gram Sabha's resolution and video and
                   // submit the certification: officers and the
                   // village's vwsc_operator
  kReviewHgj,      // accept or return a certification: district officers
                   // (and national administrators), not state officers
  kManageSchemes,  // schemes and their assets: officers
  kRecordSupply,   // asset conditions and service-level records: officers
                   // and the village's vwsc_operator
  kManageSurveys,  // set up functionality survey rounds: national
                   // administrators and state officers
  kRecordSurvey,   // record surveyed households: surveyors and officers
  // The village's own side (operations/).
  kManageCommittee,   // the committee, its members, meetings,
                      // breakdowns, sources' levels and recharge and
                      // greywater works: officers and the village's
                      // vwsc_operator
  kHandleComplaints,  // act on the place's complaints (assign, work,
                      // resolve, close as spam): officers and the
                      // village's vwsc_operator
  // Reports (reports/).
  kSetTargets,        // a state's own target date for Har Ghar Jal (Format
                      // J23): national administrators only, as the date is
                      // agreed between the state and the Centre
  kUploadBoundaries,  // the map's official boundary files: national
                      // administrators only
};

bool RoleGrants(Role role, Permission permission);

struct Grant {
  int64_t id = 0;
  Role role = Role::kNationalViewer;
  UnitId unit = kIndia;  // for partner users, India
  int64_t partner_id = 0;
  int64_t lab_id = 0;  // for lab analysts
};

// The signed-in caller.
struct Principal {
  int64_t account_id = 0;
  std::string username;
  std::string display_name;
  std::vector<Grant> grants;
  bool via_api_key = false;
  std::string session_digest;  // empty for API keys
  std::string session_expires;
};

// True if one of the principal's grants gives `permission` over `unit`.
bool Allows(const Principal& p, Permission permission, UnitId unit,
            const Hierarchy& h);
// True if the principal may give `role` bound to `unit` to someone: it has
// kManageUsers over the unit and a role of a strictly higher level (national
// administrators may give any role).
bool MayGrant(const Principal& p, Role role, UnitId unit, const Hierarchy& h);
// True if the principal may reopen a closed month for `unit`: it has
// kUnlockPeriods over a place strictly above `unit` (national
// administrators may reopen India).
bool MayUnlock(const Principal& p, UnitId unit, const Hierarchy& h);
// True if `unit` lies within some grant with kReadInternal.
bool InScope(const Principal& p, UnitId unit, const Hierarchy& h);
// The places of the principal's grants that give `permission`, in grant
// order without repeats; kIndia among them means everywhere.  Empty when no
// grant gives it.
std::vector<UnitId> PlacesWith(const Principal& p, Permission permission);

// The Sector Partner programme (partners/).
//
// True for national administrators: they run the programme (rounds,
// reviewer assignments, moderation, the shortlist, partners' places and
// agreements, approving or returning plans and reports).
bool MayAdministerPartners(const Principal& p);
// True for the national roles (administrators and viewers): they read
// every record of the programme.
bool MayReadAllPartners(const Principal& p);
// True if holders of `role` may be assigned as reviewers of applications:
// the national roles.
bool MayReviewApplications(Role role);
// True if the principal is a user of partner `partner_id`.
bool ActsForPartner(const Principal& p, int64_t partner_id);
// The partners the principal is a user of, ascending.
std::vector<int64_t> PartnersOf(const Principal& p);
// True if the principal may see partners and roll-ups at all: the national
// roles and partner users.
bool MaySeePartners(const Principal& p);
// Reads of a partner's own records: the national roles and its users.
bool MayReadPartner(const Principal& p, int64_t partner_id);
// Writes of a partner's own records (profile, plans, reports, trainers,
// trainings, knowledge, social audits): its users only.
bool MayEditPartner(const Principal& p, int64_t partner_id);
// The status of a follow-up action of a social audit of `partner_id` in
// `village`: the partner's users, or an official whose scope holds the
// village, unless the principal holds a national viewer role.
bool MayFollowUpSocialAudit(const Principal& p, int64_t partner_id,
                            UnitId village, const Hierarchy& h);

// Water quality (quality/).
//
// True if the principal is an analyst of lab `lab_id`: it receives, tests,
// reports, refuses, retests and refers that lab's samples, registers
// samples for it, and sees their collectors and testers.
bool WorksForLab(const Principal& p, int64_t lab_id);
// The labs the principal is an analyst of, ascending.
std::vector<int64_t> LabsOf(const Principal& p);
// True if the principal may record field test kit results in `village`:
// an ftk_tester bound to it.  (Officers register lab samples instead.)
bool MayTestInVillage(const Principal& p, UnitId village, const Hierarchy& h);
// True if the principal may see who collected and tested the samples of
// `village`: kReadInternal over it, or an FTK tester of the village.
// (A lab's analysts see those of their lab's samples: WorksForLab.)
bool MaySeeTesters(const Principal& p, UnitId village, const Hierarchy& h);

}  // namespace jjm

#endif  // JJM_ACCOUNTS_ROLES_H_
