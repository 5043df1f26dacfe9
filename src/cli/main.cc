// jjm: the Jal Jeevan Mission management information system.
#include "cli/commands.h"

int main(int argc, char** argv) { return jjm::RunCli(argc, argv); }
