// A report's table: its heading (title, place, date, filters, when it was
// made), typed columns, and rows of typed cells, some of them sub-totals or
// the total.  The J-formats build one (j_formats.h); the writers turn one
// into CSV, JSON, XLSX and PDF (table_writers.h).  No SQL, no HTTP.
//
// Cells are kept compactly (16 bytes each, texts in one arena) so that a
// table of all 6.77 lakh villages fits in about 150 MB.
//
// Thread safety: a table is built by one thread; once built it may be read
// from any number of threads.
#ifndef JJM_REPORTS_TABLE_H_
#define JJM_REPORTS_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jjm {

// How a column's cells are shown: kCount and kPercent are numbers
// (Indian grouping; two decimals), kDate a yyyy-mm-dd text.
enum class ColumnKind : uint8_t { kText, kCount, kPercent, kDecimal, kDate };

struct ReportColumn {
  std::string key;       // stable, for JSON and CSV headers: "hh_with_tap"
  std::string title;     // English heading
  std::string title_hi;  // Hindi heading
  ColumnKind kind = ColumnKind::kText;
  std::string note;  // how the figure is computed ("" when obvious)
  // A place the row lies in (J7's district, block and panchayat): on paper
  // it is printed on the first row of each run of equal values on a page,
  // a run ending where it or a grouping column to its left changes.  The
  // other formats write every value.
  bool group = false;
  // The heading in `lang` ("hi" gives Hindi where there is one).
  const std::string& TitleIn(std::string_view lang) const {
    return lang == "hi" && !title_hi.empty() ? title_hi : title;
  }
};

enum class RowKind : uint8_t { kRow, kSubtotal, kTotal };
std::string_view RowKindName(RowKind k);

class ReportTable {
 public:
  struct Cell {
    enum Type : uint8_t { kEmpty, kText, kInt, kReal };
    Type type = kEmpty;
    union {
      int64_t i;
      double d;
      struct {
        uint32_t offset, size;
      } text;
    };
    Cell() : i(0) {}
  };

  // Heading.
  std::string name;      // "j3"
  std::string title;     // "Format J3: state-wise tap connections"
  std::string title_hi;  // Hindi
  std::string note;      // how the table as a whole is made
  // Lines of the heading after the title, in order: Place, As of, any
  // filters, Generated (when the table was made).
  struct HeadLine {
    std::string label, label_hi, value;
    const std::string& LabelIn(std::string_view lang) const {
      return lang == "hi" && !label_hi.empty() ? label_hi : label;
    }
  };
  std::vector<HeadLine> head;
  std::vector<ReportColumn> columns;

  const std::string& TitleIn(std::string_view lang) const {
    return lang == "hi" && !title_hi.empty() ? title_hi : title;
  }

  // Building: BeginRow, then exactly one cell per column, in order.
  void BeginRow(RowKind kind = RowKind::kRow);
  void Text(std::string_view s);
  void Int(int64_t v);
  void Real(double v);
  void Empty();

  size_t rows() const { return kinds_.size(); }
  RowKind kind(size_t row) const { return kinds_[row]; }
  const Cell& cell(size_t row, size_t col) const {
    return cells_[row * columns.size() + col];
  }
  std::string_view text(const Cell& c) const {
    return std::string_view(arena_).substr(c.text.offset, c.text.size);
  }
  // The cell as a person reads it: Indian grouping for counts, two
  // decimals for percentages and decimals, "" for an empty cell.
  std::string Display(size_t row, size_t col) const;
  // Bytes held by the cells and texts.
  size_t MemoryBytes() const;

 private:
  std::vector<RowKind> kinds_;
  std::vector<Cell> cells_;
  std::string arena_;
};

}  // namespace jjm

#endif  // JJM_REPORTS_TABLE_H_
