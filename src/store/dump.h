// A whole database as files, one per table, to move it between SQLite and
// PostgreSQL (or keep it) without losing anything: places and their names,
// facts, the ledger, batches, accounts, roles, sessions, API keys, unlocks,
// the Sector Partner programme and the audit trail, with their ids.
//
// Each file is <table>.tsv in PostgreSQL's COPY text format: a header line
// of column names, then tab-separated values with \N for NULL and
// backslash escapes for tab, newline, carriage return and backslash.
#ifndef JJM_STORE_DUMP_H_
#define JJM_STORE_DUMP_H_

#include <cstdint>
#include <string>

#include "base/status.h"
#include "store/db.h"

namespace jjm {

struct DumpStats {
  int64_t tables = 0;
  int64_t rows = 0;
};

// Writes every table of `db` into `dir` (created if needed).
StatusOr<DumpStats> DumpDatabase(Db* db, const std::string& dir);

// Loads a dump into `db`, which must be migrated to the dump's schema
// version and hold no data, in one transaction.  Every file is read and
// checked either way; unless `commit`, the transaction is rolled back.
StatusOr<DumpStats> LoadDump(Db* db, const std::string& dir, bool commit);

}  // namespace jjm

#endif  // JJM_STORE_DUMP_H_
