// The quality service on a real database (SQLite in memory, or PostgreSQL
// under scripts/with-postgres.sh): the steps of a sample in order and their
// refusals, alerts opened and closed by the rule, repeats due for bacteria,
// replayed request ids, bulk writes all-or-nothing, and the roll-ups equal
// to a recomputation from what the store holds after random writes.
#include "quality/quality_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "store/coverage_store.h"
#include "store/dump.h"
#include "store/quality_store.h"
#include "test_db.h"

namespace jjm {
namespace {

// Places: S1 > D1 > B1 > V1 (habitations H1, H2), V2; B2 > V3.
class QualityServiceTest : public ::testing::Test {
 protected:
  // The database the test runs on: TestDb() (SQLite in memory, one
  // connection, or PostgreSQL).
  virtual std::unique_ptr<Db> NewDb() { return TestDb(); }
  // Random steps by every role, then the roll-ups against a recomputation
  // from the stored rows, live and once loaded afresh.
  void RandomWritesThenCompare();

  void SetUp() override {
    db_ = NewDb();
    ASSERT_TRUE(Migrate(db_.get()).ok());
    CoverageStore store(db_.get());
    BatchRow b;
    b.kind = "import";
    b.source = "villages.csv";
    b.recorded_by = "test";
    auto batch = store.AddBatch(b);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    const std::vector<UnitRow> units = {
        {1, "S1", 1, 0, "State", std::nullopt},
        {2, "D1", 2, 1, "District", std::nullopt},
        {3, "B1", 3, 2, "Block one", std::nullopt},
        {4, "V1", 5, 3, "Village one", std::nullopt},
        {5, "H1", 6, 4, "Hamlet one", std::nullopt},
        {6, "H2", 6, 4, "Hamlet two", std::nullopt},
        {7, "V2", 5, 3, "Village two", std::nullopt},
        {8, "B2", 3, 2, "Block two", std::nullopt},
        {9, "V3", 5, 8, "Village three", std::nullopt},
    };
    ASSERT_TRUE(store.AddUnits(units, *batch).ok());
    auto cov = CoverageService::Load(db_.get(), nullptr);
    ASSERT_TRUE(cov.ok()) << cov.status().ToString();
    coverage_ = std::move(*cov);
    OpenService();
    admin_ = With(Role::kNationalAdmin, kIndia);
    block_ = With(Role::kBlockOfficer, 3);
    vwsc_ = With(Role::kVwscOperator, 4);
    ftk_ = With(Role::kFtkTester, 4);
    ftk_.display_name = "Sunita";
  }

  void OpenService() {
    svc_.reset();
    auto svc = QualityService::Open(db_.get(), coverage_.get());
    ASSERT_TRUE(svc.ok()) << svc.status().ToString();
    svc_ = std::move(*svc);
  }

  static Principal With(Role r, UnitId u, int64_t lab = 0) {
    Principal p;
    p.username = std::string(RoleName(r)) + std::to_string(u) + "_" +
                 std::to_string(lab);
    p.grants.push_back({1, r, u, 0, lab});
    return p;
  }
  QualityService::Caller As(const Principal& p) const {
    QualityService::Caller c;
    c.principal = &p;
    c.today = today_;
    return c;
  }
  QualityService::Caller Cli() const {
    QualityService::Caller c;
    c.command_line = true;
    c.actor = "cli:test";
    c.today = today_;
    return c;
  }

  // Three labs: state, district, block (the block lab tests a few).
  void MakeLabs() {
    Json r = Must(svc_->CreateLab(As(admin_), {{"code", "LS"},
                                               {"name", "State lab"},
                                               {"level", "state"},
                                               {"place", "S1"}}));
    ls_ = r["id"].get<int64_t>();
    r = Must(svc_->CreateLab(As(admin_), {{"code", "LD"},
                                          {"name", "District lab"},
                                          {"level", "district"},
                                          {"place", "D1"},
                                          {"refers_to", "LS"}}));
    ld_ = r["id"].get<int64_t>();
    r = Must(svc_->CreateLab(As(admin_), {{"code", "LB"},
                                          {"name", "Block lab"},
                                          {"level", "block"},
                                          {"place", "B1"},
                                          {"serves", {"B1"}},
                                          {"parameters",
                                           {"ph", "fluoride", "arsenic", "tds",
                                            "total_coliform", "e_coli"}},
                                          {"refers_to", "LD"}}));
    lb_ = r["id"].get<int64_t>();
    analyst_b_ = With(Role::kLabAnalyst, 3, lb_);
    analyst_d_ = With(Role::kLabAnalyst, 2, ld_);
    analyst_s_ = With(Role::kLabAnalyst, 1, ls_);
  }
  void MakeSources() {
    Must(svc_->CreateSource(As(block_), {{"code", "SRC1"},
                                         {"village", "V1"},
                                         {"habitation", "H1"},
                                         {"type", "hand_pump"},
                                         {"created_on", "2024-01-01"}}));
    Must(svc_->CreateSource(As(block_), {{"code", "SRC2"},
                                         {"village", "V1"},
                                         {"habitation", "H2"},
                                         {"type", "borewell"},
                                         {"has_alternate", true},
                                         {"created_on", "2024-01-01"}}));
    Must(svc_->CreateSource(As(admin_), {{"code", "SRC3"},
                                         {"village", "V3"},
                                         {"type", "open_well"},
                                         {"created_on", "2024-01-01"}}));
  }

