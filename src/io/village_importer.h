// The importer of villages CSV files, shared by the files that define it:
// village_import.cc (header, rows, facts, the run) and village_places.cc
// (finding and planning the places a row names).  Internal to io/.
#ifndef JJM_IO_VILLAGE_IMPORTER_H_
#define JJM_IO_VILLAGE_IMPORTER_H_

#include <algorithm>
#include <array>
#include <functional>
#include <limits>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "base/csv.h"
#include "base/strings.h"
#include "coverage/ledger_rules.h"
#include "crosswalk/crosswalk_service.h"
#include "io/csv_rows.h"
#include "io/importers.h"
#include "io/place_resolver.h"

namespace jjm {
namespace village_import {

// A village a row would create.
constexpr UnitRef kPlanned = std::numeric_limits<int64_t>::min();

enum class Format { kDashboard, kProject };

// Figures of one row: one slot per fact, in this order.
enum Fig {
  kHouseholds,
  kWithTap,
  kHabitations,
  kSchools,
  kSchoolsTap,
  kAnganwadis,
  kAnganwadisTap,
  kSc,
  kSt,
  kGeneral,
  kFigCount
};

struct ColumnSpec {
  const char* dashboard;
  const char* project;
};
constexpr ColumnSpec kFigColumns[kFigCount] = {
    {"TotalNoofHouseholds", "total_hh"},
    {"HousesWithTaps", "hh_with_tap"},
    {"TotalHab", "habitations"},
    {"NoofSchool", "schools"},
    {"School_TapCon", "schools_with_tap"},
    {"NoofBal_Agan", "anganwadis"},
    {"Bal_Agan_TapCon", "anganwadis_with_tap"},
    {"SCCurrentPop", "sc_population"},
    {"STCurrentPop", "st_population"},
    {"GENCurrentPop", "general_population"},
};

// The latest reported value of each fact of one village as of a date.
struct KnownFacts {
  std::array<int64_t, kFigCount> value;
  std::array<int32_t, kFigCount> day;
  double lpcd = -1;
  int32_t lpcd_day = kMinDay;
  KnownFacts() {
    value.fill(-1);
    day.fill(kMinDay);
  }
};

class VillageImporter {
 public:
  VillageImporter(CoverageService* svc, const ImportOptions& opt,
                  std::string source)
      : svc_(svc), opt_(opt), source_(std::move(source)) {}

  StatusOr<ImportReport> Run(CsvReader* reader);

 private:
  Status ReadHeader(const std::vector<std::string_view>& header);
  // Runs while Run holds the coverage service's write lock.
  void Row(const std::vector<std::string_view>& f, int64_t line)
      REQUIRES(svc_->write_mutex());
  // Finds or plans the place chain of a row; returns the village or
  // kNoUnit after rejecting the row.
  // With `create` false, only looks up: returns the stored village,
  // kPlanned when the row's places can be created, or kNoUnit after
  // rejecting the row.  With `create`, plans what is missing.
  UnitRef PlaceProject(const std::vector<std::string_view>& f, int64_t line,
                       std::string* village_key, bool create);
  UnitRef PlaceDashboard(const std::vector<std::string_view>& f, int64_t line,
                         std::string* village_key, bool create);
  UnitRef ByName(UnitRef parent, Level level, std::string_view name,
                 const char* column, int64_t line, bool* failed);
  // The entry of report_.unmatched for `name` under `parent`, counted once
  // more, with its suggestions computed the first time.
  // A row is counted once however often it is looked at.
  const UnmatchedName& Unmatched(UnitRef parent, Level level,
                                 std::string_view name, int64_t line);
  // The facts stored for `village` as of a date, or null when none (or the
  // village is new).
  StatusOr<const KnownFacts*> Known(UnitRef village, Date as_of)
      REQUIRES(svc_->write_mutex());
  // With opt_.within: true if `place` (a place of the row's chain; planned,
  // or kNoUnit for India) lies within one of those places, or with
  // `or_above` above one of them; otherwise rejects the row, naming it.
  bool Within(UnitRef place, const std::vector<std::string_view>& f,
              int64_t line, bool or_above);
  std::string_view Field(const std::vector<std::string_view>& f,
                         int col) const {
    return col >= 0 && col < static_cast<int>(f.size()) ? Trim(f[col])
                                                        : std::string_view();
  }

  CoverageService* svc_;
  const ImportOptions& opt_;
  std::string source_;
  Date as_of_;
  Format format_ = Format::kProject;
  std::unordered_map<std::string, int> col_;
  int fig_col_[kFigCount];
  int lpcd_col_ = -1;
  std::vector<std::string> ignored_columns_;
  ImportPlan plan_;
  std::optional<PlaceResolver> places_;
  ImportReport report_;
  std::unordered_map<std::string, int64_t> seen_villages_;
  // Index in report_.unmatched by parent code, level and name key.
  std::unordered_map<std::string, size_t> unmatched_at_;
  std::vector<int64_t> unmatched_line_;  // the last line counted, by index
  std::unordered_set<UnitRef> matched_names_;  // places found by name
  std::unordered_set<UnitRef> crosswalked_;    // ... through the crosswalk
  // The lowest stored or planned place a new village's row was placed
  // under (set by the lookups; kNoUnit: India).
  UnitRef anchor_ = kNoUnit;
  std::unordered_set<int64_t> aliased_;  // stored name aliases used
  // The stored name aliases the current row's names went through.
  std::vector<int64_t> row_aliases_;
  // Villages placed through stored aliases, recorded when the plan commits.
  struct AliasUse {
    int64_t alias_id;
    UnitRef village;
    int64_t line;
  };
  std::vector<AliasUse> alias_uses_;
  // Facts already stored, as of each date rows are dated (usually one).
  std::map<int32_t, std::unordered_map<UnitId, KnownFacts>> known_;
  // Villages this file has changed, with their timelines so far.
  std::unordered_map<UnitRef, VillageTimeline> working_;
  int as_of_col_ = -1;
  int64_t file_households_ = 0, file_with_tap_ = 0;
  // Set when reading the store failed: the import stops with it.
  Status failure_;

  int Col(const char* name) const {
    auto it = col_.find(name);
    return it == col_.end() ? -1 : it->second;
  }
};

}  // namespace village_import
}  // namespace jjm

#endif  // JJM_IO_VILLAGE_IMPORTER_H_
