// Grading against IS 10500 as migration 006 seeds it: the test migrates a
// new database and reads the wq_ tables with plain SQL, so that it grades
// against the real data, boundaries included.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>

#include "quality/standard.h"
#include "store/db.h"
#include "test_db.h"

namespace jjm {
namespace {

std::optional<double> OptDouble(Statement& row, int col) {
  if (row.ColumnIsNull(col)) return std::nullopt;
  return row.ColumnDouble(col);
}

// The standard as the seeded tables hold it.
Standard LoadStandard(Db* db) {
  std::vector<Parameter> params;
  std::vector<StandardVersion> versions;
  auto ps = db->Prepare(
      "SELECT id, code, name_en, name_hi, family, contaminant, ordinal FROM "
      "wq_parameter ORDER BY ordinal");
  EXPECT_TRUE(ps.ok());
  EXPECT_TRUE((*ps)
                  ->ForEachRow([&](Statement& r) {
                    Parameter p;
                    p.id = r.ColumnInt(0);
                    p.code = std::string(r.ColumnText(1));
                    p.name_en = std::string(r.ColumnText(2));
                    p.name_hi = std::string(r.ColumnText(3));
                    p.family = *ParseFamily(r.ColumnText(4));
                    p.contaminant = *ParseContaminant(r.ColumnText(5));
                    p.ordinal = static_cast<int>(r.ColumnInt(6));
                    params.push_back(p);
                  })
                  .ok());
  auto vs = db->Prepare(
      "SELECT id, code, title, in_force_from FROM wq_standard ORDER BY id");
  EXPECT_TRUE((*vs)
                  ->ForEachRow([&](Statement& r) {
                    StandardVersion v;
                    v.id = r.ColumnInt(0);
                    v.code = std::string(r.ColumnText(1));
                    v.title = std::string(r.ColumnText(2));
                    v.in_force_from =
                        Date::FromDays(static_cast<int32_t>(r.ColumnInt(3)));
                    versions.push_back(v);
                  })
                  .ok());
  for (StandardVersion& v : versions) {
    auto ls = db->Prepare(
        "SELECT l.parameter_id, l.unit, l.kind, l.acceptable_min, "
        "l.acceptable_max, l.permissible_max, l.applies_when, "
        "COALESCE(l.note, '') FROM wq_limit l JOIN wq_parameter p ON p.id = "
        "l.parameter_id WHERE l.standard_id = $1 ORDER BY p.ordinal");
    (*ls)->BindInt(1, v.id);
    EXPECT_TRUE((*ls)
                    ->ForEachRow([&](Statement& r) {
                      Limit l;
                      l.parameter_id = r.ColumnInt(0);
                      l.unit = std::string(r.ColumnText(1));
                      l.kind = *ParseLimitKind(r.ColumnText(2));
                      l.acceptable_min = OptDouble(r, 3);
                      l.acceptable_max = OptDouble(r, 4);
                      l.permissible_max = OptDouble(r, 5);
                      l.only_when_chlorinated = !r.ColumnIsNull(6);
                      l.note = std::string(r.ColumnText(7));
                      v.limits.push_back(l);
                    })
                    .ok());
    auto cs = db->Prepare(
        "SELECT id, kind, parameter_id, other_parameter_id, value, "
        "COALESCE(note, '') FROM wq_cross_rule WHERE standard_id = $1 "
        "ORDER BY id");
    (*cs)->BindInt(1, v.id);
    EXPECT_TRUE((*cs)
                    ->ForEachRow([&](Statement& r) {
                      CrossRule c;
                      c.id = r.ColumnInt(0);
                      c.kind = r.ColumnText(1) == "sum_max"
                                   ? CrossRuleKind::kSumMax
                                   : CrossRuleKind::kRelaxIfMax;
                      c.parameter_id = r.ColumnInt(2);
                      c.other_parameter_id = r.ColumnInt(3);
                      c.value = r.ColumnDouble(4);
                      c.note = std::string(r.ColumnText(5));
                      v.cross_rules.push_back(c);
                    })
                    .ok());
  }
  return Standard(std::move(params), std::move(versions));
}

class QualityStandardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDb();
    ASSERT_TRUE(Migrate(db_.get()).ok());
    standard_ = LoadStandard(db_.get());
    ASSERT_EQ(standard_.parameters().size(), 24u);
    ASSERT_EQ(standard_.versions().size(), 1u);
    version_ = &standard_.versions()[0];
  }

