// The water-quality roll-ups: facts, building the runs and writes
// (quality/quality_index.h; internals in quality_index_impl.h).
#include "quality/quality_index.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "quality/quality_index_impl.h"

namespace jjm {

void QualityIndex::Impl::SampleEvents(const SampleRec& s,
                                      std::vector<Ev>* out) {
  out->push_back({s.collected, kSamples, 1});
  if (s.flags & kLab) out->push_back({s.collected, kLabSamples, 1});
  if (s.tested != kNone) {
    out->push_back({std::max(s.collected, s.tested), kTested, 1});
  }
  if ((s.flags & kFinal) && s.failing != 0) {
    const int32_t d = std::max(s.collected, s.final_day);
    out->push_back({d, kFailing, 1});
    for (int c = 0; c < kContaminantCount; ++c) {
      if (s.failing & (1u << c)) {
        out->push_back({d, static_cast<uint8_t>(kFailingBy + c), 1});
      }
    }
  }
}

void QualityIndex::Impl::ActionEvents(const ActionRec& a,
                                      std::vector<Ev>* out) {
  if (a.done != kNone && a.done <= a.started) return;
  out->push_back({a.started, kActionsPending, 1});
  if (a.done != kNone) out->push_back({a.done, kActionsPending, -1});
}

// Spells of `v`'s alerts as they are now, each keeping the households it
// had in `old` when it starts on the same day.
std::vector<Spell> QualityIndex::Impl::Spells(
    int32_t v, const std::vector<Spell>* old) const {
  std::vector<std::pair<int32_t, int32_t>> iv;
  alerts_of.ForEach(v, [&](int32_t id) {
    const AlertRec& a = alerts[id];
    if (a.closed > a.opened) iv.emplace_back(a.opened, a.closed);
  });
  std::sort(iv.begin(), iv.end());
  std::vector<Spell> out;
  for (auto [from, to] : iv) {
    if (!out.empty() && from <= out.back().to) {
      out.back().to = std::max(out.back().to, to);
    } else {
      int32_t hh = households[v];
      if (old != nullptr) {
        for (const Spell& s : *old) {
          if (s.from == from) hh = s.households;
        }
      }
      out.push_back({from, to, hh});
    }
  }
  return out;
}

// Everything `v`'s alerts add to the runs, with `spells` for its
// households.
void QualityIndex::Impl::AlertEvents(int32_t v, const std::vector<Spell>& sp,
                                     std::vector<Ev>* out) const {
  // (key, contaminant or -1, from, to) of each open interval.
  struct Iv {
    UnitId key;
    int c;
    int32_t from, to;
    bool operator<(const Iv& o) const {
      return std::tie(key, c, from) < std::tie(o.key, o.c, o.from);
    }
  };
  std::vector<Iv> iv;
  alerts_of.ForEach(v, [&](int32_t id) {
    const AlertRec& a = alerts[id];
    if (a.closed <= a.opened) return;
    out->push_back({a.opened, kAlertsOpen, 1});
    if (a.closed != kNone) out->push_back({a.closed, kAlertsOpen, -1});
    if (a.due != kNone) {
      const int32_t from = std::max(a.opened, a.due + 1);
      const int32_t to = std::min(a.closed, a.taken);
      if (from < to) {
        out->push_back({from, kRepeatsOverdue, 1});
        if (to != kNone) out->push_back({to, kRepeatsOverdue, -1});
      }
    }
    const UnitId key = a.habitation == kNoUnit ? a.village : a.habitation;
    iv.push_back({key, -1, a.opened, a.closed});
    iv.push_back({key, a.contaminant, a.opened, a.closed});
  });
  std::sort(iv.begin(), iv.end());
  auto flush = [&](const Iv& s) {
    const uint8_t f = s.c < 0 ? uint8_t{kHabAffected}
                              : static_cast<uint8_t>(kAffectedBy + s.c);
    out->push_back({s.from, f, 1});
    if (s.to != kNone) out->push_back({s.to, f, -1});
  };
  for (size_t i = 0; i < iv.size();) {
    Iv cur = iv[i++];
    while (i < iv.size() && iv[i].key == cur.key && iv[i].c == cur.c &&
           iv[i].from <= cur.to) {
      cur.to = std::max(cur.to, iv[i].to);
      ++i;
    }
    flush(cur);
  }
  for (const Spell& s : sp) {
    out->push_back({s.from, kVillagesAffected, 1});
    out->push_back({s.from, kHouseholds, s.households});
    if (s.to != kNone) {
      out->push_back({s.to, kVillagesAffected, -1});
      out->push_back({s.to, kHouseholds, -s.households});
    }
  }
}

// The changes of one village other than its financial-year firsts.
void QualityIndex::Impl::VillageEvents(int32_t v, std::vector<Ev>* out) const {
  samples_of.ForEach(v, [&](int32_t id) { SampleEvents(samples[id], out); });
  sources_of.ForEach(v, [&](int32_t id) {
    out->push_back({sources[id].created, kSources, 1});
  });
  actions_of.ForEach(v, [&](int32_t id) { ActionEvents(actions[id], out); });
  testers_of.ForEach(v, [&](int32_t day) {
    out->push_back({day, kTrained, 1});
  });
  auto it = spells.find(v);
  static const std::vector<Spell> kNoSpells;
  AlertEvents(v, it == spells.end() ? kNoSpells : it->second, out);
}

// Applies changes at `village` to its run places.
void QualityIndex::Impl::Apply(UnitId village, const std::vector<Ev>& evs) {
  if (!built || evs.empty() || !h->Contains(village)) return;
  for (UnitId p = RunParent(village); p != kNoUnit; p = h->Get(p).parent) {
    auto& r = runs[RunIndex(p)];
    for (const Ev& e : evs) AddToRun(r[e.fig], e.day, e.delta);
  }
}

void QualityIndex::Impl::ApplyOne(UnitId village, Ev e) { Apply(village, {e}); }

// A financial-year first of a source or village moves to `day` when it
// is earlier; the runs follow.
void QualityIndex::Impl::MoveFirst(int32_t* first, int32_t day, uint8_t fig,
                                   UnitId village) {
  if (day >= *first) return;
  const int32_t old = *first;
  *first = day;
  if (!built) return;  // Build makes the runs from the firsts
  std::vector<Ev> evs;
  if (old != kNone) evs.push_back({old, fig, -1});
  evs.push_back({day, fig, 1});
  Apply(village, evs);
}

void QualityIndex::Impl::RecordFirsts(const SampleRec& s) {
  uint8_t src, vil;
  Slots(s, &src, &vil);
  if (src == 0 && vil == 0) return;
  const int fy = FyOf(s.collected);
  const int32_t v = slot[s.village];
  if (vil != 0) {
    auto& arr = village_first[fy];
    if (arr.size() < village_of.size()) {
      arr.resize(village_of.size(), {kNone, kNone, kNone, kNone});
    }
    for (int k = 0; k < 4; ++k) {
      if (vil & (1 << k)) {
        MoveFirst(&arr[v][k], s.collected, kVilLab + k, s.village);
      }
    }
  }
  if (src != 0) {
    SourceFirst& sf = source_first[fy].At(s.source);
    if (sf.village == kNoUnit) sf.village = s.village;
    for (int k = 0; k < 4; ++k) {
      if (src & (1 << k)) {
        MoveFirst(&sf.first[k], s.collected, kSrcChem + k, sf.village);
      }
    }
  }
}

// Redoes `v`'s alert contributions after `change` alters its alerts.
template <typename Change>
void QualityIndex::Impl::ChangeAlerts(int32_t v, Change&& change) {
  if (!built) {  // Build works the spells out
    change();
    return;
  }
  std::vector<Spell>& sp = spells[v];
  std::vector<Ev> evs;
  AlertEvents(v, sp, &evs);
  for (Ev& e : evs) e.delta = -e.delta;
  change();
  sp = Spells(v, &sp);
  AlertEvents(v, sp, &evs);
  Apply(village_of[v], evs);
}

void QualityIndex::Impl::Build() {
  const int32_t nv = static_cast<int32_t>(village_of.size());
  for (Grouped* g :
       {&samples_of, &sources_of, &alerts_of, &actions_of, &testers_of}) {
    g->Seal(nv);
  }
  for (int32_t v = 0; v < nv; ++v) {
    bool any = false;
    alerts_of.ForEach(v, [&](int32_t) { any = true; });
    if (any) spells[v] = Spells(v, nullptr);
  }
  // Firsts, before the runs exist (nothing applied yet).
  samples.ForEach([&](const SampleRec& s) {
    if (s.village != kNoUnit) RecordFirsts(s);
  });
  // The run places, lowest first, and the villages each holds directly.
  for (UnitId u = 0; u < h->end_id(); ++u) {
    if (h->Contains(u) && IsRunLevel(u)) RunIndex(u);
  }
  for (UnitId v : village_of) {
    if (h->Contains(v)) RunIndex(RunParent(v));
  }
  const size_t np = place_of.size();
  std::vector<std::vector<int32_t>> direct(np);
  for (int32_t v = 0; v < nv; ++v) {
    if (!h->Contains(village_of[v])) continue;
    direct[slot[RunParent(village_of[v])]].push_back(v);
  }
  std::vector<std::vector<Ev>> firsts(np);
  for (auto& [fy, arr] : source_first) {
    arr.ForEach([&](const SourceFirst& sf) {
      if (sf.village == kNoUnit || !h->Contains(sf.village)) return;
      auto& out = firsts[slot[RunParent(sf.village)]];
      for (int k = 0; k < 4; ++k) {
        if (sf.first[k] != kNone) {
          out.push_back({sf.first[k], static_cast<uint8_t>(kSrcChem + k), 1});
        }
      }
    });
  }
  for (auto& [fy, arr] : village_first) {
    for (size_t v = 0; v < arr.size(); ++v) {
      if (!h->Contains(village_of[v])) continue;
      auto& out = firsts[slot[RunParent(village_of[v])]];
      for (int k = 0; k < 4; ++k) {
        if (arr[v][k] != kNone) {
          out.push_back({arr[v][k], static_cast<uint8_t>(kVilLab + k), 1});
        }
      }
    }
  }
  std::vector<int32_t> order(np);
  for (size_t i = 0; i < np; ++i) order[i] = static_cast<int32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return h->Get(place_of[a]).level > h->Get(place_of[b]).level;
  });
  std::vector<Ev> evs;
  std::vector<int64_t> cells;
  for (int32_t p : order) {
    evs.swap(firsts[p]);
    for (int32_t v : direct[p]) VillageEvents(v, &evs);
    for (UnitId c : h->Get(place_of[p]).children) {
      const int32_t cp = SlotOf(c);
      if (cp < 0 || !IsRunLevel(c)) continue;
      for (int f = 0; f < kFigCount; ++f) {
        int32_t prev = 0;
        for (const Entry& e : runs[cp][f]) {
          evs.push_back({e.day, static_cast<uint8_t>(f), e.total - prev});
          prev = e.total;
        }
      }
    }
    auto& r = runs[p];
    std::vector<std::vector<Entry>> tmp(kFigCount);
    SweepInto(evs, tmp, &cells);
    for (int f = 0; f < kFigCount; ++f) r[f] = std::move(tmp[f]);
    evs.clear();
    std::vector<Ev>().swap(firsts[p]);
  }
  built.store(true, std::memory_order_release);
}

