// The in-memory roll-ups must always equal a full recomputation from the
// stored ledger and facts.  These tests drive the coverage service through
// its real write paths (import plans, single and batch connections, refused
// writes, re-surveys) against a real SQLite database, then recompute every
// figure from the stored rows with independent code and compare.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "coverage/coverage_service.h"
#include "coverage/ledger_rules.h"
#include "store/db.h"
#include "store/sqlite_db.h"
#include "test_db.h"

namespace jjm {
namespace {

struct Naive {
  // Recomputes every place's figures on `day` from the stored rows only.
  static std::map<int64_t, Metrics> Compute(Db* db, int32_t day) {
    std::map<int64_t, int64_t> parent;
    std::map<int64_t, int> level;
    {
      auto s =
          db->Prepare("SELECT id, COALESCE(parent_id, 0), level FROM unit");
      while (*(*s)->Step()) {
        parent[(*s)->ColumnInt(0)] = (*s)->ColumnInt(1);
        level[(*s)->ColumnInt(0)] = static_cast<int>((*s)->ColumnInt(2));
      }
    }
    struct V {
      int64_t tap = 0;
      // (day, id, value) of each reported figure
      std::vector<std::tuple<int32_t, int64_t, int64_t>> hh, sch, scht, aw, awt;
    };
    std::map<int64_t, V> v;
    for (auto& [id, l] : level) {
      if (l == 5) v[id];
    }
    {
      // Through the readable views, so that they are checked too.
      auto s = db->Prepare(
          "SELECT u.id, l.date, l.households FROM ledger l JOIN unit u ON "
          "u.code = l.village_code");
      while (*(*s)->Step()) {
        const int32_t d = Date::Parse((*s)->ColumnText(1))->days();
        if (d <= day) v[(*s)->ColumnInt(0)].tap += (*s)->ColumnInt(2);
      }
    }
    {
      auto s = db->Prepare(
          "SELECT u.id, f.as_of, f.id, f.households, f.schools, "
          "f.schools_with_tap, f.anganwadis, f.anganwadis_with_tap FROM "
          "village_facts f JOIN unit u ON u.code = f.village_code");
      while (*(*s)->Step()) {
        Statement* st = s->get();
        V& x = v[st->ColumnInt(0)];
        const int32_t d = Date::Parse(st->ColumnText(1))->days();
        const int64_t id = st->ColumnInt(2);
        auto put = [&](int col, auto* list) {
          if (!st->ColumnIsNull(col))
            list->emplace_back(d, id, st->ColumnInt(col));
        };
        put(3, &x.hh);
        put(4, &x.sch);
        put(5, &x.scht);
        put(6, &x.aw);
        put(7, &x.awt);
      }
    }
    auto resolve = [&](auto list, bool backfill) -> int64_t {
      std::sort(list.begin(), list.end());
      int64_t val = -1;
      for (auto& [d, id, value] : list) {
        if (d <= day) val = value;
      }
      if (val < 0 && backfill && !list.empty()) val = std::get<2>(list.front());
      return val < 0 ? 0 : val;
    };
    std::map<int64_t, Metrics> out;
    for (auto& [id, x] : v) {
      Metrics m;
      m.villages = 1;
      m.total_hh = static_cast<int32_t>(resolve(x.hh, true));
      m.hh_with_tap = static_cast<int32_t>(x.tap);
      m.hgj_villages = m.total_hh > 0 && m.hh_with_tap >= m.total_hh;
      m.schools = static_cast<int32_t>(resolve(x.sch, true));
      m.schools_with_tap = static_cast<int32_t>(resolve(x.scht, false));
      m.anganwadis = static_cast<int32_t>(resolve(x.aw, true));
      m.anganwadis_with_tap = static_cast<int32_t>(resolve(x.awt, false));
      for (int64_t u = id; u != 0; u = parent[u]) out[u] += m;
      out[0] += m;  // India
    }
    return out;
  }
};

class CoverageTest : public ::testing::Test {
 protected:
  // The database the test runs on: TestDb() (SQLite in memory, one
  // connection, or PostgreSQL).
  virtual std::unique_ptr<Db> NewDb() { return TestDb(); }
  void SetUp() override {
    db_ = NewDb();
    ASSERT_TRUE(Migrate(db_.get()).ok());
    Reload();
  }
  void Reload() {
    auto s = CoverageService::Load(db_.get(), nullptr);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    svc_ = std::move(*s);
  }
  // Random connections and corrections across villages and days, a
  // re-survey, then the roll-ups against a recomputation from the store,
  // live and once loaded afresh.
  void RandomWritesThenCompare();