  int64_t Id(std::string_view code) const {
    const Parameter* p = standard_.ParameterByCode(code);
    EXPECT_NE(p, nullptr) << code;
    return p == nullptr ? 0 : p->id;
  }
  ResultInput Value(std::string_view code, double v,
                    std::string unit = "mg/l") const {
    ResultInput r;
    r.parameter_id = Id(code);
    r.value = v;
    r.unit = std::move(unit);
    return r;
  }
  ResultInput Presence(std::string_view code, bool detected) const {
    ResultInput r;
    r.parameter_id = Id(code);
    r.detected = detected;
    return r;
  }
  std::vector<GradedResult> GradeAll(std::vector<ResultInput> in,
                                     bool chlorinated = false) const {
    auto g = GradeResults(*version_, standard_, in, {chlorinated});
    EXPECT_TRUE(g.ok()) << g.status().ToString();
    return g.ok() ? *g : std::vector<GradedResult>{};
  }
  GradedResult One(ResultInput in, bool chlorinated = false) const {
    auto g = GradeAll({std::move(in)}, chlorinated);
    EXPECT_EQ(g.size(), 1u);
    return g.empty() ? GradedResult{} : g[0];
  }
  jjm::Grade G(ResultInput in, bool chlorinated = false) const {
    return One(std::move(in), chlorinated).grade;
  }
  Status Refusal(std::vector<ResultInput> in) const {
    auto g = GradeResults(*version_, standard_, in, {});
    EXPECT_FALSE(g.ok());
    return g.ok() ? Status() : g.status();
  }

  std::unique_ptr<Db> db_;
  Standard standard_;
  const StandardVersion* version_ = nullptr;
};

TEST_F(QualityStandardTest, LoadsTheSeededStandard) {
  EXPECT_EQ(version_->code, "IS 10500:2012");
  EXPECT_EQ(version_->limits.size(), 24u);
  EXPECT_EQ(version_->cross_rules.size(), 2u);
  const Parameter* f = standard_.ParameterByCode("FLUORIDE");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->contaminant, Contaminant::kFluoride);
  EXPECT_EQ(standard_.ParameterById(f->id), f);
  EXPECT_EQ(standard_.ParameterByCode("unobtainium"), nullptr);
  EXPECT_EQ(standard_.ParameterById(999), nullptr);
  const Limit* l = version_->LimitOf(f->id);
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(*l->acceptable_max, 1.0);
  EXPECT_EQ(version_->LimitOf(999), nullptr);
  EXPECT_EQ(standard_.VersionById(1), version_);
  EXPECT_EQ(standard_.VersionById(2), nullptr);
}

TEST_F(QualityStandardTest, MaxWithRelaxation) {
  EXPECT_EQ(G(Value("fluoride", 0.5)), Grade::kAcceptable);
  GradedResult at = One(Value("fluoride", 1.0));
  EXPECT_EQ(at.grade, Grade::kAcceptable);
  EXPECT_EQ(at.reason_code, "within");
  GradedResult above = One(Value("fluoride", 1.01));
  EXPECT_EQ(above.grade, Grade::kPermissible);
  EXPECT_EQ(above.reason_code, "above_acceptable");
  EXPECT_NE(above.reason.find("1 mg/l"), std::string::npos) << above.reason;
  EXPECT_EQ(G(Value("fluoride", 1.5)), Grade::kPermissible);
  GradedResult beyond = One(Value("fluoride", 1.51));
  EXPECT_EQ(beyond.grade, Grade::kBeyond);
  EXPECT_EQ(beyond.reason_code, "beyond_permissible");
  EXPECT_EQ(beyond.value, 1.51);
  // Other max limits with relaxation from the seeded rows.
  EXPECT_EQ(G(Value("turbidity", 5, "NTU")), Grade::kPermissible);
  EXPECT_EQ(G(Value("turbidity", 5.1, "ntu")), Grade::kBeyond);
  EXPECT_EQ(G(Value("tds", 500)), Grade::kAcceptable);
  EXPECT_EQ(G(Value("tds", 2000)), Grade::kPermissible);
  EXPECT_EQ(G(Value("colour", 15, "Hazen")), Grade::kPermissible);
  EXPECT_EQ(G(Value("arsenic", 0.01)), Grade::kAcceptable);
  EXPECT_EQ(G(Value("arsenic", 0.011)), Grade::kPermissible);
  EXPECT_EQ(G(Value("arsenic", 0.051)), Grade::kBeyond);
}