  static Json Must(StatusOr<Json> r) {
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Json();
  }

  // Registers a lab sample at `source` and runs it to final with `results`.
  Json LabSample(const std::string& lab, const Principal& analyst,
                 const std::string& source, const std::string& on,
                 const Json& results, const Json& extra = Json::object()) {
    Json body{{"lab", lab},
              {"source", source},
              {"collected_on", on},
              {"collected_by", "Ramesh"}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    Json s = Must(svc_->RegisterSample(As(analyst), body));
    const int64_t id = s["id"].get<int64_t>();
    Must(svc_->AddSampleEvent(As(analyst), id,
                              {{"kind", "received"}, {"on", on}}));
    Must(svc_->AddSampleEvent(
        As(analyst), id,
        {{"kind", "tested"}, {"on", on}, {"results", results}}));
    return Must(
        svc_->AddSampleEvent(As(analyst), id, {{"kind", "final"}, {"on", on}}));
  }

  Json OpenAlerts(const std::string& place = "IN") {
    return Must(svc_->ListAlerts(As(admin_), {{"place", place}}))["alerts"];
  }

  std::unique_ptr<Db> db_;
  std::unique_ptr<CoverageService> coverage_;
  std::unique_ptr<QualityService> svc_;
  Date today_ = Date::FromCivil(2025, 6, 30);
  Principal admin_, block_, vwsc_, ftk_, analyst_b_, analyst_d_, analyst_s_;
  int64_t ls_ = 0, ld_ = 0, lb_ = 0;
};

const Json kFluorideHigh = Json::array(
    {{{"parameter", "fluoride"}, {"value", 2.0}, {"unit", "mg/l"}}});
const Json kFluorideOk = Json::array(
    {{{"parameter", "fluoride"}, {"value", 0.6}, {"unit", "mg/l"}}});

TEST_F(QualityServiceTest, StepsFollowTheirOrderAndRefuseOthers) {
  MakeLabs();
  MakeSources();
  Json s =
      Must(svc_->RegisterSample(As(block_), {{"lab", "LB"},
                                             {"source", "SRC1"},
                                             {"collected_on", "2025-06-01"},
                                             {"collected_by", "Ramesh"}}));
  const int64_t id = s["id"].get<int64_t>();
  EXPECT_EQ(s["status"], "registered");
  EXPECT_EQ(s["habitation"]["code"], "H1");

  // An analyst of another lab may not touch it.
  auto r = svc_->AddSampleEvent(As(analyst_d_), id, {{"kind", "received"}});
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  // Tested before received: refused, naming the status.
  r = svc_->AddSampleEvent(As(analyst_b_), id,
                           {{"kind", "tested"}, {"results", kFluorideOk}});
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().field(), "kind");
  Must(svc_->AddSampleEvent(As(analyst_b_), id,
                            {{"kind", "received"}, {"on", "2025-06-02"}}));
  // A unit fluoride does not take; a parameter the lab does not test.
  r = svc_->AddSampleEvent(
      As(analyst_b_), id,
      {{"kind", "tested"},
       {"results",
        {{{"parameter", "fluoride"}, {"value", 1}, {"unit", "NTU"}}}}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "results[0].unit");
  r = svc_->AddSampleEvent(
      As(analyst_b_), id,
      {{"kind", "tested"},
       {"results",
        {{{"parameter", "iron"}, {"value", 0.1}, {"unit", "mg/l"}}}}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "results[0].parameter");
  // Final before tested is refused too.
  r = svc_->AddSampleEvent(As(analyst_b_), id, {{"kind", "final"}});
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);

  Json t = Must(svc_->AddSampleEvent(
      As(analyst_b_), id,
      {{"kind", "tested"}, {"on", "2025-06-03"}, {"results", kFluorideHigh}}));
  EXPECT_EQ(t["graded"][0]["grade"], "beyond");
  Json f = Must(svc_->AddSampleEvent(
      As(analyst_b_), id, {{"kind", "final"}, {"on", "2025-06-04"}}));
  EXPECT_EQ(f["status"], "final");
  EXPECT_EQ(f["alerts_opened"], 1);
  // A result on a final sample is refused.
  r = svc_->AddSampleEvent(As(analyst_b_), id,
                           {{"kind", "tested"}, {"results", kFluorideOk}});
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  // Referred up: a new sample at the district lab.
  Json ref =
      Must(svc_->AddSampleEvent(As(analyst_b_), id, {{"kind", "referred"}}));
  EXPECT_TRUE(ref["referred"].get<bool>());
  const std::string child = ref["new_sample"];
  Json list = Must(svc_->ListSamples(As(analyst_d_), {{"lab", "LD"}}));
  ASSERT_EQ(list["samples"].size(), 1u);
  EXPECT_EQ(list["samples"][0]["code"], child);
  EXPECT_EQ(list["samples"][0]["reason"], "referral");

  const QualitySummary sum = svc_->SummaryOf(4, today_);
  EXPECT_EQ(sum.samples, 2);
  EXPECT_EQ(sum.failing, 1);
  EXPECT_EQ(sum.failing_by[static_cast<int>(Contaminant::kFluoride)], 1);
  EXPECT_EQ(sum.alerts_open, 1);

  // Names only to those who may see them.
  Json pub = Must(svc_->GetSample(QualityService::Caller{}, id));
  EXPECT_FALSE(pub.contains("collected_by"));
  EXPECT_EQ(pub["results"][0]["grade"], "beyond");
  Json mine = Must(svc_->GetSample(As(analyst_b_), id));
  EXPECT_EQ(mine["collected_by"], "Ramesh");
}

TEST_F(QualityServiceTest, FieldTestKitsInTheTestersOwnVillage) {
  MakeLabs();
  MakeSources();
  const Json positive =
      Json::array({{{"parameter", "e_coli"}, {"detected", true}}});
  auto r = svc_->RecordFtkTest(
      As(ftk_),
      {{"source", "SRC3"}, {"tested_on", "2025-06-10"}, {"results", positive}});
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  Json body{{"request_id", "ftk-1"},
            {"source", "SRC1"},
            {"tested_on", "2025-06-10"},
            {"results", positive}};
  Json first = Must(svc_->RecordFtkTest(As(ftk_), body));
  EXPECT_FALSE(first["replayed"].get<bool>());
  EXPECT_TRUE(first["confirmation_needed"].get<bool>());
  EXPECT_EQ(first["status"], "final");
  Json again = Must(svc_->RecordFtkTest(As(ftk_), body));
  EXPECT_TRUE(again["replayed"].get<bool>());
  EXPECT_EQ(again["code"], first["code"]);
  EXPECT_EQ(svc_->SummaryOf(4, today_).ftk_samples, 1);

  Json alerts = OpenAlerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_TRUE(alerts[0]["unconfirmed"].get<bool>());
  EXPECT_EQ(alerts[0]["repeat_due_on"], "2025-06-11");
  // A passing lab confirmation clears it.
  LabSample("LB", analyst_b_, "SRC1", "2025-06-12",
            {{{"parameter", "e_coli"}, {"detected", false}}},
            {{"parent", first["code"]}, {"reason", "confirmation"}});
  EXPECT_EQ(OpenAlerts().size(), 0u);
  Json closed = Must(svc_->ListAlerts(
      As(admin_), {{"status", "closed"}, {"place", "V1"}}))["alerts"];
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_TRUE(closed[0]["cleared"].get<bool>());
}

TEST_F(QualityServiceTest, AlertsCloseOnlyAfterARemedyAndAPassingRetest) {
  MakeLabs();
  MakeSources();
  const Json arsenic = Json::array(
      {{{"parameter", "arsenic"}, {"value", 0.08}, {"unit", "mg/l"}}});
  const Json arsenic_ok = Json::array(
      {{{"parameter", "arsenic"}, {"value", 0.005}, {"unit", "mg/l"}}});
  LabSample("LB", analyst_b_, "SRC1", "2025-05-01", arsenic);
  Json alerts = OpenAlerts("B1");
  ASSERT_EQ(alerts.size(), 1u);
  const int64_t alert = alerts[0]["id"].get<int64_t>();
  EXPECT_EQ(alerts[0]["habitation"]["code"], "H1");
  EXPECT_EQ(alerts[0]["days_open"], 60);
  EXPECT_EQ(svc_->SummaryOf(4, today_).affected_by[0], 1);
  // A passing sample without a remedy does not close it.
  LabSample("LB", analyst_b_, "SRC1", "2025-05-10", arsenic_ok);
  EXPECT_EQ(OpenAlerts("B1").size(), 1u);
  // Remedies: the public and other villages' committees may not.
  auto denied = svc_->AddRemedialAction(
      As(With(Role::kVwscOperator, 7)), alert,
      {{"kind", "treatment_unit"}, {"started_on", "2025-05-12"}});
  EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied);
  Json action = Must(svc_->AddRemedialAction(
      As(vwsc_), alert,
      {{"kind", "treatment_unit"}, {"started_on", "2025-05-12"}}));
  EXPECT_EQ(svc_->SummaryOf(4, today_).actions_pending, 1);
  Must(svc_->CompleteRemedialAction(As(vwsc_), action["id"].get<int64_t>(),
                                    {{"done_on", "2025-05-20"}}));
  auto twice = svc_->CompleteRemedialAction(
      As(vwsc_), action["id"].get<int64_t>(), {{"done_on", "2025-05-21"}});
  EXPECT_EQ(twice.status().code(), StatusCode::kFailedPrecondition);
  // A passing sample collected before the remedy was done does not close
  // it either.
  LabSample("LB", analyst_b_, "SRC1", "2025-05-19", arsenic_ok);
  EXPECT_EQ(OpenAlerts("B1").size(), 1u);
  LabSample("LB", analyst_b_, "SRC1", "2025-05-25", arsenic_ok);
  EXPECT_EQ(OpenAlerts("B1").size(), 0u);
  const QualitySummary after = svc_->SummaryOf(4, today_);
  EXPECT_EQ(after.alerts_open, 0);
  EXPECT_EQ(after.habitations_affected, 0);
  EXPECT_EQ(
      svc_->SummaryOf(4, Date::FromCivil(2025, 5, 15)).habitations_affected, 1);
  Json view =
      Must(svc_->VillageView(QualityService::Caller{}, "V1", "2025-05-15"));
  ASSERT_EQ(view["affected"].size(), 1u);
  EXPECT_EQ(view["affected"][0]["code"], "H1");
  Json now = Must(svc_->VillageView(QualityService::Caller{}, "V1", ""));
  EXPECT_EQ(now["affected"].size(), 0u);
  EXPECT_FALSE(now["sources"][0]["latest"].contains("collected_by"));
  EXPECT_EQ(now["sources"][0]["latest"]["results"][0]["grade"], "acceptable");
}

TEST_F(QualityServiceTest, BacteriaDetectedAsksForARepeatAtOnce) {
  MakeLabs();
  MakeSources();
  Json f = LabSample("LB", analyst_b_, "SRC2", "2025-06-20",
                     {{{"parameter", "total_coliform"},
                       {"value", 3},
                       {"unit", "per 100 ml"}}});
  Json alerts = OpenAlerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["contaminant"], "bacteriological");
  EXPECT_EQ(alerts[0]["repeat_due_on"], "2025-06-21");
  EXPECT_TRUE(alerts[0]["repeat_overdue"].get<bool>());
  EXPECT_EQ(svc_->SummaryOf(3, today_).repeats_overdue, 1);
  Must(svc_->RegisterSample(As(analyst_b_), {{"lab", "LB"},
                                             {"source", "SRC2"},
                                             {"collected_on", "2025-06-29"},
                                             {"collected_by", "Ramesh"},
                                             {"parent", f["code"]},
                                             {"reason", "repeat"}}));
  alerts = OpenAlerts();
  EXPECT_TRUE(alerts[0]["repeat_taken"].get<bool>());
  EXPECT_FALSE(alerts[0]["repeat_overdue"].get<bool>());
  EXPECT_EQ(svc_->SummaryOf(3, today_).repeats_overdue, 0);
}

TEST_F(QualityServiceTest, ARetriedRegistrationIsANoOp) {
  MakeLabs();
  MakeSources();
  Json body{{"request_id", "abc-1"},
            {"lab", "LB"},
            {"source", "SRC1"},
            {"collected_on", "2025-06-01"},
            {"collected_by", "Ramesh"}};
  Json a = Must(svc_->RegisterSample(As(analyst_b_), body));
  Json b = Must(svc_->RegisterSample(As(analyst_b_), body));
  EXPECT_FALSE(a["replayed"].get<bool>());
  EXPECT_TRUE(b["replayed"].get<bool>());
  EXPECT_EQ(a["id"], b["id"]);
  EXPECT_EQ(svc_->SummaryOf(kIndia, today_).samples, 1);
  // The public may not register.
  auto r = svc_->RegisterSample(QualityService::Caller{}, body);
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
}

TEST_F(QualityServiceTest, BulkReportsAreAllOrNothing) {
  MakeLabs();
  MakeSources();
  auto report = [](int64_t line, std::string source, std::string param,
                   std::string value, std::string unit) {
    LabReportInput in;
    in.line = line;
    in.lab_code = "LB";
    in.source_code = std::move(source);
    in.collected_on = "2025-06-01";
    in.tested_on = "2025-06-03";
    in.collected_by = "Ramesh";
    in.values.push_back(
        {std::move(param), std::move(unit), std::move(value), "value_col"});
    return in;
  };
  std::vector<LabReportInput> rows = {
      report(2, "SRC1", "fluoride", "2.5", "mg/l"),
      report(3, "SRC1", "kryptonite", "1", "mg/l"),
      report(4, "NOPE", "fluoride", "1", "mg/l"),
      report(5, "SRC2", "fluoride", "x", "mg/l"),
      report(6, "SRC2", "fluoride", "1", "NTU"),
  };
  rows[4].tested_on = "2025-06-03";
  auto out = svc_->RecordLabReports(Cli(), rows, true, false, "lab.csv");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_FALSE(out->committed);
  EXPECT_EQ(out->accepted, 1);
  ASSERT_EQ(out->rejected.size(), 4u);
  EXPECT_EQ(out->rejected[0].line, 3);
  EXPECT_EQ(out->rejected[0].code, "unknown_parameter");
  EXPECT_EQ(out->rejected[1].code, "unknown_source");
  EXPECT_EQ(out->rejected[1].field, "source_code");
  EXPECT_EQ(out->rejected[2].code, "not_a_number");
  EXPECT_EQ(out->rejected[2].value, "x");
  EXPECT_EQ(out->rejected[3].code, "wrong_unit");
  EXPECT_EQ(svc_->SummaryOf(kIndia, today_).samples, 0);
  // A dry run with skip_invalid writes nothing either.
  out = svc_->RecordLabReports(Cli(), rows, false, true, "lab.csv");
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(out->committed);
  EXPECT_EQ(svc_->SummaryOf(kIndia, today_).samples, 0);
  out = svc_->RecordLabReports(Cli(), rows, true, true, "lab.csv");
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->committed);
  EXPECT_EQ(out->results, 1);
  EXPECT_EQ(out->alerts_opened, 1);
  EXPECT_EQ(svc_->SummaryOf(kIndia, today_).failing, 1);
  // Writes one by one go on after the bulk's ids.
  LabSample("LB", analyst_b_, "SRC2", "2025-06-05", kFluorideOk);
  EXPECT_EQ(svc_->SummaryOf(kIndia, today_).samples, 2);
  // An analyst of another lab may not report the block lab's results.
  out = svc_->RecordLabReports(As(analyst_d_), {rows[0]}, true, false, "x.csv");
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->rejected.size(), 1u);
  EXPECT_EQ(out->rejected[0].code, "not_allowed");

  // Sources and labs the same way.
  std::vector<SourceInput> sources(2);
  sources[0].line = 2;
  sources[0].code = "SRC9";
  sources[0].village = "V2";
  sources[0].type = "hand_pump";
  sources[1] = sources[0];
  sources[1].line = 3;
  sources[1].code = "SRC10";
  sources[1].type = "volcano";
  auto so = svc_->RecordSources(Cli(), sources, true, false, "sources.csv");
  ASSERT_TRUE(so.ok());
  EXPECT_FALSE(so->committed);
  ASSERT_EQ(so->rejected.size(), 1u);
  EXPECT_EQ(so->rejected[0].field, "type");
  EXPECT_EQ(so->rejected[0].value, "volcano");
  EXPECT_EQ(svc_->SummaryOf(kIndia, today_).sources, 3);
  so = svc_->RecordSources(Cli(), sources, true, true, "sources.csv");
  ASSERT_TRUE(so.ok());
  EXPECT_TRUE(so->committed);
  EXPECT_EQ(svc_->SummaryOf(kIndia, today_).sources, 4);

  std::vector<LabInput> labs(2);
  labs[0].line = 2;
  labs[0].code = "LB2";
  labs[0].name = "Second block lab";
  labs[0].level = "block";
  labs[0].place = "B2";
  labs[0].refers_to = "LD2";
  labs[1].line = 3;
  labs[1].code = "LD2";
  labs[1].name = "Second district lab";
  labs[1].level = "district";
  labs[1].place = "D1";
  labs[1].nabl_certificate = "TC-1";
  labs[1].nabl_valid_from = "2024-01-01";
  labs[1].nabl_valid_to = "2025-01-01";
  auto lo = svc_->RecordLabs(Cli(), labs, true, false, "labs.csv");
  ASSERT_TRUE(lo.ok()) << lo.status().ToString();
  EXPECT_TRUE(lo->committed)
      << (lo->rejected.empty() ? "" : lo->rejected[0].reason);
  Json list =
      Must(svc_->ListLabs(QualityService::Caller{}, "B2", "2025-06-01"));
  ASSERT_EQ(list["labs"].size(), 1u);
  EXPECT_EQ(list["labs"][0]["refers_to"], "LD2");
  Json ld2 = Must(svc_->ListLabs(QualityService::Caller{}, "D1", "2024-06-01"));
  bool accredited = false;
  for (const Json& l : ld2["labs"]) {
    if (l["code"] == "LD2") accredited = l["nabl"]["status"] == "accredited";
  }
  EXPECT_TRUE(accredited);
  Json expired =
      Must(svc_->ListLabs(QualityService::Caller{}, "D1", "2025-06-01"));
  for (const Json& l : expired["labs"]) {
    if (l["code"] == "LD2") {
      EXPECT_EQ(l["nabl"]["status"], "expired");
    }
  }
}

