#include "reports/table.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

#include "base/strings.h"

namespace jjm {

std::string_view RowKindName(RowKind k) {
  switch (k) {
    case RowKind::kRow:
      return "row";
    case RowKind::kSubtotal:
      return "subtotal";
    case RowKind::kTotal:
      return "total";
  }
  return "row";
}

void ReportTable::BeginRow(RowKind kind) {
  assert(cells_.size() == kinds_.size() * columns.size());
  kinds_.push_back(kind);
  // Room for the row, growing geometrically: reserving the exact size on
  // every row would copy the whole table each time (quadratic; the
  // national J7 took minutes).
  if (cells_.capacity() < cells_.size() + columns.size()) {
    cells_.reserve(
        std::max(cells_.capacity() * 2, cells_.size() + columns.size()));
  }
}

void ReportTable::Text(std::string_view s) {
  Cell c;
  c.type = Cell::kText;
  c.text.offset = static_cast<uint32_t>(arena_.size());
  c.text.size = static_cast<uint32_t>(s.size());
  arena_.append(s);
  cells_.push_back(c);
}

void ReportTable::Int(int64_t v) {
  Cell c;
  c.type = Cell::kInt;
  c.i = v;
  cells_.push_back(c);
}

void ReportTable::Real(double v) {
  Cell c;
  c.type = Cell::kReal;
  c.d = v;
  cells_.push_back(c);
}

void ReportTable::Empty() { cells_.push_back(Cell()); }

std::string ReportTable::Display(size_t row, size_t col) const {
  const Cell& c = cell(row, col);
  switch (c.type) {
    case Cell::kEmpty:
      return "";
    case Cell::kText:
      return std::string(text(c));
    case Cell::kInt:
      return columns[col].kind == ColumnKind::kText ? std::to_string(c.i)
                                                    : IndianGrouped(c.i);
    case Cell::kReal: {
      char buf[48];
      std::snprintf(buf, sizeof buf, "%.2f", c.d);
      return buf;
    }
  }
  return "";
}

size_t ReportTable::MemoryBytes() const {
  return cells_.capacity() * sizeof(Cell) + kinds_.capacity() +
         arena_.capacity();
}

}  // namespace jjm
