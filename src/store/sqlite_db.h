// SQLite back end of Db: one connection, WAL journal, foreign keys on.
#ifndef JJM_STORE_SQLITE_DB_H_
#define JJM_STORE_SQLITE_DB_H_

#include <memory>
#include <string>

#include "store/db.h"

namespace jjm {

// Opens (creating if needed) the SQLite database at `path`; ":memory:" works.
// WAL journal; `synchronous=FULL` unless `options.durable` is false.
StatusOr<std::unique_ptr<Db>> OpenSqlite(const std::string& path,
                                         const DbOptions& options = {});

// Rewrites $1..$N placeholders as ?1..?N, leaving quoted text alone.
std::string SqliteParams(std::string_view sql);

}  // namespace jjm

#endif  // JJM_STORE_SQLITE_DB_H_
