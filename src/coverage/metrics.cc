#include "coverage/metrics.h"

#include <algorithm>

namespace jjm {

void VillageTimeline::AddFact(const FactRecord& f) {
  auto it = std::upper_bound(
      facts_.begin(), facts_.end(), f.day,
      [](int32_t d, const FactRecord& r) { return d < r.day; });
  facts_.insert(it, f);
}

void VillageTimeline::AddTap(int32_t day, int32_t delta) {
  auto it =
      std::lower_bound(taps_.begin(), taps_.end(), day,
                       [](const TapPoint& p, int32_t d) { return p.day < d; });
  if (it == taps_.end() || it->day != day) {
    const int32_t before = it == taps_.begin() ? 0 : (it - 1)->cum;
    it = taps_.insert(it, TapPoint{day, before});
  }
  for (; it != taps_.end(); ++it) it->cum += delta;
}

void VillageTimeline::SetFactsUnsorted(const FactRecord* begin,
                                       const FactRecord* end) {
  facts_.assign(begin, end);
  std::stable_sort(
      facts_.begin(), facts_.end(),
      [](const FactRecord& a, const FactRecord& b) { return a.day < b.day; });
}

void VillageTimeline::Finalize() {
  std::sort(taps_.begin(), taps_.end(),
            [](const TapPoint& a, const TapPoint& b) { return a.day < b.day; });
  size_t out = 0;
  int32_t cum = 0;
  for (size_t i = 0; i < taps_.size(); ++i) {
    cum += taps_[i].cum;  // holds the delta while unsorted
    if (out > 0 && taps_[out - 1].day == taps_[i].day) {
      taps_[out - 1].cum = cum;
    } else {
      taps_[out++] = TapPoint{taps_[i].day, cum};
    }
  }
  taps_.resize(out);
  taps_.shrink_to_fit();
  facts_.shrink_to_fit();
}

int32_t VillageTimeline::LatestAtOrBefore(int32_t day,
                                          int32_t FactRecord::*field,
                                          bool backfill) const {
  int32_t value = -1;
  for (const FactRecord& r : facts_) {
    if (r.day > day) break;
    if (r.*field >= 0) value = r.*field;
  }
  if (value < 0 && backfill) {
    for (const FactRecord& r : facts_) {
      if (r.*field >= 0) return r.*field;
    }
  }
  return value < 0 ? 0 : value;
}

int32_t VillageTimeline::HouseholdsAt(int32_t day) const {
  return LatestAtOrBefore(day, &FactRecord::households, true);
}

bool VillageTimeline::HasHouseholds() const {
  for (const FactRecord& r : facts_) {
    if (r.households >= 0) return true;
  }
  return false;
}

int32_t VillageTimeline::TapAt(int32_t day) const {
  auto it =
      std::upper_bound(taps_.begin(), taps_.end(), day,
                       [](int32_t d, const TapPoint& p) { return d < p.day; });
  return it == taps_.begin() ? 0 : (it - 1)->cum;
}

Metrics VillageTimeline::At(int32_t day) const {
  Metrics m;
  m.villages = 1;
  m.total_hh = HouseholdsAt(day);
  m.hh_with_tap = TapAt(day);
  m.hgj_villages = (m.total_hh > 0 && m.hh_with_tap >= m.total_hh) ? 1 : 0;
  m.schools = LatestAtOrBefore(day, &FactRecord::schools, true);
  m.schools_with_tap =
      LatestAtOrBefore(day, &FactRecord::schools_with_tap, false);
  m.anganwadis = LatestAtOrBefore(day, &FactRecord::anganwadis, true);
  m.anganwadis_with_tap =
      LatestAtOrBefore(day, &FactRecord::anganwadis_with_tap, false);
  return m;
}

std::vector<int32_t> VillageTimeline::ChangeDays() const {
  std::vector<int32_t> days;
  days.reserve(facts_.size() + taps_.size());
  size_t i = 0, j = 0;
  while (i < facts_.size() || j < taps_.size()) {
    int32_t d;
    if (j >= taps_.size() ||
        (i < facts_.size() && facts_[i].day <= taps_[j].day)) {
      d = facts_[i++].day;
    } else {
      d = taps_[j++].day;
    }
    if (days.empty() || days.back() != d) days.push_back(d);
  }
  return days;
}

// One walk over the facts and taps in day order, giving at each change day
// what At(day) gives (the roll-ups are built from every village's steps, so
// this runs for every village at start-up).
VillageTimeline::Steps VillageTimeline::ToSteps() const {
  // The figures kept by fact records, in At's terms: latest at or before
  // the day, else (for the back-filled ones) the first ever given, else 0.
  static constexpr int32_t FactRecord::*kFields[5] = {
      &FactRecord::households, &FactRecord::schools,
      &FactRecord::schools_with_tap, &FactRecord::anganwadis,
      &FactRecord::anganwadis_with_tap};
  static constexpr bool kBackfill[5] = {true, true, false, true, false};
  int32_t first[5] = {-1, -1, -1, -1, -1};
  for (const FactRecord& r : facts_) {
    for (int k = 0; k < 5; ++k) {
      if (first[k] < 0 && r.*kFields[k] >= 0) first[k] = r.*kFields[k];
    }
  }
  int32_t latest[5] = {-1, -1, -1, -1, -1};
  int32_t tap = 0;
  auto now = [&] {
    int32_t v[5];
    for (int k = 0; k < 5; ++k) {
      v[k] = latest[k] >= 0 ? latest[k]
             : kBackfill[k] ? std::max(first[k], 0)
                            : 0;
    }
    Metrics m;
    m.villages = 1;
    m.total_hh = v[0];
    m.hh_with_tap = tap;
    m.hgj_villages = (m.total_hh > 0 && m.hh_with_tap >= m.total_hh) ? 1 : 0;
    m.schools = v[1];
    m.schools_with_tap = v[2];
    m.anganwadis = v[3];
    m.anganwadis_with_tap = v[4];
    return m;
  };
  Steps s;
  size_t i = 0, j = 0;
  // Records dated kMinDay or before are part of the base, as At(kMinDay)
  // counts them.
  auto advance_to = [&](int32_t day) {
    for (; i < facts_.size() && facts_[i].day <= day; ++i) {
      for (int k = 0; k < 5; ++k) {
        if (facts_[i].*kFields[k] >= 0) latest[k] = facts_[i].*kFields[k];
      }
    }
    for (; j < taps_.size() && taps_[j].day <= day; ++j) tap = taps_[j].cum;
  };
  advance_to(kMinDay);
  s.base = now();
  Metrics prev = s.base;
  while (i < facts_.size() || j < taps_.size()) {
    const int32_t d = j >= taps_.size() ? facts_[i].day
                      : i >= facts_.size()
                          ? taps_[j].day
                          : std::min(facts_[i].day, taps_[j].day);
    advance_to(d);
    const Metrics m = now();
    if (m != prev) {
      s.steps.emplace_back(d, m);
      prev = m;
    }
  }
  return s;
}

}  // namespace jjm
