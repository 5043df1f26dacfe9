// India's financial years (1 April to 31 March) and their quarters, as the
// mission plans and reports by them.  A financial year is named by its
// start: 2024 is "2024-25", from 2024-04-01 to 2025-03-31; quarter 1 is
// April to June, ... quarter 4 is January to March.
#ifndef JJM_BASE_FISCAL_YEAR_H_
#define JJM_BASE_FISCAL_YEAR_H_

#include <string>

#include "base/date.h"
#include "base/status.h"

namespace jjm {

// "2024-25" for the financial year starting in 2024.
std::string FyName(int start);
// The start year of a name like "2024-25" (years 2019 to 2100); otherwise
// InvalidArgument naming `field`.
StatusOr<int> ParseFy(const std::string& fy, const std::string& field);
// The first and the last day of quarter q (1..4) of the year starting in
// `start`.
Date QuarterStart(int start, int q);
Date QuarterEnd(int start, int q);
// The financial year (its start) and the quarter `d` falls in.
struct FyQuarter {
  int fy = 0;
  int quarter = 0;
};
FyQuarter QuarterOf(Date d);

}  // namespace jjm

#endif  // JJM_BASE_FISCAL_YEAR_H_
