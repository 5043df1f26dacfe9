// The standard as data and grading against it (quality/standard.h).
#include "quality/standard.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <utility>

namespace jjm {
namespace {

char Lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// A number as a person writes it: 1, 0.35, 1.5 (at most 15 significant
// digits, so 0.2 + 0.15 shows as 0.35).
std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

// " mg/l" after a number; nothing for pH, which has no unit.
std::string UnitSuffix(const Limit& limit) {
  if (NormaliseUnit(limit.unit) == "ph") return "";
  return " " + limit.unit;
}

// A parameter's code as words: "free_residual_chlorine" -> "free residual
// chlorine".
std::string Words(const Parameter* p, int64_t id) {
  if (p == nullptr) return "parameter " + std::to_string(id);
  std::string out = p->code;
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

// a <= b, forgiving the rounding of a sum of two decimals (0.1 + 0.2 is
// not above 0.3).
bool AtMostForSum(double a, double b) {
  return a <= b + 1e-9 * std::max(1.0, std::fabs(b));
}

std::string Field(size_t i, std::string_view member) {
  return "results[" + std::to_string(i) + "]." + std::string(member);
}

void Set(GradedResult* r, Grade g, std::string code, std::string reason) {
  r->grade = g;
  r->reason_code = std::move(code);
  r->reason = std::move(reason);
}

// Grades one checked result against its own limit.
void GradeOne(const Limit& limit, const SampleContext& context,
              GradedResult* r) {
  const std::string u = UnitSuffix(limit);
  if (limit.only_when_chlorinated && !context.chlorinated) {
    Set(r, Grade::kNotApplicable, "not_applicable",
        "applies only to a chlorinated supply");
    return;
  }
  if (limit.kind == LimitKind::kAbsent) {
    const bool detected =
        r->detected.has_value() ? *r->detected : (*r->value > 0);
    if (detected) {
      Set(r, Grade::kBeyond, "detected",
          "detected: must not be detectable in any 100 ml sample");
    } else {
      Set(r, Grade::kAcceptable, "within", "not detected");
    }
    return;
  }
  const double v = *r->value;
  switch (limit.kind) {
    case LimitKind::kMax: {
      const double acc = limit.acceptable_max.value_or(0);
      if (v <= acc) {
        Set(r, Grade::kAcceptable, "within",
            "within the acceptable limit of " + Num(acc) + u);
      } else if (limit.permissible_max.has_value() &&
                 v <= *limit.permissible_max) {
        Set(r, Grade::kPermissible, "above_acceptable",
            "above the acceptable limit of " + Num(acc) + u +
                ", within the permissible limit of " +
                Num(*limit.permissible_max) + u);
      } else if (limit.permissible_max.has_value()) {
        Set(r, Grade::kBeyond, "beyond_permissible",
            "beyond the permissible limit of " + Num(*limit.permissible_max) +
                u);
      } else {
        Set(r, Grade::kBeyond, "no_relaxation",
            "above the limit of " + Num(acc) + u + " (no relaxation)");
      }
      return;
    }
    case LimitKind::kRange: {
      const double lo = limit.acceptable_min.value_or(0);
      const double hi = limit.acceptable_max.value_or(0);
      const std::string band = Num(lo) + " to " + Num(hi) + u;
      if (lo <= v && v <= hi) {
        Set(r, Grade::kAcceptable, "within", "within " + band);
      } else {
        Set(r, Grade::kBeyond, "out_of_range",
            "outside " + band + " (no relaxation)");
      }
      return;
    }
    case LimitKind::kMin: {
      const double lo = limit.acceptable_min.value_or(0);
      if (v < lo) {
        Set(r, Grade::kBeyond, "below_minimum",
            "below the minimum of " + Num(lo) + u);
      } else if (limit.permissible_max.has_value() &&
                 v > *limit.permissible_max) {
        Set(r, Grade::kPermissible, "above_acceptable",
            "above " + Num(*limit.permissible_max) + u);
      } else {
        Set(r, Grade::kAcceptable, "within", "at least " + Num(lo) + u);
      }
      return;
    }
    case LimitKind::kAbsent:
      return;  // handled above
  }
}

// The graded result of `parameter_id`, or null when it was not tested (or
// its limit did not apply).
GradedResult* Find(std::vector<GradedResult>& out, int64_t parameter_id) {
  for (GradedResult& r : out) {
    if (r.parameter_id == parameter_id) return &r;
  }
  return nullptr;
}

void ApplyCrossRule(const CrossRule& rule, const StandardVersion& version,
                    const Standard& standard, std::vector<GradedResult>& out) {
  GradedResult* p = Find(out, rule.parameter_id);
  if (p == nullptr || p->grade == Grade::kNotApplicable) return;
  GradedResult* o = Find(out, rule.other_parameter_id);
  if (o != nullptr &&
      (o->grade == Grade::kNotApplicable || !o->value.has_value())) {
    o = nullptr;
  }
  const Limit* limit = version.LimitOf(rule.parameter_id);
  const std::string u = limit != nullptr ? UnitSuffix(*limit) : "";
  const std::string pname =
      Words(standard.ParameterById(rule.parameter_id), rule.parameter_id);
  const std::string oname = Words(
      standard.ParameterById(rule.other_parameter_id), rule.other_parameter_id);
  switch (rule.kind) {
    case CrossRuleKind::kSumMax: {
      if (o == nullptr || !p->value.has_value()) return;  // both tested
      if (p->grade == Grade::kBeyond) return;  // its own limit says more
      const double sum = *p->value + *o->value;
      if (!AtMostForSum(sum, rule.value)) {
        Set(p, Grade::kBeyond, "sum_exceeded",
            oname + " plus " + pname + " " + Num(sum) + u + " is above " +
                Num(rule.value) + u);
      }
      return;
    }
    case CrossRuleKind::kRelaxIfMax: {
      if (p->grade != Grade::kPermissible) return;
      const std::string acc =
          limit != nullptr && limit->acceptable_max.has_value()
              ? Num(*limit->acceptable_max) + u
              : "its acceptable limit";
      if (o == nullptr) {
        Set(p, Grade::kBeyond, "relaxation_refused",
            oname + " not tested: " + pname + " above " + acc +
                " cannot be relaxed");
      } else if (*o->value > rule.value) {
        const Limit* olimit = version.LimitOf(rule.other_parameter_id);
        const std::string ou = olimit != nullptr ? UnitSuffix(*olimit) : "";
        Set(p, Grade::kBeyond, "relaxation_refused",
            oname + " " + Num(*o->value) + ou + " is above " + Num(rule.value) +
                ou + ": " + pname + " above " + acc + " cannot be relaxed");
      }
      return;
    }
  }
}

}  // namespace

const Limit* StandardVersion::LimitOf(int64_t parameter_id) const {
  // Seeded versions keep limits in parameter order with ids from 1.
  if (parameter_id >= 1 && static_cast<size_t>(parameter_id) <= limits.size() &&
      limits[parameter_id - 1].parameter_id == parameter_id) {
    return &limits[parameter_id - 1];
  }
  for (const Limit& l : limits) {
    if (l.parameter_id == parameter_id) return &l;
  }
  return nullptr;
}

Standard::Standard(std::vector<Parameter> parameters,
                   std::vector<StandardVersion> versions)
    : parameters_(std::move(parameters)), versions_(std::move(versions)) {
  std::stable_sort(versions_.begin(), versions_.end(),
                   [](const StandardVersion& a, const StandardVersion& b) {
                     return a.in_force_from < b.in_force_from;
                   });
}

const Parameter* Standard::ParameterById(int64_t id) const {
  if (id >= 1 && static_cast<size_t>(id) <= parameters_.size() &&
      parameters_[id - 1].id == id) {
    return &parameters_[id - 1];
  }
  for (const Parameter& p : parameters_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const Parameter* Standard::ParameterByCode(std::string_view code) const {
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code[0]))) {
    code.remove_prefix(1);
  }
  while (!code.empty() &&
         std::isspace(static_cast<unsigned char>(code.back()))) {
    code.remove_suffix(1);
  }
  for (const Parameter& p : parameters_) {
    if (EqualsNoCase(p.code, code)) return &p;
  }
  return nullptr;
}

const StandardVersion* Standard::InForce(Date day) const {
  if (versions_.empty()) return nullptr;
  const StandardVersion* found = &versions_.front();
  for (const StandardVersion& v : versions_) {
    if (v.in_force_from <= day) found = &v;
  }
  return found;
}

const StandardVersion* Standard::VersionById(int64_t id) const {
  for (const StandardVersion& v : versions_) {
    if (v.id == id) return &v;
  }
  return nullptr;
}

std::string NormaliseUnit(std::string_view unit) {
  // Lower case, runs of white space made one space, none around '/'.
  std::string s;
  s.reserve(unit.size());
  bool space = false;
  for (char c : unit) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !s.empty() && c != '/' && s.back() != '/') s += ' ';
    space = false;
    s += Lower(c);
  }
  struct Alias {
    std::string_view from, to;
  };
  static constexpr Alias kAliases[] = {
      {"ppm", "mg/l"},
      {"mg/litre", "mg/l"},
      {"mg/liter", "mg/l"},
      {"mg per l", "mg/l"},
      {"mg per litre", "mg/l"},
      {"cfu/100 ml", "per 100 ml"},
      {"cfu/100ml", "per 100 ml"},
      {"mpn/100 ml", "per 100 ml"},
      {"mpn/100ml", "per 100 ml"},
      {"per 100ml", "per 100 ml"},
      {"/100 ml", "per 100 ml"},
      {"/100ml", "per 100 ml"},
      {"ph units", "ph"},
      {"ph unit", "ph"},
      {"hazen units", "hazen"},
      {"hazen unit", "hazen"},
  };
  for (const Alias& a : kAliases) {
    if (s == a.from) return std::string(a.to);
  }
  return s;
}

