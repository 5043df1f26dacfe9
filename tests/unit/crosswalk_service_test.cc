// Stored name aliases in a real database (SQLite, or PostgreSQL under
// scripts/with-postgres.sh): apply stores with audit rows and is a no-op
// the second time, a conflict stores nothing, revoke lists the villages
// placed through an alias and is audited, and the store keeps one alias in
// force per name.
#include "crosswalk/crosswalk_service.h"

#include <gtest/gtest.h>

#include "store/audit_store.h"
#include "store/coverage_store.h"
#include "test_db.h"

namespace jjm {
namespace {

class CrosswalkServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDb();
    ASSERT_TRUE(Migrate(db_.get()).ok());
    CoverageStore store(db_.get());
    BatchRow b;
    b.kind = "import";
    b.source = "villages.csv";
    b.recorded_by = "test";
    auto batch = store.AddBatch(b);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    batch_ = *batch;
    const std::vector<UnitRow> units = {
        {1, "S36", 1, 0, "Telangana", 36},
        {2, "D532", 2, 1, "Adilabad", 532},
        {3, "B4636", 3, 2, "Bazarhatnoor", 4636},
        {4, "B4647", 3, 2, "Gudihatnur", 4647},
        {5, "VJ1", 5, 3, "Landasangivi", std::nullopt},
    };
    ASSERT_TRUE(store.AddUnits(units, batch_).ok());
    for (const UnitRow& u : units) {
      ASSERT_TRUE(
          h_.Add(static_cast<UnitId>(u.id), static_cast<UnitId>(u.parent_id),
                 static_cast<Level>(u.level), u.code, u.name, u.lgd_code)
              .ok());
    }
  }

  static AliasMapping Block(int64_t line, std::string name, UnitId unit) {
    AliasMapping m;
    m.line = line;
    m.level = Level::kBlock;
    m.state = "Telangana";
    m.district = "Adilabad";
    m.source_name = std::move(name);
    m.unit = unit;
    m.code = unit == 3 ? "B4636" : "B4647";
    return m;
  }

  int AuditRows(const std::string& action) {
    AuditFilter f;
    f.action = action;
    int n = 0;
    EXPECT_TRUE(AuditStore(db_.get())
                    .Query(f,
                           [&](const AuditRow& r) {
                             EXPECT_FALSE(r.at.empty());
                             EXPECT_EQ(r.entity, "name_alias");
                             ++n;
                             return true;
                           })
                    .ok());
    return n;
  }

  std::unique_ptr<Db> db_;
  Hierarchy h_;
  int64_t batch_ = 0;
};

TEST_F(CrosswalkServiceTest, ApplyStoresWithAuditRowsAndAgainIsANoOp) {
  CrosswalkService svc(db_.get());
  const std::vector<AliasMapping> rows = {Block(2, "Bazarhathnoor", 3),
                                          Block(3, "Bazarhathnur", 3)};
  auto dry = svc.Apply(h_, rows, "cli:asha", "cw.csv", false);
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  EXPECT_EQ(dry->to_store, 2);
  EXPECT_FALSE(dry->committed);
  EXPECT_EQ(svc.LoadIndex()->size(), 0u);
  EXPECT_EQ(AuditRows("crosswalk.apply"), 0);

  auto done = svc.Apply(h_, rows, "cli:asha", "cw.csv", true);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_TRUE(done->committed);
  ASSERT_EQ(done->stored_ids.size(), 2u);
  EXPECT_EQ(AuditRows("crosswalk.apply"), 2);
  auto index = svc.LoadIndex();
  ASSERT_TRUE(index.ok());
  const NameAliasRow* a = index->Find(Level::kBlock, 2, "BAZARHATHNOOR");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->unit_id, 3);
  EXPECT_EQ(a->created_by, "cli:asha");
  EXPECT_EQ(a->match_key, "bazarhathnoor");

  auto again = svc.Apply(h_, rows, "cli:asha", "cw.csv", true);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->already_stored, 2);
  EXPECT_EQ(again->to_store, 0);
  EXPECT_FALSE(again->committed);
  EXPECT_EQ(AuditRows("crosswalk.apply"), 2);
}

