// The median time to resolve complaints, kept so that a roll-up can hold
// one per place (and period, and category) and update it as complaints
// are resolved, reopened or corrected, without going back to every
// complaint.  No SQL, no HTTP, no I/O.
//
//   ResolveTimes& place = times[place_id];
//   JJM_RETURN_IF_ERROR(place.Add(filed_at, resolved_at));
//   std::optional<double> hours = place.MedianHours();
//
// Two sorted multisets hold the lower and the upper half of the durations
// (the lower never smaller than the upper, by at most one), so Add and
// Remove are O(log n) and the median O(1).  Copies and moves are
// ordinary.  Not thread-safe (guard with the roll-up's lock).
#ifndef JJM_OPERATIONS_RESOLVE_TIMES_H_
#define JJM_OPERATIONS_RESOLVE_TIMES_H_

#include <cstdint>
#include <optional>
#include <set>

#include "base/status.h"

namespace jjm {

class ResolveTimes {
 public:
  // One resolved complaint, by its filing and resolution times (seconds
  // since 1970-01-01 UTC; the duration is resolved_at - filed_at).
  // InvalidArgument naming "resolved_at" when it is before filed_at.
  Status Add(int64_t filed_at, int64_t resolved_at);
  // Takes one complaint of the same duration out (the one it was added
  // with: reopened, or corrected).  NotFound (the set unchanged) when no
  // such duration is held; InvalidArgument as Add.
  Status Remove(int64_t filed_at, int64_t resolved_at);

  // The same by duration in seconds (>= 0; a negative one is refused by
  // AddSeconds, returning false, and never found by RemoveSeconds).
  bool AddSeconds(int64_t seconds);
  bool RemoveSeconds(int64_t seconds);

  int64_t count() const {
    return static_cast<int64_t>(low_.size() + high_.size());
  }
  bool empty() const { return low_.empty(); }

  // The median duration: the middle one of an odd count, the mean of the
  // two middle ones of an even count; nullopt when empty.
  std::optional<double> MedianSeconds() const;
  // MedianSeconds() / 3600.
  std::optional<double> MedianHours() const;

  // Equal when holding the same durations (whatever the order of calls).
  bool operator==(const ResolveTimes&) const = default;

 private:
  void Rebalance();

  std::multiset<int64_t> low_;   // the smaller half; size = high_ or + 1
  std::multiset<int64_t> high_;  // every element >= every element of low_
};

}  // namespace jjm

#endif  // JJM_OPERATIONS_RESOLVE_TIMES_H_
