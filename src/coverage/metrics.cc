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

VillageTimeline::Steps VillageTimeline::ToSteps() const {
  Steps s;
  s.base = At(kMinDay);
  Metrics prev = s.base;
  for (int32_t d : ChangeDays()) {
    Metrics m = At(d);
    if (m != prev) {
      s.steps.emplace_back(d, m);
      prev = m;
    }
  }
  return s;
}

}  // namespace jjm
