// Complaints and grievances on a clock the caller gives: each category's
// resolution deadline and the escalation ladder are data, the steps of a
// complaint's status are checked, and ComplaintClockAt says, for any
// `now`, who holds a complaint, whether it is overdue, when it escalates
// next and every escalation that should have happened by then.  No SQL,
// no HTTP, no I/O: the server's poller calls ComplaintClockAt with the
// stored history and records each escalation it has not recorded yet
// (keyed by (round, rung)), so escalation happens on time whether or not a
// page is open.
//
//   ComplaintRules rules = DefaultComplaintRules();
//   StatusOr<ComplaintClock> c = ComplaintClockAt(
//       filed_at, ComplaintCategory::kNoSupply, history, rules, now);
//   for (const Escalation& e : c->escalations) RecordOnce(e.round, e.rung);
//
// Times are seconds since 1970-01-01 UTC (int64).
//
// The clock.  A complaint is held first by the ladder's first rung (the
// village's committee and its operator) from the moment it is filed.  If
// it is not resolved by filed_at + the category's deadline (hours), it
// passes at exactly that second to the second rung (the block officer);
// rung i (i >= 1) holds it for ladder[i].hours and, if still unresolved,
// passes it to rung i + 1 (the district officer) at exactly the end of
// that time; the last rung keeps it.  "Resolved by T" means a status
// change to resolved or closed at a time <= T: a complaint resolved in the
// very second its time runs out does not escalate.  While resolved the
// clock stops.  A reopened complaint starts a new round at the second of
// reopening: back to the first rung with the category's full deadline
// again (escalations of earlier rounds stay in the list; they happened).
// The assigned and in_progress statuses do not stop or reset the clock.
#ifndef JJM_OPERATIONS_ESCALATION_H_
#define JJM_OPERATIONS_ESCALATION_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jjm {

enum class ComplaintCategory : uint8_t {
  kNoSupply = 0,
  kLowPressure = 1,
  kIrregularSupply = 2,
  kContaminatedWater = 3,  // contaminated or coloured water
  kLeakageBurst = 4,
  kBrokenTap = 5,
  kBilling = 6,
  kOther = 7,
};
inline constexpr int kComplaintCategories = 8;

// "no_supply", "low_pressure", "irregular_supply", "contaminated_water",
// "leakage_burst", "broken_tap", "billing", "other"; "" out of range.
std::string_view ComplaintCategoryName(ComplaintCategory c);
std::optional<ComplaintCategory> ParseComplaintCategory(std::string_view name);

// A contaminated-water complaint asks for a water-quality test of the
// village's water (the water-quality module's sample).
bool NeedsQualityTest(ComplaintCategory c);

enum class ComplaintStatus : uint8_t {
  kReceived = 0,
  kAssigned = 1,
  kInProgress = 2,
  kResolved = 3,  // with what was done; waits for the filer's confirmation
  kClosed = 4,    // final
  kReopened = 5,
};
inline constexpr int kComplaintStatuses = 6;

// "received", "assigned", "in_progress", "resolved", "closed",
// "reopened"; "" out of range.
std::string_view ComplaintStatusName(ComplaintStatus s);
std::optional<ComplaintStatus> ParseComplaintStatus(std::string_view name);

// Open: anything but resolved and closed (the clock runs).
bool IsOpen(ComplaintStatus s);

// The steps allowed:
//   received    -> assigned | in_progress
//   assigned    -> in_progress | resolved
//   in_progress -> resolved
//   resolved    -> closed (the filer confirms, or AutoCloseDue) | reopened
//   reopened    -> assigned | in_progress
// and, with as_spam, closed from every status but closed (a spam
// complaint is closed as spam, never deleted).  Closed is final.  Anything
// else (the same status again included) is kFailedPrecondition with a
// detail "status" naming `from`.  An enum value out of range is
// kInvalidArgument naming "status".
Status CheckComplaintStep(ComplaintStatus from, ComplaintStatus to,
                          bool as_spam = false);

// The levels a complaint can be held at, lowest first.
enum class EscalationLevel : uint8_t {
  kCommittee = 0,  // the village's committee and its operator
  kBlock = 1,      // the block officer
  kDistrict = 2,   // the district officer
};
inline constexpr int kEscalationLevels = 3;

// "committee", "block", "district"; "" out of range.
std::string_view EscalationLevelName(EscalationLevel l);
std::optional<EscalationLevel> ParseEscalationLevel(std::string_view name);

