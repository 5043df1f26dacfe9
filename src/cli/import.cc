// jjm import: villages, connections, habitations, LGD lists, water-quality
// labs, sources and results (dry runs unless --commit), a generated folder,
// the water-quality demo data, and a whole database (import all).
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "base/strings.h"
#include "cli/cli_common.h"
#include "io/crosswalk_file.h"
#include "io/importers.h"
#include "io/om_import.h"
#include "io/quality_import.h"
#include "operations/operations_service.h"
#include "store/dump.h"
#include "supply/supply_service.h"

namespace jjm {
namespace {

// Options shared by the import subcommands.
struct ImportFlags {
  std::string db;
  std::string file;
  std::string as_of;
  std::string rejects;
  std::string user;
  bool commit = false;
  bool skip_invalid = false;
  bool create_missing = false;
  bool quiet = false;
  std::string closed_periods;
  std::string crosswalk;
  std::string sheet;
};

void AddImportFlags(CLI::App* cmd, ImportFlags* f, bool with_as_of,
                    bool with_create) {
  AddDbOption(cmd, &f->db);
  cmd->add_flag("--commit", f->commit,
                "write the rows (default: only check and report)");
  cmd->add_flag("--skip-invalid", f->skip_invalid,
                "with --commit, write the valid rows even if some are "
                "rejected");
  cmd->add_option("--rejects", f->rejects,
                  "where to write the rejected rows CSV (default: beside the "
                  "input, as FILE.rejected.csv)");
  cmd->add_option("--user", f->user,
                  "who is importing, for the record (default: the login "
                  "name)");
  cmd->add_flag("--quiet", f->quiet, "no progress lines");
  cmd->add_option("--closed-periods", f->closed_periods,
                  "also write rows dated in closed months, for this reason "
                  "(recorded in the audit trail)");
  if (with_as_of) {
    cmd->add_option("--as-of", f->as_of,
                    "date the file's figures describe, YYYY-MM-DD (default: "
                    "today)");
  }
  if (with_create) {
    cmd->add_flag("--create-missing", f->create_missing,
                  "create places whose names match no LGD place, with "
                  "project codes");
    cmd->add_option("--crosswalk", f->crosswalk,
                    "place names through the accepted rows of a crosswalk "
                    "(written by 'jjm crosswalk suggest')");
  }
}

int RunImport(const std::string& kind, const ImportFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  ImportOptions opt;
  opt.commit = f.commit;
  opt.skip_invalid = f.skip_invalid;
  opt.create_missing = f.create_missing;
  opt.closed_period_reason = f.closed_periods;
  opt.sheet = f.sheet;
  if (!f.as_of.empty()) {
    auto d = ParseDateFlag(f.as_of, "--as-of");
    if (!d.ok()) return Fail(d.status());
    opt.as_of = *d;
  }
  opt.recorded_by = "cli:" + (f.user.empty() ? LoginName() : f.user);
  NameCrosswalk crosswalk;
  if (!f.crosswalk.empty()) {
    StatusOr<NameCrosswalk> c =
        opened->svc->Read([&](const Hierarchy& h, const CoverageIndex&) {
          return ReadCrosswalk(f.crosswalk, h);
        });
    if (!c.ok()) return Fail(c.status());
    crosswalk = std::move(*c);
    opt.crosswalk = &crosswalk;
    std::printf("crosswalk: %zu accepted names\n", crosswalk.size());
  }
  if (!f.quiet) {
    opt.progress = [](double fraction, int64_t rows) {
      std::fprintf(stderr, "  ... %s rows read (%.0f%%)\n",
                   IndianGrouped(rows).c_str(), fraction * 100);
    };
  }
  // Water quality: its service on the same database.
  std::unique_ptr<QualityService> quality;
  if (kind.starts_with("quality-")) {
    auto q = QualityService::Open(opened->db.get(), opened->svc.get());
    if (!q.ok()) return Fail(q.status());
    quality = std::move(*q);
  }
  // A committee's O&M accounts: the operations service.
  std::unique_ptr<OperationsService> operations;
  if (kind == "om-accounts") {
    auto o = OperationsService::Open(opened->db.get(), opened->svc.get());
    if (!o.ok()) return Fail(o.status());
    operations = std::move(*o);
  }
  const auto t0 = std::chrono::steady_clock::now();
  StatusOr<ImportReport> r =
      kind == "om-accounts"    ? ImportOmAccounts(operations.get(), f.file, opt)
      : kind == "quality-labs" ? ImportQualityLabs(quality.get(), f.file, opt)
      : kind == "quality-sources"
          ? ImportQualitySources(quality.get(), f.file, opt)
      : kind == "quality-results"
          ? ImportQualityResults(quality.get(), f.file, opt)
      : kind == "villages" ? ImportVillages(opened->svc.get(), f.file, opt)
      : kind == "connections"
          ? ImportConnections(opened->svc.get(), f.file, opt)
      : kind == "habitations"
          ? ImportHabitations(opened->svc.get(), f.file, opt)
          : ImportLgd(opened->svc.get(), f.file, opt);
  if (!r.ok()) return Fail(r.status());
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  r->Print(stdout, 50);
  if (!r->rejections().empty()) {
    std::string path = f.rejects;
    if (path.empty()) {
      path = kind == "lgd" ? f.file + "/lgd.rejected.csv"
                           : f.file + ".rejected.csv";
    }
    Status s = r->WriteRejectsCsv(path);
    if (!s.ok() && f.rejects.empty()) {
      // The input's folder may be read-only: fall back to the current one.
      path = std::filesystem::path(path).filename().string();
      s = r->WriteRejectsCsv(path);
    }
    if (s.ok()) {
      std::printf("rejected rows written to %s\n", path.c_str());
    } else {
      std::fprintf(stderr, "jjm: could not write the rejected rows: %s\n",
                   s.message().c_str());
    }
  }
  if (r->committed) {
    std::printf("committed in %.2f s (%.0f rows/s)\n", secs,
                r->rows_read / std::max(secs, 1e-9));
  } else if (!f.commit) {
    std::printf("dry run in %.2f s: nothing written (add --commit to write)\n",
                secs);
  } else {
    std::printf("nothing written: %s\n",
                r->rejections().empty()
                    ? "no rows to write"
                    : "rows were rejected (fix them, or add --skip-invalid)");
  }
  return r->rejections().empty() ? 0 : kExitRejected;
}

struct GeneratedFlags {
  std::string dir;
  std::string db;
  std::string reason = "loading data written by jjm generate";
};

int RunImportGenerated(const GeneratedFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  ImportOptions opt;
  opt.commit = true;
  opt.recorded_by = "system:generated";
  opt.closed_period_reason = f.reason;
  Status s = ImportGeneratedAll(opened->db.get(), opened->svc.get(), f.dir, opt,
                                stdout);
  return s.ok() ? 0 : Fail(s);
}

int RunImportQualityDemo(const GeneratedFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  auto q = QualityService::Open(opened->db.get(), opened->svc.get());
  if (!q.ok()) return Fail(q.status());
  Status s = LoadQualityDemo(f.dir, q->get(), opened->db.get(),
                             opened->svc.get(), Date::TodayIst(), stdout);
  return s.ok() ? 0 : Fail(s);
}

struct SupplyDemoFlags {
  std::string db;
  int64_t seed = 42;
};

int RunImportSupplyDemo(const SupplyDemoFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  auto s = SupplyService::Open(opened->db.get(), opened->svc.get());
  if (!s.ok()) return Fail(s.status());
  Status st =
      (*s)->SeedDemo(static_cast<uint64_t>(f.seed), Date::TodayIst(), stdout);
  return st.ok() ? 0 : Fail(st);
}

int RunImportOperationsDemo(const SupplyDemoFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  auto s = OperationsService::Open(opened->db.get(), opened->svc.get());
  if (!s.ok()) return Fail(s.status());
  Status st =
      (*s)->SeedDemo(static_cast<uint64_t>(f.seed), Date::TodayIst(), stdout);
  return st.ok() ? 0 : Fail(st);
}

struct DumpFlags {
  std::string dir;
  std::string db;
  bool commit = false;
};

int RunImportAll(const DumpFlags& f) {
  auto d = Db::Open(f.db);
  if (!d.ok()) return Fail(d.status());
  Status s = Migrate(d->get());
  if (!s.ok()) return Fail(s);
  auto st = LoadDump(d->get(), f.dir, f.commit);
  if (!st.ok()) return Fail(st.status());
  std::printf("%s rows of %lld tables %s\n", IndianGrouped(st->rows).c_str(),
              static_cast<long long>(st->tables),
              f.commit ? "loaded" : "checked; nothing written (add --commit)");
  return 0;
}

}  // namespace

void AddImportCommands(CLI::App* app, Commands* out) {
  auto* import =
      app->add_subcommand("import", "Import a file (dry run unless --commit)");
  import->require_subcommand(1);
  // One importer of files: its flags, and the kind RunImport is given.
  auto add_file = [&](const char* kind, const char* help, const char* arg,
                      const char* arg_help, bool with_as_of, bool with_create) {
    auto f = std::make_shared<ImportFlags>();
    auto* cmd = import->add_subcommand(kind, help);
    cmd->add_option(arg, f->file, arg_help)->required();
    AddImportFlags(cmd, f.get(), with_as_of, with_create);
    const std::string k(kind);
    if (k != "lgd") {
      cmd->add_option("--sheet", f->sheet,
                      "for an Excel workbook (.xlsx): the sheet to read "
                      "(default: the first)");
    }
    out->push_back(
        {std::string("import ") + kind, cmd,
         [f, kind = std::string(kind)] { return RunImport(kind, *f); }});
  };
  add_file("villages",
           "Villages CSV: the JJM dashboard village profile or the project's "
           "own format",
           "FILE", "CSV file, or Excel workbook (.xlsx)", true, true);
  add_file("connections",
           "Ledger rows: village_code,date,count[,kind][,reason]", "FILE",
           "CSV file, or Excel workbook (.xlsx)", false, false);
  add_file("habitations",
           "Habitations of stored villages: "
           "village_code,habitation_code,habitation_name",
           "FILE", "CSV file, or Excel workbook (.xlsx)", false, false);
  add_file("lgd",
           "LGD lists of states, districts and blocks (1-state.csv, "
           "2-district.csv, blocks.csv)",
           "DIR",
           "folder with the LGD files (.csv, or .xlsx of the same names)",
           false, false);

  add_file("quality-labs",
           "Water-quality labs: code,name,level,place[,serves][,parameters]"
           "[,refers_to][,treatment_plant][,nabl_certificate,"
           "nabl_valid_from,nabl_valid_to]",
           "FILE", "CSV file, or Excel workbook (.xlsx)", false, false);
  add_file("quality-sources",
           "Drinking-water sources: code,village,type[,habitation][,name]"
           "[,scheme][,has_alternate][,latitude,longitude][,created_on]",
           "FILE", "CSV file, or Excel workbook (.xlsx)", false, false);
  add_file("quality-results",
           "Lab results: one row per sample and parameter (parameter,unit,"
           "value columns) or one row per sample with a column per "
           "parameter ('fluoride (mg/l)'); sample_code,lab,source|village,"
           "method,collected_on,tested_on,collected_by,tested_by",
           "FILE", "CSV file, or Excel workbook (.xlsx)", false, false);

  add_file("om-accounts",
           "A committee's monthly O&M figures: village,month (YYYY-MM),"
           "households,tariff,collected[,operator_pay][,electricity]"
           "[,repairs][,chemicals][,other][,note] (rupees; a month recorded "
           "before is corrected by a new version)",
           "FILE", "CSV file, or Excel workbook (.xlsx)", false, false);

  auto g = std::make_shared<GeneratedFlags>();
  auto* ig = import->add_subcommand(
      "generated",
      "A folder written by 'jjm generate', in its manifest's "
      "order (always commits)");
  ig->add_option("DIR", g->dir, "folder")->required();
  AddDbOption(ig, &g->db);
  ig->add_option("--closed-periods", g->reason,
                 "reason recorded for writing into closed months")
      ->capture_default_str();
  out->push_back(
      {"import generated", ig, [g] { return RunImportGenerated(*g); }});

  auto qd = std::make_shared<GeneratedFlags>();
  auto* iq = import->add_subcommand(
      "quality-demo",
      "The water-quality demo files of a folder written by 'jjm generate' "
      "(labs, sources, results), then remedial actions, retests and "
      "trained women, as 'serve --demo' loads them (always commits)");
  iq->add_option("DIR", qd->dir, "folder")->required();
  AddDbOption(iq, &qd->db);
  out->push_back(
      {"import quality-demo", iq, [qd] { return RunImportQualityDemo(*qd); }});

  auto sd = std::make_shared<SupplyDemoFlags>();
  auto* isd = import->add_subcommand(
      "supply-demo",
      "Water-supply demo data made from the database's own coverage (Har "
      "Ghar Jal steps, schemes and assets, service levels, a survey round), "
      "as 'serve --demo' makes it (always commits; refused if the database "
      "already holds any)");
  isd->add_option("--seed", sd->seed, "random seed");
  AddDbOption(isd, &sd->db);
  out->push_back(
      {"import supply-demo", isd, [sd] { return RunImportSupplyDemo(*sd); }});

  auto od = std::make_shared<SupplyDemoFlags>();
  auto* iod = import->add_subcommand(
      "operations-demo",
      "Demo committees, a year of complaints, breakdowns and monthly O&M "
      "accounts made from the "
      "database's own villages, as 'serve --demo' makes them (always "
      "commits; refused if the database already holds any)");
  iod->add_option("--seed", od->seed, "random seed");
  AddDbOption(iod, &od->db);
  out->push_back({"import operations-demo", iod,
                  [od] { return RunImportOperationsDemo(*od); }});

  auto a = std::make_shared<DumpFlags>();
  auto* ia = import->add_subcommand(
      "all",
      "A whole database written by 'jjm export all', into a new database "
      "(SQLite or PostgreSQL); dry run unless --commit");
  ia->add_option("DIR", a->dir, "folder")->required();
  AddDbOption(ia, &a->db,
              "database to fill: a new SQLite file or an "
              "empty postgresql:// database");
  ia->add_flag("--commit", a->commit, "write; without it, only check");
  out->push_back({"import all", ia, [a] { return RunImportAll(*a); }});
}

}  // namespace jjm
