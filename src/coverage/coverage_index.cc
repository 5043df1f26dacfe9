#include "coverage/coverage_index.h"

#include <algorithm>
#include <limits>
#include <thread>

namespace jjm {

// Per-day deltas over [day0, day0 + size) for one series while building.
struct CoverageIndex::Dense {
  int32_t day0 = 0;
  Metrics base;
  std::vector<Metrics> delta;
  void Reset(int32_t first, int32_t n) {
    day0 = first;
    base = Metrics();
    delta.assign(n, Metrics());
  }
};

Metrics CoverageIndex::DaySeries::At(int32_t day) const {
  auto it = std::upper_bound(days.begin(), days.end(), day);
  return it == days.begin() ? base : values[it - days.begin() - 1];
}

void CoverageIndex::DaySeries::AddFrom(int32_t day, const Metrics& d) {
  if (d.IsZero()) return;
  auto it = std::lower_bound(days.begin(), days.end(), day);
  size_t i = it - days.begin();
  if (it == days.end() || *it != day) {
    const Metrics before = i == 0 ? base : values[i - 1];
    days.insert(it, day);
    values.insert(values.begin() + i, before);
  }
  for (; i < values.size(); ++i) values[i] += d;
}

void CoverageIndex::EnsureSize(UnitId id) {
  const size_t need = static_cast<size_t>(id) + 1;
  if (current_.size() < need) {
    const size_t n = std::max(need, current_.size() * 5 / 4);
    current_.resize(n);
    baseline_tap_.resize(n);
    timelines_.resize(n);
    series_slot_.resize(n, -1);
  }
}

void CoverageIndex::Build(std::vector<VillageTimeline> timelines) {
  timelines_ = std::move(timelines);
  current_.assign(h_->end_id(), Metrics());
  baseline_tap_.assign(h_->end_id(), 0);
  timelines_.resize(h_->end_id());
  series_slot_.assign(h_->end_id(), -1);
  series_.clear();

  first_day_ = std::numeric_limits<int32_t>::max();
  last_day_ = std::numeric_limits<int32_t>::min();
  for (UnitId v = 0; v < h_->end_id(); ++v) {
    if (!h_->Contains(v) || h_->Get(v).level != Level::kVillage) continue;
    const VillageTimeline& t = timelines_[v];
    if (!t.facts().empty()) {
      first_day_ = std::min(first_day_, t.facts().front().day);
      last_day_ = std::max(last_day_, t.facts().back().day);
    }
    if (!t.taps().empty()) {
      first_day_ = std::min(first_day_, t.taps().front().day);
      last_day_ = std::max(last_day_, t.taps().back().day);
    }
  }
  if (first_day_ > last_day_) first_day_ = last_day_ = JjmBaseline().days();
  BuildIndia();
}

// India's children (the states) are built in two parts, one on a second
// thread: each part keeps its own series and its own per-day deltas of
// India, which are put together at the end.  The parts write the entries of
// current_, baseline_tap_ and series_slot_ of their own states' places only.
void CoverageIndex::BuildIndia() {
  struct Part {
    std::vector<UnitId> states;
    Dense india;
    std::vector<DaySeries> series;
    std::vector<UnitId> slotted;  // places whose slot is in `series`
    Metrics total;
    int32_t baseline = 0;
    size_t villages = 0;
  };
  Part parts[2];
  // The larger states first, each to the part with fewer villages so far.
  std::vector<std::pair<size_t, UnitId>> states;
  for (UnitId c : h_->Get(kIndia).children) {
    size_t n = 0;
    h_->ForEachVillage(c, [&](UnitId) { ++n; });
    states.emplace_back(n, c);
  }
  std::stable_sort(
      states.begin(), states.end(),
      [](const auto& x, const auto& y) { return x.first > y.first; });
  for (const auto& [n, c] : states) {
    Part& p = parts[0].villages <= parts[1].villages ? parts[0] : parts[1];
    p.states.push_back(c);
    p.villages += n;
  }
  auto build = [this](Part* p) {
    p->india.Reset(first_day_, last_day_ - first_day_ + 1);
    for (UnitId c : p->states) {
      p->total += BuildNode(c, &p->india, &p->series, &p->slotted);
      p->baseline += baseline_tap_[c];
    }
  };
  if (parts[1].states.empty()) {
    build(&parts[0]);
  } else {
    std::thread second(build, &parts[1]);
    build(&parts[0]);
    second.join();
  }
  series_ = std::move(parts[0].series);
  const int32_t offset = static_cast<int32_t>(series_.size());
  for (DaySeries& d : parts[1].series) series_.push_back(std::move(d));
  for (UnitId u : parts[1].slotted) series_slot_[u] += offset;
  Dense& india = parts[0].india;
  india.base += parts[1].india.base;
  // (The second part's buffer is empty when it had no state.)
  for (size_t i = 0; i < parts[1].india.delta.size(); ++i) {
    india.delta[i] += parts[1].india.delta[i];
  }
  current_[kIndia] = parts[0].total + parts[1].total;
  baseline_tap_[kIndia] = parts[0].baseline + parts[1].baseline;
  series_slot_[kIndia] = static_cast<int32_t>(series_.size());
  series_.push_back(Compress(india));
}

CoverageIndex::DaySeries CoverageIndex::Compress(const Dense& dense) {
  DaySeries series;
  series.base = dense.base;
  Metrics running = dense.base;
  for (size_t i = 0; i < dense.delta.size(); ++i) {
    if (dense.delta[i].IsZero()) continue;
    running += dense.delta[i];
    series.days.push_back(dense.day0 + static_cast<int32_t>(i));
    series.values.push_back(running);
  }
  series.days.shrink_to_fit();
  series.values.shrink_to_fit();
  return series;
}

// Computes current figures for `unit` and everything under it.  Places
// that keep a series accumulate their villages' per-day deltas in a dense
// buffer, then compress it into `series` (their slot an index into it, the
// place added to `slotted`); `sink` is the buffer of the nearest ancestor
// that keeps a series.
Metrics CoverageIndex::BuildNode(UnitId unit, Dense* sink,
                                 std::vector<DaySeries>* series,
                                 std::vector<UnitId>* slotted) {
  const Place& p = h_->Get(unit);
  if (p.level == Level::kVillage) {
    const VillageTimeline::Steps s = timelines_[unit].ToSteps();
    if (sink != nullptr) {
      sink->base += s.base;
      Metrics prev = s.base;
      for (const auto& [day, value] : s.steps) {
        sink->delta[day - sink->day0] += value - prev;
        prev = value;
      }
    }
    current_[unit] = s.Final();
    baseline_tap_[unit] = timelines_[unit].TapAt(JjmBaseline().days());
    return current_[unit];
  }
  if (p.level > Level::kVillage) return Metrics();

  Metrics total;
  int32_t baseline = 0;
  if (!KeepsSeries(p.level)) {
    for (UnitId c : p.children) {
      total += BuildNode(c, sink, series, slotted);
      baseline += baseline_tap_[c];
    }
    current_[unit] = total;
    baseline_tap_[unit] = baseline;
    return total;
  }

  Dense dense;
  dense.Reset(first_day_, last_day_ - first_day_ + 1);
  for (UnitId c : p.children) {
    total += BuildNode(c, &dense, series, slotted);
    baseline += baseline_tap_[c];
  }
  current_[unit] = total;
  baseline_tap_[unit] = baseline;
  series_slot_[unit] = static_cast<int32_t>(series->size());
  series->push_back(Compress(dense));
  slotted->push_back(unit);

  if (sink != nullptr) {
    sink->base += dense.base;
    for (size_t i = 0; i < dense.delta.size(); ++i) {
      sink->delta[dense.day0 - sink->day0 + i] += dense.delta[i];
    }
  }
  return total;
}

void CoverageIndex::AddUnit(UnitId id) {
  EnsureSize(id);
  const Level level = h_->Get(id).level;
  if (KeepsSeries(level) && series_slot_[id] < 0) {
    series_slot_[id] = static_cast<int32_t>(series_.size());
    series_.emplace_back();
  }
  if (level == Level::kVillage) {
    // A village with no facts still counts as one village.
    timelines_[id] = VillageTimeline();
    Metrics one;
    one.villages = 1;
    for (UnitId a = id; a != kNoUnit; a = h_->Get(a).parent) {
      current_[a] += one;
      if (series_slot_[a] >= 0) {
        DaySeries& s = series_[series_slot_[a]];
        s.base += one;
        for (Metrics& m : s.values) m += one;
      }
    }
  }
}

void CoverageIndex::UpdateVillage(UnitId village, VillageTimeline timeline) {
  const VillageTimeline::Steps before = timelines_[village].ToSteps();
  const VillageTimeline::Steps after = timeline.ToSteps();
  const int32_t baseline_delta =
      timeline.TapAt(JjmBaseline().days()) -
      timelines_[village].TapAt(JjmBaseline().days());
  timelines_[village] = std::move(timeline);

  // The change as a step function: a base delta and per-day deltas.
  std::vector<std::pair<int32_t, Metrics>> deltas;
  Metrics prev = after.base;
  for (const auto& [day, v] : after.steps) {
    deltas.emplace_back(day, v - prev);
    prev = v;
  }
  prev = before.base;
  for (const auto& [day, v] : before.steps) {
    deltas.emplace_back(day, prev - v);
    prev = v;
  }
  std::stable_sort(
      deltas.begin(), deltas.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<int32_t, Metrics>> merged;
  for (const auto& [day, d] : deltas) {
    if (!merged.empty() && merged.back().first == day) {
      merged.back().second += d;
    } else {
      merged.emplace_back(day, d);
    }
  }
  const Metrics base_delta = after.base - before.base;
  const Metrics final_delta = after.Final() - before.Final();

  for (const auto& [day, d] : merged) {
    if (d.IsZero()) continue;
    first_day_ = std::min(first_day_, day);
    last_day_ = std::max(last_day_, day);
  }
  for (UnitId a = village; a != kNoUnit; a = h_->Get(a).parent) {
    current_[a] += final_delta;
    baseline_tap_[a] += baseline_delta;
    if (series_slot_[a] < 0) continue;
    DaySeries& s = series_[series_slot_[a]];
    if (!base_delta.IsZero()) {
      s.base += base_delta;
      for (Metrics& m : s.values) m += base_delta;
    }
    for (const auto& [day, d] : merged) s.AddFrom(day, d);
  }
}

void CoverageIndex::UpdateVillages(
    std::vector<std::pair<UnitId, VillageTimeline>> changes) {
  if (changes.size() < 2000) {
    for (auto& [v, t] : changes) UpdateVillage(v, std::move(t));
    return;
  }
  std::vector<VillageTimeline> all = std::move(timelines_);
  all.resize(h_->end_id());
  for (auto& [v, t] : changes) all[v] = std::move(t);
  Build(std::move(all));
}

std::unique_ptr<CoverageIndex> CoverageIndex::Rebuilt(
    std::vector<std::pair<UnitId, VillageTimeline>> changes) const {
  std::vector<VillageTimeline> all = timelines_;
  all.resize(h_->end_id());
  for (auto& [v, t] : changes) all[v] = std::move(t);
  auto out = std::make_unique<CoverageIndex>(h_);
  out->Build(std::move(all));
  return out;
}

Metrics CoverageIndex::At(UnitId unit, Date date) const {
  const int32_t day = date.days();
  if (day >= last_day_) return current_[unit];
  if (series_slot_[unit] >= 0) return series_[series_slot_[unit]].At(day);
  Metrics total;
  h_->ForEachVillage(unit, [&](UnitId v) { total += timelines_[v].At(day); });
  return total;
}

CoverageIndex::DaySeries CoverageIndex::TempSeries(UnitId unit) const {
  std::vector<std::pair<int32_t, Metrics>> deltas;
  DaySeries s;
  h_->ForEachVillage(unit, [&](UnitId v) {
    const VillageTimeline::Steps st = timelines_[v].ToSteps();
    s.base += st.base;
    Metrics prev = st.base;
    for (const auto& [day, value] : st.steps) {
      deltas.emplace_back(day, value - prev);
      prev = value;
    }
  });
  std::sort(deltas.begin(), deltas.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Metrics running = s.base;
  for (const auto& [day, d] : deltas) {
    running += d;
    if (!s.days.empty() && s.days.back() == day) {
      s.values.back() = running;
    } else {
      s.days.push_back(day);
      s.values.push_back(running);
    }
  }
  return s;
}

std::vector<std::pair<Date, Metrics>> CoverageIndex::Series(
    UnitId unit, Date from, Date to, Interval interval) const {
  std::vector<std::pair<Date, Metrics>> out;
  if (to < from) return out;
  DaySeries temp;
  const DaySeries* s;
  if (series_slot_[unit] >= 0) {
    s = &series_[series_slot_[unit]];
  } else {
    temp = TempSeries(unit);
    s = &temp;
  }
  if (interval == Interval::kDay) {
    for (Date d = from; d <= to; d = d + 1) {
      out.emplace_back(d, s->At(d.days()));
    }
  } else {
    for (Date m = from.FirstOfMonth(); m <= to; m = m.NextMonth()) {
      Date end = m.NextMonth() - 1;
      if (end > to) end = to;
      out.emplace_back(end, s->At(end.days()));
    }
  }
  return out;
}

size_t CoverageIndex::MemoryBytes() const {
  size_t n = current_.capacity() * sizeof(Metrics) +
             baseline_tap_.capacity() * sizeof(int32_t) +
             series_slot_.capacity() * sizeof(int32_t) +
             timelines_.capacity() * sizeof(VillageTimeline);
  for (const DaySeries& s : series_) {
    n += sizeof(DaySeries) + s.days.capacity() * sizeof(int32_t) +
         s.values.capacity() * sizeof(Metrics);
  }
  for (const VillageTimeline& t : timelines_) {
    n += t.facts().capacity() * sizeof(VillageTimeline::FactRecord) +
         t.taps().capacity() * sizeof(VillageTimeline::TapPoint);
  }
  return n;
}

}  // namespace jjm
