// The water-quality surveillance framework as rules over data: the rules
// of wq_rule (migration 006), and the figures they give for a place and a
// financial year as of a day (issue 10, deliverable 6), and the rows of
// the two published reports, CS1 B(i) and Format L5.  Pure functions over
// typed inputs: no SQL, no HTTP; the quality service gathers the inputs
// (roll-ups from QualityIndex, labs and plants from the store) and writes
// the answers as JSON.
#ifndef JJM_QUALITY_SURVEILLANCE_H_
#define JJM_QUALITY_SURVEILLANCE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "coverage/hierarchy.h"
#include "quality/quality_index.h"

namespace jjm {

// The rules, each a row of wq_rule.  Every value is a whole number >= 0.
struct SurveillanceRules {
  // Tests of every source in a financial year: chemical (0: none due;
  // 1 or more: due once, as roll-ups count sources tested, not tests) and
  // bacteriological (0: none; 1: once in the year; 2 or more: once in each
  // season window, pre-monsoon April to June and post-monsoon October to
  // March).
  int64_t source_chemical_tests_per_year = 1;
  int64_t source_bacteriological_tests_per_year = 2;
  // Samples a district lab is to test in a month.
  int64_t district_lab_samples_per_month = 250;
  // Trained women a village needs: `ftk_women_small_village` for a
  // population up to `ftk_women_population_band`, else
  // `ftk_women_large_village`.
  int64_t ftk_women_population_band = 1000;
  int64_t ftk_women_small_village = 2;
  int64_t ftk_women_large_village = 5;
  // Days after the detection of bacteria by which a repeat sample is due.
  int64_t bacteria_repeat_days = 1;

  // From the rows of wq_rule (name -> value).  InvalidArgument (field
  // "wq_rule") naming every unknown name, every missing one and every
  // value that is negative or not whole.
  static StatusOr<SurveillanceRules> FromRows(
      const std::map<std::string, double>& rows);

