// A small streaming reader of Excel workbooks (.xlsx: Office Open XML in a
// zip), enough for the importers: one sheet's cells as text, row by row.
// Reads shared strings, inline strings, numbers, booleans, date serials
// (by the cell's number format: Excel's built-in date formats and custom
// ones with day, month or year codes, in the 1900 or 1904 date system) and
// empty cells.  Formulas give their cached value.  Built on minizip and
// expat (Debian packages); nothing else in Debian reads XLSX from C++.
//
// A workbook is outside input, so everything is limited: the uncompressed
// bytes of each part are counted as they are inflated (a zip's stated sizes
// are not trusted), and rows, columns, shared strings and a cell's length
// have ceilings; past one the read stops with an error naming the limit.
// A document type declaration is refused (no entity expansion).
//
// Thread safety: no shared state; any number of reads may run at once.
#ifndef JJM_IO_XLSX_READER_H_
#define JJM_IO_XLSX_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jjm {

struct XlsxLimits {
  // Uncompressed bytes of one part (a sheet, the shared strings) and of
  // all parts read.
  uint64_t max_part_bytes = uint64_t{1} << 30;
  uint64_t max_total_bytes = uint64_t{3} << 30;
  int64_t max_rows = 1048576;   // Excel's own
  int32_t max_columns = 16384;  // Excel's own (A..XFD)
  int64_t max_shared_strings = 20000000;
  size_t max_cell_bytes = 32767 * 4;  // Excel's 32,767 characters
  // Bytes of the sheet as CSV: repeated shared strings and padding can make
  // it far larger than the part it comes from.
  uint64_t max_output_bytes = uint64_t{1} << 30;
  // The small parts (workbook, relationships, styles): their own limit, and
  // a cap on the sheets, relationships and number formats they may list.
  uint64_t max_small_part_bytes = uint64_t{32} << 20;
  size_t max_entries = 100000;
};

// One sheet as CSV text: record k holds the cells of sheet row
// `rows[k]` (1-based, as Excel numbers it), padded with empty fields to the
// width of the first row; rows with no value are left out.
struct XlsxSheet {
  std::string name;  // as the workbook names it ("Sheet1")
  std::string csv;
  std::vector<int64_t> rows;
  int32_t columns = 0;  // width of the first row
};

// Whether the file at `path` starts like a zip (an .xlsx is one).
bool LooksLikeXlsx(const std::string& path);

// Reads sheet `sheet` of the workbook at `path` (empty: the first sheet).
// An unknown sheet is refused naming the sheets there are (field "sheet");
// a file that is not a workbook, or breaks a limit, is refused naming the
// file (field "file").
StatusOr<XlsxSheet> ReadXlsxSheet(const std::string& path,
                                  const std::string& sheet,
                                  const XlsxLimits& limits = {});

// Whether `bytes` start like a zip.
bool IsXlsxBytes(std::string_view bytes);

// ReadXlsxSheet of a workbook held in memory (an upload); `name` (the
// file's name as its sender gave it) names it in errors.  `bytes` must
// outlive the call only.
StatusOr<XlsxSheet> ReadXlsxSheetFromBytes(std::string_view bytes,
                                           const std::string& name,
                                           const std::string& sheet,
                                           const XlsxLimits& limits = {});

// "A", "Z", "AA", "XFD" for columns 0, 25, 26, 16383.
std::string XlsxColumnName(int32_t column);
// "Sheet1!D17" for column 3 of row 17.
std::string XlsxCellName(const std::string& sheet, int64_t row, int32_t column);

}  // namespace jjm

#endif  // JJM_IO_XLSX_READER_H_
