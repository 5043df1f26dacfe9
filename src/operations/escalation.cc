#include "operations/escalation.h"

#include <string>

namespace jjm {

std::string_view ComplaintCategoryName(ComplaintCategory c) {
  switch (c) {
    case ComplaintCategory::kNoSupply:
      return "no_supply";
    case ComplaintCategory::kLowPressure:
      return "low_pressure";
    case ComplaintCategory::kIrregularSupply:
      return "irregular_supply";
    case ComplaintCategory::kContaminatedWater:
      return "contaminated_water";
    case ComplaintCategory::kLeakageBurst:
      return "leakage_burst";
    case ComplaintCategory::kBrokenTap:
      return "broken_tap";
    case ComplaintCategory::kBilling:
      return "billing";
    case ComplaintCategory::kOther:
      return "other";
  }
  return "";
}

std::optional<ComplaintCategory> ParseComplaintCategory(std::string_view name) {
  for (int i = 0; i < kComplaintCategories; ++i) {
    auto c = static_cast<ComplaintCategory>(i);
    if (ComplaintCategoryName(c) == name) return c;
  }
  return std::nullopt;
}

bool NeedsQualityTest(ComplaintCategory c) {
  return c == ComplaintCategory::kContaminatedWater;
}

std::string_view ComplaintStatusName(ComplaintStatus s) {
  switch (s) {
    case ComplaintStatus::kReceived:
      return "received";
    case ComplaintStatus::kAssigned:
      return "assigned";
    case ComplaintStatus::kInProgress:
      return "in_progress";
    case ComplaintStatus::kResolved:
      return "resolved";
    case ComplaintStatus::kClosed:
      return "closed";
    case ComplaintStatus::kReopened:
      return "reopened";
  }
  return "";
}

std::optional<ComplaintStatus> ParseComplaintStatus(std::string_view name) {
  for (int i = 0; i < kComplaintStatuses; ++i) {
    auto s = static_cast<ComplaintStatus>(i);
    if (ComplaintStatusName(s) == name) return s;
  }
  return std::nullopt;
}

bool IsOpen(ComplaintStatus s) {
  return s != ComplaintStatus::kResolved && s != ComplaintStatus::kClosed;
}

Status CheckComplaintStep(ComplaintStatus from, ComplaintStatus to,
                          bool as_spam) {
  using S = ComplaintStatus;
  if (static_cast<int>(from) >= kComplaintStatuses ||
      static_cast<int>(to) >= kComplaintStatuses) {
    return InvalidArgument("unknown complaint status", "status");
  }
  bool ok = false;
  switch (from) {
    case S::kReceived:
      ok = to == S::kAssigned || to == S::kInProgress;
      break;
    case S::kAssigned:
      ok = to == S::kInProgress || to == S::kResolved;
      break;
    case S::kInProgress:
      ok = to == S::kResolved;
      break;
    case S::kResolved:
      ok = to == S::kClosed || to == S::kReopened;
      break;
    case S::kReopened:
      ok = to == S::kAssigned || to == S::kInProgress;
      break;
    case S::kClosed:
      ok = false;
      break;
  }
  if (as_spam && to == S::kClosed && from != S::kClosed) ok = true;
  if (ok) return Status::Ok();
  const std::string from_name(ComplaintStatusName(from));
  std::string why;
  if (from == S::kClosed) {
    why = "a closed complaint cannot change";
  } else if (from == to) {
    why = "the complaint is already " + from_name;
  } else {
    why = "a complaint that is " + from_name + " cannot become " +
          std::string(ComplaintStatusName(to));
  }
  return Status(StatusCode::kFailedPrecondition, why).With("status", from_name);
}

std::string_view EscalationLevelName(EscalationLevel l) {
  switch (l) {
    case EscalationLevel::kCommittee:
      return "committee";
    case EscalationLevel::kBlock:
      return "block";
    case EscalationLevel::kDistrict:
      return "district";
  }
  return "";
}

std::optional<EscalationLevel> ParseEscalationLevel(std::string_view name) {
  for (int i = 0; i < kEscalationLevels; ++i) {
    auto l = static_cast<EscalationLevel>(i);
    if (EscalationLevelName(l) == name) return l;
  }
  return std::nullopt;
}

ComplaintRules DefaultComplaintRules() {
  ComplaintRules r;
  auto set = [&](ComplaintCategory c, int32_t hours) {
    r.deadline_hours[static_cast<int>(c)] = hours;
  };
  set(ComplaintCategory::kNoSupply, 48);
  set(ComplaintCategory::kLowPressure, 72);
  set(ComplaintCategory::kIrregularSupply, 72);
  set(ComplaintCategory::kContaminatedWater, 24);
  set(ComplaintCategory::kLeakageBurst, 24);
  set(ComplaintCategory::kBrokenTap, 72);
  set(ComplaintCategory::kBilling, 168);
  set(ComplaintCategory::kOther, 168);
  r.ladder = {{EscalationLevel::kCommittee, 0},
              {EscalationLevel::kBlock, 48},
              {EscalationLevel::kDistrict, 72}};
  r.close_after_days = 7;
  return r;
}

namespace {

constexpr int32_t kMaxHours = 8760;  // a year
constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 86400;

}  // namespace

Status CheckComplaintRules(const ComplaintRules& rules) {
  for (int i = 0; i < kComplaintCategories; ++i) {
    const int32_t h = rules.deadline_hours[i];
    if (h < 1 || h > kMaxHours) {
      return InvalidArgument("the deadline of " +
                                 std::string(ComplaintCategoryName(
                                     static_cast<ComplaintCategory>(i))) +
                                 " must be 1 to 8760 hours",
                             "deadline_hours");
    }
  }
  if (rules.ladder.empty()) {
    return InvalidArgument("the escalation ladder has no rung", "ladder");
  }
  if (rules.ladder[0].hours != 0) {
    return InvalidArgument(
        "the first rung's time is the category's deadline; its hours must "
        "be 0",
        "ladder");
  }
  for (size_t i = 0; i < rules.ladder.size(); ++i) {
    const LadderRung& r = rules.ladder[i];
    if (static_cast<int>(r.level) >= kEscalationLevels) {
      return InvalidArgument("unknown escalation level", "ladder");
    }
    if (i > 0 && (r.hours < 1 || r.hours > kMaxHours)) {
      return InvalidArgument(
          "each rung after the first holds a complaint "
          "for 1 to 8760 hours",
          "ladder");
    }
    if (i > 0 && r.level <= rules.ladder[i - 1].level) {
      return InvalidArgument("the ladder's levels must rise", "ladder");
    }
  }
  if (rules.close_after_days < 1 || rules.close_after_days > 365) {
    return InvalidArgument("close_after_days must be 1 to 365",
                           "close_after_days");
  }
  return Status::Ok();
}

int64_t DeadlineOf(int64_t start, ComplaintCategory c,
                   const ComplaintRules& rules) {
  return start + rules.deadline_hours[static_cast<int>(c)] * kHour;
}

namespace {

// The clock of one round: from `start`, rung by rung.
class Round {
 public:
  Round(const ComplaintRules& rules, ComplaintCategory c, int round,
        int64_t start)
      : rules_(&rules),
        round_(round),
        start_(start),
        entered_(start),
        deadline_(DeadlineOf(start, c, rules)) {}

