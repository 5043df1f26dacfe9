// CSV and JSON writers, and the dispatch by format.  XLSX is written in
// xlsx_writer.cc, PDF in pdf_writer.cc.
#include "reports/table_writers.h"

#include <cstdio>

#include "base/csv.h"
#include "base/json_writer.h"

namespace jjm {
namespace {

std::string_view KindName(ColumnKind k) {
  switch (k) {
    case ColumnKind::kText:
      return "text";
    case ColumnKind::kCount:
      return "count";
    case ColumnKind::kPercent:
      return "percent";
    case ColumnKind::kDecimal:
      return "decimal";
    case ColumnKind::kDate:
      return "date";
  }
  return "text";
}

void AppendPlain(const ReportTable& t, size_t r, size_t c, std::string* out) {
  const ReportTable::Cell& cell = t.cell(r, c);
  switch (cell.type) {
    case ReportTable::Cell::kEmpty:
      return;
    case ReportTable::Cell::kText:
      AppendCsvField(t.text(cell), out);
      return;
    case ReportTable::Cell::kInt:
      *out += std::to_string(cell.i);
      return;
    case ReportTable::Cell::kReal: {
      char buf[48];
      std::snprintf(buf, sizeof buf, "%.2f", cell.d);
      *out += buf;
      return;
    }
  }
}

}  // namespace

StatusOr<TableFormat> ParseTableFormat(std::string_view s,
                                       std::string_view field) {
  if (s.empty() || s == "json") return TableFormat::kJson;
  if (s == "csv") return TableFormat::kCsv;
  if (s == "xlsx") return TableFormat::kXlsx;
  if (s == "pdf") return TableFormat::kPdf;
  return InvalidArgument(std::string(field) +
                             " must be json, csv, xlsx or pdf, not '" +
                             std::string(s) + "'",
                         std::string(field));
}

std::string_view TableFormatName(TableFormat f) {
  switch (f) {
    case TableFormat::kJson:
      return "json";
    case TableFormat::kCsv:
      return "csv";
    case TableFormat::kXlsx:
      return "xlsx";
    case TableFormat::kPdf:
      return "pdf";
  }
  return "json";
}

std::string_view TableContentType(TableFormat f) {
  switch (f) {
    case TableFormat::kJson:
      return "application/json";
    case TableFormat::kCsv:
      return "text/csv; charset=utf-8";
    case TableFormat::kXlsx:
      return "application/"
             "vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case TableFormat::kPdf:
      return "application/pdf";
  }
  return "application/json";
}

std::string TableCsv(const ReportTable& t, std::string_view lang) {
  std::string out;
  out.reserve(64 + t.rows() * t.columns.size() * 8);
  AppendCsvField(t.TitleIn(lang), &out);
  out += '\n';
  for (const ReportTable::HeadLine& h : t.head) {
    AppendCsvField(h.LabelIn(lang), &out);
    out += ',';
    AppendCsvField(h.value, &out);
    out += '\n';
  }
  out += '\n';
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (c > 0) out += ',';
    AppendCsvField(t.columns[c].TitleIn(lang), &out);
  }
  out += '\n';
  for (size_t r = 0; r < t.rows(); ++r) {
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (c > 0) out += ',';
      AppendPlain(t, r, c, &out);
    }
    out += '\n';
  }
  return out;
}

std::string TableJson(const ReportTable& t) {
  JsonWriter w;
  w.BeginObject();
  w.Key("report").String(t.name);
  w.Key("title").String(t.title);
  w.Key("title_hi").String(t.title_hi);
  w.Key("note").String(t.note);
  w.Key("head").BeginArray();
  for (const ReportTable::HeadLine& h : t.head) {
    w.BeginObject();
    w.Key("label").String(h.label);
    w.Key("label_hi").String(h.label_hi);
    w.Key("value").String(h.value);
    w.EndObject();
  }
  w.EndArray();
  w.Key("columns").BeginArray();
  for (const ReportColumn& c : t.columns) {
    w.BeginObject();
    w.Key("key").String(c.key);
    w.Key("title").String(c.title);
    w.Key("title_hi").String(c.title_hi);
    w.Key("kind").String(KindName(c.kind));
    w.Key("note").String(c.note);
    w.EndObject();
  }
  w.EndArray();
  w.Key("rows").BeginArray();
  for (size_t r = 0; r < t.rows(); ++r) {
    w.BeginObject();
    w.Key("kind").String(RowKindName(t.kind(r)));
    w.Key("cells").BeginArray();
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const ReportTable::Cell& cell = t.cell(r, c);
      switch (cell.type) {
        case ReportTable::Cell::kEmpty:
          w.Null();
          break;
        case ReportTable::Cell::kText:
          w.String(t.text(cell));
          break;
        case ReportTable::Cell::kInt:
          w.Int(cell.i);
          break;
        case ReportTable::Cell::kReal:
          w.Double(cell.d, 2);
          break;
      }
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

StatusOr<std::string> RenderTable(const ReportTable& t, TableFormat f,
                                  std::string_view lang) {
  switch (f) {
    case TableFormat::kJson:
      return TableJson(t);
    case TableFormat::kCsv:
      return TableCsv(t, lang);
    case TableFormat::kXlsx:
      return TableXlsx(t, lang);
    case TableFormat::kPdf:
      return TablePdf(t, lang);
  }
  return TableJson(t);
}

}  // namespace jjm