// --- the roll-ups against a recomputation -----------------------------------

QualityFacts FactsOf(Db* db, const Standard& st) {
  QualityStore s(db);
  QualityFacts facts;
  std::map<int64_t, bool> alternate;
  EXPECT_TRUE(s.ForEachSource([&](const SourceRow& r) {
                 alternate[r.id] = r.has_alternate;
                 facts.sources.push_back(
                     {r.id, static_cast<UnitId>(r.village_id),
                      r.habitation_id > 0 ? static_cast<UnitId>(r.habitation_id)
                                          : kNoUnit,
                      Date::FromDays(static_cast<int32_t>(r.created_on))});
               }).ok());
  std::map<int64_t, size_t> at;
  std::map<int64_t, int64_t> first_repeat;
  // Every sample, with all its columns (not start-up's narrow read), in id
  // order.
  std::vector<SampleRow> stored;
  SampleFilter every;
  every.limit = 1 << 30;
  EXPECT_TRUE(s.ForEachSampleWhere(every, [&](const SampleRow& r) {
                 stored.push_back(r);
               }).ok());
  std::sort(stored.begin(), stored.end(),
            [](const SampleRow& a, const SampleRow& b) { return a.id < b.id; });
  EXPECT_FALSE(stored.empty());
  std::for_each(stored.begin(), stored.end(), [&](const SampleRow& r) {
    at[r.id] = facts.samples.size();
    if (r.reason == "repeat" && !first_repeat.count(r.parent_sample_id))
      first_repeat[r.parent_sample_id] = r.collected_day;
    QualityFacts::Sample f{};
    f.id = r.id;
    f.village = static_cast<UnitId>(r.village_id);
    f.habitation =
        r.habitation_id > 0 ? static_cast<UnitId>(r.habitation_id) : kNoUnit;
    f.source_id = r.source_id;
    f.method = r.method == "ftk" ? SampleMethod::kFtk : SampleMethod::kLab;
    f.collected = Date::FromDays(static_cast<int32_t>(r.collected_day));
    facts.samples.push_back(f);
  });
  for (QualityFacts::Sample& f : facts.samples) {
    auto events = s.EventsOf(f.id);
    auto results = s.ResultsOf(f.id);
    EXPECT_TRUE(events.ok() && results.ok());
    if (!events.ok() || !results.ok()) continue;
    for (const SampleEventRow& e : *events) {
      const Date d = Date::FromDays(static_cast<int32_t>(e.day));
      if (e.kind == "tested" && !f.tested) f.tested = d;
      if (e.kind == "final") f.final_day = d;
    }
    if (!f.final_day) continue;
    bool fail[kContaminantCount] = {};
    for (const ResultRow& r : *results) {
      const Parameter* p = st.ParameterById(r.parameter_id);
      if (p->family == ParameterFamily::kBacteriological) {
        f.final.bacteriological = true;
      } else {
        f.final.chemical = true;
      }
      if (Fails(static_cast<Grade>(r.grade),
                f.source_id > 0 && alternate[f.source_id])) {
        fail[static_cast<int>(p->contaminant)] = true;
      }
    }
    for (int k = 0; k < kContaminantCount; ++k) {
      if (fail[k]) f.final.failing.push_back(static_cast<Contaminant>(k));
    }
  }
  EXPECT_TRUE(s.ForEachAlert([&](const AlertRow& a) {
                 QualityFacts::Alert f{};
                 f.id = a.id;
                 f.village = static_cast<UnitId>(a.village_id);
                 f.habitation = a.habitation_id > 0
                                    ? static_cast<UnitId>(a.habitation_id)
                                    : kNoUnit;
                 f.contaminant = *ParseContaminant(a.contaminant);
                 f.opened = Date::FromDays(static_cast<int32_t>(a.opened_day));
                 if (a.repeat_due_day) {
                   f.repeat_due =
                       Date::FromDays(static_cast<int32_t>(*a.repeat_due_day));
                   auto it = first_repeat.find(a.sample_id);
                   if (it != first_repeat.end())
                     f.repeat_taken =
                         Date::FromDays(static_cast<int32_t>(it->second));
                 }
                 if (a.closed_day)
                   f.closed =
                       Date::FromDays(static_cast<int32_t>(*a.closed_day));
                 facts.alerts.push_back(f);
               }).ok());
  EXPECT_TRUE(s.ForEachAction(0, [&](const RemedialActionRow& a) {
                 QualityFacts::Action f{};
                 f.id = a.id;
                 f.alert_id = a.alert_id;
                 f.started =
                     Date::FromDays(static_cast<int32_t>(a.started_day));
                 if (a.done_day)
                   f.done = Date::FromDays(static_cast<int32_t>(*a.done_day));
                 facts.actions.push_back(f);
               }).ok());
  EXPECT_TRUE(s.ForEachTrainedTester(0, [&](const TrainedTesterRow& t) {
                 facts.testers.push_back(
                     {static_cast<UnitId>(t.village_id),
                      Date::FromDays(static_cast<int32_t>(t.trained_day))});
               }).ok());
  for (UnitId v : {4, 7, 9}) facts.village_households.push_back({v, 0});
  return facts;
}

