#include "base/fiscal_year.h"

#include <cstdio>

#include "base/strings.h"

namespace jjm {

std::string FyName(int start) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d-%02d", start, (start + 1) % 100);
  return buf;
}

StatusOr<int> ParseFy(const std::string& fy, const std::string& field) {
  int y = 0;
  if (fy.size() == 7 && fy[4] == '-') {
    if (auto v = ParseInt(std::string_view(fy).substr(0, 4))) {
      y = static_cast<int>(*v);
    }
  }
  if (y < 2019 || y > 2100 || FyName(y) != fy) {
    return InvalidArgument(
        field + " must be a financial year like 2024-25, not '" + fy + "'",
        field);
  }
  return y;
}

Date QuarterStart(int start, int q) {
  return q <= 1 ? Date::FromCivil(start, 4, 1) : QuarterEnd(start, q - 1) + 1;
}

Date QuarterEnd(int start, int q) {
  switch (q) {
    case 1:
      return Date::FromCivil(start, 6, 30);
    case 2:
      return Date::FromCivil(start, 9, 30);
    case 3:
      return Date::FromCivil(start, 12, 31);
    default:
      return Date::FromCivil(start + 1, 3, 31);
  }
}

FyQuarter QuarterOf(Date d) {
  return FyQuarter{d.FinancialYear(), d.FinancialQuarter()};
}

}  // namespace jjm
