#include "coverage/ledger_rules.h"

#include "base/strings.h"

namespace jjm {

Status CheckEvent(Date date, int64_t households, EventKind kind,
                  const std::string& reason, Date today, const std::string& p) {
  if (kind == EventKind::kBaseline) {
    if (date != JjmBaseline()) {
      return InvalidArgument(
          "a baseline event must be dated " + JjmBaseline().ToString(),
          p + "date");
    }
  } else if (kind == EventKind::kAdjustment) {
    if (date < JjmBaseline()) {
      return InvalidArgument("households with tap can be recorded from " +
                                 JjmBaseline().ToString() + " on, not on " +
                                 date.ToString(),
                             p + "date");
    }
  } else if (date <= JjmBaseline()) {
    return InvalidArgument(
        "date " + date.ToString() + " is not after the JJM baseline (" +
            JjmBaseline().ToString() +
            "); households with tap on the baseline are baseline events",
        p + "date");
  }
  if (date > today) {
    return InvalidArgument("date " + date.ToString() +
                               " is in the future (today is " +
                               today.ToString() + ")",
                           p + "date");
  }
  if (households == 0) {
    return InvalidArgument("households must not be 0", p + "households");
  }
  if (households > kMaxEventHouseholds || households < -kMaxEventHouseholds) {
    return InvalidArgument("households " + std::to_string(households) +
                               " is beyond the limit of " +
                               IndianGrouped(kMaxEventHouseholds) +
                               " for one event",
                           p + "households");
  }
  if (kind == EventKind::kConnection && households < 0) {
    return InvalidArgument(
        "a connection adds households; record a negative count as a "
        "correction with a reason",
        p + "households");
  }
  if (kind == EventKind::kBaseline && households < 0) {
    return InvalidArgument("a baseline count cannot be negative",
                           p + "households");
  }
  if (kind == EventKind::kCorrection && Trim(reason).empty()) {
    return InvalidArgument("a correction needs a reason", p + "reason");
  }
  if (reason.size() > 500) {
    return InvalidArgument("reason is longer than 500 characters",
                           p + "reason");
  }
  return Status::Ok();
}

Status CheckVillage(const VillageTimeline& t, int32_t from_day,
                    const std::string& label) {
  auto check_day = [&](int32_t day) -> Status {
    const int32_t tap = t.TapAt(day);
    if (tap < 0) {
      return FailedPrecondition(
          "village " + label + " would have " + std::to_string(tap) +
              " households with tap on " + Date::FromDays(day).ToString() +
              "; a correction cannot take it below 0",
          "households");
    }
    if (tap > 0 && !t.HasHouseholds()) {
      return FailedPrecondition("village " + label +
                                    " has no household count yet; record "
                                    "its households before connections",
                                "households");
    }
    const int32_t hh = t.HouseholdsAt(day);
    if (tap > hh) {
      return FailedPrecondition(
          "village " + label + " would have " + IndianGrouped(tap) +
              " households with tap on " + Date::FromDays(day).ToString() +
              " but has only " + IndianGrouped(hh) + " households",
          "households");
    }
    return Status::Ok();
  };
  JJM_RETURN_IF_ERROR(check_day(from_day));
  for (int32_t day : t.ChangeDays()) {
    if (day < from_day) continue;
    JJM_RETURN_IF_ERROR(check_day(day));
  }
  return Status::Ok();
}

}  // namespace jjm