void ExpectSame(const QualitySummary& a, const QualitySummary& b,
                const std::string& where) {
#define Q_EQ(f) EXPECT_EQ(a.f, b.f) << where << " " #f
  Q_EQ(samples);
  Q_EQ(lab_samples);
  Q_EQ(ftk_samples);
  Q_EQ(tested);
  Q_EQ(failing);
  Q_EQ(failing_by);
  Q_EQ(sources);
  Q_EQ(sources_tested_chemical);
  Q_EQ(sources_tested_bacteriological);
  Q_EQ(sources_bact_pre_monsoon);
  Q_EQ(sources_bact_post_monsoon);
  Q_EQ(villages_lab);
  Q_EQ(villages_lab_chemical);
  Q_EQ(villages_lab_bacteriological);
  Q_EQ(villages_ftk);
  Q_EQ(habitations_affected);
  Q_EQ(affected_by);
  Q_EQ(villages_affected);
  Q_EQ(households_affected);
  Q_EQ(alerts_open);
  Q_EQ(repeats_overdue);
  Q_EQ(actions_pending);
  Q_EQ(trained_testers);
#undef Q_EQ
}

// On a SQLite file, where loading reads the results on a second connection
// while samples and events are read.
class QualityServiceFileTest : public QualityServiceTest {
 protected:
  std::unique_ptr<Db> NewDb() override {
    return TestSqliteFile("quality_file_test", &path_);
  }
  void TearDown() override {
    svc_.reset();
    coverage_.reset();
    db_.reset();
    RemoveSqliteFiles(path_);
  }
  std::string path_;
};

