// The surveillance framework's rules and figures (quality/surveillance.h).
#include "quality/surveillance.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <utility>

namespace jjm {
namespace {

struct RuleField {
  std::string_view name;
  int64_t SurveillanceRules::*member;
};
constexpr std::array<RuleField, 7> kRuleFields = {{
    {"source_chemical_tests_per_year",
     &SurveillanceRules::source_chemical_tests_per_year},
    {"source_bacteriological_tests_per_year",
     &SurveillanceRules::source_bacteriological_tests_per_year},
    {"district_lab_samples_per_month",
     &SurveillanceRules::district_lab_samples_per_month},
    {"ftk_women_population_band",
     &SurveillanceRules::ftk_women_population_band},
    {"ftk_women_small_village", &SurveillanceRules::ftk_women_small_village},
    {"ftk_women_large_village", &SurveillanceRules::ftk_women_large_village},
    {"bacteria_repeat_days", &SurveillanceRules::bacteria_repeat_days},
}};

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

constexpr std::array<std::string_view, 5> kLabLevelNames = {
    "state", "district", "block", "mobile", "wtp"};

double Percent(int64_t count, int64_t of) {
  return of > 0 ? static_cast<double>(count) * 100.0 / static_cast<double>(of)
                : 0.0;
}

SurveillanceRound Round(std::string name, Date from, Date to, Date as_of,
                        int64_t due, int64_t tested) {
  SurveillanceRound r;
  r.name = std::move(name);
  r.from = from;
  r.to = to;
  r.state = as_of < from ? "upcoming" : (as_of > to ? "closed" : "open");
  r.due = due;
  r.tested = tested;
  const int64_t untested = std::max<int64_t>(0, due - tested);
  if (r.state == "closed") {
    r.overdue = untested;
  } else {
    r.pending = untested;
  }
  return r;
}

}  // namespace

StatusOr<SurveillanceRules> SurveillanceRules::FromRows(
    const std::map<std::string, double>& rows) {
  SurveillanceRules r;
  std::vector<std::string> unknown, missing, bad;
  for (const auto& [name, value] : rows) {
    const RuleField* field = nullptr;
    for (const RuleField& f : kRuleFields) {
      if (f.name == name) field = &f;
    }
    if (field == nullptr) {
      unknown.push_back(name);
      continue;
    }
    if (!std::isfinite(value) || value < 0 || value != std::floor(value) ||
        value > 1e15) {
      bad.push_back(name);
      continue;
    }
    r.*(field->member) = static_cast<int64_t>(value);
  }
  for (const RuleField& f : kRuleFields) {
    if (rows.find(std::string(f.name)) == rows.end()) {
      missing.emplace_back(f.name);
    }
  }
  std::vector<std::string> parts;
  if (!unknown.empty()) parts.push_back("unknown rules: " + Joined(unknown));
  if (!missing.empty()) parts.push_back("missing rules: " + Joined(missing));
  if (!bad.empty()) {
    parts.push_back("rules that are not whole numbers >= 0: " + Joined(bad));
  }
  if (!parts.empty()) {
    std::string msg;
    for (const std::string& p : parts) msg += (msg.empty() ? "" : "; ") + p;
    return InvalidArgument("wq_rule: " + msg, "wq_rule");
  }
  return r;
}

int64_t SurveillanceRules::FtkWomenNeeded(int64_t population) const {
  return population <= ftk_women_population_band ? ftk_women_small_village
                                                 : ftk_women_large_village;
}

std::optional<Date> SummaryDayFor(int fy, Date as_of) {
  const Date start = Date::FromCivil(fy, 4, 1);
  const Date end = Date::FromCivil(fy + 1, 3, 31);
  if (as_of < start) return std::nullopt;
  return std::min(as_of, end);
}

std::vector<SurveillanceRound> SurveillanceRounds(const QualitySummary& s,
                                                  int fy, Date as_of,
                                                  const SurveillanceRules& r) {
  const Date start = Date::FromCivil(fy, 4, 1);
  const Date end = Date::FromCivil(fy + 1, 3, 31);
  std::vector<SurveillanceRound> out;
  if (r.source_chemical_tests_per_year >= 1) {
    out.push_back(Round("chemical", start, end, as_of, s.sources,
                        s.sources_tested_chemical));
  }
  if (r.source_bacteriological_tests_per_year == 1) {
    out.push_back(Round("bacteriological", start, end, as_of, s.sources,
                        s.sources_tested_bacteriological));
  } else if (r.source_bacteriological_tests_per_year >= 2) {
    out.push_back(Round("bacteriological_pre_monsoon", start,
                        Date::FromCivil(fy, 6, 30), as_of, s.sources,
                        s.sources_bact_pre_monsoon));
    out.push_back(Round("bacteriological_post_monsoon",
                        Date::FromCivil(fy, 10, 1), end, as_of, s.sources,
                        s.sources_bact_post_monsoon));
  }
  return out;
}

int64_t VillagesWithEnoughWomen(const std::vector<VillageTesters>& villages,
                                const SurveillanceRules& r) {
  int64_t n = 0;
  for (const VillageTesters& v : villages) {
    if (v.trained >= r.FtkWomenNeeded(v.population)) ++n;
  }
  return n;
}

int MonthsBegun(int fy, Date as_of) {
  const Date start = Date::FromCivil(fy, 4, 1);
  if (as_of < start) return 0;
  const int months =
      (as_of.year() - fy) * 12 + as_of.month() - 4 + 1;  // April is 1
  return std::min(months, 12);
}

LabLoad DistrictLabLoad(int64_t samples, int months,
                        const SurveillanceRules& r) {
  LabLoad l;
  l.samples = samples;
  l.target = static_cast<int64_t>(std::max(months, 0)) *
             r.district_lab_samples_per_month;
  l.shortfall = std::max<int64_t>(0, l.target - samples);
  l.percent = Percent(samples, l.target);
  return l;
}

std::string_view LabLevelName(LabLevel l) {
  const size_t i = static_cast<size_t>(l);
  return i < kLabLevelNames.size() ? kLabLevelNames[i]
                                   : std::string_view("unknown");
}

std::optional<LabLevel> ParseLabLevel(std::string_view name) {
  for (size_t i = 0; i < kLabLevelNames.size(); ++i) {
    if (kLabLevelNames[i] == name) return static_cast<LabLevel>(i);
  }
  return std::nullopt;
}

std::vector<Cs1bRow> Cs1bRows(
    const Hierarchy& h, const std::vector<LabFact>& labs,
    const std::vector<PlantFact>& plants,
    const std::map<UnitId, QualitySummary>& summaries) {
  std::vector<Cs1bRow> rows;
  std::map<UnitId, size_t> row_of;
  for (UnitId st : h.Get(kIndia).children) {
    if (!h.Contains(st) || h.Get(st).level != Level::kState) continue;
    Cs1bRow row;
    row.state = st;
    h.ForEachAtLevel(st, Level::kDistrict,
                     [&](UnitId) { ++row.total_districts; });
    if (auto it = summaries.find(st); it != summaries.end()) {
      row.sources = it->second.sources;
      row.sources_tested_chemical = it->second.sources_tested_chemical;
      row.sources_tested_bacteriological =
          it->second.sources_tested_bacteriological;
    }
    row_of[st] = rows.size();
    rows.push_back(row);
  }
  auto row_for = [&](UnitId st) -> Cs1bRow* {
    auto it = row_of.find(st);
    return it == row_of.end() ? nullptr : &rows[it->second];
  };
  std::map<int64_t, const LabFact*> lab_by_id;
  std::set<int64_t> plants_with_lab, plants_with_nabl_lab;
  std::set<UnitId> accessed;  // districts with a NABL lab
  for (const LabFact& l : labs) {
    lab_by_id[l.id] = &l;
    if (l.level == LabLevel::kWtp && l.treatment_plant_id != 0) {
      plants_with_lab.insert(l.treatment_plant_id);
      if (l.nabl_on_day) plants_with_nabl_lab.insert(l.treatment_plant_id);
    }
    if (!l.nabl_on_day) continue;
    if (l.district != kNoUnit) accessed.insert(l.district);
    for (UnitId d : l.serves_districts) accessed.insert(d);
    if (Cs1bRow* row = row_for(l.state)) {
      if (l.level == LabLevel::kState) ++row->nabl_state_labs;
      if (l.level == LabLevel::kDistrict) ++row->nabl_district_labs;
    }
  }
  for (UnitId d : accessed) {
    if (!h.Contains(d) || h.Get(d).level != Level::kDistrict) continue;
    if (Cs1bRow* row = row_for(h.AncestorAt(d, Level::kState))) {
      ++row->districts_with_nabl_access;
    }
  }
  for (const PlantFact& p : plants) {
    Cs1bRow* row = row_for(p.state);
    if (row == nullptr) continue;
    ++row->wtps;
    if (p.geotagged) ++row->wtps_geotagged;
    if (plants_with_lab.count(p.id)) {
      ++row->wtps_with_lab;
      if (plants_with_nabl_lab.count(p.id)) ++row->wtps_with_nabl_lab;
    } else if (p.linked_lab_id != 0) {
      auto it = lab_by_id.find(p.linked_lab_id);
      if (it != lab_by_id.end() && it->second->nabl_on_day) {
        ++row->wtps_linked_to_nabl;
      }
    }
  }
  Cs1bRow total;
  total.state = kIndia;
  for (const Cs1bRow& r : rows) {
    total.total_districts += r.total_districts;
    total.nabl_state_labs += r.nabl_state_labs;
    total.nabl_district_labs += r.nabl_district_labs;
    total.districts_with_nabl_access += r.districts_with_nabl_access;
    total.wtps += r.wtps;
    total.wtps_geotagged += r.wtps_geotagged;
    total.wtps_with_lab += r.wtps_with_lab;
    total.wtps_with_nabl_lab += r.wtps_with_nabl_lab;
    total.wtps_linked_to_nabl += r.wtps_linked_to_nabl;
    total.sources += r.sources;
    total.sources_tested_chemical += r.sources_tested_chemical;
    total.sources_tested_bacteriological += r.sources_tested_bacteriological;
  }
  rows.push_back(total);
  return rows;
}

L5Row L5RowOf(UnitId place, int64_t villages, const QualitySummary& s) {
  L5Row row;
  row.place = place;
  row.villages = villages;
  auto share = [&](int64_t n) { return Share{n, Percent(n, villages)}; };
  row.tested_by_lab = share(s.villages_lab);
  row.chemical_by_lab = share(s.villages_lab_chemical);
  row.bacteriological_by_lab = share(s.villages_lab_bacteriological);
  row.chemical_by_ftk = share(s.villages_ftk);
  return row;
}

int64_t VillagesIn(const Hierarchy& h, UnitId place) {
  if (!h.Contains(place)) return 0;
  int64_t n = 0;
  h.ForEachVillage(place, [&](UnitId) { ++n; });
  return n;
}

}  // namespace jjm
