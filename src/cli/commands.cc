#include "cli/commands.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "accounts/account_service.h"
#include "base/csv.h"
#include "base/strings.h"
#include "cli/bench.h"
#include "coverage/coverage_service.h"
#include "coverage/report.h"
#include "http/accounts_api.h"
#include "http/coverage_api.h"
#include "http/partners_api.h"
#include "http/server.h"
#include "http/static_files.h"
#include "io/export.h"
#include "io/generate.h"
#include "io/importers.h"
#include "partners/partner_demo.h"
#include "store/db.h"
#include "store/dump.h"

#ifndef JJM_WEB_ROOT
#define JJM_WEB_ROOT "web"
#endif

namespace jjm {
namespace {

constexpr int kExitRejected = 1;
constexpr int kExitFailure = 2;

int Fail(const Status& s) {
  std::fprintf(stderr, "jjm: %s\n", s.message().c_str());
  return kExitFailure;
}

// Resident memory of this process in MiB.
double ResidentMiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return std::stod(line.substr(6)) / 1024.0;
    }
  }
  return 0;
}

struct Opened {
  std::unique_ptr<Db> db;
  std::unique_ptr<CoverageService> svc;
  LoadStats stats;
};

StatusOr<Opened> OpenAndLoad(const std::string& path) {
  Opened o;
  JJM_ASSIGN_OR_RETURN(o.db, Db::Open(path));
  JJM_RETURN_IF_ERROR(Migrate(o.db.get()));
  JJM_ASSIGN_OR_RETURN(o.svc, CoverageService::Load(o.db.get(), &o.stats));
  return o;
}

StatusOr<Date> ParseDateFlag(const std::string& text, const char* flag) {
  auto d = Date::Parse(text);
  if (!d.ok()) {
    return InvalidArgument(std::string(flag) + ": " + d.status().message());
  }
  return d;
}

// Options shared by the import subcommands.
struct ImportFlags {
  std::string db = "var/jjm.db";
  std::string file;
  std::string as_of;
  std::string rejects;
  std::string user;
  bool commit = false;
  bool skip_invalid = false;
  bool create_missing = false;
  bool quiet = false;
  std::string closed_periods;
};

