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
#include <vector>

#include "base/date.h"
#include "base/status.h"

namespace jjm {

struct ImportOptions {
  bool commit = false;          // write; otherwise only check and report
  bool skip_invalid = false;    // commit the valid rows of a file with rejects
  bool create_missing = false;  // create places a name lookup cannot find
  std::optional<Date> as_of;    // date the file's figures describe
  Date today = Date::TodayIst();
  std::string recorded_by = "cli";
  // Write into closed months too; the reason goes into the audit trail.
  // Empty: rows dated in a closed month are rejected.
  std::string closed_period_reason;
  // Called about once a second with the fraction read and rows so far.
  std::function<void(double fraction, int64_t rows)> progress;
};

struct Rejection {
  int64_t row;  // line number in the file; the header is line 1
  std::string column;
  std::string value;
  std::string reason;
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
  const std::map<std::string, int64_t>& counts() const { return counts_; }
  std::vector<std::string> notes;  // things a person should know
  int64_t rows_read = 0;
  int64_t rows_accepted = 0;
  bool committed = false;

  // Writes row,column,value,reason for every rejection.
  Status WriteRejectsCsv(const std::string& path) const;
  // Prints a summary and up to `max_rejections` rejections.
  void Print(std::FILE* out, size_t max_rejections) const;

 private:
  std::vector<Rejection> rejections_;
  std::map<std::string, int64_t> counts_;
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