  // When the current rung's time runs out.
  int64_t HolderDue() const {
    return rung_ == 0 ? deadline_
                      : entered_ + rules_->ladder[rung_].hours * kHour;
  }
  bool AtTop() const {
    return rung_ + 1 >= static_cast<int>(rules_->ladder.size());
  }

  // Climbs every rung whose time runs out before `limit` (at or before it
  // when `inclusive`), appending the escalations.
  void Advance(int64_t limit, bool inclusive, std::vector<Escalation>* out) {
    while (!AtTop()) {
      const int64_t t = HolderDue();
      if (inclusive ? t > limit : t >= limit) return;
      Escalation e;
      e.at = t;
      e.round = round_;
      e.rung = rung_ + 1;
      e.from = rules_->ladder[rung_].level;
      e.to = rules_->ladder[rung_ + 1].level;
      out->push_back(e);
      ++rung_;
      entered_ = t;
    }
  }

  int rung() const { return rung_; }
  int round() const { return round_; }
  int64_t start() const { return start_; }
  int64_t deadline() const { return deadline_; }

 private:
  const ComplaintRules* rules_;
  int round_;
  int64_t start_;
  int64_t entered_;  // when the current rung got the complaint
  int64_t deadline_;
  int rung_ = 0;
};

}  // namespace

StatusOr<ComplaintClock> ComplaintClockAt(int64_t filed_at,
                                          ComplaintCategory category,
                                          std::span<const StatusChange> history,
                                          const ComplaintRules& rules,
                                          int64_t now) {
  JJM_RETURN_IF_ERROR(CheckComplaintRules(rules));
  if (static_cast<int>(category) >= kComplaintCategories) {
    return InvalidArgument("unknown complaint category", "category");
  }
  ComplaintClock clock;
  ComplaintStatus status = ComplaintStatus::kReceived;
  Round round(rules, category, 0, filed_at);
  int64_t previous = filed_at;
  int64_t resolved_at = 0;
  for (size_t i = 0; i < history.size(); ++i) {
    const StatusChange& ch = history[i];
    if (ch.at < previous) {
      return InvalidArgument(
          "status change " + std::to_string(i) +
              " is earlier than the filing or the change before it",
          "history");
    }
    previous = ch.at;
    if (ch.at > now) break;
    if (i == 0 && ch.status == ComplaintStatus::kReceived) continue;
    Status step = CheckComplaintStep(status, ch.status,
                                     ch.status == ComplaintStatus::kClosed);
    if (!step.ok()) {
      return InvalidArgument(
          "status change " + std::to_string(i) + ": " + step.message(),
          "history");
    }
    if (IsOpen(status) && !IsOpen(ch.status)) {
      // Resolved (or closed as spam) at ch.at: escalations due before it.
      round.Advance(ch.at, /*inclusive=*/false, &clock.escalations);
    }
    if (ch.status == ComplaintStatus::kResolved) resolved_at = ch.at;
    if (ch.status == ComplaintStatus::kReopened) {
      round = Round(rules, category, round.round() + 1, ch.at);
    }
    status = ch.status;
  }
  clock.status = status;
  clock.open = IsOpen(status);
  if (clock.open) round.Advance(now, /*inclusive=*/true, &clock.escalations);
  clock.rung = round.rung();
  clock.holder = rules.ladder[round.rung()].level;
  clock.round = round.round();
  clock.clock_start = round.start();
  clock.deadline = round.deadline();
  clock.overdue = clock.open && now >= clock.deadline;
  if (clock.open) {
    clock.holder_due_at = round.HolderDue();
    if (!round.AtTop()) clock.next_escalation_at = round.HolderDue();
  }
  if (status == ComplaintStatus::kResolved) {
    clock.auto_close_at = resolved_at + rules.close_after_days * kDay;
  }
  return clock;
}

bool AutoCloseDue(const ComplaintClock& clock, int64_t now) {
  return clock.status == ComplaintStatus::kResolved &&
         clock.auto_close_at.has_value() && now >= *clock.auto_close_at;
}

}  // namespace jjm
