#include "cli/cli_common.h"

#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>

#include "io/generate.h"
#include "partners/partner_demo.h"

namespace jjm {

int Fail(const Status& s) {
  std::fprintf(stderr, "jjm: %s\n", s.message().c_str());
  return kExitFailure;
}

CLI::Option* AddDbOption(CLI::App* cmd, std::string* db, const char* help) {
  *db = "var/jjm.db";
  return cmd->add_option("--db", *db, help)->capture_default_str();
}

StatusOr<Opened> OpenAndLoad(const std::string& path,
                             const DbOptions& options) {
  Opened o;
  JJM_ASSIGN_OR_RETURN(o.db, Db::Open(path, options));
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

std::string LoginName() {
  const char* login = std::getenv("USER");
  return login != nullptr ? login : "unknown";
}

Status GeneratePartners(const std::string& dir, uint64_t seed) {
  JJM_RETURN_IF_ERROR(GeneratePartnerDemo(dir, seed, Date::TodayIst()));
  std::ofstream m(dir + "/manifest.txt", std::ios::app);
  m << "partners partners.json\n";
  if (!m) return Internal("cannot write " + dir + "/manifest.txt");
  return Status::Ok();
}

Status ImportGeneratedAll(Db* db, CoverageService* svc, const std::string& dir,
                          const ImportOptions& opt, std::FILE* log) {
  JJM_RETURN_IF_ERROR(ImportGenerated(svc, dir, opt, log));
  const std::string partners = dir + "/partners.json";
  if (!std::filesystem::exists(partners)) return Status::Ok();
  // The JSON reader throws on a malformed file: say which file.
  try {
    return LoadPartnerDemo(dir, db, svc, Date::TodayIst(), log).status();
  } catch (const std::exception& e) {
    return InvalidArgument(partners + ": " + e.what());
  }
}

}  // namespace jjm
