// The XLSX writer, on libxlsxwriter in constant-memory mode: each row is
// written to a temporary file as soon as it is complete, so all 6.77 lakh
// villages take no more memory than one.  The only translation unit that
// includes xlsxwriter.h.
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "base/date.h"
#include "reports/table_writers.h"

namespace jjm {
namespace {

// Indian digit grouping as an Excel number format: 1,23,45,678.
constexpr char kIndianCount[] =
    "[>=10000000]##\\,##\\,##\\,##0;[>=100000]##\\,##\\,##0;##,##0";
constexpr char kTwoDecimals[] = "0.00";
constexpr char kDateFormat[] = "dd mmm yyyy";
// Excel's serial day of 1970-01-01.
constexpr double kExcelEpochOffset = 25569;

// Display width of UTF-8 text in characters (code points).
size_t Chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Status XlsxError(lxw_error e, const std::string& path) {
  return Internal("cannot write the workbook " + path + ": " + lxw_strerror(e));
}

}  // namespace

Status WriteTableXlsx(const ReportTable& t, std::string_view lang,
                      const std::string& path) {
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.use_zip64 = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (wb == nullptr) {
    return Internal("cannot create the workbook " + path);
  }
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 13);
  lxw_format* heading = workbook_add_format(wb);
  format_set_bold(heading);
  format_set_text_wrap(heading);
  format_set_align(heading, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color(heading, 0xDDEBF7);
  format_set_border(heading, LXW_BORDER_THIN);
  lxw_format* count = workbook_add_format(wb);
  format_set_num_format(count, kIndianCount);
  lxw_format* count_bold = workbook_add_format(wb);
  format_set_num_format(count_bold, kIndianCount);
  format_set_bold(count_bold);
  lxw_format* decimal = workbook_add_format(wb);
  format_set_num_format(decimal, kTwoDecimals);
  lxw_format* decimal_bold = workbook_add_format(wb);
  format_set_num_format(decimal_bold, kTwoDecimals);
  format_set_bold(decimal_bold);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, kDateFormat);

  lxw_worksheet* ws = workbook_add_worksheet(wb, "Report");
  // Column widths from the headings and the first rows (a heading wraps
  // onto up to three lines).
  const size_t ncols = t.columns.size();
  const size_t sample = std::min<size_t>(t.rows(), 500);
  for (size_t c = 0; c < ncols; ++c) {
    size_t width =
        std::max<size_t>(6, (Chars(t.columns[c].TitleIn(lang)) + 2) / 3);
    for (size_t r = 0; r < sample; ++r) {
      width = std::max(width, Chars(t.Display(r, c)) + 1);
    }
    worksheet_set_column(
        ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
        static_cast<double>(std::min<size_t>(width, 45)), nullptr);
  }
  lxw_row_t row = 0;
  worksheet_write_string(ws, row++, 0, t.TitleIn(lang).c_str(), title);
  for (const ReportTable::HeadLine& h : t.head) {
    worksheet_write_string(ws, row, 0, h.LabelIn(lang).c_str(), bold);
    worksheet_write_string(ws, row++, 1, h.value.c_str(), nullptr);
  }
  ++row;  // a blank line
  const lxw_row_t header_row = row;
  worksheet_set_row(ws, header_row, 45, nullptr);
  for (size_t c = 0; c < ncols; ++c) {
    worksheet_write_string(ws, row, static_cast<lxw_col_t>(c),
                           t.columns[c].TitleIn(lang).c_str(), heading);
  }
  worksheet_freeze_panes(ws, header_row + 1, 0);
  ++row;
  std::string text;
  for (size_t r = 0; r < t.rows(); ++r, ++row) {
    const bool strong = t.kind(r) != RowKind::kRow;
    for (size_t c = 0; c < ncols; ++c) {
      const ReportTable::Cell& cell = t.cell(r, c);
      const lxw_col_t col = static_cast<lxw_col_t>(c);
      const ColumnKind kind = t.columns[c].kind;
      lxw_error e = LXW_NO_ERROR;
      switch (cell.type) {
        case ReportTable::Cell::kEmpty:
          break;
        case ReportTable::Cell::kText: {
          text.assign(t.text(cell));
          if (kind == ColumnKind::kDate) {
            StatusOr<Date> d = Date::Parse(text);
            if (d.ok()) {
              e = worksheet_write_number(ws, row, col,
                                         d->days() + kExcelEpochOffset, date);
              break;
            }
          }
          e = worksheet_write_string(ws, row, col, text.c_str(),
                                     strong ? bold : nullptr);
          break;
        }
        case ReportTable::Cell::kInt:
          e = worksheet_write_number(ws, row, col, static_cast<double>(cell.i),
                                     kind == ColumnKind::kText
                                         ? nullptr
                                         : (strong ? count_bold : count));
          break;
        case ReportTable::Cell::kReal:
          e = worksheet_write_number(ws, row, col, cell.d,
                                     strong ? decimal_bold : decimal);
          break;
      }
      if (e != LXW_NO_ERROR) {
        workbook_close(wb);
        std::remove(path.c_str());
        return XlsxError(e, path);
      }
    }
  }
  // How each figure is computed.
  lxw_worksheet* notes = workbook_add_worksheet(wb, "Notes");
  worksheet_set_column(notes, 0, 0, 40, nullptr);
  worksheet_set_column(notes, 1, 1, 90, nullptr);
  lxw_row_t n = 0;
  worksheet_write_string(notes, n, 0, t.TitleIn(lang).c_str(), bold);
  worksheet_write_string(notes, n++, 1, t.note.c_str(), nullptr);
  for (const ReportColumn& c : t.columns) {
    if (c.note.empty()) continue;
    worksheet_write_string(notes, n, 0, c.TitleIn(lang).c_str(), bold);
    worksheet_write_string(notes, n++, 1, c.note.c_str(), nullptr);
  }
  const lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) {
    std::remove(path.c_str());
    return XlsxError(e, path);
  }
  return Status::Ok();
}

StatusOr<std::string> TableXlsx(const ReportTable& t, std::string_view lang) {
  const char* dir = std::getenv("TMPDIR");
  std::string path =
      std::string(dir != nullptr && *dir ? dir : "/tmp") + "/jjm-report-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) return Internal("cannot make a temporary file in " + path);
  ::close(fd);
  Status s = WriteTableXlsx(t, lang, path);
  if (!s.ok()) {
    std::remove(path.c_str());
    return s;
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  std::remove(path.c_str());
  if (bytes.empty()) return Internal("the workbook came out empty");
  return bytes;
}

}  // namespace jjm
