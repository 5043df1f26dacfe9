#include "supply/hgj_index.h"

#include <algorithm>

namespace jjm {

HgjCounts& HgjCounts::operator+=(const HgjCounts& o) {
  for (int i = 0; i < kHgjStatuses; ++i) by_status[i] += o.by_status[i];
  reverted += o.reverted;
  return *this;
}

HgjCounts& HgjCounts::operator-=(const HgjCounts& o) {
  for (int i = 0; i < kHgjStatuses; ++i) by_status[i] -= o.by_status[i];
  reverted -= o.reverted;
  return *this;
}

HgjCounts CountsOf(const StatusSpan& s) {
  HgjCounts c;
  c.by_status[static_cast<int>(s.status)] = 1;
  if (s.reverted) c.reverted = 1;
  return c;
}

void HgjIndex::AddSpans(UnitId village, const std::vector<StatusSpan>& spans,
                        int sign, const Hierarchy& h) {
  if (spans.empty()) return;
  // The village's changes: +its span's counts from each span's day, minus
  // the span before.
  std::vector<std::pair<int32_t, HgjCounts>> changes;
  HgjCounts prev;
  for (const StatusSpan& s : spans) {
    HgjCounts now = CountsOf(s);
    HgjCounts d = now;
    d -= prev;
    if (sign < 0) {
      HgjCounts neg;
      neg -= d;
      d = neg;
    }
    changes.emplace_back(s.day, d);
    prev = now;
  }
  for (UnitId u = village; u != kNoUnit; u = h.Get(u).parent) {
    Series& s = places_[u];
    for (const auto& [day, d] : changes) {
      HgjCounts& slot = s.deltas[day];
      slot += d;
      if (slot.IsZero()) s.deltas.erase(day);
    }
    if (!s.dirty) {
      s.dirty = true;
      dirty_.push_back(u);
    }
  }
}

void HgjIndex::SetVillage(UnitId village, std::vector<StatusSpan> spans,
                          const Hierarchy& h) {
  if (auto it = villages_.find(village); it != villages_.end()) {
    AddSpans(village, it->second, -1, h);
    villages_.erase(it);
  }
  if (spans.empty()) return;
  const auto& kept = villages_[village] = std::move(spans);
  AddSpans(village, kept, +1, h);
}

void HgjIndex::Seal() {
  // Only the places a change reached (a village's chain up to India), not
  // every place: a write costs its chain, not the country.
  for (UnitId unit : dirty_) {
    Series& s = places_[unit];
    if (!s.dirty) continue;
    s.sums.clear();
    s.sums.reserve(s.deltas.size());
    HgjCounts run;
    for (const auto& [day, d] : s.deltas) {
      run += d;
      s.sums.emplace_back(day, run);
    }
    s.dirty = false;
  }
  dirty_.clear();
}

HgjCounts HgjIndex::At(UnitId place, int32_t day) const {
  auto it = places_.find(place);
  if (it == places_.end()) return HgjCounts();
  const auto& sums = it->second.sums;
  auto p =
      std::upper_bound(sums.begin(), sums.end(), day,
                       [](int32_t d, const std::pair<int32_t, HgjCounts>& x) {
                         return d < x.first;
                       });
  if (p == sums.begin()) return HgjCounts();
  return std::prev(p)->second;
}

const std::vector<StatusSpan>& HgjIndex::Spans(UnitId village) const {
  static const std::vector<StatusSpan> kNone;
  auto it = villages_.find(village);
  return it == villages_.end() ? kNone : it->second;
}

std::vector<UnitId> HgjIndex::Villages() const {
  std::vector<UnitId> out;
  out.reserve(villages_.size());
  for (const auto& [v, s] : villages_) out.push_back(v);
  return out;
}

}  // namespace jjm