TEST_F(QualityStandardTest, MaxWithoutRelaxation) {
  EXPECT_EQ(G(Value("nitrate", 45)), Grade::kAcceptable);
  GradedResult r = One(Value("nitrate", 45.01));
  EXPECT_EQ(r.grade, Grade::kBeyond);
  EXPECT_EQ(r.reason_code, "no_relaxation");
  EXPECT_EQ(G(Value("iron", 0.3)), Grade::kAcceptable);
  EXPECT_EQ(G(Value("iron", 0.31)), Grade::kBeyond);
  EXPECT_EQ(G(Value("lead", 0.011)), Grade::kBeyond);
  EXPECT_EQ(G(Value("uranium", 0.03)), Grade::kAcceptable);
  EXPECT_EQ(G(Value("uranium", 0.031)), Grade::kBeyond);
}

TEST_F(QualityStandardTest, Range) {
  EXPECT_EQ(G(Value("ph", 6.5, "pH")), Grade::kAcceptable);
  EXPECT_EQ(G(Value("ph", 8.5, "pH units")), Grade::kAcceptable);
  EXPECT_EQ(G(Value("ph", 7.2, "")), Grade::kAcceptable);  // pH: no unit
  GradedResult low = One(Value("ph", 6.49, "pH"));
  EXPECT_EQ(low.grade, Grade::kBeyond);
  EXPECT_EQ(low.reason_code, "out_of_range");
  EXPECT_EQ(G(Value("ph", 8.51, "pH")), Grade::kBeyond);
}

TEST_F(QualityStandardTest, MinimumOnlyWhenChlorinated) {
  GradedResult low = One(Value("free_residual_chlorine", 0.19), true);
  EXPECT_EQ(low.grade, Grade::kBeyond);
  EXPECT_EQ(low.reason_code, "below_minimum");
  EXPECT_EQ(G(Value("free_residual_chlorine", 0.2), true), Grade::kAcceptable);
  EXPECT_EQ(G(Value("free_residual_chlorine", 1.0), true), Grade::kAcceptable);
  EXPECT_EQ(G(Value("free_residual_chlorine", 1.2), true), Grade::kPermissible);
  GradedResult na = One(Value("free_residual_chlorine", 0.19), false);
  EXPECT_EQ(na.grade, Grade::kNotApplicable);
  EXPECT_EQ(na.reason_code, "not_applicable");
}

TEST_F(QualityStandardTest, AbsentTakesPresenceOrCount) {
  GradedResult d = One(Presence("total_coliform", true));
  EXPECT_EQ(d.grade, Grade::kBeyond);
  EXPECT_EQ(d.reason_code, "detected");
  EXPECT_EQ(G(Presence("e_coli", false)), Grade::kAcceptable);
  EXPECT_EQ(G(Value("e_coli", 0, "CFU/100 ml")), Grade::kAcceptable);
  EXPECT_EQ(G(Value("total_coliform", 0, "per 100 ml")), Grade::kAcceptable);
  EXPECT_EQ(G(Value("total_coliform", 3, "MPN/100ml")), Grade::kBeyond);
  // A presence test may carry the unit or none.
  ResultInput p = Presence("e_coli", true);
  p.unit = "per 100 ml";
  EXPECT_EQ(G(p), Grade::kBeyond);
}

TEST_F(QualityStandardTest, IronPlusManganese) {
  auto g = GradeAll({Value("iron", 0.2), Value("manganese", 0.15)});
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0].grade, Grade::kAcceptable);  // the rule marks manganese
  EXPECT_EQ(g[1].grade, Grade::kBeyond);
  EXPECT_EQ(g[1].reason_code, "sum_exceeded");
  EXPECT_NE(g[1].reason.find("iron plus manganese 0.35 mg/l is above 0.3"),
            std::string::npos)
      << g[1].reason;
  // Within the sum (0.1 + 0.2 is not above 0.3 for rounding), and
  // manganese alone is only graded by its own limit.
  g = GradeAll({Value("manganese", 0.1), Value("iron", 0.2)});
  EXPECT_EQ(g[0].grade, Grade::kAcceptable);
  g = GradeAll({Value("manganese", 0.15)});
  EXPECT_EQ(g[0].grade, Grade::kPermissible);
  // Acceptable alone, failing the sum.
  g = GradeAll({Value("manganese", 0.08), Value("iron", 0.25)});
  EXPECT_EQ(g[0].grade, Grade::kBeyond);
  EXPECT_EQ(g[0].reason_code, "sum_exceeded");
  // Beyond on its own: its own reason stays.
  g = GradeAll({Value("manganese", 0.4), Value("iron", 0.1)});
  EXPECT_EQ(g[0].reason_code, "beyond_permissible");
}

