#include "io/om_import.h"

#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "base/csv.h"
#include "io/csv_rows.h"
#include "io/quality_import_internal.h"
#include "io/xlsx_reader.h"

namespace jjm {
namespace {

using qimport::Columns;

// The file's column of a field the service names.
const char* ColumnOfField(const std::string& field) {
  if (field == "tariff_paise") return "tariff";
  if (field == "collected_paise") return "collected";
  if (field == "spent_paise.operator_pay") return "operator_pay";
  if (field == "spent_paise.electricity") return "electricity";
  if (field == "spent_paise.repairs") return "repairs";
  if (field == "spent_paise.chemicals") return "chemicals";
  if (field == "spent_paise.other") return "other";
  return nullptr;
}

}  // namespace

StatusOr<int64_t> ParseRupees(std::string_view text) {
  auto bad = [&] {
    return InvalidArgument("'" + std::string(text.substr(0, 30)) +
                           "' is not an amount in rupees (like 1250 or "
                           "1,250.50)");
  };
  if (text.empty()) return int64_t{0};
  int64_t rupees = 0, paise = 0;
  int decimals = -1, digits = 0;
  for (char ch : text) {
    if (ch == ',' && decimals < 0) continue;
    if (ch == '.' && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (ch < '0' || ch > '9') return bad();
    if (decimals >= 0) {
      if (++decimals > 2) return bad();
      paise = paise * 10 + (ch - '0');
    } else {
      if (++digits > 12) return bad();
      rupees = rupees * 10 + (ch - '0');
    }
  }
  if (digits == 0 && decimals <= 0) return bad();
  if (decimals == 1) paise *= 10;
  return rupees * 100 + paise;
}

StatusOr<ImportReport> ImportOmAccountsText(OperationsService* svc,
                                            std::string_view text,
                                            const OperationsService::Caller& c,
                                            const ImportOptions& opt) {
  std::unique_ptr<CsvReader> reader = CsvReader::FromString(text);
  std::vector<std::string_view> f;
  JJM_RETURN_IF_ERROR(ReadHeaderRow(reader.get(), &f));
  const Columns cols(f);
  const int c_village =
      cols.Find({"village", "committee", "place", "village_code"});
  const int c_month = cols.Find({"month"});
  const int c_hh = cols.Find({"households", "households_charged"});
  const int c_tariff = cols.Find({"tariff", "tariff_rupees"});
  const int c_collected = cols.Find({"collected", "collected_rupees"});
  JJM_RETURN_IF_ERROR(qimport::RequireColumns(
      {{"village", c_village},
       {"month", c_month},
       {"households", c_hh},
       {"tariff", c_tariff},
       {"collected", c_collected}},
      "village,month,households,tariff,collected[,operator_pay]"
      "[,electricity][,repairs][,chemicals][,other][,note]"));
  const int c_heads[5] = {
      cols.Find({"operator_pay", "operator"}),
      cols.Find({"electricity", "power"}), cols.Find({"repairs", "repair"}),
      cols.Find({"chemicals", "bleaching"}), cols.Find({"other", "others"})};
  const int c_note = cols.Find({"note", "remarks"});
  const std::string header_of[5] = {"operator_pay", "electricity", "repairs",
                                    "chemicals", "other"};
  auto header = [&](int col, const std::string& otherwise) {
    return col >= 0 ? cols.header(static_cast<size_t>(col)) : otherwise;
  };

  ImportReport report;
  std::vector<OperationsService::AccountInput> rows;
  std::vector<int64_t> lines;
  std::vector<std::vector<std::string>> cells;  // for the report's values
  while (NextRow(reader.get(), &f, &report)) {
    ++report.rows_read;
    const int64_t line = reader->line();
    auto cell = [&](int col) { return std::string(Columns::Cell(f, col)); };
    OperationsService::AccountInput in;
    in.village = cell(c_village);
    in.month = cell(c_month);
    in.note = cell(c_note);
    bool ok = true;
    auto amount = [&](int col, const std::string& name, int64_t* out) {
      const std::string v = cell(col);
      StatusOr<int64_t> p = ParseRupees(v);
      if (!p.ok()) {
        report.Reject(line, header(col, name), v, p.status().message());
        ok = false;
        return;
      }
      *out = *p;
    };
    const std::string hh = cell(c_hh);
    {
      int64_t n = 0;
      bool digits = !hh.empty() && hh.size() <= 9;
      for (char ch : hh) digits = digits && ch >= '0' && ch <= '9';
      if (!digits) {
        report.Reject(line, header(c_hh, "households"), hh,
                      "households must be a whole number");
        ok = false;
      } else {
        n = std::stoll(hh);
      }
      in.households = n;
    }
    amount(c_tariff, "tariff", &in.tariff_paise);
    amount(c_collected, "collected", &in.collected_paise);
    for (int h = 0; h < 5; ++h) {
      if (c_heads[h] >= 0) amount(c_heads[h], header_of[h], &in.spent_paise[h]);
    }
    if (!ok) continue;
    rows.push_back(in);
    lines.push_back(line);
    std::vector<std::string> row_cells;
    for (size_t i = 0; i < cols.size(); ++i) {
      row_cells.emplace_back(Columns::Cell(f, static_cast<int>(i)));
    }
    cells.push_back(std::move(row_cells));
  }
  const bool unreadable = !report.rejections().empty();
  // First a check of every row; then, when allowed, the write.
  JJM_ASSIGN_OR_RETURN(OperationsService::ImportOutcome check,
                       svc->ImportAccounts(c, rows, false));
  for (const OperationsService::AccountRejection& x : check.rejected) {
    const char* mapped = ColumnOfField(x.field);
    std::string column = mapped != nullptr ? mapped : x.field;
    int col = cols.Find({column});
    if (x.field == "village") col = c_village;
    if (x.field == "month") col = c_month;
    if (x.field == "households") col = c_hh;
    std::string value =
        col >= 0 && static_cast<size_t>(col) < cells[x.index].size()
            ? cells[x.index][static_cast<size_t>(col)]
            : "";
    report.Reject(lines[x.index], header(col, column), value, x.reason);
  }
  report.SortByRow();
  report.rows_accepted = check.accepted;
  const bool clean = !unreadable && check.rejected.empty();
  if (!opt.commit || (!clean && !opt.skip_invalid) || check.accepted == 0) {
    return report;
  }
  std::vector<OperationsService::AccountInput> good;
  std::vector<bool> bad(rows.size(), false);
  for (const auto& x : check.rejected) bad[x.index] = true;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!bad[i]) good.push_back(rows[i]);
  }
  JJM_ASSIGN_OR_RETURN(OperationsService::ImportOutcome wrote,
                       svc->ImportAccounts(c, good, true));
  if (!wrote.committed) {
    // Something changed between the check and the write.
    for (const auto& x : wrote.rejected) {
      report.notes.push_back("not written: " + x.reason);
    }
    return report;
  }
  report.committed = true;
  report.Count("accounts", wrote.accepted);
  report.Count("corrections", wrote.corrections);
  return report;
}