TEST_F(CrosswalkServiceTest, AConflictStoresNothing) {
  CrosswalkService svc(db_.get());
  ASSERT_TRUE(
      svc.Apply(h_, {Block(2, "Bazarhathnoor", 3)}, "cli:asha", "a", true)
          .ok());
  auto r =
      svc.Apply(h_, {Block(2, "Gudihathnur", 4), Block(3, "Bazarhathnoor", 4)},
                "cli:ravi", "b", true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->refused, 1);
  EXPECT_EQ(r->to_store, 1);
  EXPECT_FALSE(r->committed);
  EXPECT_EQ(svc.LoadIndex()->size(), 1u);
  EXPECT_EQ(AuditRows("crosswalk.apply"), 1);
}

TEST_F(CrosswalkServiceTest, RevokeListsTheVillagesAndIsAudited) {
  CrosswalkService svc(db_.get());
  auto done =
      svc.Apply(h_, {Block(2, "Bazarhathnoor", 3)}, "cli:asha", "a", true);
  ASSERT_TRUE(done.ok());
  const int64_t id = done->stored_ids.at(0);
  ASSERT_TRUE(svc.RecordUses({{id, batch_, 5, 17}}).ok());

  EXPECT_EQ(svc.Revoke(h_, id, " ", "cli:ravi", true).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(svc.Revoke(h_, id + 100, "x", "cli:ravi", true).status().code(),
            StatusCode::kNotFound);
  auto dry = svc.Revoke(h_, id, "wrong block", "cli:ravi", false);
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  ASSERT_EQ(dry->uses.size(), 1u);
  EXPECT_EQ(dry->uses[0].village_code, "VJ1");
  EXPECT_EQ(dry->uses[0].village_name, "Landasangivi");
  EXPECT_EQ(dry->uses[0].batch_id, batch_);
  EXPECT_EQ(dry->uses[0].source, "villages.csv");
  EXPECT_EQ(dry->uses[0].line, 17);
  EXPECT_EQ(svc.LoadIndex()->size(), 1u);

  auto r = svc.Revoke(h_, id, "wrong block", "cli:ravi", true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->committed);
  EXPECT_EQ(AuditRows("crosswalk.revoke"), 1);
  EXPECT_EQ(svc.LoadIndex()->size(), 0u);
  auto all = svc.List(h_, kIndia, true);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].revoked_by, "cli:ravi");
  EXPECT_EQ((*all)[0].revoke_reason, "wrong block");
  EXPECT_EQ(svc.Revoke(h_, id, "again", "cli:ravi", true).status().code(),
            StatusCode::kFailedPrecondition);
  // Once revoked, the name may be mapped again, even elsewhere.
  auto re =
      svc.Apply(h_, {Block(2, "Bazarhathnoor", 4)}, "cli:ravi", "c", true);
  ASSERT_TRUE(re.ok());
  EXPECT_TRUE(re->committed);
}

TEST_F(CrosswalkServiceTest, TheStoreKeepsOneAliasInForcePerName) {
  CrosswalkStore store(db_.get());
  NameAliasRow a;
  a.level = 3;
  a.parent_id = 2;
  a.source_name = "Bazarhathnoor";
  a.match_key = "bazarhathnoor";
  a.unit_id = 3;
  a.created_by = "t";
  a.created_at = "2026-01-01T00:00:00Z";
  auto first = store.AddAlias(a);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  a.unit_id = 4;
  EXPECT_FALSE(store.AddAlias(a).ok());
  auto revoked = store.RevokeAlias(*first, "t", "2026-01-02T00:00:00Z", "r");
  ASSERT_TRUE(revoked.ok());
  EXPECT_TRUE(*revoked);
  auto twice = store.RevokeAlias(*first, "t", "2026-01-03T00:00:00Z", "r");
  ASSERT_TRUE(twice.ok());
  EXPECT_FALSE(*twice);
  EXPECT_TRUE(store.AddAlias(a).ok());
}

}  // namespace
}  // namespace jjm
