// jjm: the Jal Jeevan Mission management information system.
#include <cstdio>
#include <exception>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // RunCli reports what escapes a subcommand; this is the last edge, for
  // anything thrown while building the command line itself.
  try {
    return jjm::RunCli(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jjm: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "jjm: an unknown error\n");
  }
  return 2;
}
