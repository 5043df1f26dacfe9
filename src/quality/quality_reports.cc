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
#include "quality/surveillance.h"

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
  const std::optional<Date> summary_day = SummaryDayFor(start, c.today);
  if (!summary_day.has_value()) {
    return InvalidArgument(
        "the financial year " + FyName(start) + " has not begun", "fy");
  }
  const Date day = *summary_day;
  JJM_ASSIGN_OR_RETURN(SurveillanceRules rules,
                       SurveillanceRules::FromRows(impl_->rules_));
  const Date fy_first = Date::FromCivil(start, 4, 1);

  Json out;
  std::vector<Lab> district_labs;
  impl_->coverage_->Read([&](const Hierarchy& h, const CoverageIndex& cov) {
    ReaderLock lock(&impl_->mu_);
    const QualitySummary s = impl_->locked_index().Summary(id, day);
    const Place& p = h.Get(id);
    // Each village's population, estimated from its households (no
    // population is held in memory), and its trained women.
    std::vector<VillageTesters> villages;
    int64_t small = 0, large = 0;
    h.ForEachVillage(id, [&](UnitId v) {
      VillageTesters t;
      t.population = static_cast<int64_t>(
          std::llround(cov.Current(v).total_hh * rules.persons_per_household));
      t.trained = impl_->locked_index().TrainedTesters(v, day);
      (t.population > rules.ftk_women_population_band ? large : small)++;
      villages.push_back(t);
    });
    const int64_t total = static_cast<int64_t>(villages.size());
    Json rounds = Json::array();
    for (const SurveillanceRound& r :
         SurveillanceRounds(s, start, c.today, rules)) {
      rounds.push_back(Json{{"name", r.name},
                            {"from", r.from.ToString()},
                            {"to", r.to.ToString()},
                            {"state", r.state},
                            {"due", r.due},
                            {"tested", r.tested},
                            {"pending", r.pending},
                            {"overdue", r.overdue}});
    }
    out = Json{
        {"place", Json{{"code", p.code},
                       {"name", p.name},
                       {"level", std::string(LevelName(p.level))}}},
        {"fy", FyName(start)},
        {"as_of", day.ToString()},
        {"sources", Json{{"total", s.sources}, {"rounds", std::move(rounds)}}},
        {"villages",
         Json{{"total", total},
              {"tested_by_lab", NumberAndPercent(s.villages_lab, total)},
              {"chemical_by_lab",
               NumberAndPercent(s.villages_lab_chemical, total)},
              {"bacteriological_by_lab",
               NumberAndPercent(s.villages_lab_bacteriological, total)},
              {"tested_by_ftk", NumberAndPercent(s.villages_ftk, total)},
              {"trained_women",
               Json{{"women", s.trained_testers},
                    {"villages_with_enough",
                     NumberAndPercent(VillagesWithEnoughWomen(villages, rules),
                                      total)},
                    {"small_villages", small},
                    {"large_villages", large},
                    {"rule",
                     std::to_string(rules.ftk_women_small_village) +
                         " women in a village of up to " +
                         std::to_string(rules.ftk_women_population_band) +
                         " people, " +
                         std::to_string(rules.ftk_women_large_village) +
                         " above"},
                    {"population_note",
                     "population estimated from households at " +
                         Json(rules.persons_per_household).dump() +
                         " persons a household (Census 2011, rural "
                         "India)"}}}}},
    };
    for (const auto& [lab_id, lab] : impl_->labs_) {
      if (lab.row.level != "district" || !LabOpenOn(lab, day)) continue;
      if (!h.IsWithin(static_cast<UnitId>(lab.row.unit_id), id)) continue;
      district_labs.push_back(lab);
    }
  });

  // District labs' samples per month of the year so far, against the rule.
  std::map<int64_t, std::map<std::string, int64_t>> per_month;
  {
    JJM_ASSIGN_OR_RETURN(auto r, impl_->Read());
    JJM_RETURN_IF_ERROR(r.store().ForEachLabDay(
        "district", fy_first.days(), day.days(),
        [&](int64_t lab, int64_t d, int64_t n) {
          per_month[lab][Date::FromDays(d).ToString().substr(0, 7)] += n;
        }));
  }
  const int months_begun = MonthsBegun(start, c.today);
  std::vector<std::string> months;
  for (int i = 0; i < months_begun; ++i) {
    const int m0 = 3 + i;  // April is 3 months into the calendar year
    months.push_back(Date::FromCivil(start + m0 / 12, m0 % 12 + 1, 1)
                         .ToString()
                         .substr(0, 7));
  }
  Json labs = Json::array();
  int64_t labs_meeting = 0;
  for (const Lab& lab : district_labs) {
    Json rows = Json::array();
    const auto& by = per_month[lab.row.id];
    int64_t total = 0;
    for (const std::string& m : months) {
      const auto it = by.find(m);
      const int64_t n = it == by.end() ? 0 : it->second;
      total += n;
      rows.push_back(
          Json{{"month", m},
               {"samples", n},
               {"meets_target", n >= rules.district_lab_samples_per_month}});
    }
    const LabLoad load = DistrictLabLoad(total, months_begun, rules);
    if (load.shortfall == 0) ++labs_meeting;
    labs.push_back(
        Json{{"code", lab.row.code},
             {"name", lab.row.name},
             {"place", impl_->PlaceJson(static_cast<UnitId>(lab.row.unit_id))},
             {"samples", load.samples},
             {"target", load.target},
             {"shortfall", load.shortfall},
             {"percent", std::round(load.percent * 100) / 100},
             {"months", std::move(rows)}});
  }
  out["district_labs"] =
      Json{{"target_per_month", rules.district_lab_samples_per_month},
           {"months_begun", months_begun},
           {"labs", labs.size()},
           {"meeting_target", labs_meeting},
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
    auto share = [](const Share& x) {
      return Json{{"number", x.count},
                  {"percent", std::round(x.percent * 100) / 100}};
    };
    Json rows = Json::array();
    if (name == "l5") {
      if (p.level >= Level::kVillage) {
        return InvalidArgument("Format L5 is by villages below a place: " +
                                   p.code + " is a village",
                               "place");
      }
      auto row = [&](UnitId u) {
        const L5Row r =
            L5RowOf(u, VillagesIn(h, u), impl_->locked_index().Summary(u, day));
        return Json{{"place", place_json(u)},
                    {"total_villages", r.villages},
                    {"tested_by_lab", share(r.tested_by_lab)},
                    {"chemical_by_lab", share(r.chemical_by_lab)},
                    {"bacteriological_by_lab", share(r.bacteriological_by_lab)},
                    {"chemical_by_ftk", share(r.chemical_by_ftk)}};
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
    std::vector<LabFact> labs;
    for (const auto& [lab_id, lab] : impl_->labs_) {
      if (!LabOpenOn(lab, day)) continue;
      const UnitId u = static_cast<UnitId>(lab.row.unit_id);
      const std::optional<LabLevel> level = ParseLabLevel(lab.row.level);
      if (!h.Contains(u) || !level.has_value()) continue;
      LabFact f;
      f.id = lab.row.id;
      f.level = *level;
      f.state = h.AncestorAt(u, Level::kState);
      f.district = h.AncestorAt(u, Level::kDistrict);
      f.nabl_on_day = NablOn(lab, day);
      f.treatment_plant_id = lab.row.treatment_plant_id;
      // The districts of the places it serves: a district or a place in
      // one gives that district; a state gives all of its districts.
      for (int64_t served : lab.serves) {
        const UnitId q = static_cast<UnitId>(served);
        if (!h.Contains(q) || q == u) continue;
        if (h.Get(q).level >= Level::kDistrict) {
          f.serves_districts.push_back(h.AncestorAt(q, Level::kDistrict));
        } else {
          h.ForEachAtLevel(q, Level::kDistrict,
                           [&](UnitId d) { f.serves_districts.push_back(d); });
        }
      }
      labs.push_back(std::move(f));
    }
    std::vector<PlantFact> plants;
    for (const auto& [plant_id, plant] : impl_->plants_) {
      const UnitId u = static_cast<UnitId>(plant.unit_id);
      if (!h.Contains(u)) continue;
      plants.push_back(
          PlantFact{plant_id, h.AncestorAt(u, Level::kState),
                    plant.latitude.has_value() && plant.longitude.has_value(),
                    plant.linked_lab_id});
    }
    std::map<UnitId, QualitySummary> summaries;
    for (UnitId st : h.Get(kIndia).children) {
      if (h.Contains(st)) summaries[st] = impl_->locked_index().Summary(st, day);
    }
    auto row = [&](const Cs1bRow& r) {
      return Json{
          {"place", place_json(r.state)},
          {"total_districts", r.total_districts},
          {"nabl_state_referral_labs", r.nabl_state_labs},
          {"nabl_district_labs", r.nabl_district_labs},
          {"districts_with_nabl_lab", r.districts_with_nabl_access},
          {"wtps", r.wtps},
          {"wtps_geotagged", r.wtps_geotagged},
          {"wtps_with_lab", r.wtps_with_lab},
          {"wtps_with_nabl_lab", r.wtps_with_nabl_lab},
          {"wtps_without_lab_linked_to_nabl", r.wtps_linked_to_nabl},
          {"sources", r.sources},
          {"sources_tested_chemical", r.sources_tested_chemical},
          {"sources_tested_bacteriological", r.sources_tested_bacteriological}};
    };
    const std::vector<Cs1bRow> all = Cs1bRows(h, labs, plants, summaries);
    Json total = nullptr;
    for (const Cs1bRow& r : all) {
      if (r.state == kIndia) {
        if (id == kIndia) total = row(r);
      } else if (id == kIndia || r.state == id) {
        rows.push_back(row(r));
        if (r.state == id) total = row(r);
      }
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
                {"total", std::move(total)}};
  });
}

}  // namespace jjm