TEST_F(QualityServiceTest, RollUpsEqualARecomputationAfterRandomWrites) {
  RandomWritesThenCompare();
}

TEST_F(QualityServiceFileTest, LoadingOnTwoConnectionsEqualsRecomputation) {
  RandomWritesThenCompare();
}

void QualityServiceTest::RandomWritesThenCompare() {
  MakeLabs();
  MakeSources();
  Must(svc_->AddTrainedTester(
      As(vwsc_),
      {{"village", "V1"}, {"name", "Sunita"}, {"trained_on", "2024-11-02"}}));
  std::mt19937 rng(7);
  const std::vector<std::string> sources = {"SRC1", "SRC2", "SRC3"};
  const std::vector<std::string> params = {"fluoride", "arsenic", "tds", "ph",
                                           "e_coli"};
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  for (int i = 0; i < 60; ++i) {
    const Date day = Date::FromCivil(2024, 4, 1) + pick(450);
    if (day > today_) continue;
    const std::string src = sources[pick(3)];
    Json results = Json::array();
    for (const std::string& p : params) {
      if (pick(2) == 0) continue;
      if (p == "e_coli") {
        results.push_back({{"parameter", p}, {"detected", pick(4) == 0}});
      } else {
        const double limit = p == "fluoride"  ? 1.0
                             : p == "arsenic" ? 0.01
                             : p == "tds"     ? 500
                                              : 7.0;
        const double v =
            limit * (p == "ph" ? (0.8 + pick(50) / 100.0) : pick(300) / 100.0);
        results.push_back({{"parameter", p},
                           {"value", v},
                           {"unit", p == "ph" ? "pH" : "mg/l"}});
      }
    }
    if (results.empty()) continue;
    const int what = pick(10);
    if (what == 0 && src != "SRC3") {
      Must(svc_->RecordFtkTest(As(ftk_), {{"source", src},
                                          {"tested_on", day.ToString()},
                                          {"results", results}}));
    } else if (what == 1) {
      Json s = Must(svc_->RegisterSample(As(analyst_b_),
                                         {{"lab", "LB"},
                                          {"source", src},
                                          {"collected_on", day.ToString()},
                                          {"collected_by", "R"}}));
      if (pick(2) == 0) {
        Must(svc_->AddSampleEvent(
            As(analyst_b_), s["id"].get<int64_t>(),
            {{"kind", "received"}, {"on", day.ToString()}}));
      }
    } else {
      LabSample("LB", analyst_b_, src, day.ToString(), results);
    }
    // Now and then a remedy on an open alert.
    if (pick(4) == 0) {
      Json open = OpenAlerts();
      if (!open.empty()) {
        const Json& a = open[pick(static_cast<int>(open.size()))];
        Date start = *Date::Parse(a["opened_on"].get<std::string>());
        if (start <= today_) {
          auto act = svc_->AddRemedialAction(
              As(admin_), a["id"].get<int64_t>(),
              {{"kind", "disinfection"}, {"started_on", start.ToString()}});
          if (act.ok() && pick(2) == 0) {
            Must(svc_->CompleteRemedialAction(
                As(admin_), (*act)["id"].get<int64_t>(),
                {{"done_on", std::min(start + 3, today_).ToString()}}));
          }
        }
      }
    }
  }
  const QualityFacts facts = FactsOf(db_.get(), svc_->standard());
  EXPECT_GT(facts.alerts.size(), 0u);
  const Hierarchy* h = coverage_->Read(
      [](const Hierarchy& hh, const CoverageIndex&) { return &hh; });
  auto compare = [&](const char* which) {
    for (UnitId place : {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
      for (Date day = Date::FromCivil(2024, 3, 25); day <= today_ + 10;
           day = day + 17) {
        ExpectSame(svc_->SummaryOf(place, day),
                   RecomputeSummary(facts, *h, place, day),
                   std::string(which) + " place " + std::to_string(place) +
                       " on " + day.ToString());
      }
    }
  };
  compare("live");
  // And the same once loaded afresh from the store.
  OpenService();
  compare("loaded");

  // A dump loaded into a new database holds the same: labs (referring up),
  // samples, alerts and actions, with their ids.
  const std::string dir =
      ::testing::TempDir() + "/quality_dump_" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  auto dumped = DumpDatabase(db_.get(), dir);
  ASSERT_TRUE(dumped.ok()) << dumped.status().ToString();
  std::unique_ptr<Db> other = TestDb();
  ASSERT_TRUE(Migrate(other.get()).ok());
  auto loaded = LoadDump(other.get(), dir, true);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  std::filesystem::remove_all(dir);
  auto cov = CoverageService::Load(other.get(), nullptr);
  ASSERT_TRUE(cov.ok()) << cov.status().ToString();
  auto copy = QualityService::Open(other.get(), cov->get());
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  for (UnitId place : {0, 3, 4, 5}) {
    ExpectSame((*copy)->SummaryOf(place, today_),
               svc_->SummaryOf(place, today_),
               "dump place " + std::to_string(place));
  }
  Json labs = Must((*copy)->ListLabs(QualityService::Caller{}, "", ""));
  EXPECT_EQ(labs["labs"].size(), 3u);
}

}  // namespace
}  // namespace jjm
