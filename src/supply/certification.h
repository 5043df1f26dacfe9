// Har Ghar Jal, reported and certified: the rule that lets an officer
// report a village, the steps of its certification, and the village's
// status on every day, read off its recorded steps and its coverage
// figures together.
//
// A village is *reported* Har Ghar Jal by a block or district officer only
// while jjm's figures say every household, school and anganwadi it has
// has a tap (ReadinessOf).  Its Gram Sabha then passes a resolution; the
// resolution and a video of the meeting are *submitted*, and the district
// *certifies* or *returns* them (with a reason; the village may submit
// again).  Whenever, on or after a report, the figures fall short of full
// coverage (a correction, a re-survey that adds households), the village
// is back *in progress* from that day, with the shortfall as the reason,
// and stays so until it is reported again: StatusTimeline works that out
// from the steps and the figures, so it holds for every date and for
// changes written by any process, and is never stored.
#ifndef JJM_SUPPLY_CERTIFICATION_H_
#define JJM_SUPPLY_CERTIFICATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "coverage/metrics.h"

namespace jjm {

enum class HgjStatus : uint8_t {
  kInProgress = 0,
  kReported = 1,
  kSubmitted = 2,
  kReturned = 3,
  kCertified = 4,
};
inline constexpr int kHgjStatuses = 5;

// "in_progress", "reported", "submitted", "returned", "certified".
std::string_view HgjStatusName(HgjStatus s);
std::optional<HgjStatus> ParseHgjStatus(std::string_view name);
// Reported, submitted, returned and certified villages all count as
// reported Har Ghar Jal (as the mission counts them).
inline bool CountsAsReported(HgjStatus s) {
  return s != HgjStatus::kInProgress;
}

// Whether a village's figures allow it to be reported, and if not, what is
// missing, one line per shortfall ("12 of 240 households have no tap").
struct Readiness {
  bool ready = false;
  std::vector<std::string> missing;  // English
  // The same as codes with numbers, for pages in other languages:
  // {"households", lacking, total}, {"schools", ...}, {"anganwadis", ...},
  // or {"no_households", 0, 0}.
  struct Shortfall {
    std::string what;
    int32_t lacking = 0, total = 0;
  };
  std::vector<Shortfall> shortfalls;
};
Readiness ReadinessOf(const Metrics& village);

// One recorded step of a village.
struct HgjStep {
  int64_t id = 0;  // the stored row, or 0
  int32_t day = 0;
  HgjStatus status = HgjStatus::kReported;  // never kInProgress
};

// Refuses a step that does not follow from `current`: reported only from
// in progress; submitted from reported or returned; certified and returned
// only from submitted.  The error (kFailedPrecondition, code
// "wrong_status") names the current status.
Status CheckStep(HgjStatus current, HgjStatus next);

// The village's status from `day` on.  `step` indexes the steps given to
// StatusTimeline (-1 for a fall back to in progress, whose `shortfall` is
// the figures on that day).
struct StatusSpan {
  int32_t day = 0;
  HgjStatus status = HgjStatus::kInProgress;
  int step = -1;
  bool reverted = false;  // fell back because coverage fell
  Metrics figures;        // on `day`, for reverted spans
};

// The village's statuses over time: in progress before its first step,
// then each step's status from its day, except that on any day on or after
// a report on which `coverage` (the village's figures as steps) falls
// short of full coverage the village is in progress again (reverted) until
// its next report.  Steps are in the order they were recorded (days
// non-decreasing); a step that does not follow from the status it meets
// (after a fall back, say) is skipped.  Spans are in day order, each day
// at most once, each status different from the one before.
std::vector<StatusSpan> StatusTimeline(const std::vector<HgjStep>& steps,
                                       const VillageTimeline::Steps& coverage);

// The status on `day` from a timeline (in progress before its first span).
const StatusSpan* SpanAt(const std::vector<StatusSpan>& spans, int32_t day);

// "coverage fell: 118 of 120 households have a tap" (English), from a
// reverted span's figures.
std::string ReversalReason(const Metrics& figures);

}  // namespace jjm

#endif  // JJM_SUPPLY_CERTIFICATION_H_
