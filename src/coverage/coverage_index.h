// The in-memory roll-ups that answer every coverage question without
// touching the database.
//
// Each place has its current figures.  India, states and districts also
// keep a per-day series, so "as of" questions about them are one binary
// search; blocks, gram panchayats and villages are summed from their
// villages' timelines on demand (a block has about a hundred villages).
//
// The index is derived data: built from the store at start and updated
// after each commit.  It is not thread-safe; CoverageService guards it.
#ifndef JJM_COVERAGE_COVERAGE_INDEX_H_
#define JJM_COVERAGE_COVERAGE_INDEX_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "base/date.h"
#include "coverage/hierarchy.h"
#include "coverage/metrics.h"

namespace jjm {

enum class Interval { kDay, kMonth };

class CoverageIndex {
 public:
  explicit CoverageIndex(const Hierarchy* hierarchy) : h_(hierarchy) {}

  // Takes the villages' timelines (indexed by UnitId; empty for other
  // places) and computes every roll-up.
  void Build(std::vector<VillageTimeline> timelines);

  // Makes room for a place just added to the hierarchy.  A new village
  // counts as a village with no households until it has facts.
  void AddUnit(UnitId id);
  // Replaces a village's timeline and updates every roll-up above it.
  void UpdateVillage(UnitId village, VillageTimeline timeline);
  // Replaces many villages' timelines: one by one when few, otherwise by
  // rebuilding every roll-up, which is cheaper than many updates.
  void UpdateVillages(std::vector<std::pair<UnitId, VillageTimeline>> changes);
  // A new index equal to this one with `changes` applied, built without
  // touching this one (so readers can go on while it is built).
  std::unique_ptr<CoverageIndex> Rebuilt(
      std::vector<std::pair<UnitId, VillageTimeline>> changes) const;

  // Figures for `unit` today (nothing is ever dated in the future).
  const Metrics& Current(UnitId unit) const { return current_[unit]; }
  // Figures for `unit` on `date`.
  Metrics At(UnitId unit, Date date) const;
  // Households with tap on the JJM baseline (15 Aug 2019), kept for every
  // place so that "connections since launch" costs nothing.
  int32_t BaselineTap(UnitId unit) const { return baseline_tap_[unit]; }
  // Figures at the end of each day or month from `from` to `to`; the last
  // sample is `to` itself.
  std::vector<std::pair<Date, Metrics>> Series(UnitId unit, Date from, Date to,
                                               Interval interval) const;
  // The earliest and latest day on which any figure changes.
  Date FirstChange() const { return Date::FromDays(first_day_); }
  Date LastChange() const { return Date::FromDays(last_day_); }

  const VillageTimeline& Village(UnitId village) const {
    return timelines_[village];
  }
  bool HasSeries(UnitId unit) const {
    return static_cast<size_t>(unit) < series_slot_.size() &&
           series_slot_[unit] >= 0;
  }
  // Bytes held by the index, for start-up reports.
  size_t MemoryBytes() const;

 private:
  struct DaySeries {
    Metrics base;                 // before the first day
    std::vector<int32_t> days;    // ascending
    std::vector<Metrics> values;  // figures from days[i] on
    Metrics At(int32_t day) const;
    void AddFrom(int32_t day, const Metrics& delta);
  };
  struct Dense;

  static bool KeepsSeries(Level level) { return level <= Level::kDistrict; }
  void EnsureSize(UnitId id);
  void BuildIndia();
  Metrics BuildNode(UnitId unit, Dense* sink, std::vector<DaySeries>* series,
                    std::vector<UnitId>* slotted);
  static DaySeries Compress(const Dense& dense);
  DaySeries TempSeries(UnitId unit) const;

  const Hierarchy* h_;
  std::vector<VillageTimeline> timelines_;
  std::vector<Metrics> current_;
  std::vector<int32_t> baseline_tap_;
  std::vector<int32_t> series_slot_;
  std::vector<DaySeries> series_;
  int32_t first_day_ = 0;
  int32_t last_day_ = 0;
};

}  // namespace jjm

#endif  // JJM_COVERAGE_COVERAGE_INDEX_H_
