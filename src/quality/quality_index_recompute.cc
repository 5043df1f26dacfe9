// RecomputeSummary (quality/quality_index.h): every figure worked out the
// slow way, straight from the definitions, for tests to compare the index
// with.  Deliberately shares no code with quality_index.cc.
#include <map>
#include <set>
#include <utility>

#include "quality/quality_index.h"

namespace jjm {

QualitySummary RecomputeSummary(const QualityFacts& facts, const Hierarchy& h,
                                UnitId place, Date day) {
  QualitySummary s;
  if (!h.Contains(place)) return s;
  auto within = [&](UnitId village, UnitId habitation) {
    const UnitId u = habitation == kNoUnit ? village : habitation;
    return h.Contains(u) && h.IsWithin(u, place);
  };
  auto village_within = [&](UnitId village) {
    return h.Contains(village) && h.IsWithin(village, place);
  };
  const int fy = day.FinancialYear();
  const Date fy_start = Date::FromCivil(fy, 4, 1);

  std::set<int64_t> chem, bact, pre, post;
  std::set<UnitId> v_lab, v_chem, v_bact, v_ftk;
  for (const QualityFacts::Sample& x : facts.samples) {
    if (!within(x.village, x.habitation) || x.collected > day) continue;
    ++s.samples;
    if (x.method == SampleMethod::kLab) {
      ++s.lab_samples;
    } else {
      ++s.ftk_samples;
    }
    if (x.tested && *x.tested <= day) ++s.tested;
    if (x.final_day && *x.final_day <= day && !x.final.failing.empty()) {
      ++s.failing;
      std::set<Contaminant> by(x.final.failing.begin(), x.final.failing.end());
      for (Contaminant c : by) ++s.failing_by[static_cast<int>(c)];
    }
    // The financial-year figures: collected in the year, final at any time.
    if (!x.final_day || x.collected < fy_start) continue;
    const bool lab = x.method == SampleMethod::kLab;
    if (village_within(x.village)) {
      if (lab) {
        v_lab.insert(x.village);
        if (x.final.chemical) v_chem.insert(x.village);
        if (x.final.bacteriological) v_bact.insert(x.village);
      } else {
        v_ftk.insert(x.village);
      }
    }
    if (!lab || x.source_id == 0) continue;
    if (x.final.chemical) chem.insert(x.source_id);
    if (x.final.bacteriological) {
      bact.insert(x.source_id);
      const int m = x.collected.month();
      if (m >= 4 && m <= 6) pre.insert(x.source_id);
      if (m >= 10 || m <= 3) post.insert(x.source_id);
    }
  }
  s.sources_tested_chemical = static_cast<int64_t>(chem.size());
  s.sources_tested_bacteriological = static_cast<int64_t>(bact.size());
  s.sources_bact_pre_monsoon = static_cast<int64_t>(pre.size());
  s.sources_bact_post_monsoon = static_cast<int64_t>(post.size());
  s.villages_lab = static_cast<int64_t>(v_lab.size());
  s.villages_lab_chemical = static_cast<int64_t>(v_chem.size());
  s.villages_lab_bacteriological = static_cast<int64_t>(v_bact.size());
  s.villages_ftk = static_cast<int64_t>(v_ftk.size());

  for (const QualityFacts::Source& x : facts.sources) {
    if (within(x.village, x.habitation) && x.created <= day) ++s.sources;
  }

  std::map<int64_t, const QualityFacts::Alert*> alert_by_id;
  std::set<UnitId> affected, affected_villages;
  std::set<std::pair<UnitId, int>> affected_by;
  for (const QualityFacts::Alert& a : facts.alerts) {
    alert_by_id[a.id] = &a;
    if (!within(a.village, a.habitation)) continue;
    const bool open = a.opened <= day && (!a.closed || *a.closed > day);
    if (!open) continue;
    ++s.alerts_open;
    if (a.repeat_due && *a.repeat_due < day &&
        (!a.repeat_taken || *a.repeat_taken > day)) {
      ++s.repeats_overdue;
    }
    const UnitId key = a.habitation == kNoUnit ? a.village : a.habitation;
    affected.insert(key);
    affected_by.insert({key, static_cast<int>(a.contaminant)});
    if (village_within(a.village)) affected_villages.insert(a.village);
  }
  s.habitations_affected = static_cast<int64_t>(affected.size());
  for (const auto& [key, c] : affected_by) ++s.affected_by[c];
  s.villages_affected = static_cast<int64_t>(affected_villages.size());
  std::map<UnitId, int64_t> households(facts.village_households.begin(),
                                       facts.village_households.end());
  for (UnitId v : affected_villages) s.households_affected += households[v];

  for (const QualityFacts::Action& x : facts.actions) {
    auto it = alert_by_id.find(x.alert_id);
    if (it == alert_by_id.end()) continue;
    if (!within(it->second->village, it->second->habitation)) continue;
    if (x.started <= day && (!x.done || *x.done > day)) ++s.actions_pending;
  }
  for (const auto& [village, trained] : facts.testers) {
    if (village_within(village) && trained <= day) ++s.trained_testers;
  }
  return s;
}

}  // namespace jjm