void QualityIndex::Impl::EnsureBuilt() {
  if (built.load(std::memory_order_acquire)) return;
  std::lock_guard<std::mutex> lock(build_mu);
  if (!built.load(std::memory_order_relaxed)) Build();
}

QualityIndex::QualityIndex(const Hierarchy* hierarchy)
    : impl_(std::make_unique<Impl>()) {
  impl_->h = hierarchy;
  impl_->slot.assign(hierarchy->end_id(), -1);
}
QualityIndex::~QualityIndex() = default;

void QualityIndex::Finish() { impl_->EnsureBuilt(); }

void QualityIndex::SetVillageHouseholds(UnitId village, int64_t households) {
  impl_->households[impl_->VillageIndex(village)] =
      static_cast<int32_t>(households);
}

void QualityIndex::AddSource(int64_t source_id, UnitId village,
                             UnitId habitation, Date created) {
  Impl& m = *impl_;
  SourceRec& s = m.sources.At(source_id);
  if (s.village != kNoUnit) return;
  s = {village, habitation, created.days()};
  m.sources_of.Add(m.VillageIndex(village), static_cast<int32_t>(source_id));
  m.ApplyOne(village, {created.days(), kSources, 1});
}

void QualityIndex::AddSample(int64_t sample_id, UnitId village,
                             UnitId habitation, int64_t source_id,
                             SampleMethod method, Date collected) {
  Impl& m = *impl_;
  SampleRec& s = m.samples.At(sample_id);
  if (s.village != kNoUnit) return;
  s = SampleRec{};
  s.village = village;
  s.habitation = habitation;
  s.source = static_cast<int32_t>(source_id);
  s.collected = collected.days();
  s.flags = method == SampleMethod::kLab ? kLab : 0;
  m.samples_of.Add(m.VillageIndex(village), static_cast<int32_t>(sample_id));
  std::vector<Ev> evs;
  Impl::SampleEvents(s, &evs);
  m.Apply(village, evs);
}

