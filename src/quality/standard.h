// The drinking-water standard (IS 10500) as data, and grading results
// against it.  No SQL and no HTTP here: the store reads the standard's
// tables (migration 006) into these structs; everything else grades
// through them.
#ifndef JJM_QUALITY_STANDARD_H_
#define JJM_QUALITY_STANDARD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"

namespace jjm {

enum class ParameterFamily : uint8_t { kPhysical, kChemical, kBacteriological };
std::string_view FamilyName(ParameterFamily f);  // "physical", ...
std::optional<ParameterFamily> ParseFamily(std::string_view name);

// The class of contamination a failing result marks a habitation with.
enum class Contaminant : uint8_t {
  kArsenic,
  kFluoride,
  kIron,
  kSalinity,
  kNitrate,
  kHeavyMetals,
  kBacteriological,
  kOther,
};
inline constexpr int kContaminantCount = 8;
std::string_view ContaminantName(Contaminant c);  // "arsenic", ...
std::optional<Contaminant> ParseContaminant(std::string_view name);

enum class LimitKind : uint8_t { kMax, kRange, kMin, kAbsent };
std::string_view LimitKindName(LimitKind k);  // "max", "range", ...
std::optional<LimitKind> ParseLimitKind(std::string_view name);

// The grade of one result, stored as its number.
enum class Grade : uint8_t {
  kAcceptable = 0,     // within the acceptable limit
  kPermissible = 1,    // above it, within the permissible limit: tolerable
                       // only where the source has no alternate source
  kBeyond = 2,         // beyond the limits: the source must be rejected
  kNotApplicable = 3,  // the limit does not apply (chlorine, unchlorinated)
};
std::string_view GradeName(Grade g);  // "acceptable", "permissible", ...
std::optional<Grade> ParseGrade(std::string_view name);

struct Parameter {
  int64_t id = 0;
  std::string code;  // "fluoride"
  std::string name_en, name_hi;
  ParameterFamily family = ParameterFamily::kChemical;
  Contaminant contaminant = Contaminant::kOther;
  int ordinal = 0;
};

// A parameter's limits in one version (see migration 006 for each kind).
struct Limit {
  int64_t parameter_id = 0;
  std::string unit;  // "mg/l", "NTU", "Hazen", "pH", "per 100 ml"
  LimitKind kind = LimitKind::kMax;
  std::optional<double> acceptable_min, acceptable_max, permissible_max;
  bool only_when_chlorinated = false;
  std::string note;
};

enum class CrossRuleKind : uint8_t { kSumMax, kRelaxIfMax };
struct CrossRule {
  int64_t id = 0;
  CrossRuleKind kind = CrossRuleKind::kSumMax;
  int64_t parameter_id = 0, other_parameter_id = 0;
  double value = 0;
  std::string note;
};

// One version of the standard.
struct StandardVersion {
  int64_t id = 0;
  std::string code;  // "IS 10500:2012"
  std::string title;
  Date in_force_from;
  std::vector<Limit> limits;  // by parameter ordinal
  std::vector<CrossRule> cross_rules;
  // The limit of `parameter_id`, or null when the version has none.
  const Limit* LimitOf(int64_t parameter_id) const;
};

// Every parameter and every version, as loaded.  Immutable once built;
// safe to share between threads.
class Standard {
 public:
  Standard() = default;
  Standard(std::vector<Parameter> parameters,
           std::vector<StandardVersion> versions);

  const std::vector<Parameter>& parameters() const { return parameters_; }
  const std::vector<StandardVersion>& versions() const { return versions_; }
  // By id or code ("fluoride", case-insensitive); null when unknown.
  const Parameter* ParameterById(int64_t id) const;
  const Parameter* ParameterByCode(std::string_view code) const;
  // The version in force on `day`: the latest in_force_from on or before
  // it (the earliest version for a day before them all); null when there
  // is no version at all.
  const StandardVersion* InForce(Date day) const;
  const StandardVersion* VersionById(int64_t id) const;

 private:
  std::vector<Parameter> parameters_;
  std::vector<StandardVersion> versions_;  // by in_force_from
};

// A unit as a person or a file writes it, normalised for comparison:
// trimmed, lower case, spaces collapsed, "mg/L" = "mg/l", "ppm" = "mg/l",
// "cfu/100 ml", "mpn/100ml" = "per 100 ml", "ph units" = "ph".
std::string NormaliseUnit(std::string_view unit);

// One result to grade: a number in `unit`, or presence/absence.
struct ResultInput {
  int64_t parameter_id = 0;
  std::optional<double> value;
  std::optional<bool> detected;
  std::string unit;  // as given; may be empty for a presence test
};

struct GradedResult {
  int64_t parameter_id = 0;
  std::optional<double> value;
  std::optional<bool> detected;
  Grade grade = Grade::kAcceptable;
  // Why, in English, for the record ("above the acceptable limit of 1.0
  // mg/l", "iron plus manganese 0.42 mg/l is above 0.3 mg/l",
  // "magnesium not tested: sulphate above 200 mg/l cannot be relaxed").
  std::string reason;
  // A stable code for the page to translate: "within", "above_acceptable",
  // "beyond_permissible", "no_relaxation", "below_minimum", "out_of_range",
  // "detected", "sum_exceeded", "relaxation_refused", "not_applicable".
  std::string reason_code;
};

struct SampleContext {
  bool chlorinated = false;
};

// Grades every result of one sample against `version`, cross-rules
// included.  Refuses (InvalidArgument, field "results[i].unit" /
// ".value" / ".parameter") a parameter the version has no limit for, a
// unit the parameter does not take (after NormaliseUnit), a negative or
// non-finite value, a number for a presence-only test or presence for a
// numeric one (an "absent" limit takes either: a count of 0 is not
// detected), and the same parameter twice.  An empty unit is accepted for
// a presence test and for pH (which has no unit).  A cross-rule changes
// the grade of its `parameter_id` only: sum_max (when both were tested)
// makes a result not already beyond "beyond" with "sum_exceeded";
// relax_if_max makes a permissible result "beyond" with
// "relaxation_refused" when the other parameter is above the value or was
// not tested.  Boundaries are inclusive: 1.0
// mg/l fluoride is acceptable, 1.01 is not.
StatusOr<std::vector<GradedResult>> GradeResults(
    const StandardVersion& version, const Standard& standard,
    const std::vector<ResultInput>& results, const SampleContext& context);

// The worst grade among results (kAcceptable for none, kNotApplicable
// ignored).
Grade WorstGrade(const std::vector<GradedResult>& results);

// True if `g` fails the standard for a source with or without an
// alternate source: kBeyond always; kPermissible when the source has one.
bool Fails(Grade g, bool source_has_alternate);

}  // namespace jjm

#endif  // JJM_QUALITY_STANDARD_H_
