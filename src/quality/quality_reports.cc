// Surveillance due by rule, and the reports CS1 B(i) and Format L5
// (quality_service.h), from the roll-ups and the registers in memory; the
// samples of district labs per month from the store.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/fiscal_year.h"
#include "quality/quality_internal.h"

namespace jjm {
namespace {

Json Percent(int64_t n, int64_t of) {
  if (of <= 0) return Json(nullptr);
  return std::round(10000.0 * static_cast<double>(n) / of) / 100.0;
}

// A figure and its share of a total, as the IMIS formats give them.
Json NumberAndPercent(int64_t n, int64_t of) {
  return Json{{"number", n}, {"percent", Percent(n, of)}};
}

// A season window of the bacteriological rule: how many sources were due,
// tested within it, and overdue once it has passed.
Json Window(const char* from, const char* to, int64_t due, int64_t tested,
            bool passed) {
  const int64_t untested = std::max<int64_t>(0, due - tested);
  return Json{{"from", from},        {"to", to},
              {"due", due},          {"tested", tested},
              {"untested", untested}, {"overdue", passed ? untested : 0},
              {"window_passed", passed}};
}

bool LabOpenOn(const Lab& lab, Date day) {
  return !lab.row.closed_on.has_value() || *lab.row.closed_on > day.days();
}

bool NablOn(const Lab& lab, Date day) {
  bool valid = false;
  lab.CertificateOn(day, &valid);
  return valid;
}

}  // namespace

StatusOr<Json> QualityService::Surveillance(const Caller& c,
                                            const std::string& place,
                                            const std::string& fy) {
  UnitId id = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(id, impl_->PlaceOf(place, "place"));
  }
  int start = c.today.FinancialYear();
  if (!fy.empty()) {
    JJM_ASSIGN_OR_RETURN(start, ParseFy(fy, "fy"));
  }
  const Date fy_first = Date::FromCivil(start, 4, 1);
  const Date fy_last = Date::FromCivil(start + 1, 3, 31);
  if (fy_first > c.today) {
    return InvalidArgument("the financial year " + FyName(start) +
                               " has not begun",
                           "fy");
  }
  const Date day = std::min(c.today, fy_last);
  const Date pre_end = Date::FromCivil(start, 6, 30);
  const double per_household = impl_->Rule("persons_per_household", 4.94);
  const double band = impl_->Rule("ftk_women_population_band", 1000);
  const int64_t small_need =
      static_cast<int64_t>(impl_->Rule("ftk_women_small_village", 2));
  const int64_t large_need =
      static_cast<int64_t>(impl_->Rule("ftk_women_large_village", 5));
  const int64_t lab_month_target =
      static_cast<int64_t>(impl_->Rule("district_lab_samples_per_month", 250));
  const int64_t chem_per_year = static_cast<int64_t>(
      impl_->Rule("source_chemical_tests_per_year", 1));
  const int64_t bact_per_year = static_cast<int64_t>(
      impl_->Rule("source_bacteriological_tests_per_year", 2));

