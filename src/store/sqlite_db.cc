#include "store/sqlite_db.h"

#include <sqlite3.h>

#include <filesystem>
#include <mutex>

#include "store/postgres_db.h"

namespace jjm {
namespace {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) {
    return Status(StatusCode::kConflict, msg);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Status(StatusCode::kUnavailable, msg);
  }
  return Internal(msg);
}

class SqliteStatement : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void BindNull(int i) override { sqlite3_bind_null(stmt_, i); }
  void BindInt(int i, int64_t v) override { sqlite3_bind_int64(stmt_, i, v); }
  void BindDouble(int i, double v) override {
    sqlite3_bind_double(stmt_, i, v);
  }
  void BindText(int i, std::string_view v) override {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()),
                      SQLITE_TRANSIENT);
  }

  StatusOr<bool> Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      sqlite3_reset(stmt_);
      return false;
    }
    Status s = SqliteError(db_, rc, "statement failed");
    sqlite3_reset(stmt_);
    return s;
  }
  void Reset() override { sqlite3_reset(stmt_); }

  bool ColumnIsNull(int c) override {
    return sqlite3_column_type(stmt_, c) == SQLITE_NULL;
  }
  int64_t ColumnInt(int c) override { return sqlite3_column_int64(stmt_, c); }
  double ColumnDouble(int c) override {
    return sqlite3_column_double(stmt_, c);
  }
  std::string_view ColumnText(int c) override {
    const unsigned char* p = sqlite3_column_text(stmt_, c);
    if (p == nullptr) return {};
    return std::string_view(reinterpret_cast<const char*>(p),
                            sqlite3_column_bytes(stmt_, c));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// Several rows per INSERT: a statement for kRows rows, and one for the
// rows left at the end.
class SqliteBulkInsert : public BulkInsert {
 public:
  static constexpr size_t kRows = 50;
  SqliteBulkInsert(Db* db, std::string table, std::vector<std::string> columns)
      : db_(db), table_(std::move(table)), columns_(std::move(columns)) {}

  void Null() override { Next().type = 0; }
  void Int(int64_t v) override {
    Value& x = Next();
    x.type = 1;
    x.i = v;
  }
  void Real(double v) override {
    Value& x = Next();
    x.type = 3;
    x.d = v;
  }
  void Text(std::string_view v) override {
    Value& x = Next();
    x.type = 2;
    x.s.assign(v);
  }
  Status EndRow() override {
    if (used_ != (rows_ + 1) * columns_.size()) {
      return Internal("a bulk row has the wrong number of values");
    }
    ++rows_;
    if (rows_ == kRows) return Flush();
    return Status::Ok();
  }
  Status Finish() override { return Flush(); }

 private:
  struct Value {
    int type;
    int64_t i;
    double d;
    std::string s;
  };
  std::string Sql(size_t rows) const {
    std::string sql = "INSERT INTO " + table_ + " (";
    for (size_t c = 0; c < columns_.size(); ++c) {
      sql += (c > 0 ? ", " : "") + columns_[c];
    }
    sql += ") VALUES ";
    for (size_t r = 0; r < rows; ++r) {
      sql += r > 0 ? ", (" : "(";
      for (size_t c = 0; c < columns_.size(); ++c) {
        sql +=
            (c > 0 ? ", $" : "$") + std::to_string(r * columns_.size() + c + 1);
      }
      sql += ")";
    }
    return sql;
  }
  // The slot for the next value; the buffer keeps its memory between
  // groups of rows.
  Value& Next() {
    if (used_ == values_.size()) values_.emplace_back();
    return values_[used_++];
  }
  Status Flush() {
    if (rows_ == 0) return Status::Ok();
    Statement* s;
    if (rows_ == kRows) {
      if (full_ == nullptr) {
        JJM_ASSIGN_OR_RETURN(full_, db_->Prepare(Sql(kRows)));
      }
      s = full_.get();
    } else {
      JJM_ASSIGN_OR_RETURN(partial_, db_->Prepare(Sql(rows_)));
      s = partial_.get();
    }
    for (size_t i = 0; i < used_; ++i) {
      const Value& v = values_[i];
      const int n = static_cast<int>(i + 1);
      if (v.type == 0) {
        s->BindNull(n);
      } else if (v.type == 1) {
        s->BindInt(n, v.i);
      } else if (v.type == 3) {
        s->BindDouble(n, v.d);
      } else {
        s->BindText(n, v.s);
      }
    }
    rows_ = 0;
    used_ = 0;
    return s->Run();
  }

  Db* db_;
  std::string table_;
  std::vector<std::string> columns_;
  std::vector<Value> values_;
  size_t used_ = 0;
  size_t rows_ = 0;
  std::unique_ptr<Statement> full_, partial_;
};

class SqliteDb : public Db {
 public:
  SqliteDb(sqlite3* db, std::string path, DbOptions options)
      : db_(db), path_(std::move(path)), options_(options) {}

  StatusOr<std::unique_ptr<Db>> OpenAnother() override {
    if (path_ == ":memory:") {
      return FailedPrecondition("an in-memory database has one connection");
    }
    DbOptions o = options_;
    o.one_thread = false;
    return OpenSqlite(path_, o);
  }
  StatusOr<std::unique_ptr<Db>> OpenForOneThread() override {
    if (path_ == ":memory:") {
      return FailedPrecondition("an in-memory database has one connection");
    }
    DbOptions o = options_;
    o.one_thread = true;
    return OpenSqlite(path_, o);
  }

  StatusOr<std::vector<std::string>> DurabilityWarnings() override {
    std::vector<std::string> out;
    if (!options_.durable && path_ != ":memory:") {
      out.push_back(
          "SQLite runs with synchronous=NORMAL: a power cut or an "
          "operating-system crash may lose the last acknowledged writes");
    }
    return out;
  }
  ~SqliteDb() override { sqlite3_close_v2(db_); }

  Status Exec(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      Status st = SqliteError(nullptr, rc, "sql failed");
      return Status(st.code(), "sql failed: " + msg);
    }
    return Status::Ok();
  }

  StatusOr<std::unique_ptr<Statement>> Prepare(std::string_view sql) override {
    const std::string s = SqliteParams(sql);
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, s.c_str(), static_cast<int>(s.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      return SqliteError(db_, rc, "prepare failed for '" + s + "'");
    }
    return std::unique_ptr<Statement>(new SqliteStatement(db_, stmt));
  }

  Status SetReferenceChecks(bool on) override {
    return Exec(on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF");
  }
  Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  Status Commit() override { return Exec("COMMIT"); }
  Status Rollback() override { return Exec("ROLLBACK"); }
  Status SyncIds(std::string_view, std::string_view) override {
    return Status::Ok();  // rowids continue after the largest by themselves
  }
  StatusOr<std::unique_ptr<BulkInsert>> BeginBulkInsert(
      std::string_view table,
      const std::vector<std::string>& columns) override {
    return std::unique_ptr<BulkInsert>(
        new SqliteBulkInsert(this, std::string(table), columns));
  }
  std::string_view Kind() const override { return "sqlite"; }

 private:
  sqlite3* db_;
  std::string path_;
  DbOptions options_;
};

}  // namespace

