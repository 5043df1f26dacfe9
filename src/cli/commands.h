// The jjm command line: serve, import, export, generate, report, migrate.
#ifndef JJM_CLI_COMMANDS_H_
#define JJM_CLI_COMMANDS_H_

namespace jjm {

// Parses the command line and runs the subcommand; returns the exit status:
// 0 success, 1 an import rejected rows, 2 bad usage or a failure.
int RunCli(int argc, char** argv);

}  // namespace jjm

#endif  // JJM_CLI_COMMANDS_H_
