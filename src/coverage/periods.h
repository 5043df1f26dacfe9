// Closed periods: a month's data is closed seven days after the month
// ends; it can be reopened for one place (and everything under it), for a
// stated reason and until a time, by a higher level.
#ifndef JJM_COVERAGE_PERIODS_H_
#define JJM_COVERAGE_PERIODS_H_

#include <ctime>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "coverage/hierarchy.h"
#include "store/audit_store.h"

namespace jjm {

inline constexpr int kDaysBeforeClose = 7;

// "YYYY-MM" of a date.
std::string MonthOf(Date d);
// The day a month's data closes: seven days after its last day.
Date ClosingDay(Date any_day_of_month);

class Periods {
 public:
  // Loads the unlocks stored so far, in place of those held.
  Status Load(AuditStore* store);
  void Add(const UnlockRow& row);

  // OK if data dated `day` for `unit` may be written on `today` (at time
  // `now`): the month is still open, or reopened for the unit or a place
  // above it.  Otherwise a failed-precondition error saying so; `field`
  // names the input field.
  Status CheckOpen(const Hierarchy& h, UnitId unit, Date day, Date today,
                   std::time_t now, const std::string& field) const;

  // Unlocks in force at `now` for `unit` or places above it.
  std::vector<UnlockRow> ActiveFor(const Hierarchy& h, UnitId unit,
                                   std::time_t now) const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<int64_t, std::vector<UnlockRow>> by_unit_;
};

// Seconds since the epoch of an ISO UTC time "YYYY-MM-DDTHH:MM:SSZ" (or a
// date); -1 if malformed.
std::time_t ParseUtc(const std::string& iso);
std::string FormatUtc(std::time_t t);

}  // namespace jjm

#endif  // JJM_COVERAGE_PERIODS_H_
