// What the subcommands of the jjm command share: exit statuses, reporting
// a failure, opening and loading a database, date flags, and the table of
// subcommands RunCli dispatches to.
#ifndef JJM_CLI_CLI_COMMON_H_
#define JJM_CLI_CLI_COMMON_H_

#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "coverage/coverage_service.h"
#include "io/import_report.h"
#include "store/db.h"

namespace jjm {

inline constexpr int kExitRejected = 1;  // an import rejected rows
inline constexpr int kExitFailure = 2;   // bad usage or a failure

// Prints "jjm: <message>" on stderr and gives kExitFailure.
int Fail(const Status& s);

// A subcommand as RunCli runs it: `run` is called when `app` was chosen on
// the command line; `name` ("import generated") names it in errors.
struct Command {
  std::string name;
  CLI::App* app;
  std::function<int()> run;
};
using Commands = std::vector<Command>;

// Each adds its subcommands to `app` and their runs to `out`.
void AddServeCommand(CLI::App* app, Commands* out);
void AddImportCommands(CLI::App* app, Commands* out);
void AddExportCommands(CLI::App* app, Commands* out);
void AddGenerateCommand(CLI::App* app, Commands* out);
void AddReportCommand(CLI::App* app, Commands* out);
void AddMigrateCommand(CLI::App* app, Commands* out);
void AddUserCommands(CLI::App* app, Commands* out);
void AddBenchCommands(CLI::App* app, Commands* out);
void AddCrosswalkCommands(CLI::App* app, Commands* out);

// Adds --db (default var/jjm.db) to `cmd`.
CLI::Option* AddDbOption(CLI::App* cmd, std::string* db,
                         const char* help =
                             "database: a SQLite file or a "
                             "postgresql:// URI");

// A database opened, migrated and loaded into the coverage service.
struct Opened {
  std::unique_ptr<Db> db;
  std::unique_ptr<CoverageService> svc;
  LoadStats stats;
};
StatusOr<Opened> OpenAndLoad(const std::string& path,
                             const DbOptions& options = {});

// A YYYY-MM-DD flag; errors name the flag.
StatusOr<Date> ParseDateFlag(const std::string& text, const char* flag);

// The login name of whoever runs the command, or "unknown".
std::string LoginName();

// Adds the Sector Partner programme to a generated folder.
Status GeneratePartners(const std::string& dir, uint64_t seed);
// Imports a generated folder: places, facts and the ledger, then the
// partner programme when the folder has one (partners.json; an error in
// it names the file).
Status ImportGeneratedAll(Db* db, CoverageService* svc, const std::string& dir,
                          const ImportOptions& opt, std::FILE* log);

}  // namespace jjm

#endif  // JJM_CLI_CLI_COMMON_H_
