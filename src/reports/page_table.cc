#include "reports/page_table.h"

#include <cmath>
#include <cstdint>
#include <string_view>

namespace jjm {
namespace {

using Json = nlohmann::json;

StatusOr<std::string> TextOf(const Json& obj, const char* key,
                             const std::string& where, bool required,
                             size_t max = kPageTableMaxText) {
  const std::string field = where.empty() ? key : where + "." + key;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) return InvalidArgument(field + " is required", field);
    return std::string();
  }
  if (!it->is_string()) {
    return InvalidArgument(field + " must be text", field);
  }
  std::string s = it->get<std::string>();
  if (required && s.empty()) {
    return InvalidArgument(field + " must not be empty", field);
  }
  if (s.size() > max) {
    return InvalidArgument(
        field + " is longer than " + std::to_string(max) + " bytes", field);
  }
  return s;
}

StatusOr<ColumnKind> KindOf(const std::string& s, const std::string& field) {
  if (s.empty() || s == "text") return ColumnKind::kText;
  if (s == "count") return ColumnKind::kCount;
  if (s == "percent") return ColumnKind::kPercent;
  if (s == "decimal") return ColumnKind::kDecimal;
  if (s == "date") return ColumnKind::kDate;
  return InvalidArgument(
      field + " must be text, count, percent, decimal or date, not '" + s + "'",
      field);
}

StatusOr<RowKind> RowKindOf(const std::string& s, const std::string& field) {
  if (s.empty() || s == "row") return RowKind::kRow;
  if (s == "subtotal") return RowKind::kSubtotal;
  if (s == "total") return RowKind::kTotal;
  return InvalidArgument(
      field + " must be row, subtotal or total, not '" + s + "'", field);
}

Status AddCell(const Json& v, ColumnKind kind, const std::string& field,
               ReportTable* t) {
  if (v.is_null()) {
    t->Empty();
    return Status::Ok();
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s.size() > kPageTableMaxText) {
      return InvalidArgument(field + " is longer than " +
                                 std::to_string(kPageTableMaxText) + " bytes",
                             field);
    }
    if (kind != ColumnKind::kText && kind != ColumnKind::kDate && !s.empty()) {
      return InvalidArgument(field + " must be a number, not '" + s + "'",
                             field);
    }
    if (s.empty()) {
      t->Empty();
    } else {
      t->Text(s);
    }
    return Status::Ok();
  }
  if (v.is_number()) {
    const double d = v.get<double>();
    if (!std::isfinite(d)) {
      return InvalidArgument(field + " must be a finite number", field);
    }
    if (kind == ColumnKind::kText || kind == ColumnKind::kDate) {
      t->Text(v.dump());  // a code sent as a number stays as it was sent
      return Status::Ok();
    }
    if (kind == ColumnKind::kCount) {
      if (!v.is_number_integer() ||
          (v.is_number_unsigned() &&
           v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))) {
        return InvalidArgument(field + " must be a whole number", field);
      }
      t->Int(v.get<int64_t>());
      return Status::Ok();
    }
    t->Real(d);
    return Status::Ok();
  }
  return InvalidArgument(field + " must be text, a number or null", field);
}

}  // namespace