  // As a national administrator would: reopens every month since the
  // baseline for India, so that tests can write anywhere in time.
  void OpenAllMonths() {
    for (Date m = JjmBaseline().FirstOfMonth();
         m <= Date::FromCivil(2026, 12, 1); m = m.NextMonth()) {
      svc_->periods().Add({0, 0, MonthOf(m), "tests write across history",
                           "tester", "2026-01-01T00:00:00Z",
                           "2999-01-01T00:00:00Z"});
    }
  }

  // Builds states > districts > blocks > (GPs or not) > villages, with
  // baseline facts and baseline taps, through an import plan.
  void BuildPlaces(int villages_per_block, std::mt19937* rng) {
    ImportPlan plan;
    plan.batch.kind = "test";
    plan.batch.source = "test";
    plan.batch.recorded_by = "test";
    plan.valid_from = JjmBaseline();
    int vcount = 0;
    for (int s = 1; s <= 2; ++s) {
      plan.units.push_back({kIndia, Level::kState, "S" + std::to_string(s),
                            "State " + std::to_string(s), s});
      const UnitRef sref = NewUnitRef(plan.units.size() - 1);
      for (int d = 1; d <= 3; ++d) {
        plan.units.push_back({sref,
                              Level::kDistrict,
                              "D" + std::to_string(s * 10 + d),
                              "District",
                              {}});
        const UnitRef dref = NewUnitRef(plan.units.size() - 1);
        for (int b = 1; b <= 2; ++b) {
          plan.units.push_back({dref,
                                Level::kBlock,
                                "B" + std::to_string(s * 100 + d * 10 + b),
                                "Block",
                                {}});
          const UnitRef bref = NewUnitRef(plan.units.size() - 1);
          UnitRef parent = bref;
          if (b == 1) {  // one block with a gram panchayat, one without
            plan.units.push_back({bref,
                                  Level::kGp,
                                  "G" + std::to_string(s * 100 + d * 10 + b),
                                  "GP",
                                  {}});
            parent = NewUnitRef(plan.units.size() - 1);
          }
          for (int v = 0; v < villages_per_block; ++v) {
            plan.units.push_back({parent,
                                  Level::kVillage,
                                  "V" + std::to_string(++vcount),
                                  "Village",
                                  {}});
            const UnitRef vref = NewUnitRef(plan.units.size() - 1);
            FactRow f;
            f.as_of = JjmBaseline();
            f.households = 50 + (*rng)() % 400;
            f.schools = (*rng)() % 4;
            f.schools_with_tap = *f.schools / 2;
            f.anganwadis = (*rng)() % 3;
            plan.facts.push_back({vref, f});
            const int64_t base = (*rng)() % (*f.households / 2 + 1);
            if (base > 0) {
              plan.events.push_back(
                  {vref, JjmBaseline(), base, EventKind::kBaseline, ""});
            }
          }
        }
      }
    }
    ASSERT_TRUE(svc_->ApplyPlan(plan).ok());
    village_count_ = vcount;
  }

  void ExpectIndexEqualsLedger(const std::vector<Date>& dates) {
    for (Date d : dates) {
      auto naive = Naive::Compute(db_.get(), d.days());
      svc_->Read([&](const Hierarchy& h, const CoverageIndex& index) {
        for (auto& [id, m] : naive) {
          const UnitId u = static_cast<UnitId>(id);
          ASSERT_TRUE(h.Contains(u));
          ASSERT_EQ(index.At(u, d), m)
              << "unit " << h.Get(u).code << " on " << d.ToString();
        }
        // The kept baseline equals the figures on the baseline.
        for (auto& [id, m] : Naive::Compute(db_.get(), JjmBaseline().days())) {
          ASSERT_EQ(index.BaselineTap(static_cast<UnitId>(id)), m.hh_with_tap);
        }
        // Current figures equal the figures as of the last change.
        for (auto& [id, m] :
             Naive::Compute(db_.get(), index.LastChange().days())) {
          ASSERT_EQ(index.Current(static_cast<UnitId>(id)), m);
        }
      });
    }
  }

