#include "store/partners_store.h"

#include <gtest/gtest.h>

#include "store/accounts_store.h"
#include "test_db.h"

namespace jjm {
namespace {

class PartnersStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDb();
    ASSERT_TRUE(Migrate(db_.get()).ok());
  }
  int64_t AddAccount(const std::string& name, bool disabled = false) {
    AccountRow a;
    a.username = name;
    a.display_name = "User " + name;
    a.disabled = disabled;
    a.created_at = "2024-06-01T00:00:00Z";
    a.created_by = "test";
    auto id = AccountsStore(db_.get()).AddAccount(a);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  void Grant(int64_t account, const std::string& role, int64_t partner = 0,
             bool revoked = false) {
    RoleRow r;
    r.account_id = account;
    r.role = role;
    r.partner_id = partner;
    r.granted_at = "2024-06-01T00:00:00Z";
    r.granted_by = "test";
    AccountsStore accounts(db_.get());
    auto id = accounts.AddRole(r);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    if (revoked) {
      ASSERT_TRUE(accounts.RevokeRole(*id, "2024-06-02T00:00:00Z", "t").ok());
    }
  }
  int64_t AddRound(const std::string& name) {
    RoundRow r;
    r.name = name;
    r.opens_on = "2024-06-01";
    r.closes_on = "2024-07-15";
    r.rules = "{}";
    r.created_at = "2024-05-01T00:00:00Z";
    r.created_by = "admin";
    auto id = store().AddRound(r);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  int64_t AddApplication(int64_t round, const std::string& ref) {
    ApplicationRow a;
    a.round_id = round;
    a.reference = ref;
    a.org_name = "Org " + ref;
    a.name_key = "org " + ref;
    a.org_type = "ngo";
    a.registration_key = "REG" + ref;
    a.email = ref + "@example.org";
    a.body = "{\"states\":[]}";
    a.submitted_at = "2024-06-02T00:00:00Z";
    auto id = store().AddApplication(a);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  PartnersStore store() { return PartnersStore(db_.get()); }
  std::unique_ptr<Db> db_;
};

TEST_F(PartnersStoreTest, RoundsAndApplications) {
  const int64_t r1 = AddRound("First");
  const int64_t r2 = AddRound("Second");
  EXPECT_TRUE(*store().RoundNameTaken("First"));
  EXPECT_FALSE(*store().RoundNameTaken("Third"));
  EXPECT_EQ(store().GetRound(99).status().code(), StatusCode::kNotFound);
  RoundRow changed = *store().GetRound(r1);
  changed.closes_on = "2024-08-01";
  ASSERT_TRUE(store().UpdateRound(changed).ok());
  EXPECT_EQ(store().GetRound(r1)->closes_on, "2024-08-01");
  std::vector<int64_t> order;
  ASSERT_TRUE(
      store()
          .ForEachRound([&](const RoundRow& r) { order.push_back(r.id); })
          .ok());
  EXPECT_EQ(order, (std::vector<int64_t>{r2, r1}));

  const int64_t a1 = AddApplication(r1, "A1");
  const int64_t a2 = AddApplication(r1, "A2");
  AddApplication(r2, "B1");
  EXPECT_EQ(*store().CountApplications(r1), 2);
  EXPECT_EQ((*store().ApplicationCounts())[r2], 1);
  EXPECT_EQ(store().GetApplication(a2)->reference, "A2");
  EXPECT_EQ(store().GetApplication(a2)->remote, "");
  std::vector<std::string> refs;
  ASSERT_TRUE(
      store()
          .ForEachApplication(
              {r1, 0}, [&](ApplicationRow& a) { refs.push_back(a.reference); })
          .ok());
  EXPECT_EQ(refs, (std::vector<std::string>{"A1", "A2"}));
  refs.clear();
  ASSERT_TRUE(store()
                  .ForEachApplicationKey(r1,
                                         [&](const ApplicationRow& a) {
                                           refs.push_back(a.registration_key);
                                         })
                  .ok());
  EXPECT_EQ(refs.size(), 2u);
  EXPECT_FALSE(*store().RoundDecided(r1));

  // Screening rows of one application, or of the whole round.
  const int64_t reviewer = AddAccount("rev");
  ASSERT_TRUE(store().AddReview(a1, reviewer, "t1", "admin").ok());
  ASSERT_TRUE(store().AddReview(a2, reviewer, "t1", "admin").ok());
  std::vector<ReviewRow> reviews;
  ASSERT_TRUE(
      store()
          .ForEachReview({r1, a1}, [&](ReviewRow& r) { reviews.push_back(r); })
          .ok());
  ASSERT_EQ(reviews.size(), 1u);
  EXPECT_FALSE(reviews[0].conflict.has_value());
  EXPECT_FALSE(reviews[0].scores.has_value());
  ASSERT_TRUE(store().DeclareConflict(reviews[0].id, false, "", "t2").ok());
  ASSERT_TRUE(
      store().ScoreReview(reviews[0].id, "{\"a\":7}", "fine", "t3").ok());
  reviews.clear();
  ASSERT_TRUE(
      store()
          .ForEachReview({r1, 0}, [&](ReviewRow& r) { reviews.push_back(r); })
          .ok());
  ASSERT_EQ(reviews.size(), 2u);
  EXPECT_EQ(reviews[0].conflict, std::optional<bool>(false));
  EXPECT_EQ(reviews[0].scores, std::optional<std::string>("{\"a\":7}"));
  EXPECT_EQ(reviews[0].conflict_note, "");

  DecisionRow d;
  d.application_id = a1;
  d.eligible = true;
  d.reason = "score 70";
  d.at = "t4";
  d.actor = "admin";
  ASSERT_TRUE(store().AddDecision(d).ok());
  EXPECT_TRUE(*store().RoundDecided(r1));
  std::vector<DecisionRow> decisions;
  ASSERT_TRUE(store()
                  .ForEachDecision(
                      {r1, 0}, [&](DecisionRow& x) { decisions.push_back(x); })
                  .ok());
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_FALSE(decisions[0].score.has_value());
}

TEST_F(PartnersStoreTest, PartnersPlansAndDocuments) {
  const int64_t round = AddRound("R");
  const int64_t app = AddApplication(round, "A1");
  PartnerRow p;
  p.application_id = app;
  p.name = "Jal Seva";
  p.org_type = "ngo";
  p.profile = "{}";
  p.created_at = "t";
  p.created_by = "admin";
  const int64_t pid = *store().AddPartner(p);
  ASSERT_TRUE(store().AddPartnerUnit(pid, 7).ok());
  ASSERT_TRUE(store().AddPartnerUnit(pid, 3).ok());
  // The units are read after the partner's row on the same connection.
  PartnerRow got = *store().GetPartner(pid);
  EXPECT_EQ(got.units, (std::vector<int64_t>{3, 7}));
  EXPECT_EQ(got.agreement_from, "");
  got.agreement_from = "2024-09-01";
  ASSERT_TRUE(store().UpdatePartner(got).ok());
  ASSERT_TRUE(store().ReplacePartnerUnits(pid, {0}).ok());
  got = *store().GetPartner(pid);
  EXPECT_EQ(got.agreement_from, "2024-09-01");
  EXPECT_EQ(got.units, (std::vector<int64_t>{0}));
  EXPECT_EQ(store().GetPartner(pid + 1).status().code(), StatusCode::kNotFound);

  PlanRow plan;
  plan.partner_id = pid;
  plan.fy = "2024-25";
  plan.created_at = "t";
  plan.created_by = "u";
  const int64_t plan_id = *store().AddPlan(plan);
  EXPECT_TRUE(*store().PlanExists(pid, "2024-25"));
  EXPECT_FALSE(*store().PlanExists(pid, "2025-26"));
  PlanVersionRow v;
  v.plan_id = plan_id;
  v.revision = 1;
  v.status = "draft";
  v.activities = "[]";
  v.at = "t";
  v.actor = "u";
  ASSERT_TRUE(store().AddPlanVersion(v).ok());
  v.status = "submitted";
  v.comment = "please";
  ASSERT_TRUE(store().AddPlanVersion(v).ok());
  std::vector<PlanVersionRow> versions;
  ASSERT_TRUE(
      store()
          .ForEachPlanVersion(plan_id,
                              [&](PlanVersionRow& x) { versions.push_back(x); })
          .ok());
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].comment, "");
  EXPECT_EQ(versions[1].comment, "please");
  int queued = 0;
  ASSERT_TRUE(store()
                  .ForEachSubmittedPlan([&](const QueuedRow& q) {
                    ++queued;
                    EXPECT_EQ(q.partner_name, "Jal Seva");
                    EXPECT_EQ(q.revision_or_quarter, 1);
                  })
                  .ok());
  EXPECT_EQ(queued, 1);

  DocumentRow doc;
  doc.owner = "progress:" + std::to_string(pid);
  doc.name = "a.pdf";
  doc.content_type = "application/pdf";
  doc.size = 3;
  doc.sha256 = "x";
  doc.data_base64 = "YWJj";
  doc.uploaded_at = "t";
  doc.uploaded_by = "u";
  const int64_t doc_id = *store().AddDocument(doc);
  auto read = store().GetDocument(doc_id);
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->data_base64, "YWJj");
  EXPECT_FALSE(store().GetDocument(doc_id + 1)->has_value());
  int listed = 0;
  ASSERT_TRUE(store()
                  .ForEachDocumentOf(doc.owner,
                                     [&](const DocumentRow& d) {
                                       ++listed;
                                       EXPECT_TRUE(d.data_base64.empty());
                                     })
                  .ok());
  EXPECT_EQ(listed, 1);
}