std::string SqliteParams(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      out.push_back(c);
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
      continue;
    }
    if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' &&
        sql[i + 1] <= '9') {
      out.push_back('?');
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// Before the first connection: SQLite's memory statistics take one global
// mutex on every allocation, which the loading threads (one connection
// each) then fight over; jjm never reads those statistics.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
  });
}

StatusOr<std::unique_ptr<Db>> OpenSqlite(const std::string& path,
                                         const DbOptions& options) {
  ConfigureSqliteOnce();
  if (path != ":memory:") {
    const auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db,
      // Serialized unless one thread alone uses it: a connection may be
      // shared by threads (the HTTP workers' reader), as a PostgreSQL one
      // is behind its own mutex.
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
          (options.one_thread ? SQLITE_OPEN_NOMUTEX : SQLITE_OPEN_FULLMUTEX),
      nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteError(db, rc, "cannot open database '" + path + "'");
    sqlite3_close_v2(db);
    return s;
  }
  sqlite3_busy_timeout(db, 10000);
  auto out = std::unique_ptr<Db>(new SqliteDb(db, path, options));
  // In WAL mode FULL syncs the WAL at each commit (one sync per group
  // commit of the coverage writers); NORMAL syncs only at checkpoints.
  JJM_RETURN_IF_ERROR(
      out->Exec(options.durable
                    ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                    : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "));
  JJM_RETURN_IF_ERROR(
      out->Exec("PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
                "PRAGMA cache_size=-65536;"));
  return out;
}

StatusOr<std::unique_ptr<Db>> Db::Open(const std::string& spec,
                                       const DbOptions& options) {
  if (IsPostgresSpec(spec)) return OpenPostgres(spec);
  return OpenSqlite(spec, options);
}

StatusOr<int64_t> Statement::RunReturningId() {
  JJM_ASSIGN_OR_RETURN(bool row, Step());
  if (!row) return Internal("an insert returned no id");
  const int64_t id = ColumnInt(0);
  Reset();
  return id;
}

Status Statement::Run() {
  StatusOr<bool> r = Step();
  if (!r.ok()) return r.status();
  Reset();
  return Status::Ok();
}

}  // namespace jjm
