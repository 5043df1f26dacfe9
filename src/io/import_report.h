// What an import found: every rejected row with its column, value and
// reason, and counts of what the import would write (or wrote).
#ifndef JJM_IO_IMPORT_REPORT_H_
#define JJM_IO_IMPORT_REPORT_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "coverage/hierarchy.h"
#include "crosswalk/name_match.h"

namespace jjm {

// Accepted mappings of a name crosswalk: a source file's name of a place,
// under a parent, to the LGD place it means.  Keys are (level, the parent's
// code, MatchKey of the source name).
class NameCrosswalk {
 public:
  void Add(Level level, std::string parent_code, std::string_view source_name,
           std::string code);
  // The code `source_name` maps to under `parent_code`, or null.
  const std::string* Find(Level level, std::string_view parent_code,
                          std::string_view source_name) const;
  size_t size() const { return map_.size(); }

 private:
  static std::string Key(Level level, std::string_view parent_code,
                         std::string_view source_name);
  std::unordered_map<std::string, std::string> map_;
};

// A name a file gives that no LGD place under its parent has.
struct UnmatchedName {
  Level level = Level::kState;
  std::string parent_code;
  // The source file's names of the places above it (empty above state).
  std::string state, district;
  std::string name;                     // as the file first writes it
  int64_t rows = 0;                     // rows that name it
  std::vector<Suggestion> suggestions;  // best first
};

struct ImportOptions {
  bool commit = false;          // write; otherwise only check and report
  bool skip_invalid = false;    // commit the valid rows of a file with rejects
  bool create_missing = false;  // create places a name lookup cannot find
  std::optional<Date> as_of;    // date the file's figures describe
  Date today = Date::TodayIst();
  std::string recorded_by = "cli";
  std::string remote;  // the client's address, for the batch (HTTP imports)
  // Write into closed months too; the reason goes into the audit trail.
  // Empty: rows dated in a closed month are rejected.
  std::string closed_period_reason;
  // Places names through accepted mappings (`--crosswalk`); not owned.
  const NameCrosswalk* crosswalk = nullptr;
  // Collects the names no LGD place matches, with suggestions, and goes on
  // below a name whose best suggestion is clearly ahead (crosswalk
  // suggest).  Such rows are still rejected.
  bool suggest = false;
  // The sheet to read of an Excel workbook (`--sheet`); empty: the first.
  std::string sheet;
  // The places rows may touch, each with everything under it; empty:
  // anywhere.  A row is judged by the lowest stored place of its chain (the
  // village, or the block, district or state a new one would go under): a
  // row outside every one of them is rejected, naming that place.
  std::vector<UnitId> within;
  // Called about once a second with the fraction read and rows so far.
  std::function<void(double fraction, int64_t rows)> progress;
};

struct Rejection {
  int64_t row;  // line number in the file; the header is line 1
  std::string column;
  std::string value;
  std::string reason;
  // Read from a workbook: the cell as Excel names it ("Sheet1!D17"), or the
  // row ("Sheet1!17") when the column is not one of the sheet's headings.
  std::string cell;
};

class ImportReport {
 public:
  void Reject(int64_t row, std::string_view column, std::string_view value,
              std::string reason);
  // Adds `n` to a named count ("villages created", ...).
  void Count(const std::string& what, int64_t n = 1) { counts_[what] += n; }

  const std::vector<Rejection>& rejections() const { return rejections_; }
  // Orders rejections by row (stable), for checks found out of order.
  void SortByRow();
  // The file was sheet `sheet` of a workbook whose first row is `header`:
  // names each rejection's cell as Excel does (Rejection::cell), now and
  // for rejections to come.
  void SetSheet(std::string sheet, std::vector<std::string> header);
  const std::string& sheet() const { return sheet_; }
  // Renumbers every rejection's row through `row_of` (a line of text made
  // from a sheet -> the sheet's row), before SetSheet names the cells.
  void RemapRows(const std::function<int64_t(int64_t)>& row_of);
  const std::map<std::string, int64_t>& counts() const { return counts_; }
  std::vector<std::string> notes;  // things a person should know
  // With ImportOptions::suggest: unmatched names in the order first met.
  std::vector<UnmatchedName> unmatched;
  int64_t rows_read = 0;
  int64_t rows_accepted = 0;
  bool committed = false;

  // Writes row,column,value,reason for every rejection (and cell, for a
  // workbook's sheet).
  Status WriteRejectsCsv(const std::string& path) const;
  // Prints a summary and up to `max_rejections` rejections.
  void Print(std::FILE* out, size_t max_rejections) const;

 private:
  std::string CellOf(int64_t row, std::string_view column) const;

  std::vector<Rejection> rejections_;
  std::map<std::string, int64_t> counts_;
  std::string sheet_;
  std::vector<std::string> header_;
};

// Calls `progress` at most about once a second.
class ProgressTicker {
 public:
  explicit ProgressTicker(const ImportOptions& opt) : opt_(opt) {}
  void Tick(double fraction, int64_t rows);

 private:
  const ImportOptions& opt_;
  int64_t last_ms_ = 0;
};

}  // namespace jjm

#endif  // JJM_IO_IMPORT_REPORT_H_
