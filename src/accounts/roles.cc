#include "accounts/roles.h"

#include <algorithm>

namespace jjm {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kNationalAdmin:
      return "national_admin";
    case Role::kNationalViewer:
      return "national_viewer";
    case Role::kStateOfficer:
      return "state_officer";
    case Role::kDistrictOfficer:
      return "district_officer";
    case Role::kBlockOfficer:
      return "block_officer";
    case Role::kVwscOperator:
      return "vwsc_operator";
    case Role::kPartnerUser:
      return "partner_user";
    case Role::kLabAnalyst:
      return "lab_analyst";
    case Role::kFtkTester:
      return "ftk_tester";
    case Role::kSurveyor:
      return "surveyor";
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : kAllRoles) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

Level RoleLevel(Role role) {
  switch (role) {
    case Role::kStateOfficer:
      return Level::kState;
    case Role::kDistrictOfficer:
    case Role::kSurveyor:
      return Level::kDistrict;
    case Role::kBlockOfficer:
      return Level::kBlock;
    case Role::kVwscOperator:
    case Role::kFtkTester:
      return Level::kVillage;
    default:
      return Level::kNation;
  }
}

bool RoleGrants(Role role, Permission permission) {
  switch (role) {
    case Role::kNationalAdmin:
      return true;
    case Role::kNationalViewer:
      return permission == Permission::kReadInternal;
    case Role::kStateOfficer:
      return permission != Permission::kReviewHgj &&
             permission != Permission::kSetTargets &&
             permission != Permission::kUploadBoundaries;
    case Role::kDistrictOfficer:
      return permission != Permission::kManageLabs &&
             permission != Permission::kManageSurveys &&
             permission != Permission::kSetTargets &&
             permission != Permission::kUploadBoundaries;
    case Role::kBlockOfficer:
      return permission == Permission::kReadInternal ||
             permission == Permission::kRecordConnections ||
             permission == Permission::kManageSources ||
             permission == Permission::kRecordRemedies ||
             permission == Permission::kReportHgj ||
             permission == Permission::kCertifyHgj ||
             permission == Permission::kManageSchemes ||
             permission == Permission::kRecordSupply ||
             permission == Permission::kRecordSurvey ||
             permission == Permission::kManageCommittee ||
             permission == Permission::kHandleComplaints;
    case Role::kVwscOperator:
      return permission == Permission::kReadInternal ||
             permission == Permission::kRecordConnections ||
             permission == Permission::kManageSources ||
             permission == Permission::kRecordRemedies ||
             permission == Permission::kCertifyHgj ||
             permission == Permission::kRecordSupply ||
             permission == Permission::kManageCommittee ||
             permission == Permission::kHandleComplaints;
    case Role::kSurveyor:
      return permission == Permission::kRecordSurvey;
    case Role::kPartnerUser:
      return false;  // partner records have their own rules
    case Role::kLabAnalyst:
    case Role::kFtkTester:
      return false;  // their own rules: WorksForLab, MayTestInVillage
  }
  return false;
}

bool Allows(const Principal& p, Permission permission, UnitId unit,
            const Hierarchy& h) {
  if (!h.Contains(unit)) return false;
  for (const Grant& g : p.grants) {
    if (g.role == Role::kPartnerUser || g.role == Role::kLabAnalyst) continue;
    if (RoleGrants(g.role, permission) && h.IsWithin(unit, g.unit)) return true;
  }
  return false;
}

bool MayGrant(const Principal& p, Role role, UnitId unit, const Hierarchy& h) {
  if (!h.Contains(unit)) return false;
  for (const Grant& g : p.grants) {
    if (g.role == Role::kNationalAdmin) return true;
    if (!RoleGrants(g.role, Permission::kManageUsers)) continue;
    if (role == Role::kNationalAdmin || role == Role::kNationalViewer ||
        role == Role::kPartnerUser) {
      continue;
    }
    // A lab's analysts are not officers: anyone who manages the users of
    // the lab's place may appoint them.
    if (role == Role::kLabAnalyst && h.IsWithin(unit, g.unit)) return true;
    if (h.IsWithin(unit, g.unit) && RoleLevel(role) > RoleLevel(g.role)) {
      return true;
    }
  }
  return false;
}