  Json out;
  std::vector<Lab> district_labs;
  impl_->coverage_->Read([&](const Hierarchy& h, const CoverageIndex& cov) {
    ReaderLock lock(&impl_->mu_);
    const QualitySummary s = impl_->index_->Summary(id, day);
    const Place& p = h.Get(id);
    // Villages, and those with enough women trained in FTK use: the rule
    // needs each village's population, estimated from its households
    // where none is reported.
    int64_t villages = 0, enough = 0, small = 0, large = 0;
    h.ForEachVillage(id, [&](UnitId v) {
      ++villages;
      const double people = cov.Current(v).total_hh * per_household;
      const bool is_large = people > band;
      (is_large ? large : small)++;
      const int64_t need = is_large ? large_need : small_need;
      if (impl_->index_->TrainedTesters(v, day) >= need) ++enough;
    });
    const int64_t sources = s.sources;
    const bool fy_over = c.today > fy_last;
    out = Json{
        {"place", Json{{"code", p.code},
                       {"name", p.name},
                       {"level", std::string(LevelName(p.level))}}},
        {"fy", FyName(start)},
        {"as_of", day.ToString()},
        {"fy_over", fy_over},
        {"sources",
         Json{{"total", sources},
              {"chemical",
               Json{{"tests_per_year", chem_per_year},
                    {"due", sources},
                    {"tested", s.sources_tested_chemical},
                    {"untested", std::max<int64_t>(
                                     0, sources - s.sources_tested_chemical)},
                    {"overdue",
                     fy_over ? std::max<int64_t>(
                                   0, sources - s.sources_tested_chemical)
                             : 0}}},
              {"bacteriological",
               Json{{"tests_per_year", bact_per_year},
                    {"tested", s.sources_tested_bacteriological},
                    {"pre_monsoon",
                     Window(fy_first.ToString().c_str(),
                            pre_end.ToString().c_str(), sources,
                            s.sources_bact_pre_monsoon, day > pre_end)},
                    {"post_monsoon",
                     Window(Date::FromCivil(start, 10, 1).ToString().c_str(),
                            fy_last.ToString().c_str(), sources,
                            s.sources_bact_post_monsoon, fy_over)}}}}},
        {"villages",
         Json{{"total", villages},
              {"tested_by_lab", NumberAndPercent(s.villages_lab, villages)},
              {"chemical_by_lab",
               NumberAndPercent(s.villages_lab_chemical, villages)},
              {"bacteriological_by_lab",
               NumberAndPercent(s.villages_lab_bacteriological, villages)},
              {"tested_by_ftk", NumberAndPercent(s.villages_ftk, villages)},
              {"trained_women",
               Json{{"women", s.trained_testers},
                    {"villages_with_enough",
                     NumberAndPercent(enough, villages)},
                    {"villages_needing_" + std::to_string(small_need), small},
                    {"villages_needing_" + std::to_string(large_need), large},
                    {"rule",
                     std::to_string(small_need) + " women in a village of up "
                     "to " + std::to_string(static_cast<int64_t>(band)) +
                         " people, " + std::to_string(large_need) +
                         " above"},
                    {"population_note",
                     "population estimated from households at " +
                         Json(per_household).dump() +
                         " persons a household (Census 2011, rural India)"}}}}},
    };
    for (const auto& [lab_id, lab] : impl_->labs_) {
      if (lab.row.level != "district" || !LabOpenOn(lab, day)) continue;
      if (!h.IsWithin(static_cast<UnitId>(lab.row.unit_id), id)) continue;
      district_labs.push_back(lab);
    }
  });

  // District labs' samples per month of the year, against the rule.
  std::map<int64_t, std::map<std::string, int64_t>> per_month;
  {
    JJM_ASSIGN_OR_RETURN(auto r, impl_->Read());
    JJM_RETURN_IF_ERROR(r.store().ForEachLabDay(
        "district", fy_first.days(), day.days(),
        [&](int64_t lab, int64_t d, int64_t n) {
          per_month[lab][Date::FromDays(d).ToString().substr(0, 7)] += n;
        }));
  }
  std::vector<std::string> months;
  for (Date m = fy_first; m <= day;
       m = Date::FromCivil(m.month() == 12 ? m.year() + 1 : m.year(),
                           m.month() == 12 ? 1 : m.month() + 1, 1)) {
    months.push_back(m.ToString().substr(0, 7));
  }
  Json labs = Json::array();
  int64_t labs_meeting = 0;
  for (const Lab& lab : district_labs) {
    Json rows = Json::array();
    int64_t total = 0, met = 0;
    for (const std::string& m : months) {
      const auto& by = per_month[lab.row.id];
      const auto it = by.find(m);
      const int64_t n = it == by.end() ? 0 : it->second;
      total += n;
      if (n >= lab_month_target) ++met;
      rows.push_back(Json{{"month", m},
                          {"samples", n},
                          {"meets_target", n >= lab_month_target}});
    }
    const double average =
        months.empty() ? 0.0 : static_cast<double>(total) / months.size();
    if (average >= lab_month_target) ++labs_meeting;
    labs.push_back(Json{{"code", lab.row.code},
                        {"name", lab.row.name},
                        {"place", impl_->PlaceJson(
                                      static_cast<UnitId>(lab.row.unit_id))},
                        {"samples", total},
                        {"average_per_month", std::round(average * 10) / 10},
                        {"months_meeting_target", met},
                        {"months", std::move(rows)}});
  }
  out["district_labs"] = Json{{"target_per_month", lab_month_target},
                              {"labs", labs.size()},
                              {"meeting_target_on_average", labs_meeting},
                              {"rows", std::move(labs)}};
  return out;
}

