// Har Ghar Jal roll-ups for any place and any date: how many villages are
// reported, submitted, returned, certified and fallen back (reverted) on a
// day, kept as per-place dated changes with their running sums, so that an
// answer is one binary search per place.
//
// Not thread-safe: the supply service guards it (its roll-ups' lock).
#ifndef JJM_SUPPLY_HGJ_INDEX_H_
#define JJM_SUPPLY_HGJ_INDEX_H_

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "coverage/hierarchy.h"
#include "supply/certification.h"

namespace jjm {

struct HgjCounts {
  // Villages in each status (in_progress: only villages that fell back).
  int32_t by_status[kHgjStatuses] = {};
  int32_t reverted = 0;  // in progress because coverage fell after a report

  int32_t reported() const {
    return by_status[1] + by_status[2] + by_status[3] + by_status[4];
  }
  int32_t certified() const {
    return by_status[static_cast<int>(HgjStatus::kCertified)];
  }
  int32_t of(HgjStatus s) const { return by_status[static_cast<int>(s)]; }
  HgjCounts& operator+=(const HgjCounts& o);
  HgjCounts& operator-=(const HgjCounts& o);
  bool operator==(const HgjCounts&) const = default;
  bool IsZero() const { return *this == HgjCounts(); }
};

class HgjIndex {
 public:
  // Replaces what the index holds of `village` with `spans` (its timeline,
  // StatusTimeline's answer) and moves every place above it.  Call Seal()
  // before reading.
  void SetVillage(UnitId village, std::vector<StatusSpan> spans,
                  const Hierarchy& h);
  // Brings the running sums of changed places up to date.
  void Seal();

  // The counts of `place` (any level; a village counts itself) on `day`.
  HgjCounts At(UnitId place, int32_t day) const;
  // A village's timeline (empty: never reported).
  const std::vector<StatusSpan>& Spans(UnitId village) const;
  // Villages with a timeline, in no order.
  std::vector<UnitId> Villages() const;

 private:
  struct Series {
    std::map<int32_t, HgjCounts> deltas;
    std::vector<std::pair<int32_t, HgjCounts>> sums;  // running, by day
    bool dirty = false;
  };
  void AddSpans(UnitId village, const std::vector<StatusSpan>& spans, int sign,
                const Hierarchy& h);
  std::unordered_map<UnitId, std::vector<StatusSpan>> villages_;
  std::unordered_map<UnitId, Series> places_;
  std::vector<UnitId> dirty_;  // places whose sums Seal() must redo
};

// What one span counts for.
HgjCounts CountsOf(const StatusSpan& s);

}  // namespace jjm

#endif  // JJM_SUPPLY_HGJ_INDEX_H_
