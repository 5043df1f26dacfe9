// The jjm command: builds the command line from the subcommands (one file
// each: serve.cc, import.cc, export.cc, generate_command.cc, report.cc,
// migrate.cc, user.cc, bench_command.cc) and runs the one chosen.
#include "cli/commands.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli/cli_common.h"

namespace jjm {

int RunCli(int argc, char** argv) {
  CLI::App app{
      "jjm: the Jal Jeevan Mission management information system.\n"
      "Places, village facts, the ledger of tap connections and coverage "
      "roll-ups, served as a dashboard and a JSON API."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "jjm 0.1.0");
  Commands commands;
  AddServeCommand(&app, &commands);
  AddImportCommands(&app, &commands);
  AddExportCommands(&app, &commands);
  AddGenerateCommand(&app, &commands);
  AddReportCommand(&app, &commands);
  AddMigrateCommand(&app, &commands);
  AddUserCommands(&app, &commands);
  AddBenchCommands(&app, &commands);
  AddCrosswalkCommands(&app, &commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitFailure;
  }
  for (const Command& c : commands) {
    if (!c.app->parsed()) continue;
    // Errors are values, but a library may still throw (the JSON reader on
    // a malformed file): say where, never end in std::terminate.
    try {
      return c.run();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "jjm: %s: %s\n", c.name.c_str(), e.what());
    } catch (...) {
      std::fprintf(stderr, "jjm: %s: an unknown error\n", c.name.c_str());
    }
    return kExitFailure;
  }
  return kExitFailure;
}

}  // namespace jjm
