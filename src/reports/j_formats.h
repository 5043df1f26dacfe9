// The IMIS report formats officials know by name (J2, J3, J5, J7, J17,
// J23), built from the coverage roll-ups for any place on any date.  Each
// has the columns and row order of the IMIS report it mirrors, sub-totals
// where IMIS has them, and a note on each column saying how it is
// computed.  Domain rules only: no SQL, no HTTP.
#ifndef JJM_REPORTS_J_FORMATS_H_
#define JJM_REPORTS_J_FORMATS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "coverage/coverage_index.h"
#include "coverage/hierarchy.h"
#include "reports/table.h"

namespace jjm {

// What a report is, for the list of reports.
struct ReportInfo {
  std::string name;      // "j3"
  std::string title;     // English
  std::string title_hi;  // Hindi
  std::string rows;      // what a row is: "state (or the place's children)"
  std::string module;    // "coverage", "quality"
  Level deepest = Level::kGp;  // the deepest place the report accepts
};

// Every report jjm makes, coverage's J-formats first, then the formats of
// the modules linked to them (water quality's CS1 B(i) and L5).
const std::vector<ReportInfo>& AllReports();
// The report called `name`, or nullptr.
// The report named `name`, in any case ("J7" or "j7"); null when none.
const ReportInfo* FindReport(std::string_view name);

struct JReportInput {
  const Hierarchy* h = nullptr;
  const CoverageIndex* index = nullptr;
  UnitId place = kIndia;
  Date as_of;
  // The state's own target date for Har Ghar Jal (J23); the caller gives
  // the national default for a state with none.
  std::function<Date(UnitId state)> target_of;
  // Villages with piped water supply on `as_of` (a scheme commissioned by
  // then names them), indexed by UnitId; empty when the supply module is
  // not linked, and then J3's PWS columns are left empty.
  std::vector<bool> pws;
  bool pws_known = false;
  // When the table is made, as people read it: "2026-12-02 18:50 IST".
  std::string generated_at;
};

// Builds coverage report `name` (j2, j3, j5, j7, j17, j23).  Call under
// the coverage read lock.  A place deeper than the report allows is
// refused naming "place".
StatusOr<ReportTable> BuildJReport(std::string_view name,
                                   const JReportInput& in);

// The heading lines every report starts with: the place (name and code,
// with its path), the date, then `generated_at`.
void AddStandardHead(const Hierarchy& h, UnitId place, Date as_of,
                     const std::string& generated_at, ReportTable* t);

// "2026-12-02 18:50 IST" for now.
std::string GeneratedAtNow();

}  // namespace jjm

#endif  // JJM_REPORTS_J_FORMATS_H_
