// An importer's input file: CSV, or one sheet of an Excel workbook (.xlsx,
// told by its first bytes, not its name) read as CSV whose records keep
// their sheet row numbers, so that a rejected row is reported where Excel
// shows it ("Sheet1!D17").
#ifndef JJM_IO_TABLE_FILE_H_
#define JJM_IO_TABLE_FILE_H_

#include <memory>
#include <string>
#include <vector>

#include "base/csv.h"
#include "base/status.h"
#include "io/import_report.h"

namespace jjm {

struct TableFile {
  std::unique_ptr<CsvReader> reader;
  std::string sheet;                // the workbook's sheet; empty for CSV
  std::vector<std::string> header;  // the sheet's first row

  // Names the cells of `report`'s rejections (a no-op for CSV).
  void Label(ImportReport* report) const {
    if (!sheet.empty()) report->SetSheet(sheet, header);
  }
};

// Opens `path`; `sheet` picks a workbook's sheet (empty: the first) and is
// refused, naming "sheet", for a CSV file.
StatusOr<TableFile> OpenTableFile(const std::string& path,
                                  const std::string& sheet);

// The same for a file sent in a request: `bytes` is the file as it was
// sent (CSV text or a workbook, told by its first bytes), `name` its name
// for errors.  The reader keeps what it needs.
StatusOr<TableFile> OpenTableBytes(std::string bytes, const std::string& name,
                                   const std::string& sheet);

}  // namespace jjm

#endif  // JJM_IO_TABLE_FILE_H_