StatusOr<Json> QualityService::Report(const Caller& c, const std::string& name,
                                      const std::string& place,
                                      const std::string& as_of) {
  if (name != "cs1bi" && name != "l5") {
    return NotFound("no report '" + name + "' (there are cs1bi and l5)");
  }
  UnitId id = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(id, impl_->PlaceOf(place, "place"));
  }
  Date day = c.today;
  if (!as_of.empty()) {
    JJM_ASSIGN_OR_RETURN(day, Date::ParseField(as_of, "as_of"));
  }
  return impl_->coverage_->Read([&](const Hierarchy& h,
                                    const CoverageIndex&) -> StatusOr<Json> {
    ReaderLock lock(&impl_->mu_);
    const Place& p = h.Get(id);
    auto place_json = [&](UnitId u) {
      const Place& q = h.Get(u);
      return Json{{"code", q.code},
                  {"name", q.name},
                  {"level", std::string(LevelName(q.level))}};
    };
    Json rows = Json::array();
    if (name == "l5") {
      // Format L5: villages tested through labs and FTK, by the level below.
      if (p.level >= Level::kVillage) {
        return InvalidArgument("Format L5 is by villages below a place: " +
                                   p.code + " is a village",
                               "place");
      }
      auto row = [&](UnitId u) {
        int64_t villages = 0;
        h.ForEachVillage(u, [&](UnitId) { ++villages; });
        const QualitySummary s = impl_->index_->Summary(u, day);
        return Json{
            {"place", place_json(u)},
            {"total_villages", villages},
            {"tested_by_lab", NumberAndPercent(s.villages_lab, villages)},
            {"chemical_by_lab",
             NumberAndPercent(s.villages_lab_chemical, villages)},
            {"bacteriological_by_lab",
             NumberAndPercent(s.villages_lab_bacteriological, villages)},
            {"chemical_by_ftk", NumberAndPercent(s.villages_ftk, villages)}};
      };
      for (UnitId child : p.children) {
        if (h.Contains(child) && h.Get(child).level <= Level::kVillage) {
          rows.push_back(row(child));
        }
      }
      return Json{{"report", "l5"},
                  {"title", "Format L5: village-wise testing (lab and FTK)"},
                  {"place", place_json(id)},
                  {"as_of", day.ToString()},
                  {"fy", FyName(day.FinancialYear())},
                  {"note",
                   "Villages with a test reported final in the financial "
                   "year of the day, up to the day; FTK tests counted as "
                   "chemical, as the format's column does."},
                  {"rows", std::move(rows)},
                  {"total", row(id)}};
    }
    // CS1 B(i), by state.
    if (p.level > Level::kState) {
      return InvalidArgument("CS1 B(i) is by state: give India or a state",
                             "place");
    }
    struct StateFigures {
      int64_t districts = 0, nabl_state = 0, nabl_district = 0,
              districts_with_nabl = 0, wtps = 0, wtps_geotagged = 0,
              wtps_with_lab = 0, wtps_with_nabl_lab = 0,
              wtps_linked_to_nabl = 0;
    };
    std::map<UnitId, StateFigures> figures;
    std::vector<UnitId> states;
    if (p.level == Level::kState) {
      states.push_back(id);
    } else {
      h.ForEachAtLevel(kIndia, Level::kState,
                       [&](UnitId s) { states.push_back(s); });
    }
    std::set<UnitId> covered_districts;
    std::map<int64_t, const Lab*> wtp_lab;  // plant -> its in-house lab
    for (const auto& [lab_id, lab] : impl_->labs_) {
      if (!LabOpenOn(lab, day)) continue;
      const UnitId u = static_cast<UnitId>(lab.row.unit_id);
      if (!h.Contains(u)) continue;
      const bool nabl = NablOn(lab, day);
      const UnitId st = h.AncestorAt(u, Level::kState);
      if (lab.row.level == "state" && nabl) figures[st].nabl_state++;
      if (lab.row.level == "district" && nabl) figures[st].nabl_district++;
      if (lab.row.treatment_plant_id != 0) {
        wtp_lab[lab.row.treatment_plant_id] = &lab;
      }
      if (!nabl) continue;
      // The districts a NABL lab gives access to: its own, and those it
      // serves or that lie within a place it serves (a state lab serving
      // its state serves them all).
      std::vector<UnitId> places = {u};
      for (int64_t s : lab.serves) places.push_back(static_cast<UnitId>(s));
      for (UnitId q : places) {
        if (!h.Contains(q)) continue;
        if (h.Get(q).level >= Level::kDistrict) {
          const UnitId d = h.AncestorAt(q, Level::kDistrict);
          if (d != kNoUnit) covered_districts.insert(d);
        } else if (q != u || lab.row.level != "state") {
          h.ForEachAtLevel(q, Level::kDistrict,
                           [&](UnitId d) { covered_districts.insert(d); });
        }
      }
    }
    for (UnitId d : covered_districts) {
      figures[h.AncestorAt(d, Level::kState)].districts_with_nabl++;
    }
    for (const auto& [plant_id, plant] : impl_->plants_) {
      const UnitId u = static_cast<UnitId>(plant.unit_id);
      if (!h.Contains(u)) continue;
      StateFigures& f = figures[h.AncestorAt(u, Level::kState)];
      f.wtps++;
      if (plant.latitude.has_value() && plant.longitude.has_value()) {
        f.wtps_geotagged++;
      }
      const auto it = wtp_lab.find(plant_id);
      if (it != wtp_lab.end()) {
        f.wtps_with_lab++;
        if (NablOn(*it->second, day)) f.wtps_with_nabl_lab++;
      } else if (plant.linked_lab_id != 0) {
        const auto lab = impl_->labs_.find(plant.linked_lab_id);
        if (lab != impl_->labs_.end() && LabOpenOn(lab->second, day) &&
            NablOn(lab->second, day)) {
          f.wtps_linked_to_nabl++;
        }
      }
    }
    StateFigures all;
    QualitySummary all_s;
    auto row = [&](UnitId u, const StateFigures& f, const QualitySummary& s) {
      return Json{{"place", u == kNoUnit ? Json(nullptr) : place_json(u)},
                  {"total_districts", f.districts},
                  {"nabl_state_referral_labs", f.nabl_state},
                  {"nabl_district_labs", f.nabl_district},
                  {"districts_with_nabl_lab", f.districts_with_nabl},
                  {"wtps", f.wtps},
                  {"wtps_geotagged", f.wtps_geotagged},
                  {"wtps_with_lab", f.wtps_with_lab},
                  {"wtps_with_nabl_lab", f.wtps_with_nabl_lab},
                  {"wtps_without_lab_linked_to_nabl", f.wtps_linked_to_nabl},
                  {"sources", s.sources},
                  {"sources_tested_chemical", s.sources_tested_chemical},
                  {"sources_tested_bacteriological",
                   s.sources_tested_bacteriological}};
    };
    for (UnitId st : states) {
      StateFigures f = figures[st];
      h.ForEachAtLevel(st, Level::kDistrict, [&](UnitId) { ++f.districts; });
      const QualitySummary s = impl_->index_->Summary(st, day);
      rows.push_back(row(st, f, s));
      all.districts += f.districts;
      all.nabl_state += f.nabl_state;
      all.nabl_district += f.nabl_district;
      all.districts_with_nabl += f.districts_with_nabl;
      all.wtps += f.wtps;
      all.wtps_geotagged += f.wtps_geotagged;
      all.wtps_with_lab += f.wtps_with_lab;
      all.wtps_with_nabl_lab += f.wtps_with_nabl_lab;
      all.wtps_linked_to_nabl += f.wtps_linked_to_nabl;
      all_s.sources += s.sources;
      all_s.sources_tested_chemical += s.sources_tested_chemical;
      all_s.sources_tested_bacteriological += s.sources_tested_bacteriological;
    }
    return Json{{"report", "cs1bi"},
                {"title", "CS1 B(i): water quality"},
                {"place", place_json(id)},
                {"as_of", day.ToString()},
                {"fy", FyName(day.FinancialYear())},
                {"note",
                 "Labs open and accredited (a NABL certificate valid) on the "
                 "day; a district has access to a NABL lab that stands in it "
                 "or serves it; sources existing on the day, tested in the "
                 "financial year of the day up to the day."},
                {"rows", std::move(rows)},
                {"total", row(id, all, all_s)}};
  });
}

}  // namespace jjm