// One rung of the ladder: the level and how long it holds a complaint
// before passing it up.  The first rung's time is the category's deadline,
// so its `hours` must be 0; every later rung's is 1..8760.  The last
// rung's `hours` is its own deadline (ComplaintClock::holder_due_at); it
// passes the complaint to no one.
struct LadderRung {
  EscalationLevel level = EscalationLevel::kCommittee;
  int32_t hours = 0;
};

// Resolution deadline in hours per category, indexed by the category's
// value.
using DeadlineTable = std::array<int32_t, kComplaintCategories>;

struct ComplaintRules {
  DeadlineTable deadline_hours{};
  // Levels strictly rising, first rung hours 0; at least one rung.
  std::vector<LadderRung> ladder;
  // A resolved complaint the filer has not confirmed is closed this many
  // days (1..365) after it was resolved.
  int32_t close_after_days = 7;
};

// The demo's rules:
//   deadlines (hours): no_supply 48, low_pressure 72, irregular_supply 72,
//     contaminated_water 24, leakage_burst 24, broken_tap 72, billing 168,
//     other 168;
//   ladder: committee (the deadline), then block for 48 hours, then
//     district (72 hours);
//   closed 7 days after resolution without the filer's confirmation.
ComplaintRules DefaultComplaintRules();

// InvalidArgument naming "deadline_hours" (an entry outside 1..8760),
// "ladder" (empty, first rung's hours not 0, a later rung's outside
// 1..8760, a level out of range or levels not strictly rising) or
// "close_after_days" (outside 1..365).
Status CheckComplaintRules(const ComplaintRules& rules);

// The deadline of a complaint filed (or reopened) at `start`.
int64_t DeadlineOf(int64_t start, ComplaintCategory c,
                   const ComplaintRules& rules);

// One recorded change of a complaint's status.
struct StatusChange {
  int64_t at = 0;
  ComplaintStatus status = ComplaintStatus::kReceived;
};

// A complaint passing from one rung to the next.  (round, rung) is unique
// in a complaint's list and `at` depends only on the history up to `at`,
// so a poller that records the escalations it has not recorded yet records
// each exactly once.
struct Escalation {
  int64_t at = 0;
  int round = 0;  // 0 from filing, k after the k-th reopening
  int rung = 1;   // the ladder index reached (>= 1)
  EscalationLevel from = EscalationLevel::kCommittee;
  EscalationLevel to = EscalationLevel::kBlock;
};

struct ComplaintClock {
  ComplaintStatus status = ComplaintStatus::kReceived;  // as of now
  bool open = true;                                     // IsOpen(status)
  // The level holding the complaint now (when resolved or closed: the one
  // that held it at resolution), and its ladder index.
  EscalationLevel holder = EscalationLevel::kCommittee;
  int rung = 0;
  int round = 0;
  int64_t clock_start = 0;  // filed_at, or the last reopening
  int64_t deadline = 0;     // clock_start + the category's deadline
  // Open and now >= deadline.
  bool overdue = false;
  // Open: when the holder's time runs out (the next escalation, or the
  // last rung's own deadline).  Empty when resolved or closed.
  std::optional<int64_t> holder_due_at;
  // Open and below the last rung: when it escalates next.
  std::optional<int64_t> next_escalation_at;
  // Every escalation with at <= now, in time order, all rounds.
  std::vector<Escalation> escalations;
  // Resolved: resolved_at + close_after_days; otherwise empty.
  std::optional<int64_t> auto_close_at;
};

// The clock of a complaint of `category` filed at `filed_at`, as of
// `now`.  `history` is its status changes in the order recorded (times
// non-decreasing, none before filed_at); the complaint is received at
// filed_at whether or not the history begins with that entry (a first
// entry "received" is accepted and skipped).  Changes after `now` are
// ignored, so the clock can be asked for any moment.  Refused
// (InvalidArgument): rules failing CheckComplaintRules; a category out of
// range ("category"); a change earlier than filed_at or than the one
// before it, or a step CheckComplaintStep refuses (spam closes allowed)
// ("history").
StatusOr<ComplaintClock> ComplaintClockAt(int64_t filed_at,
                                          ComplaintCategory category,
                                          std::span<const StatusChange> history,
                                          const ComplaintRules& rules,
                                          int64_t now);

// Whether the server should close the complaint now without the filer's
// confirmation: resolved, and now >= auto_close_at.
bool AutoCloseDue(const ComplaintClock& clock, int64_t now);

}  // namespace jjm

#endif  // JJM_OPERATIONS_ESCALATION_H_
