// Shared parts of the water-quality importers (quality_import*.cc): the
// columns of a header, the service's rejections in an import report.  Not
// for use outside src/io/.
#ifndef JJM_IO_QUALITY_IMPORT_INTERNAL_H_
#define JJM_IO_QUALITY_IMPORT_INTERNAL_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "io/import_report.h"
#include "quality/quality_service.h"

namespace jjm::qimport {

// A header cell as a column key: trimmed, lower case, runs of spaces,
// '-' and '.' as one '_' ("Collected On" -> "collected_on").
std::string ColumnKey(std::string_view header);

// The columns of a header row, found by any of their names.
class Columns {
 public:
  explicit Columns(const std::vector<std::string_view>& header);
  // The index of the first of `names` the header has, or -1.
  int Find(std::initializer_list<std::string_view> names) const;
  // The trimmed cell of column `c` in `row` ("" for -1 or a short row).
  static std::string_view Cell(const std::vector<std::string_view>& row, int c);
  size_t size() const { return keys_.size(); }
  const std::string& key(size_t i) const { return keys_[i]; }
  // The header as the file writes it (trimmed).
  const std::string& header(size_t i) const { return headers_[i]; }

 private:
  std::vector<std::string> keys_, headers_;
  std::unordered_map<std::string, int> index_;
};

// InvalidArgument (field "header") naming the columns of `required`
// (name, index) the header lacks (index -1), or OK.
Status RequireColumns(
    std::initializer_list<std::pair<std::string_view, int>> required,
    std::string_view expected);

// The file's column for each field of an input struct the service may
// name in a rejection ("source_code" -> "source").
using FieldColumns = std::unordered_map<std::string, std::string>;
// Adds field -> the header of column `c` (when the file has it).
void MapField(const Columns& cols, FieldColumns* map, const std::string& field,
              int c);
// The column to report for a rejection naming `field`.
std::string ColumnOf(const FieldColumns& map, const std::string& field);

// Adds the service's rejections to `report` and its figures: accepted
// rows, committed, and counts named by `what` ("labs", "sources").
void AddOutcome(const BulkOutcome& out, const std::string& what,
                const FieldColumns& columns, ImportReport* report);

}  // namespace jjm::qimport

#endif  // JJM_IO_QUALITY_IMPORT_INTERNAL_H_
