// Figures derived from the roll-ups for one place on one date: percentages,
// progress since the JJM launch and the pace still needed.
#ifndef JJM_COVERAGE_REPORT_H_
#define JJM_COVERAGE_REPORT_H_

#include <optional>

#include "base/date.h"
#include "coverage/coverage_index.h"

namespace jjm {

struct Figures {
  Metrics m;
  // Households with tap on `as_of` minus those on the baseline.
  int64_t connections_since_launch = 0;
  // Households with tap per 100 households; 0 when there are none.
  double pct = 0;
  // Households still without tap.
  int64_t remaining = 0;
  // Days from `as_of` to the target date, and households per day needed to
  // reach 100% by then (absent when the target date has passed).
  int32_t days_to_target = 0;
  std::optional<double> hh_per_day_needed;
};

Figures ComputeFigures(const CoverageIndex& index, UnitId unit, Date as_of,
                       Date target);

// Percentage with a zero denominator mapped to 0.
inline double Percent(int64_t part, int64_t whole) {
  return whole <= 0 ? 0.0 : 100.0 * static_cast<double>(part) / whole;
}

}  // namespace jjm

#endif  // JJM_COVERAGE_REPORT_H_