TEST_F(QualityStandardTest, SulphateRelaxedOnlyWithLowMagnesium) {
  auto g = GradeAll({Value("sulphate", 350), Value("magnesium", 20)});
  EXPECT_EQ(g[0].grade, Grade::kPermissible);
  EXPECT_EQ(g[1].grade, Grade::kAcceptable);
  g = GradeAll({Value("sulphate", 350), Value("magnesium", 30)});
  EXPECT_EQ(g[0].grade, Grade::kPermissible);
  g = GradeAll({Value("sulphate", 350), Value("magnesium", 40)});
  EXPECT_EQ(g[0].grade, Grade::kBeyond);
  EXPECT_EQ(g[0].reason_code, "relaxation_refused");
  EXPECT_EQ(g[1].grade, Grade::kPermissible);
  g = GradeAll({Value("sulphate", 350)});
  EXPECT_EQ(g[0].grade, Grade::kBeyond);
  EXPECT_EQ(g[0].reason_code, "relaxation_refused");
  EXPECT_NE(g[0].reason.find("magnesium not tested"), std::string::npos)
      << g[0].reason;
  // Within the acceptable limit the rule does not apply.
  g = GradeAll({Value("sulphate", 200)});
  EXPECT_EQ(g[0].grade, Grade::kAcceptable);
  g = GradeAll({Value("sulphate", 401), Value("magnesium", 10)});
  EXPECT_EQ(g[0].reason_code, "beyond_permissible");
}

TEST_F(QualityStandardTest, Units) {
  Status s = Refusal({Value("iron", 0.1), Value("fluoride", 1, "NTU")});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "results[1].unit");
  EXPECT_EQ(G(Value("fluoride", 1, "mg/L")), Grade::kAcceptable);
  EXPECT_EQ(G(Value("fluoride", 1, "ppm")), Grade::kAcceptable);
  EXPECT_EQ(G(Value("fluoride", 1, " MG / l ")), Grade::kAcceptable);
  EXPECT_EQ(Refusal({Value("fluoride", 1, "")}).field(), "results[0].unit");
  EXPECT_EQ(Refusal({Value("e_coli", 0, "mg/l")}).field(), "results[0].unit");
  EXPECT_EQ(NormaliseUnit("  MPN/100ml "), "per 100 ml");
  EXPECT_EQ(NormaliseUnit("cfu/100 ml"), "per 100 ml");
  EXPECT_EQ(NormaliseUnit("pH Units"), "ph");
  EXPECT_EQ(NormaliseUnit("mg/L"), "mg/l");
  EXPECT_EQ(NormaliseUnit("per   100  ml"), "per 100 ml");
  EXPECT_EQ(NormaliseUnit("NTU"), "ntu");
}

TEST_F(QualityStandardTest, Refusals) {
  EXPECT_EQ(Refusal({Value("fluoride", 1), Value("iron", 0.1),
                     Value("fluoride", 0.5)})
                .field(),
            "results[2].parameter");
  EXPECT_EQ(Refusal({Value("fluoride", -0.1)}).field(), "results[0].value");
  EXPECT_EQ(
      Refusal({Value("fluoride", std::numeric_limits<double>::quiet_NaN())})
          .field(),
      "results[0].value");
  EXPECT_EQ(
      Refusal({Value("fluoride", std::numeric_limits<double>::infinity())})
          .field(),
      "results[0].value");
  ResultInput unknown;
  unknown.parameter_id = 999;
  unknown.value = 1;
  unknown.unit = "mg/l";
  EXPECT_EQ(Refusal({unknown}).field(), "results[0].parameter");
  // Presence for a numeric test, nothing at all, or both.
  EXPECT_EQ(Refusal({Presence("fluoride", true)}).field(), "results[0].value");
  ResultInput none;
  none.parameter_id = Id("fluoride");
  none.unit = "mg/l";
  EXPECT_EQ(Refusal({none}).field(), "results[0].value");
  ResultInput both = Value("e_coli", 0, "per 100 ml");
  both.detected = false;
  EXPECT_EQ(Refusal({both}).field(), "results[0].value");
  EXPECT_TRUE(GradeAll({}).empty());
}