  std::unique_ptr<Db> db_;
  std::unique_ptr<CoverageService> svc_;
  int village_count_ = 0;
};

std::vector<Date> SampleDates() {
  std::vector<Date> out = {Date::FromCivil(2010, 1, 1), JjmBaseline() - 1,
                           JjmBaseline(), JjmBaseline() + 1};
  for (Date d = Date::FromCivil(2019, 9, 1); d <= Date::FromCivil(2026, 1, 1);
       d = d + 97) {
    out.push_back(d);
  }
  return out;
}

// On a SQLite file, where loading reads places, facts and the ledger on
// three connections at once.
class CoverageFileTest : public CoverageTest {
 protected:
  std::unique_ptr<Db> NewDb() override {
    return TestSqliteFile("coverage_file_test", &path_);
  }
  void TearDown() override {
    svc_.reset();
    db_.reset();
    RemoveSqliteFiles(path_);
  }
  std::string path_;
};

TEST_F(CoverageTest, IndexEqualsRecomputationAfterRandomWrites) {
  RandomWritesThenCompare();
}

TEST_F(CoverageFileTest, LoadingOnThreeConnectionsEqualsRecomputation) {
  RandomWritesThenCompare();
}

void CoverageTest::RandomWritesThenCompare() {
  std::mt19937 rng(7);
  BuildPlaces(6, &rng);
  OpenAllMonths();
  const Date today = Date::FromCivil(2026, 1, 15);
  int accepted = 0, refused = 0;
  for (int i = 0; i < 400; ++i) {
    std::vector<ConnectionInput> items;
    const int n = 1 + rng() % 4;
    for (int k = 0; k < n; ++k) {
      ConnectionInput c;
      c.village_code = "V" + std::to_string(1 + rng() % village_count_);
      c.date =
          (JjmBaseline() + 1 + static_cast<int32_t>(rng() % 2300)).ToString();
      c.households = 1 + rng() % 60;
      if (rng() % 6 == 0) {
        c.households = -c.households;
        c.reason = "duplicate entry found in field check";
      }
      items.push_back(c);
    }
    BatchRow meta;
    meta.kind = "test";
    meta.source = "test";
    meta.recorded_by = "tester";
    auto r = svc_->RecordConnections(meta, items, today, n > 1);
    if (r.ok()) {
      ++accepted;
    } else {
      ++refused;
      EXPECT_NE(r.status().code(), StatusCode::kInternal)
          << r.status().ToString();
    }
  }
  EXPECT_GT(accepted, 50);
  EXPECT_GT(refused, 5);  // the rules were exercised
  // A re-survey raises some villages' households.
  ImportPlan survey;
  survey.batch = {0, "test", "resurvey", "tester", "", "", "", ""};
  survey.valid_from = Date::FromCivil(2023, 3, 1);
  svc_->Read([&](const Hierarchy& h, const CoverageIndex& index) {
    for (int v = 1; v <= village_count_; v += 3) {
      const UnitId id = h.Find("V" + std::to_string(v));
      FactRow f;
      f.as_of = Date::FromCivil(2023, 3, 1);
      f.households = index.Current(id).total_hh + 25;
      f.anganwadis_with_tap = 1;
      survey.facts.push_back({id, f});
    }
  });
  ASSERT_TRUE(svc_->ApplyPlan(survey).ok());
  ExpectIndexEqualsLedger(SampleDates());
  // A fresh load from the store builds the same roll-ups.
  auto before = Naive::Compute(db_.get(), Date::FromCivil(2024, 6, 30).days());
  Reload();
  ExpectIndexEqualsLedger(SampleDates());
}

TEST_F(CoverageTest, ClosedMonthsAreRefusedUntilReopened) {
  std::mt19937 rng(9);
  BuildPlaces(2, &rng);
  const Date today = Date::FromCivil(2025, 3, 10);
  BatchRow meta{0, "test", "test", "tester", "", "", "", ""};
  // February closes on 7 March: still open on the 10th?  No: closed.
  auto feb = svc_->RecordConnections(meta, {{"V1", "2025-02-20", 1, "", ""}},
                                     today, false);
  ASSERT_FALSE(feb.ok());
  EXPECT_EQ(feb.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(feb.status().field(), "date");
  EXPECT_NE(feb.status().message().find("closed on 2025-03-07"),
            std::string::npos);
  // March is open.
  EXPECT_TRUE(svc_->RecordConnections(meta, {{"V1", "2025-03-01", 1, "", ""}},
                                      today, false)
                  .ok());
  // Reopened for V1's district: V1 may write, a village elsewhere may not.
  const UnitId district =
      svc_->Read([](const Hierarchy& h, const CoverageIndex&) {
        return h.AncestorAt(h.Find("V1"), Level::kDistrict);
      });
  svc_->periods().Add({0, district, "2025-02", "late field reports",
                       "state officer", "2025-03-09T00:00:00Z",
                       "2999-01-01T00:00:00Z"});
  EXPECT_TRUE(svc_->RecordConnections(meta, {{"V1", "2025-02-20", 1, "", ""}},
                                      today, false)
                  .ok());
  auto elsewhere = svc_->RecordConnections(
      meta, {{"V" + std::to_string(village_count_), "2025-02-20", 1, "", ""}},
      today, false);
  EXPECT_FALSE(elsewhere.ok());
  // An expired unlock opens nothing.
  svc_->periods().Add({0, 0, "2025-01", "expired", "admin",
                       "2025-02-09T00:00:00Z", "2025-02-10T00:00:00Z"});
  EXPECT_FALSE(svc_->RecordConnections(meta, {{"V1", "2025-01-20", 1, "", ""}},
                                       today, false)
                   .ok());
}

TEST_F(CoverageTest, BulkRebuildEqualsRecomputation) {
  std::mt19937 rng(11);
  BuildPlaces(200, &rng);  // 2,400 villages: plans take the rebuild path
  ImportPlan plan;
  plan.batch = {0, "test", "bulk", "tester", "", "", "", ""};
  svc_->Read([&](const Hierarchy& h, const CoverageIndex& index) {
    for (int v = 1; v <= village_count_; ++v) {
      const UnitId id = h.Find("V" + std::to_string(v));
      const int32_t room =
          index.Current(id).total_hh - index.Current(id).hh_with_tap;
      if (room <= 0) continue;
      plan.events.push_back(
          {id, JjmBaseline() + 100 + static_cast<int32_t>(v % 900),
           1 + static_cast<int64_t>(rng() % room), EventKind::kConnection, ""});
    }
  });
  ASSERT_GT(plan.events.size(), 2000u);
  ASSERT_TRUE(svc_->ApplyPlan(plan).ok());
  ExpectIndexEqualsLedger(SampleDates());
}

TEST_F(CoverageTest, RefusedWritesChangeNothing) {
  std::mt19937 rng(3);
  BuildPlaces(2, &rng);
  OpenAllMonths();
  const Date today = Date::FromCivil(2025, 1, 1);
  BatchRow meta{0, "test", "test", "tester", "", "", "", ""};
  auto count_events = [&] {
    auto s = db_->Prepare("SELECT COUNT(*) FROM tap_event");
    (void)(*s)->Step();
    return (*s)->ColumnInt(0);
  };
  const int64_t events = count_events();
  const Metrics india =
      svc_->Read([](const Hierarchy&, const CoverageIndex& i) {
        return i.Current(kIndia);
      });
  struct Case {
    ConnectionInput in;
    StatusCode code;
    std::string field;
  };
  std::vector<Case> cases = {
      {{"V1", "2019-08-14", 5, "", ""}, StatusCode::kInvalidArgument, "date"},
      {{"V1", "2025-01-02", 5, "", ""}, StatusCode::kInvalidArgument, "date"},
      {{"V1", "2024-02-30", 5, "", ""}, StatusCode::kInvalidArgument, "date"},
      {{"V1", "2024-01-01", 0, "", ""},
       StatusCode::kInvalidArgument,
       "households"},
      {{"V1", "2024-01-01", -3, "", ""},
       StatusCode::kInvalidArgument,
       "reason"},
      {{"V1", "2024-01-01", 100000, "", ""},
       StatusCode::kFailedPrecondition,
       "households"},
      {{"V1", "2024-01-01", -100000, "", "typo"},
       StatusCode::kFailedPrecondition,
       "households"},
      {{"S1", "2024-01-01", 1, "", ""},
       StatusCode::kInvalidArgument,
       "village_code"},
      {{"NOPE", "2024-01-01", 1, "", ""},
       StatusCode::kNotFound,
       "village_code"},
      {{"V1", "2024-01-01", 1, "baseline", ""},
       StatusCode::kInvalidArgument,
       "kind"},
  };
  for (const Case& c : cases) {
    auto r = svc_->RecordConnections(meta, {c.in}, today, false);
    ASSERT_FALSE(r.ok()) << c.in.date << " " << c.in.households;
    EXPECT_EQ(r.status().code(), c.code) << r.status().ToString();
    EXPECT_EQ(r.status().field(), c.field) << r.status().ToString();
  }
  // A batch with one bad item writes nothing, and names the item.
  std::vector<ConnectionInput> batch = {{"V1", "2024-01-01", 1, "", ""},
                                        {"V2", "2024-01-01", 1, "", ""},
                                        {"V3", "2031-01-01", 1, "", ""}};
  auto r = svc_->RecordConnections(meta, batch, today, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "connections[2].date");
  EXPECT_EQ(count_events(), events);
  EXPECT_EQ(svc_->Read([](const Hierarchy&, const CoverageIndex& i) {
    return i.Current(kIndia);
  }),
            india);
}

TEST_F(CoverageTest, RequestIdMakesRetriesANoOp) {
  std::mt19937 rng(5);
  BuildPlaces(2, &rng);
  OpenAllMonths();
  const Date today = Date::FromCivil(2025, 1, 1);
  BatchRow meta{0, "test", "test", "tester", "", "req-42", "", ""};
  std::vector<ConnectionInput> items = {{"V1", "2024-01-01", 1, "", ""}};
  auto first = svc_->RecordConnections(meta, items, today, false);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->replayed);
  auto again = svc_->RecordConnections(meta, items, today, false);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->batch_id, first->batch_id);
  EXPECT_EQ(again->seqs, first->seqs);
  items[0].households = 2;
  auto clash = svc_->RecordConnections(meta, items, today, false);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.status().code(), StatusCode::kConflict);
}

