#include "coverage/periods.h"

#include <cstdio>

namespace jjm {

std::string MonthOf(Date d) { return d.ToString().substr(0, 7); }

Date ClosingDay(Date d) { return d.NextMonth() - 1 + kDaysBeforeClose; }

std::time_t ParseUtc(const std::string& iso) {
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &mo, &d) != 3) return -1;
  if (iso.size() > 10 &&
      std::sscanf(iso.c_str() + 11, "%d:%d:%d", &h, &mi, &s) != 3) {
    return -1;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return timegm(&tm);
}

std::string FormatUtc(std::time_t t) {
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status Periods::Load(AuditStore* store) {
  std::unordered_map<int64_t, std::vector<UnlockRow>> by_unit;
  JJM_RETURN_IF_ERROR(store->ForEachUnlock(
      [&](const UnlockRow& r) { by_unit[r.unit_id].push_back(r); }));
  std::lock_guard lock(mu_);
  by_unit_ = std::move(by_unit);
  return Status::Ok();
}

void Periods::Add(const UnlockRow& row) {
  std::lock_guard lock(mu_);
  by_unit_[row.unit_id].push_back(row);
}

Status Periods::CheckOpen(const Hierarchy& h, UnitId unit, Date day, Date today,
                          std::time_t now, const std::string& field) const {
  const Date closes = ClosingDay(day);
  if (today <= closes) return Status::Ok();
  const std::string month = MonthOf(day);
  {
    std::lock_guard lock(mu_);
    for (UnitId u = unit; u != kNoUnit; u = h.Get(u).parent) {
      auto it = by_unit_.find(u);
      if (it == by_unit_.end()) continue;
      for (const UnlockRow& r : it->second) {
        if (r.month == month && ParseUtc(r.expires_at) > now) {
          return Status::Ok();
        }
      }
    }
  }
  return FailedPrecondition("the month " + month + " closed on " +
                                closes.ToString() +
                                "; a higher level can reopen it for " +
                                h.Get(unit).code + " with a stated reason",
                            field);
}

std::vector<UnlockRow> Periods::ActiveFor(const Hierarchy& h, UnitId unit,
                                          std::time_t now) const {
  std::vector<UnlockRow> out;
  std::lock_guard lock(mu_);
  for (UnitId u = unit; u != kNoUnit; u = h.Get(u).parent) {
    auto it = by_unit_.find(u);
    if (it == by_unit_.end()) continue;
    for (const UnlockRow& r : it->second) {
      if (ParseUtc(r.expires_at) > now) out.push_back(r);
    }
  }
  return out;
}

}  // namespace jjm
