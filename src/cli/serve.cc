// jjm serve: the dashboard and the API from the database, with demo data
// on first start when asked.
#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "accounts/account_service.h"
#include "base/strings.h"
#include "cli/cli_common.h"
#include "cli/module_links.h"
#include "coverage/boundaries.h"
#include "http/accounts_api.h"
#include "http/boundaries_api.h"
#include "http/coverage_api.h"
#include "http/crosswalk_api.h"
#include "http/operations_api.h"
#include "http/partners_api.h"
#include "http/quality_api.h"
#include "http/reports_api.h"
#include "http/server.h"
#include "http/static_files.h"
#include "http/supply_api.h"
#include "io/generate.h"
#include "io/quality_import.h"

#ifndef JJM_WEB_ROOT
#define JJM_WEB_ROOT "web"
#endif

namespace jjm {
namespace {

struct ServeFlags {
  std::string db;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web = JJM_WEB_ROOT;
  int threads = 2;
  bool demo = false;
  double demo_scale = 0.02;
  std::string demo_dir;
  bool secure_cookies = false;
  double session_minutes = 480;
  std::vector<std::string> trusted_proxies;
  std::string boundaries;
  std::string sqlite_synchronous = "full";
};

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

Status SeedDemo(Db* db, CoverageService* svc, double scale,
                const std::string& dir) {
  GenerateOptions g;
  g.scale = scale;
  g.out_dir = dir;
  std::fprintf(stderr, "jjm: generating demo data (scale %g) in %s\n", scale,
               dir.c_str());
  JJM_ASSIGN_OR_RETURN(GenerateStats st, Generate(g));
  JJM_RETURN_IF_ERROR(GeneratePartners(dir, g.seed));
  JJM_RETURN_IF_ERROR(
      GenerateQualityDemo(dir, g.seed, Date::TodayIst()).status());
  std::fprintf(
      stderr, "jjm: %s villages, %s households, %s ledger rows; importing\n",
      IndianGrouped(st.villages).c_str(), IndianShort(st.households).c_str(),
      IndianGrouped(st.ledger_rows).c_str());
  ImportOptions opt;
  opt.commit = true;
  opt.recorded_by = "system:demo";
  opt.closed_period_reason = "synthetic demo data loaded on first start";
  JJM_RETURN_IF_ERROR(ImportGeneratedAll(db, svc, dir, opt, stderr));
  JJM_RETURN_IF_ERROR(SeedQualityDemo(dir, db, svc, Date::TodayIst(), stderr));
  JJM_ASSIGN_OR_RETURN(auto supply, SupplyService::Open(db, svc, stderr));
  JJM_RETURN_IF_ERROR(supply->SeedDemo(g.seed, Date::TodayIst(), stderr));
  JJM_ASSIGN_OR_RETURN(auto ops, OperationsService::Open(db, svc, stderr));
  return ops->SeedDemo(g.seed, Date::TodayIst(), stderr);
}

int RunServe(const ServeFlags& f) {
  const std::string& db_path = f.db;
  const std::string& demo_dir = f.demo_dir;
  const bool demo = f.demo;
  const double demo_scale = f.demo_scale;
  const double session_minutes = f.session_minutes;
  const std::string& host = f.host;
  const auto t0 = std::chrono::steady_clock::now();
  DbOptions db_options;
  db_options.durable = f.sqlite_synchronous != "normal";
  auto opened = OpenAndLoad(db_path, db_options);
  if (!opened.ok()) return Fail(opened.status());
  // Say so at start when an acknowledged write could be lost to a power cut.
  auto warnings = opened->db->DurabilityWarnings();
  if (!warnings.ok()) return Fail(warnings.status());
  for (const std::string& w : *warnings) {
    std::fprintf(stderr, "jjm: warning: %s\n", w.c_str());
  }
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
    opened = OpenAndLoad(db_path, db_options);
    if (!opened.ok()) return Fail(opened.status());
  }
  auto reader = Db::Open(db_path, db_options);
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
  aopt.secure_cookies = f.secure_cookies;
  AddAccountsRoutes(&router, accounts->get(), opened->svc.get(), aopt);
  auto partners = PartnerService::Open(opened->db.get(), opened->svc.get());
  if (!partners.ok()) return Fail(partners.status());
  AddPartnerRoutes(&router, partners->get());
  // Water quality: its roll-ups read the places, and its roles the
  // accounts, both loaded above.
  auto quality =
      QualityService::Open(opened->db.get(), opened->svc.get(), stderr);
  if (!quality.ok()) return Fail(quality.status());
  AddQualityRoutes(&router, quality->get());
  // Water supply: Har Ghar Jal status follows the coverage figures.
  auto supply =
      SupplyService::Open(opened->db.get(), opened->svc.get(), stderr);
  if (!supply.ok()) return Fail(supply.status());
  // A surveyor's lab sample is judged by the water-quality module: final,
  // and safe when it opened no alert.
  (*supply)->SetSampleVerdict(SampleVerdictsOf(quality->get()));
  AddSupplyRoutes(&router, supply->get());
  // The village's own side: complaints escalate on the server's clock.
  auto ops =
      OperationsService::Open(opened->db.get(), opened->svc.get(), stderr);
  if (!ops.ok()) return Fail(ops.status());
  (*ops)->SetSampleVerdict(ComplaintSampleVerdictsOf(quality->get()));
  if (Status s = (*ops)->StartClock(std::chrono::seconds(30)); !s.ok()) {
    return Fail(s);
  }
  AddOperationsRoutes(&router, ops->get());
  // Reports: the J-formats over coverage, with water quality's formats
  // and the supply module's piped villages linked in.
  auto reports = ReportsService::Open(opened->db.get(), opened->svc.get());
  if (!reports.ok()) return Fail(reports.status());
  (*reports)->SetModuleReports("quality", QualityReportsOf(quality->get()));
  (*reports)->SetPipedVillages(PipedVillagesOf(supply->get()));
  AddReportsRoutes(&router, reports->get());
  auto alias_db = opened->db->OpenAnother();
  if (!alias_db.ok()) return Fail(alias_db.status());
  CrosswalkApiOptions copt;
  copt.alias_db = alias_db->get();
  AddCrosswalkRoutes(&router, opened->svc.get(), copt);
  // The map's official boundaries: the operator's file, when given, with
  // the files uploaded since laid over it.
  if (!f.boundaries.empty()) {
    auto b = Boundaries::Load(f.boundaries);
    if (!b.ok()) return Fail(b.status());
    std::fprintf(stderr, "jjm: %zu boundaries from %s\n", b->size(),
                 f.boundaries.c_str());
    if (Status s = (*reports)->SetBaseBoundaries(std::move(*b)); !s.ok()) {
      return Fail(s);
    }
  }
  AddBoundariesRoutes(&router, opened->svc.get(), reports->get());
  router.SetFallback(MakeStaticHandler(f.web));
  // Loading used memory it has freed (the extra connections' page caches,
  // the rows grouped by village): give it back before serving.
  malloc_trim(0);
  ServerOptions so;
  so.host = host;
  so.port = f.port;
  so.threads = f.threads;
  so.trusted_proxies = f.trusted_proxies;
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

}  // namespace

void AddServeCommand(CLI::App* app, Commands* out) {
  auto f = std::make_shared<ServeFlags>();
  auto* serve = app->add_subcommand(
      "serve", "Serve the dashboard and the API from the database");
  AddDbOption(serve, &f->db);
  serve->add_option("--host", f->host, "address to listen on")
      ->capture_default_str();
  serve->add_option("--port", f->port, "port to listen on (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve->add_option("--web", f->web, "folder with the dashboard page")
      ->capture_default_str();
  serve->add_option("--threads", f->threads, "threads serving requests")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  serve
      ->add_option("--session-minutes", f->session_minutes,
                   "how long a sign-in lasts")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 7 * 24 * 60.0));
  serve
      ->add_option("--sqlite-synchronous", f->sqlite_synchronous,
                   "full: every acknowledged write is on disk first (survives "
                   "a power cut); normal: faster, survives a process crash "
                   "only (for benchmarks)")
      ->capture_default_str()
      ->check(CLI::IsMember({"full", "normal"}));
  serve->add_flag("--secure-cookies", f->secure_cookies,
                  "mark the session cookie Secure (when served over HTTPS "
                  "behind a proxy)");
  serve->add_option("--trusted-proxy", f->trusted_proxies,
                    "address of a reverse proxy (nginx) whose "
                    "X-Forwarded-For gives the client's address; repeat for "
                    "several");
  serve->add_flag("--demo", f->demo,
                  "if the database holds no places, fill it with generated "
                  "demo data first");
  serve
      ->add_option("--demo-scale", f->demo_scale,
                   "size of the demo data (1 = national)")
      ->capture_default_str()
      ->check(CLI::Range(0.0001, 1.0));
  serve->add_option("--boundaries", f->boundaries,
                    "GeoJSON of state and/or district boundaries keyed by "
                    "LGD code, for the dashboard's map");
  serve->add_option("--demo-dir", f->demo_dir,
                    "folder for the generated demo files (default: beside a "
                    "SQLite file; a temporary folder for a postgresql:// "
                    "database)");
  out->push_back({"serve", serve, [f] { return RunServe(*f); }});
}

}  // namespace jjm
