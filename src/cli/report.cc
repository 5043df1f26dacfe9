// jjm report: the coverage of every place as of a date, as CSV: a report
// two databases can be compared by.
#include "coverage/report.h"

#include <fstream>
#include <memory>
#include <string>

#include "base/csv.h"
#include "cli/cli_common.h"

namespace jjm {
namespace {

struct ReportFlags {
  std::string db, as_of, out;
  bool villages = false;
};

// Writes every place down to gram panchayats (and villages with
// `villages`) with its figures as of a date: a report two databases can be
// compared by.
int RunReport(const ReportFlags& flags) {
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
      "report", "Coverage of every place as of a date, as CSV");
  AddDbOption(rep, &f->db);
  rep->add_option("--as-of", f->as_of, "date, YYYY-MM-DD (default: today)");
  rep->add_option("--out", f->out, "file to write (default: standard output)");
  rep->add_flag("--villages", f->villages, "include every village");
  out->push_back({"report", rep, [f] { return RunReport(*f); }});
}

}  // namespace jjm
