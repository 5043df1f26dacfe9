// Reading an import file: its name for the record, its header row, then its
// rows one by one, a row the reader cannot read rejected in the report.
//
//   JJM_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
//   std::vector<std::string_view> f;
//   JJM_RETURN_IF_ERROR(ReadHeaderRow(reader.get(), &f));
//   ...
//   while (NextRow(reader.get(), &f, &report)) { ... }
#ifndef JJM_IO_CSV_ROWS_H_
#define JJM_IO_CSV_ROWS_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/csv.h"
#include "base/status.h"
#include "io/import_report.h"

namespace jjm {

// The name of the file at `path` (what follows its last '/'), for a batch's
// source.
std::string SourceName(const std::string& path);

// Reads the header row into `fields`; InvalidArgument "the file is empty"
// (field "file") when the input has no row.
Status ReadHeaderRow(CsvReader* reader, std::vector<std::string_view>* fields);

// Reads the next row into `fields`.  False at the end of the input, and
// after a row the reader cannot read (a quote never closed), which is
// rejected in `report` on the reader's line with `column` and the reader's
// message: nothing after it is read.
bool NextRow(CsvReader* reader, std::vector<std::string_view>* fields,
             ImportReport* report, std::string_view column = "");

}  // namespace jjm

#endif  // JJM_IO_CSV_ROWS_H_