  // Trained women needed in a village of `population` people.
  int64_t FtkWomenNeeded(int64_t population) const;
};

// The day whose QualitySummary gives the figures of financial year `fy`
// (2024 for 2024-25) as of `as_of`: `as_of` itself within the year, the
// year's last day after it; nullopt before the year began (nothing tested
// yet; use an empty summary).
std::optional<Date> SummaryDayFor(int fy, Date as_of);

// One testing round of every source: the chemical test of the year, or a
// bacteriological test (of the year, or of one season window).
struct SurveillanceRound {
  std::string name;  // "chemical", "bacteriological",
                     // "bacteriological_pre_monsoon",
                     // "bacteriological_post_monsoon"
  Date from, to;     // the window, inclusive
  // "upcoming" (as_of before the window), "open", "closed" (after it).
  std::string state;
  // Sources due: those existing on the summary's day.  Tested: sources
  // tested in the window (by a lab).  Pending: due, untested, window not
  // closed.  Overdue: due, untested, window closed.  due = tested +
  // pending + overdue, except that tested may exceed due (sources tested
  // but since closed or never registered), when both others are 0.
  int64_t due = 0, tested = 0, pending = 0, overdue = 0;
};

// The rounds the rules ask for in financial year `fy`, as of `as_of`,
// from `s` = Summary(place, *SummaryDayFor(fy, as_of)) (or an empty
// summary before the year).  Chemical first, then bacteriological.
std::vector<SurveillanceRound> SurveillanceRounds(const QualitySummary& s,
                                                  int fy, Date as_of,
                                                  const SurveillanceRules& r);

// A village's population and its women trained in FTK use by the day.
struct VillageTesters {
  int64_t population = 0;
  int64_t trained = 0;
};
// Villages with at least the trained women the rules ask for.
int64_t VillagesWithEnoughWomen(const std::vector<VillageTesters>& villages,
                                const SurveillanceRules& r);

// Months of financial year `fy` begun by `as_of` (0 before the year, 12
// after it): the months a district lab's samples of the year so far are
// held against.
int MonthsBegun(int fy, Date as_of);

// A district lab's samples over `months` months against the rule.
struct LabLoad {
  int64_t samples = 0;
  int64_t target = 0;     // months * district_lab_samples_per_month
  int64_t shortfall = 0;  // target - samples, at least 0
  double percent = 0;     // samples * 100 / target; 0 when target is 0
};
LabLoad DistrictLabLoad(int64_t samples, int months,
                        const SurveillanceRules& r);

// --- CS1 B(i): water-quality infrastructure by state -----------------------

enum class LabLevel : uint8_t { kState, kDistrict, kBlock, kMobile, kWtp };
std::string_view LabLevelName(LabLevel l);  // "state", "district", ...
std::optional<LabLevel> ParseLabLevel(std::string_view name);

// A lab open on the report's day.
struct LabFact {
  int64_t id = 0;
  LabLevel level = LabLevel::kDistrict;
  UnitId state = kNoUnit;
  UnitId district = kNoUnit;       // kNoUnit for a state lab
  bool nabl_on_day = false;        // a NABL certificate valid on the day
  int64_t treatment_plant_id = 0;  // a WTP lab's plant; 0 otherwise
  // Districts it serves besides its own (from wq_lab_serves, as
  // districts); a NABL lab gives each of them access.
  std::vector<UnitId> serves_districts;
};
// A water treatment plant existing on the day.
struct PlantFact {
  int64_t id = 0;
  UnitId state = kNoUnit;
  bool geotagged = false;
  int64_t linked_lab_id = 0;  // 0: none
};

struct Cs1bRow {
  UnitId state = kNoUnit;  // kIndia for the total row
  int64_t total_districts = 0;
  int64_t nabl_state_labs = 0;     // state referral labs with NABL
  int64_t nabl_district_labs = 0;  // district labs with NABL
  // Districts holding or served by a NABL lab of any level.
  int64_t districts_with_nabl_access = 0;
  int64_t wtps = 0, wtps_geotagged = 0;
  int64_t wtps_with_lab = 0;       // an in-house (wtp) lab open
  int64_t wtps_with_nabl_lab = 0;  // ... with NABL
  // Without an in-house lab, linked to a lab that has NABL on the day.
  int64_t wtps_linked_to_nabl = 0;
  int64_t sources = 0, sources_tested_chemical = 0,
          sources_tested_bacteriological = 0;
};
// One row per state of `h` (in the order of India's children), then the
// total row (state kIndia).  `summaries`: each state's QualitySummary on
// the day (a state without one counts no sources).  Labs and plants of a
// state not in `h` are left out.
std::vector<Cs1bRow> Cs1bRows(
    const Hierarchy& h, const std::vector<LabFact>& labs,
    const std::vector<PlantFact>& plants,
    const std::map<UnitId, QualitySummary>& summaries);

// --- Format L5: village-wise testing, lab and FTK --------------------------

struct Share {
  int64_t count = 0;
  double percent = 0;  // count * 100 / villages; 0 when there are none
};
struct L5Row {
  UnitId place = kNoUnit;
  int64_t villages = 0;
  Share tested_by_lab, chemical_by_lab, bacteriological_by_lab, chemical_by_ftk;
};
// The row of `place` with `villages` villages, from its summary on the
// day (villages_lab, villages_lab_chemical, villages_lab_bacteriological,
// villages_ftk: the financial year of the day up to it).  FTK tests are
// counted as chemical (field kits test chemical parameters, bacteria only
// by an H2S vial).
L5Row L5RowOf(UnitId place, int64_t villages, const QualitySummary& s);
// The villages of `place` in `h`.
int64_t VillagesIn(const Hierarchy& h, UnitId place);

}  // namespace jjm

#endif  // JJM_QUALITY_SURVEILLANCE_H_