StatusOr<ImportReport> ImportOmAccountsFile(OperationsService* svc,
                                            const std::string& bytes,
                                            const std::string& name,
                                            const OperationsService::Caller& c,
                                            const ImportOptions& opt) {
  if (!IsXlsxBytes(bytes)) {
    if (!opt.sheet.empty()) {
      return InvalidArgument(
          "sheet is for Excel workbooks; '" + name + "' is not one", "sheet");
    }
    return ImportOmAccountsText(svc, bytes, c, opt);
  }
  // The sheet as CSV text; its rejections then renumbered from the text's
  // lines to the sheet's rows, and named as Excel names cells.
  JJM_ASSIGN_OR_RETURN(XlsxSheet sheet,
                       ReadXlsxSheetFromBytes(bytes, name, opt.sheet));
  std::map<int64_t, int64_t> row_of_line;
  std::vector<std::string> header;
  {
    auto lines = CsvReader::FromString(sheet.csv);
    std::vector<std::string_view> f;
    size_t k = 0;
    while (true) {
      StatusOr<bool> more = lines->Next(&f);
      if (!more.ok() || !*more) break;
      if (k == 0) header.assign(f.begin(), f.end());
      if (k < sheet.rows.size()) row_of_line[lines->line()] = sheet.rows[k];
      ++k;
    }
  }
  JJM_ASSIGN_OR_RETURN(ImportReport report,
                       ImportOmAccountsText(svc, sheet.csv, c, opt));
  report.RemapRows([&](int64_t line) {
    auto it = row_of_line.find(line);
    return it == row_of_line.end() ? line : it->second;
  });
  report.SetSheet(sheet.name, std::move(header));
  return report;
}

StatusOr<ImportReport> ImportOmAccounts(OperationsService* svc,
                                        const std::string& path,
                                        const ImportOptions& opt) {
  OperationsService::Caller c;
  c.today = opt.today;
  c.remote = opt.remote;
  c.command_line = true;
  c.actor = opt.recorded_by;
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument("cannot read " + path, "file");
  std::ostringstream text;
  text << in.rdbuf();
  return ImportOmAccountsFile(svc, text.str(), path, c, opt);
}

}  // namespace jjm
