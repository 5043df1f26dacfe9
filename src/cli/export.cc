// jjm export: villages (a date's snapshot or every dated record),
// connections, habitations, water-quality results, and a whole database
// (export all).
#include "io/export.h"

#include <memory>
#include <string>

#include "base/strings.h"
#include "cli/cli_common.h"
#include "io/quality_import.h"
#include "store/dump.h"

namespace jjm {
namespace {

// Prints what an export wrote.
int Exported(const StatusOr<ExportStats>& st, const std::string& out) {
  if (!st.ok()) return Fail(st.status());
  std::printf("%s rows written to %s\n", IndianGrouped(st->rows).c_str(),
              out.c_str());
  return 0;
}

struct VillagesFlags {
  std::string db, out, as_of;
  bool history = false;
};

int RunExportVillages(const VillagesFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  if (f.history)
    return Exported(ExportVillagesHistory(opened->svc.get(), f.out), f.out);
  Date d = Date::TodayIst();
  if (!f.as_of.empty()) {
    auto p = ParseDateFlag(f.as_of, "--as-of");
    if (!p.ok()) return Fail(p.status());
    d = *p;
  }
  return Exported(ExportVillages(opened->svc.get(), f.out, d), f.out);
}

struct ConnectionsFlags {
  std::string db, out, after;
};

int RunExportConnections(const ConnectionsFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  Date d = JjmBaseline();
  if (!f.after.empty()) {
    auto p = ParseDateFlag(f.after, "--after");
    if (!p.ok()) return Fail(p.status());
    d = *p;
  }
  return Exported(ExportConnections(opened->svc.get(), f.out, d), f.out);
}

struct OutFlags {
  std::string db, out;
};

int RunExportHabitations(const OutFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  return Exported(ExportHabitations(opened->svc.get(), f.out), f.out);
}

struct QualityFlags {
  std::string db, out, place;
};

int RunExportQualityResults(const QualityFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  auto q = QualityService::Open(opened->db.get(), opened->svc.get());
  if (!q.ok()) return Fail(q.status());
  QualityService::Caller c;
  c.command_line = true;
  c.actor = "cli:" + LoginName();
  return Exported(ExportQualityResults(q->get(), f.out, f.place, c), f.out);
}

int RunExportAll(const OutFlags& f) {
  auto d = Db::Open(f.db);
  if (!d.ok()) return Fail(d.status());
  Status s = Migrate(d->get());
  if (!s.ok()) return Fail(s);
  auto st = DumpDatabase(d->get(), f.out);
  if (!st.ok()) return Fail(st.status());
  std::printf("%s rows of %lld tables written to %s\n",
              IndianGrouped(st->rows).c_str(),
              static_cast<long long>(st->tables), f.out.c_str());
  return 0;
}

}  // namespace

void AddExportCommands(CLI::App* app, Commands* out) {
  auto* exp =
      app->add_subcommand("export", "Export in the project's import formats");
  exp->require_subcommand(1);
  auto v = std::make_shared<VillagesFlags>();
  auto* exv = exp->add_subcommand(
      "villages", "One row per village: codes, names, households, with tap");
  AddDbOption(exv, &v->db);
  exv->add_option("--out", v->out, "CSV file to write")->required();
  exv->add_option("--as-of", v->as_of, "date, YYYY-MM-DD (default: today)");
  exv->add_flag("--history", v->history,
                "every dated fact record, with an as_of column, instead of "
                "one date's snapshot")
      ->excludes("--as-of");
  out->push_back(
      {"export villages", exv, [v] { return RunExportVillages(*v); }});

  auto a = std::make_shared<OutFlags>();
  auto* exa = exp->add_subcommand(
      "all",
      "Every table with its ids (places, facts, ledger, accounts, audit "
      "trail), one file each, to move or keep a whole database");
  AddDbOption(exa, &a->db);
  exa->add_option("--out", a->out, "folder to write")->required();
  out->push_back({"export all", exa, [a] { return RunExportAll(*a); }});

  auto h = std::make_shared<OutFlags>();
  auto* exh = exp->add_subcommand(
      "habitations", "village_code,habitation_code,habitation_name");
  AddDbOption(exh, &h->db);
  exh->add_option("--out", h->out, "CSV file to write")->required();
  out->push_back(
      {"export habitations", exh, [h] { return RunExportHabitations(*h); }});

  auto q = std::make_shared<QualityFlags>();
  auto* exq = exp->add_subcommand(
      "quality-results",
      "Water-quality samples and their results, one row per result");
  AddDbOption(exq, &q->db);
  exq->add_option("--out", q->out, "CSV file to write")->required();
  exq->add_option("--place", q->place,
                  "only samples in this place (a code; default: all)");
  out->push_back({"export quality-results", exq,
                  [q] { return RunExportQualityResults(*q); }});

  auto c = std::make_shared<ConnectionsFlags>();
  auto* exc = exp->add_subcommand(
      "connections", "Net households connected per village and day");
  AddDbOption(exc, &c->db);
  exc->add_option("--out", c->out, "CSV file to write")->required();
  exc->add_option("--after", c->after,
                  "only days after this date (default: the 2019-08-15 "
                  "baseline)");
  out->push_back(
      {"export connections", exc, [c] { return RunExportConnections(*c); }});
}

}  // namespace jjm
