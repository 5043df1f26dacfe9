#include "accounts/roles.h"

#include <gtest/gtest.h>

#include "accounts/crypto.h"

namespace jjm {
namespace {

class RolesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(h_.Add(1, kIndia, Level::kState, "S1", "State 1", 1).ok());
    ASSERT_TRUE(h_.Add(2, 1, Level::kDistrict, "D2", "District 2", 2).ok());
    ASSERT_TRUE(h_.Add(3, 2, Level::kBlock, "B3", "Block 3", 3).ok());
    ASSERT_TRUE(h_.Add(4, 3, Level::kVillage, "V4", "Village 4", 4).ok());
    ASSERT_TRUE(h_.Add(5, 1, Level::kDistrict, "D5", "District 5", 5).ok());
    ASSERT_TRUE(h_.Add(6, 5, Level::kBlock, "B6", "Block 6", 6).ok());
  }
  static Principal With(Role r, UnitId u) {
    Principal p;
    p.grants.push_back({1, r, u, 0});
    return p;
  }
  Hierarchy h_;
};

TEST_F(RolesTest, PowersReachTheSubtreeOnly) {
  const Principal d = With(Role::kDistrictOfficer, 2);
  EXPECT_TRUE(Allows(d, Permission::kRecordConnections, 4, h_));
  EXPECT_TRUE(Allows(d, Permission::kRecordConnections, 2, h_));
  EXPECT_FALSE(Allows(d, Permission::kRecordConnections, 6, h_));
  EXPECT_FALSE(Allows(d, Permission::kRecordConnections, 1, h_));
  const Principal viewer = With(Role::kNationalViewer, kIndia);
  EXPECT_TRUE(Allows(viewer, Permission::kReadInternal, 4, h_));
  EXPECT_FALSE(Allows(viewer, Permission::kRecordConnections, 4, h_));
  const Principal partner = With(Role::kPartnerUser, kIndia);
  EXPECT_FALSE(Allows(partner, Permission::kReadInternal, 4, h_));
}

TEST_F(RolesTest, ImportingVillagesIsForStateAndDistrictOfficers) {
  for (Role r : kAllRoles) {
    const bool officer = r == Role::kNationalAdmin ||
                         r == Role::kStateOfficer ||
                         r == Role::kDistrictOfficer;
    EXPECT_EQ(RoleGrants(r, Permission::kImportVillages), officer)
        << RoleName(r);
  }
  const Principal d = With(Role::kDistrictOfficer, 2);
  EXPECT_TRUE(Allows(d, Permission::kImportVillages, 3, h_));
  EXPECT_FALSE(Allows(d, Permission::kImportVillages, 5, h_));
  EXPECT_EQ(PlacesWith(d, Permission::kImportVillages), std::vector<UnitId>{2});
  // A block officer may not import; the places come once, in grant order.
  Principal mixed = With(Role::kBlockOfficer, 3);
  mixed.grants.push_back({2, Role::kStateOfficer, 1, 0});
  mixed.grants.push_back({3, Role::kDistrictOfficer, 1, 0});
  EXPECT_EQ(PlacesWith(mixed, Permission::kImportVillages),
            std::vector<UnitId>{1});
  EXPECT_TRUE(PlacesWith(With(Role::kNationalViewer, kIndia),
                         Permission::kImportVillages)
                  .empty());
}

TEST_F(RolesTest, GrantOnlyBelowOwnLevel) {
  const Principal s = With(Role::kStateOfficer, 1);
  EXPECT_TRUE(MayGrant(s, Role::kDistrictOfficer, 5, h_));
  EXPECT_TRUE(MayGrant(s, Role::kVwscOperator, 4, h_));
  EXPECT_FALSE(MayGrant(s, Role::kStateOfficer, 1, h_));
  EXPECT_FALSE(MayGrant(s, Role::kNationalViewer, kIndia, h_));
  const Principal d = With(Role::kDistrictOfficer, 2);
  EXPECT_TRUE(MayGrant(d, Role::kBlockOfficer, 3, h_));
  EXPECT_FALSE(MayGrant(d, Role::kBlockOfficer, 6, h_));
  EXPECT_FALSE(
      MayGrant(With(Role::kBlockOfficer, 3), Role::kVwscOperator, 4, h_));
  EXPECT_TRUE(MayGrant(With(Role::kNationalAdmin, kIndia), Role::kNationalAdmin,
                       kIndia, h_));
}

TEST_F(RolesTest, UnlockOnlyStrictlyBelow) {
  const Principal d = With(Role::kDistrictOfficer, 2);
  EXPECT_TRUE(MayUnlock(d, 3, h_));
  EXPECT_FALSE(MayUnlock(d, 2, h_));
  EXPECT_FALSE(MayUnlock(d, 6, h_));
  EXPECT_TRUE(MayUnlock(With(Role::kNationalAdmin, kIndia), kIndia, h_));
  EXPECT_FALSE(MayUnlock(With(Role::kBlockOfficer, 3), 4, h_));
}

