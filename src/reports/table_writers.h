// A report's table written out for people and programs: CSV, JSON, XLSX
// (libxlsxwriter, constant-memory mode: rows go to disk as they are
// written) and PDF (Pango over Cairo, so that Devanagari is shaped; A4
// landscape, page numbers, the column headings repeated on every page).
// Each output starts with the table's heading: title, place, date,
// filters and when it was made.  `lang` is "en" or "hi": column headings
// and heading labels in that language; place names as recorded.
//
// Thread safety: the writers keep no state; any number may run at once.
#ifndef JJM_REPORTS_TABLE_WRITERS_H_
#define JJM_REPORTS_TABLE_WRITERS_H_

#include <string>
#include <string_view>

#include "base/status.h"
#include "reports/table.h"

namespace jjm {

enum class TableFormat { kJson, kCsv, kXlsx, kPdf };

// "json", "csv", "xlsx", "pdf"; anything else is refused naming `field`.
StatusOr<TableFormat> ParseTableFormat(std::string_view s,
                                       std::string_view field);
std::string_view TableFormatName(TableFormat f);
// The media type of a format ("text/csv; charset=utf-8", ...).
std::string_view TableContentType(TableFormat f);

// The heading lines (title, then "label,value"), a blank line, the column
// headings, then one line per row: counts as plain integers, percentages
// and decimals with two places.
std::string TableCsv(const ReportTable& t, std::string_view lang);

// {"report","title","title_hi","note","head":[...],"columns":[...],
//  "rows":[{"kind":"row"|"subtotal"|"total","cells":[...]}]}
std::string TableJson(const ReportTable& t);

// Writes the workbook to `path`: one sheet with the heading, a frozen row
// of column headings and real number cells (counts in Indian grouping as a
// number format), then a sheet "Notes" saying how each column is computed.
// Memory stays bounded whatever the rows.
Status WriteTableXlsx(const ReportTable& t, std::string_view lang,
                      const std::string& path);
// The same workbook as bytes (written through a temporary file).
StatusOr<std::string> TableXlsx(const ReportTable& t, std::string_view lang);

// The table as a PDF document.
StatusOr<std::string> TablePdf(const ReportTable& t, std::string_view lang);

// The table in format `f` as bytes.
StatusOr<std::string> RenderTable(const ReportTable& t, TableFormat f,
                                  std::string_view lang);

}  // namespace jjm

#endif  // JJM_REPORTS_TABLE_WRITERS_H_