TEST_F(PartnersStoreTest, AccountLookUpsForPartners) {
  const int64_t viewer = AddAccount("viewer");
  Grant(viewer, "national_viewer");
  Grant(viewer, "state_officer", 0, /*revoked=*/true);
  const int64_t off = AddAccount("off", /*disabled=*/true);
  Grant(off, "national_admin");
  const int64_t none = AddAccount("none");
  const int64_t p1 = AddAccount("p1");
  Grant(p1, "partner_user", 5);
  const int64_t p0 = AddAccount("p0");
  Grant(p0, "partner_user", 5);
  Grant(p0, "partner_user", 6, /*revoked=*/true);

  AccountsStore accounts(db_.get());
  auto v = accounts.FindActiveAccount("viewer");
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_EQ((*v)->account_id, viewer);
  EXPECT_EQ((*v)->roles, (std::vector<std::string>{"national_viewer"}));
  EXPECT_FALSE(accounts.FindActiveAccount("off")->has_value());
  EXPECT_FALSE(accounts.FindActiveAccount("nobody")->has_value());
  auto n = accounts.FindActiveAccount("none");
  ASSERT_TRUE(n.ok() && n->has_value());
  EXPECT_EQ((*n)->account_id, none);
  EXPECT_TRUE((*n)->roles.empty());

  std::vector<std::string> users;
  ASSERT_TRUE(accounts
                  .ForEachPartnerRoleHolder(
                      "partner_user", 5,
                      [&](const AccountRow& a) { users.push_back(a.username); })
                  .ok());
  EXPECT_EQ(users, (std::vector<std::string>{"p0", "p1"}));
  users.clear();
  ASSERT_TRUE(accounts
                  .ForEachPartnerRoleHolder(
                      "partner_user", 6,
                      [&](const AccountRow& a) { users.push_back(a.username); })
                  .ok());
  EXPECT_TRUE(users.empty());
}

}  // namespace
}  // namespace jjm