TEST_F(QualityStandardTest, VersionByDayAndParameterWithoutLimit) {
  // A later revision: fluoride stricter, arsenic without relaxation,
  // uranium dropped (so the version has no limit for it).
  std::vector<StandardVersion> versions = standard_.versions();
  StandardVersion v2 = versions[0];
  v2.id = 2;
  v2.code = "IS 10500:2030";
  v2.in_force_from = Date::FromCivil(2030, 4, 1);
  for (Limit& l : v2.limits) {
    if (l.parameter_id == Id("fluoride")) l.acceptable_max = 0.8;
    if (l.parameter_id == Id("arsenic")) l.permissible_max.reset();
  }
  std::erase_if(v2.limits, [&](const Limit& l) {
    return l.parameter_id == Id("uranium");
  });
  versions.insert(versions.begin(), v2);  // any order: sorted by the day
  Standard two(standard_.parameters(), versions);
  ASSERT_EQ(two.versions().size(), 2u);
  EXPECT_EQ(two.versions()[0].id, 1);
  EXPECT_EQ(two.InForce(Date::FromCivil(2012, 1, 1))->id, 1);  // before all
  EXPECT_EQ(two.InForce(Date::FromCivil(2025, 6, 1))->id, 1);
  EXPECT_EQ(two.InForce(Date::FromCivil(2030, 3, 31))->id, 1);
  EXPECT_EQ(two.InForce(Date::FromCivil(2030, 4, 1))->id, 2);
  EXPECT_EQ(two.InForce(Date::FromCivil(2031, 1, 1))->id, 2);
  EXPECT_EQ(Standard().InForce(Date::FromCivil(2030, 4, 1)), nullptr);

  // A result collected before the revision is graded by the old version
  // and keeps it: the same 0.9 mg/l is acceptable then, not later.
  const std::vector<ResultInput> in = {Value("fluoride", 0.9),
                                       Value("arsenic", 0.02)};
  const StandardVersion* old_v = two.InForce(Date::FromCivil(2029, 12, 1));
  const StandardVersion* new_v = two.InForce(Date::FromCivil(2030, 12, 1));
  auto before = GradeResults(*old_v, two, in, {});
  auto after = GradeResults(*new_v, two, in, {});
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ((*before)[0].grade, Grade::kAcceptable);
  EXPECT_EQ((*before)[1].grade, Grade::kPermissible);
  EXPECT_EQ((*after)[0].grade, Grade::kPermissible);
  EXPECT_EQ((*after)[1].grade, Grade::kBeyond);
  EXPECT_EQ((*after)[1].reason_code, "no_relaxation");
  EXPECT_EQ(two.VersionById(old_v->id)->code, "IS 10500:2012");
  // A parameter the version has no limit for.
  auto u = GradeResults(*new_v, two, {Value("uranium", 0.01)}, {});
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().field(), "results[0].parameter");
  EXPECT_TRUE(GradeResults(*old_v, two, {Value("uranium", 0.01)}, {}).ok());
}

TEST_F(QualityStandardTest, WorstGradeAndFails) {
  auto g = GradeAll({Value("fluoride", 1.2), Value("iron", 0.1),
                     Value("free_residual_chlorine", 0.0)});
  EXPECT_EQ(g[2].grade, Grade::kNotApplicable);
  EXPECT_EQ(WorstGrade(g), Grade::kPermissible);
  g = GradeAll({Value("fluoride", 1.2), Value("nitrate", 50)});
  EXPECT_EQ(WorstGrade(g), Grade::kBeyond);
  EXPECT_EQ(WorstGrade({}), Grade::kAcceptable);
  EXPECT_EQ(WorstGrade(GradeAll({Value("free_residual_chlorine", 0.0)})),
            Grade::kAcceptable);
  EXPECT_TRUE(Fails(Grade::kBeyond, false));
  EXPECT_TRUE(Fails(Grade::kBeyond, true));
  EXPECT_TRUE(Fails(Grade::kPermissible, true));
  EXPECT_FALSE(Fails(Grade::kPermissible, false));
  EXPECT_FALSE(Fails(Grade::kAcceptable, true));
  EXPECT_FALSE(Fails(Grade::kNotApplicable, true));
}

}  // namespace
}  // namespace jjm
