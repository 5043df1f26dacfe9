// PostgreSQL back end of Db, on libpq.
//
// One Db is one connection.  Results stream row by row (single-row mode),
// so that reading the national ledger does not hold it all in memory.
// Writes are serialised across processes by a transaction-level advisory
// lock, as SQLite serialises its writers: sequence numbers are then
// committed in order, and a process tailing the ledger by sequence number
// misses nothing.  A connection lost outside a transaction (the server
// restarted) is re-established on the next use.
#ifndef JJM_STORE_POSTGRES_DB_H_
#define JJM_STORE_POSTGRES_DB_H_

#include <memory>
#include <string>

#include "store/db.h"

namespace jjm {

// Opens a connection; `spec` is a libpq connection URI
// ("postgresql://user@host:port/dbname"); PG* environment variables fill
// in what it leaves out.
StatusOr<std::unique_ptr<Db>> OpenPostgres(const std::string& spec);

// True if `spec` names a PostgreSQL database.
bool IsPostgresSpec(const std::string& spec);

}  // namespace jjm

#endif  // JJM_STORE_POSTGRES_DB_H_
