// A new, empty database for one test: SQLite in memory, or a new database
// on the PostgreSQL server named by JJM_TEST_PG (scripts/with-postgres.sh).
#ifndef JJM_TESTS_UNIT_TEST_DB_H_
#define JJM_TESTS_UNIT_TEST_DB_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "store/db.h"
#include "store/sqlite_db.h"

namespace jjm {

inline std::unique_ptr<Db> TestDb() {
  const char* pg = std::getenv("JJM_TEST_PG");
  if (pg == nullptr || *pg == '\0') return std::move(*OpenSqlite(":memory:"));
  static int n = 0;
  const std::string name =
      "jjm_unit_" + std::to_string(getpid()) + "_" + std::to_string(++n);
  auto admin = Db::Open(std::string(pg) + "/postgres");
  if (!admin.ok() || !(*admin)->Exec("CREATE DATABASE " + name).ok()) {
    throw std::runtime_error("cannot create test database " + name);
  }
  auto db = Db::Open(std::string(pg) + "/" + name);
  if (!db.ok()) throw std::runtime_error(db.status().ToString());
  return std::move(*db);
}

// Removes a SQLite database file with its -wal and -shm files.
inline void RemoveSqliteFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::remove((path + suffix).c_str());
  }
}

// A new SQLite database in a file named `name` in the test's temporary
// folder (with the process id): unlike one in memory it has more than one
// connection, as start-up uses.  Remove it with RemoveSqliteFiles(*path).
inline std::unique_ptr<Db> TestSqliteFile(const std::string& name,
                                          std::string* path) {
  *path = ::testing::TempDir() + "/" + name + "_" + std::to_string(getpid()) +
          ".db";
  RemoveSqliteFiles(*path);
  auto db = OpenSqlite(*path);
  if (!db.ok()) throw std::runtime_error(db.status().ToString());
  return std::move(*db);
}

}  // namespace jjm

#endif  // JJM_TESTS_UNIT_TEST_DB_H_