StatusOr<ReportTable> TableFromPage(const Json& body,
                                    const std::string& generated_at) {
  ReportTable t;
  JJM_ASSIGN_OR_RETURN(t.title, TextOf(body, "title", "", true, 300));
  JJM_ASSIGN_OR_RETURN(t.title_hi, TextOf(body, "title_hi", "", false, 300));
  JJM_ASSIGN_OR_RETURN(t.note, TextOf(body, "note", "", false));
  JJM_ASSIGN_OR_RETURN(std::string name, TextOf(body, "name", "", false, 40));
  t.name = name.empty() ? "table" : name;
  for (char c : t.name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) {
      return InvalidArgument(
          "name may have only small letters, digits, '-' and '_'", "name");
    }
  }
  if (auto head = body.find("head"); head != body.end() && !head->is_null()) {
    if (!head->is_array()) {
      return InvalidArgument("head must be a list", "head");
    }
    if (head->size() > kPageTableMaxHead) {
      return InvalidArgument(
          "head has more than " + std::to_string(kPageTableMaxHead) + " lines",
          "head");
    }
    for (size_t i = 0; i < head->size(); ++i) {
      const Json& l = (*head)[i];
      const std::string where = "head[" + std::to_string(i) + "]";
      if (!l.is_object()) {
        return InvalidArgument(where + " must be an object", where);
      }
      ReportTable::HeadLine line;
      JJM_ASSIGN_OR_RETURN(line.label, TextOf(l, "label", where, true, 100));
      JJM_ASSIGN_OR_RETURN(line.label_hi,
                           TextOf(l, "label_hi", where, false, 200));
      JJM_ASSIGN_OR_RETURN(line.value, TextOf(l, "value", where, false, 500));
      t.head.push_back(std::move(line));
    }
  }
  t.head.push_back({"Generated", "तैयार किया गया", generated_at});
  auto cols = body.find("columns");
  if (cols == body.end() || !cols->is_array() || cols->empty()) {
    return InvalidArgument("columns must be a list of at least one column",
                           "columns");
  }
  if (cols->size() > kPageTableMaxColumns) {
    return InvalidArgument(
        "columns has more than " + std::to_string(kPageTableMaxColumns),
        "columns");
  }
  for (size_t i = 0; i < cols->size(); ++i) {
    const Json& c = (*cols)[i];
    const std::string where = "columns[" + std::to_string(i) + "]";
    if (!c.is_object()) {
      return InvalidArgument(where + " must be an object", where);
    }
    ReportColumn col;
    col.key = "c" + std::to_string(i);
    JJM_ASSIGN_OR_RETURN(col.title, TextOf(c, "title", where, true, 200));
    JJM_ASSIGN_OR_RETURN(col.title_hi,
                         TextOf(c, "title_hi", where, false, 400));
    JJM_ASSIGN_OR_RETURN(col.note, TextOf(c, "note", where, false));
    JJM_ASSIGN_OR_RETURN(std::string kind, TextOf(c, "kind", where, false, 20));
    JJM_ASSIGN_OR_RETURN(col.kind, KindOf(kind, where + ".kind"));
    t.columns.push_back(std::move(col));
  }
  auto rows = body.find("rows");
  if (rows == body.end() || !rows->is_array()) {
    return InvalidArgument("rows must be a list", "rows");
  }
  if (rows->size() > kPageTableMaxRows) {
    return InvalidArgument("rows has more than " +
                               std::to_string(kPageTableMaxRows) +
                               "; download the named report instead",
                           "rows");
  }
  for (size_t r = 0; r < rows->size(); ++r) {
    const std::string where = "rows[" + std::to_string(r) + "]";
    const Json& row = (*rows)[r];
    const Json* cells = &row;
    RowKind kind = RowKind::kRow;
    if (row.is_object()) {
      JJM_ASSIGN_OR_RETURN(std::string k,
                           TextOf(row, "kind", where, false, 20));
      JJM_ASSIGN_OR_RETURN(kind, RowKindOf(k, where + ".kind"));
      auto it = row.find("cells");
      if (it == row.end()) {
        return InvalidArgument(where + ".cells is required", where + ".cells");
      }
      cells = &*it;
    }
    if (!cells->is_array()) {
      return InvalidArgument(where + " must be a list of cells", where);
    }
    if (cells->size() != t.columns.size()) {
      return InvalidArgument(where + " has " + std::to_string(cells->size()) +
                                 " cells for " +
                                 std::to_string(t.columns.size()) + " columns",
                             where);
    }
    t.BeginRow(kind);
    for (size_t c = 0; c < cells->size(); ++c) {
      JJM_RETURN_IF_ERROR(AddCell((*cells)[c], t.columns[c].kind,
                                  where + "[" + std::to_string(c) + "]", &t));
    }
  }
  return t;
}

}  // namespace jjm