void QualityIndex::SampleTested(int64_t sample_id, Date day) {
  Impl& m = *impl_;
  if (m.samples.Find(sample_id) == nullptr) return;
  SampleRec& s = m.samples[sample_id];
  if (s.village == kNoUnit || day.days() >= s.tested) return;
  std::vector<Ev> evs;
  if (s.tested != kNone) {
    evs.push_back({std::max(s.collected, s.tested), kTested, -1});
  }
  s.tested = day.days();
  evs.push_back({std::max(s.collected, s.tested), kTested, 1});
  m.Apply(s.village, evs);
}

void QualityIndex::SampleFinal(int64_t sample_id, Date day,
                               const Final& final) {
  Impl& m = *impl_;
  if (m.samples.Find(sample_id) == nullptr) return;
  SampleRec& s = m.samples[sample_id];
  if (s.village == kNoUnit || (s.flags & kFinal)) return;
  s.flags |= kFinal | (final.chemical ? kChem : 0) |
             (final.bacteriological ? kBact : 0);
  s.final_day = day.days();
  for (Contaminant c : final.failing) s.failing |= 1u << static_cast<int>(c);
  if (s.failing != 0) {
    const int32_t d = std::max(s.collected, s.final_day);
    std::vector<Ev> evs = {{d, kFailing, 1}};
    for (int c = 0; c < kContaminantCount; ++c) {
      if (s.failing & (1u << c)) {
        evs.push_back({d, static_cast<uint8_t>(kFailingBy + c), 1});
      }
    }
    m.Apply(s.village, evs);
  }
  if (m.built) m.RecordFirsts(s);
}

