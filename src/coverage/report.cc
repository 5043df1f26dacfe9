#include "coverage/report.h"

namespace jjm {

Figures ComputeFigures(const CoverageIndex& index, UnitId unit, Date as_of,
                       Date target) {
  Figures f;
  f.m = index.At(unit, as_of);
  if (as_of >= JjmBaseline()) {
    f.connections_since_launch =
        static_cast<int64_t>(f.m.hh_with_tap) - index.BaselineTap(unit);
  }
  f.pct = Percent(f.m.hh_with_tap, f.m.total_hh);
  f.remaining = static_cast<int64_t>(f.m.total_hh) - f.m.hh_with_tap;
  f.days_to_target = target - as_of;
  if (f.days_to_target > 0) {
    f.hh_per_day_needed = static_cast<double>(f.remaining) / f.days_to_target;
  }
  return f;
}

}  // namespace jjm
