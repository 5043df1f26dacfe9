#include "base/date.h"

#include <chrono>

namespace jjm {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
int32_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void CivilFromDays(int32_t z, int* y, int* m, int* d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int yy = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yy + (*m <= 2);
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (m == 2) {
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[m - 1];
}

}  // namespace

Date Date::FromCivil(int year, int month, int day) {
  return Date(DaysFromCivil(year, month, day));
}

StatusOr<Date> Date::Parse(std::string_view text) {
  return ParseField(text, "");
}

StatusOr<Date> Date::ParseField(std::string_view t, std::string_view field) {
  auto bad = [&]() {
    return InvalidArgument("'" + std::string(t.substr(0, 40)) +
                               "' is not a date in the form YYYY-MM-DD",
                           std::string(field));
  };
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return bad();
  int v[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lens[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (int k = 0; k < lens[i]; ++k) {
      const char c = t[starts[i] + k];
      if (c < '0' || c > '9') return bad();
      v[i] = v[i] * 10 + (c - '0');
    }
  }
  if (v[0] < 1900 || v[0] > 2999 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
      v[2] > DaysInMonth(v[0], v[1])) {
    return InvalidArgument("'" + std::string(t) + "' is not a valid date",
                           std::string(field));
  }
  return FromCivil(v[0], v[1], v[2]);
}

Date Date::TodayIst() {
  using namespace std::chrono;
  const auto now = system_clock::now() + hours(5) + minutes(30);
  return Date(static_cast<int32_t>(
      duration_cast<std::chrono::days>(now.time_since_epoch()).count()));
}

int Date::year() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  return y;
}
int Date::month() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  return m;
}
int Date::day() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  return d;
}

char* Date::Format(char* out) const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  out[0] = static_cast<char>('0' + (y / 1000) % 10);
  out[1] = static_cast<char>('0' + (y / 100) % 10);
  out[2] = static_cast<char>('0' + (y / 10) % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[4] = '-';
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[7] = '-';
  out[8] = static_cast<char>('0' + d / 10);
  out[9] = static_cast<char>('0' + d % 10);
  return out + 10;
}

std::string Date::ToString() const {
  char buf[10];
  Format(buf);
  return std::string(buf, 10);
}

int Date::FinancialYear() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  return m >= 4 ? y : y - 1;
}

int Date::FinancialQuarter() const {
  const int m = month();
  return m >= 4 ? (m - 4) / 3 + 1 : 4;
}

Date Date::FirstOfMonth() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  return FromCivil(y, m, 1);
}

Date Date::NextMonth() const {
  int y, m, d;
  CivilFromDays(days_, &y, &m, &d);
  return m == 12 ? FromCivil(y + 1, 1, 1) : FromCivil(y, m + 1, 1);
}

Date JjmBaseline() { return Date::FromCivil(2019, 8, 15); }
Date DefaultTargetDate() { return Date::FromCivil(2028, 3, 31); }

}  // namespace jjm