StatusOr<std::vector<GradedResult>> GradeResults(
    const StandardVersion& version, const Standard& standard,
    const std::vector<ResultInput>& results, const SampleContext& context) {
  std::vector<GradedResult> out;
  out.reserve(results.size());
  for (size_t i = 0; i < results.size(); ++i) {
    const ResultInput& in = results[i];
    const Parameter* param = standard.ParameterById(in.parameter_id);
    if (param == nullptr) {
      return InvalidArgument(
          "unknown parameter " + std::to_string(in.parameter_id),
          Field(i, "parameter"));
    }
    const Limit* limit = version.LimitOf(in.parameter_id);
    if (limit == nullptr) {
      return InvalidArgument(version.code + " has no limit for " + param->code,
                             Field(i, "parameter"));
    }
    for (size_t j = 0; j < i; ++j) {
      if (results[j].parameter_id == in.parameter_id) {
        return InvalidArgument(param->code + " is given twice (results[" +
                                   std::to_string(j) + "] and results[" +
                                   std::to_string(i) + "])",
                               Field(i, "parameter"));
      }
    }
    if (in.value.has_value() && in.detected.has_value()) {
      return InvalidArgument(
          param->code + ": give a value or detected, not both",
          Field(i, "value"));
    }
    if (!in.value.has_value() && !in.detected.has_value()) {
      return InvalidArgument(param->code + ": no value", Field(i, "value"));
    }
    if (in.value.has_value()) {
      if (!std::isfinite(*in.value)) {
        return InvalidArgument(param->code + ": the value is not a number",
                               Field(i, "value"));
      }
      if (*in.value < 0) {
        return InvalidArgument(param->code + ": a value cannot be negative (" +
                                   Num(*in.value) + ")",
                               Field(i, "value"));
      }
    }
    if (in.detected.has_value() && limit->kind != LimitKind::kAbsent) {
      return InvalidArgument(param->code + " needs a value in " + limit->unit +
                                 ", not presence or absence",
                             Field(i, "value"));
    }
    // The unit: the limit's, after normalising.  Empty is accepted for a
    // presence test and for pH (which has no unit).
    const std::string want = NormaliseUnit(limit->unit);
    const std::string given = NormaliseUnit(in.unit);
    const bool empty_ok = in.detected.has_value() || want == "ph";
    if (given != want && !(given.empty() && empty_ok)) {
      return InvalidArgument(param->code + " is measured in " + limit->unit +
                                 ", not '" + in.unit + "'",
                             Field(i, "unit"));
    }
    GradedResult r;
    r.parameter_id = in.parameter_id;
    r.value = in.value;
    r.detected = in.detected;
    GradeOne(*limit, context, &r);
    out.push_back(std::move(r));
  }
  for (const CrossRule& rule : version.cross_rules) {
    ApplyCrossRule(rule, version, standard, out);
  }
  return out;
}

Grade WorstGrade(const std::vector<GradedResult>& results) {
  Grade worst = Grade::kAcceptable;
  for (const GradedResult& r : results) {
    if (r.grade == Grade::kNotApplicable) continue;
    if (static_cast<int>(r.grade) > static_cast<int>(worst)) worst = r.grade;
  }
  return worst;
}

bool Fails(Grade g, bool source_has_alternate) {
  if (g == Grade::kBeyond) return true;
  if (g == Grade::kPermissible) return source_has_alternate;
  return false;
}

}  // namespace jjm
