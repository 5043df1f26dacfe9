// The numbered schema migrations compiled into the binary from
// store/migrations/<dialect>/NNN_name.sql (see CMakeLists.txt).
#ifndef JJM_STORE_MIGRATIONS_H_
#define JJM_STORE_MIGRATIONS_H_

namespace jjm {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

extern const Migration kSqliteMigrations[];
extern const int kSqliteMigrationCount;
extern const Migration kPostgresqlMigrations[];
extern const int kPostgresqlMigrationCount;

}  // namespace jjm

#endif  // JJM_STORE_MIGRATIONS_H_