bool MayUnlock(const Principal& p, UnitId unit, const Hierarchy& h) {
  if (!h.Contains(unit)) return false;
  for (const Grant& g : p.grants) {
    if (g.role == Role::kNationalAdmin) return true;
    if (!RoleGrants(g.role, Permission::kUnlockPeriods)) continue;
    if (unit != g.unit && h.IsWithin(unit, g.unit)) return true;
  }
  return false;
}

bool InScope(const Principal& p, UnitId unit, const Hierarchy& h) {
  return Allows(p, Permission::kReadInternal, unit, h);
}

std::vector<UnitId> PlacesWith(const Principal& p, Permission permission) {
  std::vector<UnitId> out;
  for (const Grant& g : p.grants) {
    if (g.role == Role::kPartnerUser || g.role == Role::kLabAnalyst ||
        !RoleGrants(g.role, permission)) {
      continue;
    }
    if (std::find(out.begin(), out.end(), g.unit) == out.end()) {
      out.push_back(g.unit);
    }
  }
  return out;
}

namespace {

bool Holds(const Principal& p, Role role) {
  return std::any_of(p.grants.begin(), p.grants.end(),
                     [&](const Grant& g) { return g.role == role; });
}

}  // namespace

bool MayAdministerPartners(const Principal& p) {
  return Holds(p, Role::kNationalAdmin);
}

bool MayReadAllPartners(const Principal& p) {
  return Holds(p, Role::kNationalAdmin) || Holds(p, Role::kNationalViewer);
}

bool MayReviewApplications(Role role) {
  return role == Role::kNationalAdmin || role == Role::kNationalViewer;
}

bool ActsForPartner(const Principal& p, int64_t partner_id) {
  return std::any_of(p.grants.begin(), p.grants.end(), [&](const Grant& g) {
    return g.role == Role::kPartnerUser && g.partner_id == partner_id;
  });
}

std::vector<int64_t> PartnersOf(const Principal& p) {
  std::vector<int64_t> out;
  for (const Grant& g : p.grants) {
    if (g.role == Role::kPartnerUser) out.push_back(g.partner_id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool MaySeePartners(const Principal& p) {
  return MayReadAllPartners(p) || Holds(p, Role::kPartnerUser);
}

bool MayReadPartner(const Principal& p, int64_t partner_id) {
  return MayReadAllPartners(p) || ActsForPartner(p, partner_id);
}

bool MayEditPartner(const Principal& p, int64_t partner_id) {
  return ActsForPartner(p, partner_id);
}

bool MayFollowUpSocialAudit(const Principal& p, int64_t partner_id,
                            UnitId village, const Hierarchy& h) {
  if (ActsForPartner(p, partner_id)) return true;
  return InScope(p, village, h) && !Holds(p, Role::kNationalViewer);
}

bool WorksForLab(const Principal& p, int64_t lab_id) {
  return lab_id > 0 &&
         std::any_of(p.grants.begin(), p.grants.end(), [&](const Grant& g) {
           return g.role == Role::kLabAnalyst && g.lab_id == lab_id;
         });
}

std::vector<int64_t> LabsOf(const Principal& p) {
  std::vector<int64_t> out;
  for (const Grant& g : p.grants) {
    if (g.role == Role::kLabAnalyst) out.push_back(g.lab_id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool MayTestInVillage(const Principal& p, UnitId village, const Hierarchy& h) {
  if (!h.Contains(village)) return false;
  return std::any_of(p.grants.begin(), p.grants.end(), [&](const Grant& g) {
    return g.role == Role::kFtkTester && g.unit == village;
  });
}

bool MaySeeTesters(const Principal& p, UnitId village, const Hierarchy& h) {
  return InScope(p, village, h) || MayTestInVillage(p, village, h);
}

}  // namespace jjm
