#include <chrono>
#include <ctime>
#include <string>

#include "store/db.h"
#include "store/migrations.h"

namespace jjm {

int LatestSchemaVersion() {
  return kSqliteMigrations[kSqliteMigrationCount - 1].version;
}

Status Migrate(Db* db) {
  JJM_RETURN_IF_ERROR(
      db->Exec("CREATE TABLE IF NOT EXISTS schema_migration ("
               " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
               " applied_at TEXT NOT NULL)"));
  JJM_ASSIGN_OR_RETURN(auto q,
                       db->Prepare("SELECT COALESCE(MAX(version), 0) FROM "
                                   "schema_migration"));
  JJM_ASSIGN_OR_RETURN(bool row, q->Step());
  const int64_t current = row ? q->ColumnInt(0) : 0;
  q->Reset();
  if (current > LatestSchemaVersion()) {
    return FailedPrecondition(
        "the database schema is version " + std::to_string(current) +
        ", newer than this jjm knows (" +
        std::to_string(LatestSchemaVersion()) + "); use a newer jjm");
  }
  const bool pg = db->Kind() == "postgresql";
  const Migration* migrations = pg ? kPostgresqlMigrations : kSqliteMigrations;
  const int count = pg ? kPostgresqlMigrationCount : kSqliteMigrationCount;
  for (int i = 0; i < count; ++i) {
    const Migration& m = migrations[i];
    if (m.version <= current) continue;
    Transaction tx(db);
    JJM_RETURN_IF_ERROR(tx.Begin());
    Status s = db->Exec(m.sql);
    if (!s.ok()) {
      return Internal("migration " + std::to_string(m.version) + " (" + m.name +
                      ") failed: " + s.message());
    }
    JJM_ASSIGN_OR_RETURN(
        auto ins, db->Prepare("INSERT INTO schema_migration (version, name, "
                              "applied_at) VALUES ($1, $2, $3)"));
    ins->BindInt(1, m.version);
    ins->BindText(2, m.name);
    const std::time_t now = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    ins->BindText(3, buf);
    JJM_RETURN_IF_ERROR(ins->Run());
    JJM_RETURN_IF_ERROR(tx.Commit());
  }
  return Status::Ok();
}

}  // namespace jjm
