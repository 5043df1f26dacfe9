// Calendar dates as a count of days since 1970-01-01, and the few date facts
// the mission runs on: the JJM launch baseline, Indian financial years, and
// "today" in India Standard Time.
#ifndef JJM_BASE_DATE_H_
#define JJM_BASE_DATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace jjm {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date FromDays(int32_t days) { return Date(days); }
  // Returns the date for a proleptic Gregorian year, month (1-12), day.
  static Date FromCivil(int year, int month, int day);

  // Parses exactly "YYYY-MM-DD" and checks that the day exists.
  static StatusOr<Date> Parse(std::string_view text);
  // Like Parse, but the error names `field`.
  static StatusOr<Date> ParseField(std::string_view text,
                                   std::string_view field);

  // Today's date in India Standard Time (UTC+05:30).
  static Date TodayIst();

  constexpr int32_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  // "YYYY-MM-DD".
  std::string ToString() const;
  // Writes "YYYY-MM-DD" into out[0..9]; returns out + 10.
  char* Format(char* out) const;

  // Indian financial year that contains this date: FY 2021-22 is
  // 2021-04-01 .. 2022-03-31 and is returned as 2021.
  int FinancialYear() const;
  // Quarter of the financial year, 1 (Apr-Jun) .. 4 (Jan-Mar).
  int FinancialQuarter() const;
  // The first day of this date's month.
  Date FirstOfMonth() const;
  // The first day of the next month.
  Date NextMonth() const;

  constexpr Date operator+(int32_t n) const { return Date(days_ + n); }
  constexpr Date operator-(int32_t n) const { return Date(days_ - n); }
  constexpr int32_t operator-(Date o) const { return days_ - o.days_; }
  constexpr auto operator<=>(const Date&) const = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

// 15 Aug 2019: JJM was announced; households with tap on this day are the
// mission's baseline.
Date JjmBaseline();
// The default target date for 100% coverage, used for the rate still needed.
Date DefaultTargetDate();

}  // namespace jjm

#endif  // JJM_BASE_DATE_H_
