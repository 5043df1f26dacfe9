// The water-quality roll-ups: answers (quality/quality_index.h; internals
// in quality_index_impl.h).
#include <algorithm>
#include <utility>

#include "quality/quality_index.h"
#include "quality/quality_index_impl.h"

namespace jjm {

QualitySummary QualityIndex::Impl::FromRuns(int32_t p, int32_t day) const {
  const auto& r = runs[p];
  const int32_t before_fy = FyStart(FyOf(day)) - 1;
  auto get = [&](int f) -> int64_t {
    int64_t t = TotalAt(r[f], day);
    if (IsFyFig(f)) t -= TotalAt(r[f], before_fy);
    return t;
  };
  QualitySummary s;
  s.samples = get(kSamples);
  s.lab_samples = get(kLabSamples);
  s.ftk_samples = s.samples - s.lab_samples;
  s.tested = get(kTested);
  s.failing = get(kFailing);
  for (int c = 0; c < kContaminantCount; ++c) {
    s.failing_by[c] = get(kFailingBy + c);
    s.affected_by[c] = get(kAffectedBy + c);
  }
  s.sources = get(kSources);
  s.sources_tested_chemical = get(kSrcChem);
  s.sources_tested_bacteriological = get(kSrcBact);
  s.sources_bact_pre_monsoon = get(kSrcPre);
  s.sources_bact_post_monsoon = get(kSrcPost);
  s.villages_lab = get(kVilLab);
  s.villages_lab_chemical = get(kVilLabChem);
  s.villages_lab_bacteriological = get(kVilLabBact);
  s.villages_ftk = get(kVilFtk);
  s.habitations_affected = get(kHabAffected);
  s.villages_affected = get(kVillagesAffected);
  s.households_affected = get(kHouseholds);
  s.alerts_open = get(kAlertsOpen);
  s.repeats_overdue = get(kRepeatsOverdue);
  s.actions_pending = get(kActionsPending);
  s.trained_testers = get(kTrained);
  return s;
}

// Adds village `v`'s figures on `day` to `s`; with `habitation` set,
// only its facts (and none of the village-counted figures).
void QualityIndex::Impl::AddVillage(int32_t v, UnitId habitation, int32_t d,
                                    QualitySummary* s) const {
  const bool whole = habitation == kNoUnit;
  auto here = [&](UnitId hab) { return whole || hab == habitation; };
  const int32_t fy_start = FyStart(FyOf(d));
  std::vector<int32_t> src[4];
  uint8_t vil = 0;
  samples_of.ForEach(v, [&](int32_t id) {
    const SampleRec& x = samples[id];
    if (!here(x.habitation) || x.collected > d) return;
    ++s->samples;
    if (x.flags & kLab) ++s->lab_samples;
    if (x.tested <= d) ++s->tested;
    if ((x.flags & kFinal) && x.final_day <= d && x.failing) {
      ++s->failing;
      for (int c = 0; c < kContaminantCount; ++c) {
        if (x.failing & (1u << c)) ++s->failing_by[c];
      }
    }
    if (x.collected < fy_start) return;
    uint8_t sm, vm;
    Slots(x, &sm, &vm);
    vil |= vm;
    for (int k = 0; k < 4; ++k) {
      if (sm & (1 << k)) src[k].push_back(x.source);
    }
  });
  s->ftk_samples = s->samples - s->lab_samples;
  auto distinct = [](std::vector<int32_t>& x) -> int64_t {
    std::sort(x.begin(), x.end());
    return std::unique(x.begin(), x.end()) - x.begin();
  };
  s->sources_tested_chemical += distinct(src[0]);
  s->sources_tested_bacteriological += distinct(src[1]);
  s->sources_bact_pre_monsoon += distinct(src[2]);
  s->sources_bact_post_monsoon += distinct(src[3]);
  if (whole) {
    s->villages_lab += (vil & 1) != 0;
    s->villages_lab_chemical += (vil & 2) != 0;
    s->villages_lab_bacteriological += (vil & 4) != 0;
    s->villages_ftk += (vil & 8) != 0;
  }
  sources_of.ForEach(v, [&](int32_t id) {
    if (here(sources[id].habitation) && sources[id].created <= d) {
      ++s->sources;
    }
  });
  std::vector<std::pair<UnitId, int>> open;  // (key, contaminant)
  alerts_of.ForEach(v, [&](int32_t id) {
    const AlertRec& a = alerts[id];
    const UnitId key = a.habitation == kNoUnit ? a.village : a.habitation;
    if (!whole && key != habitation) return;
    if (!(a.opened <= d && d < a.closed)) return;
    ++s->alerts_open;
    if (a.due != kNone && a.due < d && d < a.taken) ++s->repeats_overdue;
    open.emplace_back(key, a.contaminant);
  });
  std::sort(open.begin(), open.end());
  open.erase(std::unique(open.begin(), open.end()), open.end());
  for (size_t i = 0; i < open.size(); ++i) {
    if (i == 0 || open[i].first != open[i - 1].first) {
      ++s->habitations_affected;
    }
    ++s->affected_by[open[i].second];
  }
  if (whole && !open.empty()) {
    ++s->villages_affected;
    if (auto it = spells.find(v); it != spells.end()) {
      for (const Spell& sp : it->second) {
        if (sp.from <= d && d < sp.to) s->households_affected += sp.households;
      }
    }
  }
  actions_of.ForEach(v, [&](int32_t id) {
    const ActionRec& a = actions[id];
    const AlertRec& al = alerts[a.alert];
    const UnitId key = al.habitation == kNoUnit ? al.village : al.habitation;
    if (!whole && key != habitation) return;
    if (a.started <= d && d < a.done) ++s->actions_pending;
  });
  if (whole) {
    testers_of.ForEach(v, [&](int32_t day) {
      if (day <= d) ++s->trained_testers;
    });
  }
}

void QualityIndex::Impl::Add(QualitySummary* to,
                             const QualitySummary& x) const {
  to->samples += x.samples;
  to->lab_samples += x.lab_samples;
  to->ftk_samples += x.ftk_samples;
  to->tested += x.tested;
  to->failing += x.failing;
  for (int c = 0; c < kContaminantCount; ++c) {
    to->failing_by[c] += x.failing_by[c];
    to->affected_by[c] += x.affected_by[c];
  }
  to->sources += x.sources;
  to->sources_tested_chemical += x.sources_tested_chemical;
  to->sources_tested_bacteriological += x.sources_tested_bacteriological;
  to->sources_bact_pre_monsoon += x.sources_bact_pre_monsoon;
  to->sources_bact_post_monsoon += x.sources_bact_post_monsoon;
  to->villages_lab += x.villages_lab;
  to->villages_lab_chemical += x.villages_lab_chemical;
  to->villages_lab_bacteriological += x.villages_lab_bacteriological;
  to->villages_ftk += x.villages_ftk;
  to->habitations_affected += x.habitations_affected;
  to->villages_affected += x.villages_affected;
  to->households_affected += x.households_affected;
  to->alerts_open += x.alerts_open;
  to->repeats_overdue += x.repeats_overdue;
  to->actions_pending += x.actions_pending;
  to->trained_testers += x.trained_testers;
}

QualitySummary QualityIndex::Summary(UnitId place, Date day) const {
  Impl& m = *impl_;
  m.EnsureBuilt();
  QualitySummary s;
  if (!m.h->Contains(place)) return s;
  const Level level = m.h->Get(place).level;
  const int32_t slot = m.SlotOf(place);
  if (level <= Level::kBlock) {
    if (slot >= 0) s = m.FromRuns(slot, day.days());
    return s;
  }
  if (level == Level::kHabitation) {
    const int32_t v = m.SlotOf(m.h->Get(place).parent);
    if (v >= 0) m.AddVillage(v, place, day.days(), &s);
    return s;
  }
  m.h->ForEachVillage(place, [&](UnitId village) {
    const int32_t v = m.SlotOf(village);
    if (v < 0) return;
    QualitySummary x;
    m.AddVillage(v, kNoUnit, day.days(), &x);
    m.Add(&s, x);
  });
  return s;
}

int64_t QualityIndex::TrainedTesters(UnitId village, Date day) const {
  const Impl& m = *impl_;
  impl_->EnsureBuilt();
  int64_t n = 0;
  m.testers_of.ForEach(m.SlotOf(village), [&](int32_t d) {
    if (d <= day.days()) ++n;
  });
  return n;
}

std::vector<Contaminant> QualityIndex::AffectedBy(UnitId unit, Date day) const {
  const Impl& m = *impl_;
  impl_->EnsureBuilt();
  std::vector<Contaminant> out;
  if (!m.h->Contains(unit)) return out;
  const UnitId village =
      m.h->Get(unit).level == Level::kHabitation ? m.h->Get(unit).parent : unit;
  uint32_t mask = 0;
  const int32_t d = day.days();
  m.alerts_of.ForEach(m.SlotOf(village), [&](int32_t id) {
    const AlertRec& a = m.alerts[id];
    const UnitId key = a.habitation == kNoUnit ? a.village : a.habitation;
    if (key == unit && a.opened <= d && d < a.closed) {
      mask |= 1u << a.contaminant;
    }
  });
  for (int c = 0; c < kContaminantCount; ++c) {
    if (mask & (1u << c)) out.push_back(static_cast<Contaminant>(c));
  }
  return out;
}

size_t QualityIndex::MemoryBytes() const {
  const Impl& m = *impl_;
  size_t n = sizeof(Impl) + m.slot.capacity() * 4 +
             m.village_of.capacity() * 4 + m.place_of.capacity() * 4 +
             m.households.capacity() * 4 +
             m.runs.capacity() * sizeof(m.runs[0]);
  for (const auto& r : m.runs) {
    for (const auto& run : r) n += run.capacity() * sizeof(Entry);
  }
  n += m.samples.MemoryBytes() + m.sources.MemoryBytes() +
       m.alerts.MemoryBytes() + m.actions.MemoryBytes();
  for (const Grouped* g : {&m.samples_of, &m.sources_of, &m.alerts_of,
                           &m.actions_of, &m.testers_of}) {
    n += g->MemoryBytes();
  }
  for (const auto& [v, sp] : m.spells) n += 48 + sp.capacity() * sizeof(Spell);
  for (const auto& [fy, arr] : m.source_first) {
    n += arr.MemoryBytes();
  }
  for (const auto& [fy, arr] : m.village_first) n += arr.capacity() * 16;
  return n;
}

}  // namespace jjm
