// The figures every roll-up reports, and a village's history of them.
#ifndef JJM_COVERAGE_METRICS_H_
#define JJM_COVERAGE_METRICS_H_

#include <cstdint>
#include <limits>
#include <vector>

namespace jjm {

// Counts for one place on one day.  32-bit counts hold India's ~19.4 crore
// rural households with room to spare and keep the per-day series small.
struct Metrics {
  int32_t total_hh = 0;
  int32_t hh_with_tap = 0;
  int32_t villages = 0;
  int32_t hgj_villages = 0;  // every household has a tap
  int32_t schools = 0;
  int32_t schools_with_tap = 0;
  int32_t anganwadis = 0;
  int32_t anganwadis_with_tap = 0;

  Metrics& operator+=(const Metrics& o) {
    total_hh += o.total_hh;
    hh_with_tap += o.hh_with_tap;
    villages += o.villages;
    hgj_villages += o.hgj_villages;
    schools += o.schools;
    schools_with_tap += o.schools_with_tap;
    anganwadis += o.anganwadis;
    anganwadis_with_tap += o.anganwadis_with_tap;
    return *this;
  }
  Metrics& operator-=(const Metrics& o) {
    total_hh -= o.total_hh;
    hh_with_tap -= o.hh_with_tap;
    villages -= o.villages;
    hgj_villages -= o.hgj_villages;
    schools -= o.schools;
    schools_with_tap -= o.schools_with_tap;
    anganwadis -= o.anganwadis;
    anganwadis_with_tap -= o.anganwadis_with_tap;
    return *this;
  }
  friend Metrics operator+(Metrics a, const Metrics& b) { return a += b; }
  friend Metrics operator-(Metrics a, const Metrics& b) { return a -= b; }
  bool operator==(const Metrics&) const = default;
  bool IsZero() const { return *this == Metrics(); }
};

inline constexpr int32_t kMinDay = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kMaxDay = std::numeric_limits<int32_t>::max();

// What the index keeps of one village: its dated fact records and the
// running total of its ledger, per day.
class VillageTimeline {
 public:
  // A dated record of facts; -1 marks a figure the record did not report.
  struct FactRecord {
    int32_t day;
    int32_t households;
    int32_t schools;
    int32_t schools_with_tap;
    int32_t anganwadis;
    int32_t anganwadis_with_tap;
  };
  // Households with tap from `day` on (ledger total up to that day).
  struct TapPoint {
    int32_t day;
    int32_t cum;
  };

  // Adds a fact record, after any record of the same day.
  void AddFact(const FactRecord& f);
  // Adds a ledger event, keeping the per-day running totals.
  void AddTap(int32_t day, int32_t delta);
  // For bulk loading: the village's ledger events as (day, delta) pairs in
  // the order they were written (any order of days), replacing any taps;
  // then call Finalize().
  void SetTapsUnsorted(const TapPoint* begin, const TapPoint* end) {
    taps_.assign(begin, end);
  }
  // For bulk loading: the village's fact records in the order they were
  // written (any order of days), replacing any facts; kept sorted by day,
  // records of the same day in the order given (as AddFact would).
  void SetFactsUnsorted(const FactRecord* begin, const FactRecord* end);
  void Finalize();

  // The village's figures on `day` (villages is 1).  Households, schools
  // and anganwadis before the first record that gives them take that
  // record's value: a denominator is back-filled.  Figures "with tap" are 0
  // before they are first reported.
  Metrics At(int32_t day) const;
  int32_t HouseholdsAt(int32_t day) const;
  int32_t TapAt(int32_t day) const;
  bool HasHouseholds() const;

  // Days on which the village's figures may change, ascending, unique.
  std::vector<int32_t> ChangeDays() const;
  // The village's figures as a step function: `base` before the first
  // step, then the value from each step's day on.
  struct Steps {
    Metrics base;
    std::vector<std::pair<int32_t, Metrics>> steps;
    Metrics Final() const { return steps.empty() ? base : steps.back().second; }
  };
  Steps ToSteps() const;

  const std::vector<FactRecord>& facts() const { return facts_; }
  const std::vector<TapPoint>& taps() const { return taps_; }

 private:
  int32_t LatestAtOrBefore(int32_t day, int32_t FactRecord::*field,
                           bool backfill) const;
  std::vector<FactRecord> facts_;  // sorted by day, stable
  std::vector<TapPoint> taps_;     // sorted by day, unique days
};

}  // namespace jjm

#endif  // JJM_COVERAGE_METRICS_H_
