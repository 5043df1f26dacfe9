// jjm migrate: create or update the database schema.
#include <memory>
#include <string>

#include "cli/cli_common.h"

namespace jjm {

void AddMigrateCommand(CLI::App* app, Commands* out) {
  auto db = std::make_shared<std::string>();
  auto* mig =
      app->add_subcommand("migrate", "Create or update the database schema");
  AddDbOption(mig, db.get());
  out->push_back({"migrate", mig, [db] {
                    auto d = Db::Open(*db);
                    if (!d.ok()) return Fail(d.status());
                    Status s = Migrate(d->get());
                    if (!s.ok()) return Fail(s);
                    std::printf("schema is at version %d\n",
                                LatestSchemaVersion());
                    return 0;
                  }});
}

}  // namespace jjm