void AddImportFlags(CLI::App* cmd, ImportFlags* f, bool with_as_of,
                    bool with_create) {
  cmd->add_option("--db", f->db,
                  "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();
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
  if (!f.as_of.empty()) {
    auto d = ParseDateFlag(f.as_of, "--as-of");
    if (!d.ok()) return Fail(d.status());
    opt.as_of = *d;
  }
  std::string user = f.user;
  if (user.empty()) {
    const char* login = std::getenv("USER");
    user = login != nullptr ? login : "unknown";
  }
  opt.recorded_by = "cli:" + user;
  if (!f.quiet) {
    opt.progress = [](double fraction, int64_t rows) {
      std::fprintf(stderr, "  ... %s rows read (%.0f%%)\n",
                   IndianGrouped(rows).c_str(), fraction * 100);
    };
  }
  const auto t0 = std::chrono::steady_clock::now();
  StatusOr<ImportReport> r =
      kind == "villages" ? ImportVillages(opened->svc.get(), f.file, opt)
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

// Generates demo data at `scale` into `dir` and imports it.
// Adds the Sector Partner programme to a generated folder.
Status GeneratePartners(const std::string& dir, uint64_t seed) {
  JJM_RETURN_IF_ERROR(GeneratePartnerDemo(dir, seed, Date::TodayIst()));
  std::ofstream m(dir + "/manifest.txt", std::ios::app);
  m << "partners partners.json\n";
  if (!m) return Internal("cannot write " + dir + "/manifest.txt");
  return Status::Ok();
}

// Imports a generated folder: places, facts and the ledger, then the
// partner programme when the folder has one.
Status ImportGeneratedAll(Db* db, CoverageService* svc, const std::string& dir,
                          const ImportOptions& opt, std::FILE* log) {
  JJM_RETURN_IF_ERROR(ImportGenerated(svc, dir, opt, log));
  if (!std::filesystem::exists(dir + "/partners.json")) return Status::Ok();
  return LoadPartnerDemo(dir, db, svc, Date::TodayIst(), log).status();
}

Status SeedDemo(Db* db, CoverageService* svc, double scale,
                const std::string& dir) {
  GenerateOptions g;
  g.scale = scale;
  g.out_dir = dir;
  std::fprintf(stderr, "jjm: generating demo data (scale %g) in %s\n", scale,
               dir.c_str());
  JJM_ASSIGN_OR_RETURN(GenerateStats st, Generate(g));
  JJM_RETURN_IF_ERROR(GeneratePartners(dir, g.seed));
  std::fprintf(
      stderr, "jjm: %s villages, %s households, %s ledger rows; importing\n",
      IndianGrouped(st.villages).c_str(), IndianShort(st.households).c_str(),
      IndianGrouped(st.ledger_rows).c_str());
  ImportOptions opt;
  opt.commit = true;
  opt.recorded_by = "system:demo";
  opt.closed_period_reason = "synthetic demo data loaded on first start";
  return ImportGeneratedAll(db, svc, dir, opt, stderr);
}

int RunServe(const std::string& db_path, const std::string& host, int port,
             const std::string& web, int threads, bool demo, double demo_scale,
             const std::string& demo_dir, bool secure_cookies, double session_minutes,
             const std::vector<std::string>& trusted_proxies) {
  const auto t0 = std::chrono::steady_clock::now();
  auto opened = OpenAndLoad(db_path);
  if (!opened.ok()) return Fail(opened.status());
  if (demo && opened->stats.units == 0) {
    // The generated files go to --demo-dir; by default beside a SQLite
    // file, and for a database named by URL into a temporary folder that
    // is removed once they are loaded (a URL's "parent path" is no place).
    std::string dir = demo_dir;
    bool temporary = false;
    if (dir.empty() && db_path.starts_with("postgresql://")) {
      std::error_code ec;
      std::filesystem::path base = std::filesystem::temp_directory_path(ec);
      if (ec) return Fail(Internal("no temporary folder: " + ec.message()));
      std::string tmpl = (base / "jjm-demo-XXXXXX").string();
      if (mkdtemp(tmpl.data()) == nullptr) {
        return Fail(Internal("cannot create a folder in " + base.string()));
      }
      dir = tmpl;
      temporary = true;
    } else if (dir.empty()) {
      dir = (std::filesystem::path(db_path).parent_path() / "demo").string();
      if (dir == "demo" || dir.empty()) dir = "demo";
    }
    Status s = SeedDemo(opened->db.get(), opened->svc.get(), demo_scale, dir);
    if (temporary) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
    if (!s.ok()) return Fail(s);
    // Start as every later start will: from the store.
    opened = OpenAndLoad(db_path);
    if (!opened.ok()) return Fail(opened.status());
  }
  auto reader = Db::Open(db_path);
  if (!reader.ok()) return Fail(reader.status());
  // Other processes may write to the same database (more jjm serve on
  // PostgreSQL, imports from the command line): follow what they commit.
  if (Status s = opened->svc->StartFollowing(std::chrono::milliseconds(250));
      !s.ok()) {
    return Fail(s);
  }
  AccountOptions account_options;
  account_options.session_minutes = session_minutes;
  auto accounts = AccountService::Load(opened->db.get(), opened->svc.get(),
                                       account_options);
  if (!accounts.ok()) return Fail(accounts.status());
  if (Status s = (*accounts)->StartFollowing(std::chrono::milliseconds(250));
      !s.ok()) {
    return Fail(s);
  }
  Router router;
  router.SetAccessControl(accounts->get(), opened->svc.get());
  AddCoverageRoutes(&router, opened->svc.get(), reader->get(),
                    CoverageApiOptions());
  AccountsApiOptions aopt;
  aopt.secure_cookies = secure_cookies;
  AddAccountsRoutes(&router, accounts->get(), opened->svc.get(), aopt);
  auto partners = PartnerService::Open(opened->db.get(), opened->svc.get());
  if (!partners.ok()) return Fail(partners.status());
  AddPartnerRoutes(&router, partners->get());
  router.SetFallback(MakeStaticHandler(web));
  ServerOptions so;
  so.host = host;
  so.port = port;
  so.threads = threads;
  so.trusted_proxies = trusted_proxies;
  HttpServer server(&router, so);
  Status s = server.Listen();
  if (!s.ok()) return Fail(s);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  const size_t villages =
      opened->svc->Read([](const Hierarchy& h, const CoverageIndex&) {
        return h.count(Level::kVillage);
      });
  std::printf(
      "jjm: %s villages, %s ledger events loaded in %.2f s; resident memory "
      "%.0f MiB\n",
      IndianGrouped(static_cast<int64_t>(villages)).c_str(),
      IndianGrouped(static_cast<int64_t>(opened->stats.events)).c_str(), secs,
      ResidentMiB());
  const LoadStats& ls = opened->stats;
  std::printf(
      "jjm: loading took %.2f s for places, %.2f s facts, %.2f s ledger, "
      "%.2f s roll-ups\n",
      ls.units_s, ls.facts_s, ls.events_s, ls.build_s);
  std::printf("jjm: serving http://%s:%d\n", host.c_str(), server.port());
  std::fflush(stdout);
  server.Run();
  return 0;
}

// Writes every place down to gram panchayats (and villages with
// `villages`) with its figures as of a date: a report two databases can be
// compared by.
int RunReport(const std::string& db_path, const std::string& as_of_text,
              const std::string& out, bool villages) {
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

int RunCli(int argc, char** argv) {
  CLI::App app{
      "jjm: the Jal Jeevan Mission management information system.\n"
      "Places, village facts, the ledger of tap connections and coverage "
      "roll-ups, served as a dashboard and a JSON API."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "jjm 0.1.0");

  // serve
  std::string db = "var/jjm.db";
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web = JJM_WEB_ROOT;
  int threads = 2;
  bool demo = false;
  double demo_scale = 0.02;
  std::string demo_dir;
  auto* serve = app.add_subcommand(
      "serve", "Serve the dashboard and the API from the database");
  serve
      ->add_option("--db", db, "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();
  serve->add_option("--host", host, "address to listen on")
      ->capture_default_str();
  serve->add_option("--port", port, "port to listen on (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve->add_option("--web", web, "folder with the dashboard page")
      ->capture_default_str();
  serve->add_option("--threads", threads, "threads serving requests")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  bool secure_cookies = false;
  double session_minutes = 480;
  serve
      ->add_option("--session-minutes", session_minutes,
                   "how long a sign-in lasts")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 7 * 24 * 60.0));
  serve->add_flag("--secure-cookies", secure_cookies,
                  "mark the session cookie Secure (when served over HTTPS "
                  "behind a proxy)");
  std::vector<std::string> trusted_proxies;
  serve->add_option("--trusted-proxy", trusted_proxies,
                    "address of a reverse proxy (nginx) whose "
                    "X-Forwarded-For gives the client's address; repeat for "
                    "several");
  serve->add_flag("--demo", demo,
                  "if the database holds no places, fill it with generated "
                  "demo data first");
  serve
      ->add_option("--demo-scale", demo_scale,
                   "size of the demo data (1 = national)")
      ->capture_default_str()
      ->check(CLI::Range(0.0001, 1.0));
  serve->add_option("--demo-dir", demo_dir,
                    "folder for the generated demo files (default: beside a "
                    "SQLite file; a temporary folder for a postgresql:// "
                    "database)");

  // import
  auto* import =
      app.add_subcommand("import", "Import a file (dry run unless --commit)");
  import->require_subcommand(1);
  ImportFlags fv, fc, fl, fh;
  std::string gen_dir;
  std::string gen_db = "var/jjm.db";
  auto* iv = import->add_subcommand(
      "villages",
      "Villages CSV: the JJM dashboard village profile or the project's own "
      "format");
  iv->add_option("FILE", fv.file, "CSV file")->required();
  AddImportFlags(iv, &fv, true, true);
  auto* ic = import->add_subcommand(
      "connections", "Ledger rows: village_code,date,count[,kind][,reason]");
  ic->add_option("FILE", fc.file, "CSV file")->required();
  AddImportFlags(ic, &fc, false, false);
  auto* ih =
      import->add_subcommand("habitations",
                             "Habitations of stored villages: "
                             "village_code,habitation_code,habitation_name");
  ih->add_option("FILE", fh.file, "CSV file")->required();
  AddImportFlags(ih, &fh, false, false);
  auto* il = import->add_subcommand(
      "lgd",
      "LGD lists of states, districts and blocks (1-state.csv, "
      "2-district.csv, blocks.csv)");
  il->add_option("DIR", fl.file, "folder with the LGD files")->required();
  AddImportFlags(il, &fl, false, false);
  auto* ig = import->add_subcommand(
      "generated",
      "A folder written by 'jjm generate', in its manifest's "
      "order (always commits)");
  ig->add_option("DIR", gen_dir, "folder")->required();
  ig->add_option("--db", gen_db,
                 "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();
  std::string gen_reason = "loading data written by jjm generate";
  ig->add_option("--closed-periods", gen_reason,
                 "reason recorded for writing into closed months")
      ->capture_default_str();

  std::string ia_dir, ia_db = "var/jjm.db";
  bool ia_commit = false;
  auto* ia = import->add_subcommand(
      "all",
      "A whole database written by 'jjm export all', into a new database "
      "(SQLite or PostgreSQL); dry run unless --commit");
  ia->add_option("DIR", ia_dir, "folder")->required();
  ia->add_option("--db", ia_db,
                 "database to fill: a new SQLite file or an "
                 "empty postgresql:// database")
      ->capture_default_str();
  ia->add_flag("--commit", ia_commit, "write; without it, only check");

  // export
  auto* exp =
      app.add_subcommand("export", "Export in the project's import formats");
  exp->require_subcommand(1);
  std::string ev_db = "var/jjm.db", ev_out, ev_as_of;
  bool ev_history = false;
  auto* exv = exp->add_subcommand(
      "villages", "One row per village: codes, names, households, with tap");
  exv->add_option("--db", ev_db,
                  "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();
  exv->add_option("--out", ev_out, "CSV file to write")->required();
  exv->add_option("--as-of", ev_as_of, "date, YYYY-MM-DD (default: today)");
  exv->add_flag("--history", ev_history,
                "every dated fact record, with an as_of column, instead of "
                "one date's snapshot")
      ->excludes("--as-of");
  std::string ea_db = "var/jjm.db", ea_out;
  auto* exa = exp->add_subcommand(
      "all",
      "Every table with its ids (places, facts, ledger, accounts, audit "
      "trail), one file each, to move or keep a whole database");
  exa->add_option("--db", ea_db,
                  "database: a SQLite file or a "
                  "postgresql:// URI")
      ->capture_default_str();
  exa->add_option("--out", ea_out, "folder to write")->required();
  std::string eh_db = "var/jjm.db", eh_out;
  auto* exh = exp->add_subcommand(
      "habitations", "village_code,habitation_code,habitation_name");
  exh->add_option("--db", eh_db,
                  "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();
  exh->add_option("--out", eh_out, "CSV file to write")->required();
  std::string ec_db = "var/jjm.db", ec_out, ec_after;
  auto* exc = exp->add_subcommand(
      "connections", "Net households connected per village and day");
  exc->add_option("--db", ec_db,
                  "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();
  exc->add_option("--out", ec_out, "CSV file to write")->required();
  exc->add_option("--after", ec_after,
                  "only days after this date (default: the 2019-08-15 "
                  "baseline)");

  // generate
  double scale = 1.0;
  std::string gen_out;
  uint64_t seed = 20190815;
  std::string g_db = "var/jjm.db";
  auto* gen = app.add_subcommand(
      "generate",
      "Write deterministic synthetic national data as import files");
  gen->add_option("--scale", scale, "1 = national size")
      ->capture_default_str()
      ->check(CLI::Range(0.0001, 1.0));
  gen->add_option("--out", gen_out, "folder to write")->required();
  gen->add_option("--seed", seed, "random seed")->capture_default_str();
  gen->add_option("--db", g_db, "unused; accepted like every subcommand");

  // report
  std::string r_db = "var/jjm.db", r_as_of, r_out;
  bool r_villages = false;
  auto* rep = app.add_subcommand(
      "report", "Coverage of every place as of a date, as CSV");
  rep->add_option("--db", r_db,
                  "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();
  rep->add_option("--as-of", r_as_of, "date, YYYY-MM-DD (default: today)");
  rep->add_option("--out", r_out, "file to write (default: standard output)");
  rep->add_flag("--villages", r_villages, "include every village");

  // migrate
  std::string m_db = "var/jjm.db";
  auto* mig =
      app.add_subcommand("migrate", "Create or update the database schema");
  mig->add_option("--db", m_db,
                  "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();

  // user
  auto* user = app.add_subcommand(
      "user",
      "Accounts: create the first administrator, list, set passwords, "
      "make API keys");
  user->require_subcommand(1);
  std::string u_db = "var/jjm.db";
  NewUser nu;
  bool u_stdin = false;
  auto* uadd = user->add_subcommand(
      "add",
      "Create a user with one role bound to a place (no default "
      "passwords: give it on standard input)");
  uadd->add_option("--db", u_db,
                   "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();
  uadd->add_option("--username", nu.username,
                   "lower-case letters, digits, . _ -")
      ->required();
  uadd->add_option("--role", nu.role,
                   "national_admin, national_viewer, state_officer, "
                   "district_officer, block_officer, vwsc_operator, "
                   "partner_user")
      ->required();
  uadd->add_option("--unit", nu.unit_code,
                   "code of the place the role is bound to (IN for national "
                   "roles)");
  uadd->add_option("--display-name", nu.display_name, "name shown in the page");
  uadd->add_option("--partner-id", nu.partner_id, "for partner users");
  uadd->add_flag("--password-stdin", u_stdin,
                 "read the password from standard input");
  std::string up_name;
  auto* upass = user->add_subcommand("password",
                                     "Set a user's password from "
                                     "standard input");
  upass
      ->add_option("--db", u_db,
                   "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();
  upass->add_option("--username", up_name, "user")->required();
  auto* ulist = user->add_subcommand("list", "List users and their roles");
  ulist
      ->add_option("--db", u_db,
                   "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();
  std::string uk_name, uk_label;
  auto* ukey = user->add_subcommand(
      "apikey", "Make an API key for a (machine) user; printed once");
  ukey->add_option("--db", u_db,
                   "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();
  ukey->add_option("--username", uk_name, "user")->required();
  ukey->add_option("--label", uk_label, "what the key is for")->required();

  // bench
  auto* bench = app.add_subcommand(
      "bench",
      "Measure jjm (bench/run.sh puts it beside PostgreSQL, SQLite "
      "and nginx)");
  bench->require_subcommand(1);
  BenchQueriesOptions bq;
  bq.db = "var/jjm.db";
  auto* bqc = bench->add_subcommand(
      "queries", "Time the roll-up questions in process (JSON lines)");
  bqc->add_option("--db", bq.db,
                  "database: a SQLite file or a postgresql:// URI")
      ->capture_default_str();
  bqc->add_option("--iterations", bq.iterations, "per question")
      ->capture_default_str();
  BenchHttpOptions bh;
  std::string bh_targets;
  auto* bhc = bench->add_subcommand(
      "http", "GET random targets over keep-alive connections (JSON line)");
  bhc->add_option("--url", bh.url, "server, http://127.0.0.1:8080")->required();
  bhc->add_option("--targets", bh_targets, "file with one path per line")
      ->required();
  bhc->add_option("--name", bh.name, "label for the result")->required();
  bhc->add_option("--connections", bh.connections, "concurrent connections")
      ->capture_default_str();
  bhc->add_option("--seconds", bh.seconds, "duration")->capture_default_str();
  bhc->add_flag("--once", bh.once,
                "ask for each target once (nothing from the cache) instead "
                "of at random for --seconds");
  BenchMixedOptions bm;
  std::string bm_villages;
  auto* bmc = bench->add_subcommand(
      "mixed", "Writers record connections while readers read roll-ups");
  bmc->add_option("--url", bm.url, "server, http://127.0.0.1:8080")->required();
  bmc->add_option("--villages", bm_villages,
                  "file with one village code per line to write to")
      ->required();
  bmc->add_option("--writers", bm.writers, "writing connections")
      ->capture_default_str();
  bmc->add_option("--readers", bm.readers, "reading connections")
      ->capture_default_str();
  bmc->add_option("--seconds", bm.seconds, "duration")->capture_default_str();
  bmc->add_option("--batch", bm.batch, "size of the batched writes")
      ->capture_default_str();
  bmc->add_option("--read-rate", bm.read_rate,
                  "reads per second per reader (0: back to back)")
      ->capture_default_str();
  bmc->add_option("--write-rate", bm.write_rate,
                  "requests per second per writer (0: back to back)")
      ->capture_default_str();
  bmc->add_option("--api-key-file", bm.api_key_file,
                  "file holding an API key of a user who may record "
                  "connections (jjm user apikey)");
  std::string bm_reads;
  bmc->add_option("--reads", bm_reads,
                  "file with the paths readers pick from (default: states)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitFailure;
  }

  if (serve->parsed()) {
    return RunServe(db, host, port, web, threads, demo, demo_scale, demo_dir,
                    secure_cookies, session_minutes, trusted_proxies);
  }
  if (iv->parsed()) return RunImport("villages", fv);
  if (ic->parsed()) return RunImport("connections", fc);
  if (il->parsed()) return RunImport("lgd", fl);
  if (ih->parsed()) return RunImport("habitations", fh);
  if (ig->parsed()) {
    auto opened = OpenAndLoad(gen_db);
    if (!opened.ok()) return Fail(opened.status());
    ImportOptions opt;
    opt.commit = true;
    opt.recorded_by = "system:generated";
    opt.closed_period_reason = gen_reason;
    Status s = ImportGeneratedAll(opened->db.get(), opened->svc.get(), gen_dir,
                                  opt, stdout);
    return s.ok() ? 0 : Fail(s);
  }
  if (exa->parsed()) {
    auto d = Db::Open(ea_db);
    if (!d.ok()) return Fail(d.status());
    Status s = Migrate(d->get());
    if (!s.ok()) return Fail(s);
    auto st = DumpDatabase(d->get(), ea_out);
    if (!st.ok()) return Fail(st.status());
    std::printf("%s rows of %lld tables written to %s\n",
                IndianGrouped(st->rows).c_str(),
                static_cast<long long>(st->tables), ea_out.c_str());
    return 0;
  }
  if (ia->parsed()) {
    auto d = Db::Open(ia_db);
    if (!d.ok()) return Fail(d.status());
    Status s = Migrate(d->get());
    if (!s.ok()) return Fail(s);
    auto st = LoadDump(d->get(), ia_dir, ia_commit);
    if (!st.ok()) return Fail(st.status());
    std::printf(
        "%s rows of %lld tables %s\n", IndianGrouped(st->rows).c_str(),
        static_cast<long long>(st->tables),
        ia_commit ? "loaded" : "checked; nothing written (add --commit)");
    return 0;
  }
  if (exh->parsed()) {
    auto opened = OpenAndLoad(eh_db);
    if (!opened.ok()) return Fail(opened.status());
    auto st = ExportHabitations(opened->svc.get(), eh_out);
    if (!st.ok()) return Fail(st.status());
    std::printf("%s rows written to %s\n", IndianGrouped(st->rows).c_str(),
                eh_out.c_str());
    return 0;
  }
  if (exv->parsed() || exc->parsed()) {
    const bool villages = exv->parsed();
    auto opened = OpenAndLoad(villages ? ev_db : ec_db);
    if (!opened.ok()) return Fail(opened.status());
    StatusOr<ExportStats> st = InvalidArgument("unreachable");
    if (villages) {
      Date d = Date::TodayIst();
      if (!ev_as_of.empty()) {
        auto p = ParseDateFlag(ev_as_of, "--as-of");
        if (!p.ok()) return Fail(p.status());
        d = *p;
      }
      st = ev_history ? ExportVillagesHistory(opened->svc.get(), ev_out)
                      : ExportVillages(opened->svc.get(), ev_out, d);
    } else {
      Date d = JjmBaseline();
      if (!ec_after.empty()) {
        auto p = ParseDateFlag(ec_after, "--after");
        if (!p.ok()) return Fail(p.status());
        d = *p;
      }
      st = ExportConnections(opened->svc.get(), ec_out, d);
    }
    if (!st.ok()) return Fail(st.status());
    std::printf("%s rows written to %s\n", IndianGrouped(st->rows).c_str(),
                (villages ? ev_out : ec_out).c_str());
    return 0;
  }
  if (gen->parsed()) {
    GenerateOptions g;
    g.scale = scale;
    g.out_dir = gen_out;
    g.seed = seed;
    const auto t0 = std::chrono::steady_clock::now();
    auto st = Generate(g);
    if (!st.ok()) return Fail(st.status());
    if (Status s = GeneratePartners(gen_out, seed); !s.ok()) return Fail(s);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
    std::printf(
        "wrote %s: %lld states, %s districts, %s blocks, %s gram panchayats, "
        "%s villages, %s habitations, %s households (%s with tap on "
        "2019-08-15, "
        "%s on 2025-07-16), %s ledger rows, %s re-survey rows in %.1f s\n",
        gen_out.c_str(), static_cast<long long>(st->states),
        IndianGrouped(st->districts).c_str(), IndianGrouped(st->blocks).c_str(),
        IndianGrouped(st->gps).c_str(), IndianGrouped(st->villages).c_str(),
        IndianGrouped(st->habitations).c_str(),
        IndianShort(st->households).c_str(),
        IndianShort(st->baseline_with_tap).c_str(),
        IndianShort(st->final_with_tap).c_str(),
        IndianGrouped(st->ledger_rows).c_str(),
        IndianGrouped(st->resurvey_rows).c_str(), secs);
    return 0;
  }
  if (rep->parsed()) return RunReport(r_db, r_as_of, r_out, r_villages);
  auto read_lines = [](const std::string& path,
                       std::vector<std::string>* out) -> bool {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) out->push_back(line);
    }
    return static_cast<bool>(in.eof());
  };
  if (uadd->parsed() || upass->parsed() || ulist->parsed() || ukey->parsed()) {
    auto opened = OpenAndLoad(u_db);
    if (!opened.ok()) return Fail(opened.status());
    auto accounts = AccountService::Load(opened->db.get(), opened->svc.get());
    if (!accounts.ok()) return Fail(accounts.status());
    auto read_password = [](std::string* out) -> Status {
      std::getline(std::cin, *out);
      while (!out->empty() && (out->back() == '\r' || out->back() == '\n')) {
        out->pop_back();
      }
      if (out->empty()) {
        return InvalidArgument("no password on standard input", "password");
      }
      return Status::Ok();
    };
    const char* login = std::getenv("USER");
    const std::string remote =
        std::string("cli:") + (login ? login : "unknown");
    if (uadd->parsed()) {
      if (u_stdin) {
        Status s = read_password(&nu.password);
        if (!s.ok()) return Fail(s);
      }
      auto id = (*accounts)->CreateUser(nullptr, nu, remote);
      if (!id.ok()) return Fail(id.status());
      std::printf("created user %s (%s of %s)%s\n", nu.username.c_str(),
                  nu.role.c_str(),
                  nu.unit_code.empty() ? "IN" : nu.unit_code.c_str(),
                  nu.password.empty() ? "; no password: API keys only" : "");
      return 0;
    }
    if (upass->parsed()) {
      std::string pw;
      Status s = read_password(&pw);
      if (s.ok())
        s = (*accounts)->SetPassword(nullptr, up_name, "", pw, remote);
      if (!s.ok()) return Fail(s);
      std::printf("password set for %s; their sessions are ended\n",
                  up_name.c_str());
      return 0;
    }
    if (ukey->parsed()) {
      auto k = (*accounts)->CreateApiKey(nullptr, uk_name, uk_label, remote);
      if (!k.ok()) return Fail(k.status());
      std::printf("%s\n", k->key.c_str());
      std::fprintf(stderr, "API key %lld for %s: shown once, store it now\n",
                   static_cast<long long>(k->id), uk_name.c_str());
      return 0;
    }
    Principal root;
    root.username = "cli";
    root.grants.push_back({0, Role::kNationalAdmin, kIndia, 0});
    auto users = (*accounts)->ListUsers(root);
    if (!users.ok()) return Fail(users.status());
    for (const UserView& u : *users) {
      std::printf("%-24s %-28s%s%s\n", u.username.c_str(),
                  u.display_name.c_str(), u.disabled ? " [disabled]" : "",
                  u.locked_until.empty()
                      ? ""
                      : (" [locked until " + u.locked_until + "]").c_str());
      for (const auto& r : u.roles) {
        std::printf("    %-18s %s %s\n", r.role.c_str(), r.unit_code.c_str(),
                    r.unit_name.c_str());
      }
    }
    return 0;
  }
  if (bqc->parsed()) return BenchQueries(bq);
  if (bhc->parsed()) {
    if (!read_lines(bh_targets, &bh.targets)) {
      return Fail(InvalidArgument("cannot read " + bh_targets));
    }
    return BenchHttp(bh);
  }
  if (bmc->parsed()) {
    if (!read_lines(bm_villages, &bm.villages)) {
      return Fail(InvalidArgument("cannot read " + bm_villages));
    }
    if (!bm_reads.empty() && !read_lines(bm_reads, &bm.reads)) {
      return Fail(InvalidArgument("cannot read " + bm_reads));
    }
    return BenchMixed(bm);
  }
  if (mig->parsed()) {
    auto d = Db::Open(m_db);
    if (!d.ok()) return Fail(d.status());
    Status s = Migrate(d->get());
    if (!s.ok()) return Fail(s);
    std::printf("schema is at version %d\n", LatestSchemaVersion());
    return 0;
  }
  return kExitFailure;
}

}  // namespace jjm