TEST_F(RolesTest, PartnerProgrammeRules) {
  const Principal admin = With(Role::kNationalAdmin, kIndia);
  const Principal viewer = With(Role::kNationalViewer, kIndia);
  const Principal state = With(Role::kStateOfficer, 1);
  Principal partner;
  partner.grants.push_back({1, Role::kPartnerUser, kIndia, 7});
  partner.grants.push_back({2, Role::kPartnerUser, kIndia, 3});
  partner.grants.push_back({3, Role::kPartnerUser, kIndia, 7});

  EXPECT_TRUE(MayAdministerPartners(admin));
  EXPECT_FALSE(MayAdministerPartners(viewer));
  EXPECT_FALSE(MayAdministerPartners(partner));
  EXPECT_TRUE(MayReadAllPartners(admin));
  EXPECT_TRUE(MayReadAllPartners(viewer));
  EXPECT_FALSE(MayReadAllPartners(state));
  EXPECT_FALSE(MayReadAllPartners(partner));

  EXPECT_TRUE(MayReviewApplications(Role::kNationalAdmin));
  EXPECT_TRUE(MayReviewApplications(Role::kNationalViewer));
  EXPECT_FALSE(MayReviewApplications(Role::kStateOfficer));
  EXPECT_FALSE(MayReviewApplications(Role::kPartnerUser));

  EXPECT_TRUE(ActsForPartner(partner, 7));
  EXPECT_FALSE(ActsForPartner(partner, 8));
  EXPECT_FALSE(ActsForPartner(admin, 7));
  EXPECT_EQ(PartnersOf(partner), (std::vector<int64_t>{3, 7}));
  EXPECT_TRUE(PartnersOf(admin).empty());

  EXPECT_TRUE(MaySeePartners(viewer));
  EXPECT_TRUE(MaySeePartners(partner));
  EXPECT_FALSE(MaySeePartners(state));

  EXPECT_TRUE(MayReadPartner(viewer, 7));
  EXPECT_TRUE(MayReadPartner(partner, 3));
  EXPECT_FALSE(MayReadPartner(partner, 8));
  EXPECT_FALSE(MayReadPartner(state, 7));
  EXPECT_TRUE(MayEditPartner(partner, 7));
  EXPECT_FALSE(MayEditPartner(admin, 7));
  EXPECT_FALSE(MayEditPartner(partner, 8));
}

TEST_F(RolesTest, SocialAuditFollowUp) {
  Principal partner;
  partner.grants.push_back({1, Role::kPartnerUser, kIndia, 7});
  // The partner anywhere; officials of the village's area; not viewers.
  EXPECT_TRUE(MayFollowUpSocialAudit(partner, 7, 4, h_));
  EXPECT_FALSE(MayFollowUpSocialAudit(partner, 8, 4, h_));
  EXPECT_TRUE(
      MayFollowUpSocialAudit(With(Role::kDistrictOfficer, 2), 7, 4, h_));
  EXPECT_TRUE(MayFollowUpSocialAudit(With(Role::kVwscOperator, 4), 7, 4, h_));
  EXPECT_FALSE(
      MayFollowUpSocialAudit(With(Role::kDistrictOfficer, 5), 7, 4, h_));
  EXPECT_TRUE(
      MayFollowUpSocialAudit(With(Role::kNationalAdmin, kIndia), 7, 4, h_));
  EXPECT_FALSE(
      MayFollowUpSocialAudit(With(Role::kNationalViewer, kIndia), 7, 4, h_));
  Principal both = With(Role::kDistrictOfficer, 2);
  both.grants.push_back({2, Role::kNationalViewer, kIndia, 0});
  EXPECT_FALSE(MayFollowUpSocialAudit(both, 7, 4, h_));
}

TEST(CryptoTest, PasswordsAndTokens) {
  auto h = HashPassword("correct horse 42");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*h, "correct horse 42"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horse 43"));
  EXPECT_NE(RandomToken(), RandomToken());
  EXPECT_EQ(TokenDigest("x").size(), 64u);
  EXPECT_TRUE(DigestsEqual(TokenDigest("x"), TokenDigest("x")));
  EXPECT_FALSE(CheckPasswordStrength("short").ok());
  EXPECT_FALSE(CheckPasswordStrength("aaaaaaaaaaaa").ok());
  EXPECT_TRUE(CheckPasswordStrength("correct horse 42").ok());
}

}  // namespace
}  // namespace jjm