void QualityIndex::AlertOpened(int64_t alert_id, UnitId village,
                               UnitId habitation, Contaminant contaminant,
                               Date opened, std::optional<Date> repeat_due) {
  Impl& m = *impl_;
  AlertRec& slot = m.alerts.At(alert_id);
  if (slot.village != kNoUnit) return;
  const int32_t v = m.VillageIndex(village);
  AlertRec a;
  a.village = village;
  a.habitation = habitation;
  a.opened = opened.days();
  a.due = repeat_due ? repeat_due->days() : kNone;
  a.contaminant = static_cast<uint8_t>(contaminant);
  m.ChangeAlerts(v, [&] {
    m.alerts[alert_id] = a;
    m.alerts_of.Add(v, static_cast<int32_t>(alert_id));
  });
}

void QualityIndex::AlertRepeatTaken(int64_t alert_id, Date day) {
  Impl& m = *impl_;
  if (m.alerts.Find(alert_id) == nullptr) return;
  AlertRec& a = m.alerts[alert_id];
  if (a.village == kNoUnit || day.days() >= a.taken) return;
  m.ChangeAlerts(m.slot[a.village], [&] { a.taken = day.days(); });
}

void QualityIndex::AlertClosed(int64_t alert_id, Date day) {
  Impl& m = *impl_;
  if (m.alerts.Find(alert_id) == nullptr) return;
  AlertRec& a = m.alerts[alert_id];
  if (a.village == kNoUnit || a.closed != kNone) return;
  m.ChangeAlerts(m.slot[a.village], [&] { a.closed = day.days(); });
}

void QualityIndex::ActionStarted(int64_t action_id, int64_t alert_id,
                                 Date day) {
  Impl& m = *impl_;
  const AlertRec* al = m.alerts.Find(alert_id);
  if (al == nullptr || al->village == kNoUnit) return;
  const UnitId village = al->village;
  ActionRec& a = m.actions.At(action_id);
  if (a.alert >= 0) return;
  a = {static_cast<int32_t>(alert_id), day.days(), kNone};
  m.actions_of.Add(m.slot[village], static_cast<int32_t>(action_id));
  std::vector<Ev> evs;
  Impl::ActionEvents(a, &evs);
  m.Apply(village, evs);
}

void QualityIndex::ActionDone(int64_t action_id, Date day) {
  Impl& m = *impl_;
  if (m.actions.Find(action_id) == nullptr) return;
  ActionRec& a = m.actions[action_id];
  if (a.alert < 0 || a.done != kNone) return;
  std::vector<Ev> evs;
  Impl::ActionEvents(a, &evs);
  for (Ev& e : evs) e.delta = -e.delta;
  a.done = day.days();
  Impl::ActionEvents(a, &evs);
  m.Apply(m.alerts[a.alert].village, evs);
}

void QualityIndex::TesterTrained(UnitId village, Date day) {
  Impl& m = *impl_;
  m.testers_of.Add(m.VillageIndex(village), day.days());
  m.ApplyOne(village, {day.days(), kTrained, 1});
}

}  // namespace jjm
