// The database interface that every module above store/ talks to.  SQL is
// written once with $1..$N placeholders; each back end translates.  Nothing
// above store/ knows which back end it runs on.
//
//   JJM_ASSIGN_OR_RETURN(auto stmt, db->Prepare(
//       "SELECT code, name FROM unit WHERE parent_id = $1"));
//   stmt->BindInt(1, parent);
//   JJM_RETURN_IF_ERROR(stmt->ForEachRow([&](Statement& row) {
//     Use(row.ColumnText(0), row.ColumnText(1));
//   }));
#ifndef JJM_STORE_DB_H_
#define JJM_STORE_DB_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "base/status.h"

namespace jjm {

// A prepared statement.  Not thread-safe; owned by one caller at a time.
class Statement {
 public:
  virtual ~Statement() = default;

  // Parameters are numbered from 1, matching $1..$N in the SQL.
  virtual void BindNull(int index) = 0;
  virtual void BindInt(int index, int64_t value) = 0;
  virtual void BindDouble(int index, double value) = 0;
  // The text is copied.
  virtual void BindText(int index, std::string_view value) = 0;

  // Runs the statement or advances to the next row.  Returns true while a
  // row is available, false when done.
  virtual StatusOr<bool> Step() = 0;
  // Runs the statement and calls `fn(*this)` for each row, in order.  `fn`
  // returns void; or a Status: the first non-OK one stops the loop and is
  // returned; or a bool: false stops the loop (the rest of the rows are
  // dropped, see Reset) and OK is returned.  Returns the first error of the
  // statement otherwise.
  template <typename Fn>
  Status ForEachRow(Fn&& fn);
  // Runs a statement that returns no rows.
  Status Run();
  // Runs an INSERT ... RETURNING id and gives the id.
  StatusOr<int64_t> RunReturningId();
  // Makes the statement ready to run again; bindings are kept.
  virtual void Reset() = 0;

  // Columns of the current row, numbered from 0.
  virtual bool ColumnIsNull(int col) = 0;
  virtual int64_t ColumnInt(int col) = 0;
  virtual double ColumnDouble(int col) = 0;
  // Valid until the next Step or Reset.
  virtual std::string_view ColumnText(int col) = 0;
};

template <typename Fn>
Status Statement::ForEachRow(Fn&& fn) {
  while (true) {
    StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    using Result = std::invoke_result_t<Fn&, Statement&>;
    if constexpr (std::is_same_v<Result, void>) {
      fn(*this);
    } else if constexpr (std::is_same_v<Result, bool>) {
      if (!fn(*this)) {
        Reset();
        return Status::Ok();
      }
    } else {
      Status s = fn(*this);
      if (!s.ok()) return s;
    }
  }
}

// Writes many rows into one table as fast as the back end allows
// (PostgreSQL: COPY; SQLite: several rows per INSERT).  Give each row's
// values in column order, then EndRow().  Nothing else may use the
// connection until Finish(); destroying it unfinished abandons the rows.
class BulkInsert {
 public:
  virtual ~BulkInsert() = default;
  virtual void Null() = 0;
  virtual void Int(int64_t v) = 0;
  virtual void Real(double v) = 0;
  virtual void Text(std::string_view v) = 0;
  virtual Status EndRow() = 0;
  virtual Status Finish() = 0;
};

// How a connection is opened.
struct DbOptions {
  // SQLite: every commit is on disk before Commit() returns
  // (`synchronous=FULL` in WAL mode: the WAL is synced at each commit), so a
  // power cut or an operating-system crash loses no acknowledged write.
  // False gives `synchronous=NORMAL`: it survives a process crash but may
  // lose the last commits to a power cut; for benchmarks beside the durable
  // setting only.  PostgreSQL relies on the server's own settings (`fsync`,
  // `synchronous_commit`); see DurabilityWarnings.
  bool durable = true;
  // SQLite: the connection is used by one thread only, so SQLite's own lock
  // on every call is left out (OpenForOneThread sets it).  Connections
  // shared by threads (the HTTP workers' reader) must not set it.
  bool one_thread = false;
};

class Db {
 public:
  virtual ~Db() = default;

  // Opens the database named by `spec`: a file path for SQLite, a
  // postgresql:// URI for PostgreSQL.
  static StatusOr<std::unique_ptr<Db>> Open(const std::string& spec,
                                            const DbOptions& options = {});

  // Opens another connection to the same database, for a second thread.
  // It may be shared by threads (each statement and transaction runs whole
  // under the connection's lock).
  virtual StatusOr<std::unique_ptr<Db>> OpenAnother() = 0;
  // The same, for a connection that one thread alone will use (a loader's
  // reader): cheaper per call on SQLite.
  virtual StatusOr<std::unique_ptr<Db>> OpenForOneThread() {
    return OpenAnother();
  }

  // Runs one or more statements with no parameters and no results.
  virtual Status Exec(std::string_view sql) = 0;
  virtual StatusOr<std::unique_ptr<Statement>> Prepare(
      std::string_view sql) = 0;

  // Transactions.  Callers use Transaction below rather than these.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // Turns checks of references between tables on or off for this
  // connection, outside a transaction.  Off only for bulk writes whose
  // references the caller has checked.
  virtual Status SetReferenceChecks(bool on) = 0;

  // After rows were written with explicit ids, makes the id generator of
  // `table` continue after the largest (PostgreSQL; nothing to do in
  // SQLite).
  virtual Status SyncIds(std::string_view table, std::string_view column) = 0;

  // Starts writing rows into `table`'s `columns`.
  virtual StatusOr<std::unique_ptr<BulkInsert>> BeginBulkInsert(
      std::string_view table, const std::vector<std::string>& columns) = 0;

  // "sqlite" or "postgresql".
  virtual std::string_view Kind() const = 0;

  // Sentences naming each setting under which a commit this connection
  // acknowledges may be lost to a power cut (SQLite opened not durable;
  // a PostgreSQL server with fsync or synchronous_commit off).  Empty when
  // every commit is durable.
  virtual StatusOr<std::vector<std::string>> DurabilityWarnings() = 0;
};

// Rolls back unless Commit() is called.
class Transaction {
 public:
  explicit Transaction(Db* db) : db_(db) {}
  ~Transaction() {
    if (open_) (void)db_->Rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Begin() {
    Status s = db_->Begin();
    open_ = s.ok();
    return s;
  }
  Status Commit() {
    open_ = false;
    Status s = db_->Commit();
    if (!s.ok()) return WithCleanup(s, db_->Rollback(), "rolling back");
    return s;
  }

 private:
  Db* db_;
  bool open_ = false;
};

// Brings the schema up to the newest migration this binary knows.  Refuses a
// database whose schema is newer than the binary.
Status Migrate(Db* db);
// The newest schema version this binary knows.
int LatestSchemaVersion();

}  // namespace jjm

#endif  // JJM_STORE_DB_H_