TEST_F(CoverageTest, LedgerIsAppendOnlyInTheStore) {
  std::mt19937 rng(5);
  BuildPlaces(1, &rng);
  EXPECT_FALSE(db_->Exec("UPDATE tap_event SET households = 1").ok());
  EXPECT_FALSE(db_->Exec("DELETE FROM tap_event").ok());
  EXPECT_FALSE(db_->Exec("UPDATE village_fact SET households = 1").ok());
  EXPECT_FALSE(db_->Exec("DELETE FROM unit").ok());
}

// A village's steps (what the roll-ups are built from) give, at every
// change day, what At() gives, for random records with figures missing,
// several records on a day, corrections and a tap before any fact.
TEST(VillageTimelineTest, StepsAreAtOnEveryChangeDay) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 2000; ++trial) {
    VillageTimeline t;
    const int facts = rng() % 5, taps = rng() % 8;
    auto figure = [&] {
      return rng() % 4 == 0 ? -1 : static_cast<int32_t>(rng() % 50);
    };
    for (int k = 0; k < facts; ++k) {
      t.AddFact({static_cast<int32_t>(rng() % 30), figure(), figure(), figure(),
                 figure(), figure()});
    }
    for (int k = 0; k < taps; ++k) {
      t.AddTap(static_cast<int32_t>(rng() % 30),
               static_cast<int32_t>(rng() % 20) - 5);
    }
    const VillageTimeline::Steps s = t.ToSteps();
    EXPECT_EQ(s.base, t.At(kMinDay));
    Metrics expected = t.At(kMinDay);
    size_t next = 0;
    for (int32_t d = -1; d <= 31; ++d) {
      while (next < s.steps.size() && s.steps[next].first <= d) {
        expected = s.steps[next++].second;
      }
      ASSERT_EQ(expected, t.At(d)) << "trial " << trial << " day " << d;
    }
    for (size_t k = 1; k < s.steps.size(); ++k) {
      EXPECT_LT(s.steps[k - 1].first, s.steps[k].first);
      EXPECT_NE(s.steps[k - 1].second, s.steps[k].second);
    }
  }
}

TEST(MigrateTest, RefusesNewerSchema) {
  auto db = TestDb();
  ASSERT_TRUE(Migrate(db.get()).ok());
  ASSERT_TRUE(
      db->Exec("INSERT INTO schema_migration VALUES (999, 'future', 'x')")
          .ok());
  Status s = Migrate(db.get());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("newer"), std::string::npos);
}

}  // namespace
}  // namespace jjm
