// jjm report: a named report (the J-formats, water quality's formats) for
// a place and a date as CSV, JSON, XLSX or PDF; without a name, the
// coverage of every place as of a date as CSV: a report two databases can
// be compared by.
#include "coverage/report.h"

#include <fstream>
#include <memory>
#include <string>

#include "base/csv.h"
#include "cli/cli_common.h"
#include "cli/module_links.h"
#include "reports/reports_service.h"
#include "reports/table_writers.h"

namespace jjm {
namespace {

struct ReportFlags {
  std::string name, db, as_of, out, place, format, lang = "en";
  bool villages = false;
};

// The format asked for: --format, else the --out file's extension, else
// CSV.  An extension that is no format is refused rather than guessed.
StatusOr<TableFormat> FormatOf(const ReportFlags& f) {
  if (!f.format.empty()) return ParseTableFormat(f.format, "--format");
  const size_t dot = f.out.rfind('.');
  const size_t slash = f.out.rfind('/');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
    auto by_ext = ParseTableFormat(f.out.substr(dot + 1), "--out");
    if (!by_ext.ok()) {
      return InvalidArgument("--out '" + f.out +
                                 "' ends in no format (csv, json, xlsx, pdf); "
                                 "name one with --format",
                             "--out");
    }
    return by_ext;
  }
  return TableFormat::kCsv;
}

Status WriteBytes(const std::string& bytes, const std::string& out) {
  if (out.empty() || out == "-") {
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    return Status::Ok();
  }
  std::ofstream f(out, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  f.close();
  if (!f) return InvalidArgument("cannot write " + out, "--out");
  return Status::Ok();
}

// A named report: the reports layer with the modules it links to opened
// on the same database, as `jjm serve` links them.
int RunNamedReport(const ReportFlags& flags) {
  if (flags.villages) {
    return Fail(InvalidArgument(
        "--villages is for the coverage CSV without a report name; J7 "
        "(jjm report j7) lists every village",
        "--villages"));
  }
  if (flags.lang != "en" && flags.lang != "hi") {
    return Fail(InvalidArgument(
        "--lang must be en or hi, not '" + flags.lang + "'", "--lang"));
  }
  auto format = FormatOf(flags);
  if (!format.ok()) return Fail(format.status());
  const ReportInfo* info = FindReport(flags.name);
  if (info == nullptr) {
    std::string names;
    for (const ReportInfo& r : AllReports()) {
      names += (names.empty() ? "" : ", ") + r.name;
    }
    return Fail(NotFound(
        "no report '" + flags.name + "' (there are " + names + ")", "name"));
  }
  auto opened = OpenAndLoad(flags.db);
  if (!opened.ok()) return Fail(opened.status());
  Db* db = opened->db.get();
  CoverageService* cov = opened->svc.get();
  auto reports = ReportsService::Open(db, cov);
  if (!reports.ok()) return Fail(reports.status());
  // Only the modules this report reads are loaded.
  std::unique_ptr<QualityService> quality;
  std::unique_ptr<SupplyService> supply;
  if (info->module == "quality") {
    auto q = QualityService::Open(db, cov, nullptr);
    if (!q.ok()) return Fail(q.status());
    quality = std::move(*q);
    (*reports)->SetModuleReports("quality", QualityReportsOf(quality.get()));
  }
  if (info->name == "j3") {
    auto s = SupplyService::Open(db, cov, nullptr);
    if (!s.ok()) return Fail(s.status());
    supply = std::move(*s);
    (*reports)->SetPipedVillages(PipedVillagesOf(supply.get()));
  }
  ReportsService::Caller c;
  c.command_line = true;
  c.actor = LoginName();
  if (!flags.as_of.empty()) {
    auto d = ParseDateFlag(flags.as_of, "--as-of");
    if (!d.ok()) return Fail(d.status());
  }
  auto table = (*reports)->Build(c, flags.name, flags.place, flags.as_of);
  if (!table.ok()) return Fail(table.status());
  const bool to_file = !flags.out.empty() && flags.out != "-";
  if (*format == TableFormat::kXlsx && to_file) {
    // Straight to the file: the workbook's rows never sit in memory.
    Status s = WriteTableXlsx(*table, flags.lang, flags.out);
    return s.ok() ? 0 : Fail(s);
  }
  auto bytes = RenderTable(*table, *format, flags.lang);
  if (!bytes.ok()) return Fail(bytes.status());
  Status s = WriteBytes(*bytes, flags.out);
  return s.ok() ? 0 : Fail(s);
}

// Writes every place down to gram panchayats (and villages with
// `villages`) with its figures as of a date: a report two databases can be
// compared by.
int RunReport(const ReportFlags& flags) {
  if (!flags.name.empty()) return RunNamedReport(flags);
  for (const auto& [flag, value] :
       {std::pair<const char*, const std::string*>{"--place", &flags.place},
        {"--format", &flags.format}}) {
    if (!value->empty()) {
      return Fail(InvalidArgument(
          std::string(flag) + " needs a report name (jjm report j3 ...)",
          flag));
    }
  }
  const std::string& db_path = flags.db;
  const std::string& as_of_text = flags.as_of;
  const std::string& out = flags.out;
  const bool villages = flags.villages;
  auto opened = OpenAndLoad(db_path);
  if (!opened.ok()) return Fail(opened.status());
  Date as_of = Date::TodayIst();
  if (!as_of_text.empty()) {
    auto d = ParseDateFlag(as_of_text, "--as-of");
    if (!d.ok()) return Fail(d.status());
    as_of = *d;
  }
  std::string text =
      "level,code,name,parent_code,total_hh,hh_with_tap,pct,villages,"
      "hgj_villages,schools,schools_with_tap,anganwadis,anganwadis_with_tap,"
      "connections_since_launch\n";
  opened->svc->Read([&](const Hierarchy& h, const CoverageIndex& index) {
    const int deepest = villages ? 5 : 4;
    std::vector<UnitId> units;
    units.push_back(kIndia);
    for (int l = 1; l <= deepest; ++l) {
      h.ForEachAtLevel(kIndia, static_cast<Level>(l),
                       [&](UnitId u) { units.push_back(u); });
    }
    for (UnitId u : units) {
      const Place& p = h.Get(u);
      const Figures f = ComputeFigures(index, u, as_of, DefaultTargetDate());
      const Metrics& m = f.m;
      char pct[32];
      std::snprintf(pct, sizeof pct, "%.2f", f.pct);
      text += std::string(LevelName(p.level)) + ",";
      AppendCsvField(p.code, &text);
      text += ",";
      AppendCsvField(p.name, &text);
      text += ",";
      text += p.parent == kNoUnit ? "" : h.Get(p.parent).code;
      for (int64_t v : {int64_t{m.total_hh}, int64_t{m.hh_with_tap}}) {
        text += "," + std::to_string(v);
      }
      text += std::string(",") + pct;
      for (int64_t v :
           {int64_t{m.villages}, int64_t{m.hgj_villages}, int64_t{m.schools},
            int64_t{m.schools_with_tap}, int64_t{m.anganwadis},
            int64_t{m.anganwadis_with_tap}, f.connections_since_launch}) {
        text += "," + std::to_string(v);
      }
      text += "\n";
    }
  });
  if (out.empty() || out == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    std::ofstream f(out);
    f << text;
    if (!f) return Fail(InvalidArgument("cannot write " + out));
  }
  return 0;
}

}  // namespace

void AddReportCommand(CLI::App* app, Commands* out) {
  auto f = std::make_shared<ReportFlags>();
  auto* rep = app->add_subcommand(
      "report",
      "A named report (j2, j3, j5, j7, j17, j23, cs1bi, l5) as CSV, JSON, "
      "XLSX or PDF; without a name, coverage of every place as CSV");
  rep->add_option("name", f->name,
                  "report name (GET /api/v1/reports lists them); none: the "
                  "coverage of every place");
  AddDbOption(rep, &f->db);
  rep->add_option("--as-of", f->as_of, "date, YYYY-MM-DD (default: today)");
  rep->add_option("--place", f->place,
                  "place code the report is for (default: India)");
  rep->add_option("--format", f->format,
                  "csv, json, xlsx or pdf (default: by --out's extension, "
                  "else csv)");
  rep->add_option("--lang", f->lang, "en or hi: headings' language");
  rep->add_option("--out", f->out, "file to write (default: standard output)");
  rep->add_flag("--villages", f->villages,
                "without a name: include every village");
  out->push_back({"report", rep, [f] { return RunReport(*f); }});
}

}  // namespace jjm
