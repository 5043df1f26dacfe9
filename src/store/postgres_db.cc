#include "store/postgres_db.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <vector>

namespace jjm {
namespace {

// The connection and what guards it: a transaction, a running statement or
// a COPY holds `mu` until it ends, so that threads never interleave on it.
struct Conn {
  PGconn* pg = nullptr;
  std::string spec;
  std::recursive_mutex mu;
  bool in_tx = false;
  ~Conn() {
    if (pg != nullptr) PQfinish(pg);
  }
  // Reconnects a lost connection, unless a transaction was open on it.
  Status Ensure() {
    if (PQstatus(pg) == CONNECTION_OK) return Status::Ok();
    if (in_tx) {
      return Status(StatusCode::kUnavailable,
                    "the database connection was lost inside a transaction; "
                    "nothing of it was committed");
    }
    PQreset(pg);
    if (PQstatus(pg) != CONNECTION_OK) {
      return Status(
          StatusCode::kUnavailable,
          std::string("cannot reach the database: ") + PQerrorMessage(pg));
    }
    return Status::Ok();
  }
};

Status ResultError(PGresult* r, PGconn* pg, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += r != nullptr ? PQresultErrorMessage(r) : PQerrorMessage(pg);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) {
    msg.pop_back();
  }
  const char* state =
      r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state != nullptr ? state : "";
  if (code.rfind("23", 0) == 0) return Status(StatusCode::kConflict, msg);
  if (code.rfind("08", 0) == 0 || code == "40001" || code == "40P01" ||
      code == "57P01" || PQstatus(pg) != CONNECTION_OK) {
    return Status(StatusCode::kUnavailable, msg);
  }
  return Internal(msg);
}

// Drains what is left of a command's results.
void Drain(PGconn* pg) {
  while (PGresult* r = PQgetResult(pg)) PQclear(r);
}

class PgStatement : public Statement {
 public:
  PgStatement(std::shared_ptr<Conn> c, std::string sql)
      : c_(std::move(c)), sql_(std::move(sql)) {}
  ~PgStatement() override { Reset(); }

  void BindNull(int i) override { Slot(i).reset(); }
  void BindInt(int i, int64_t v) override { Slot(i) = std::to_string(v); }
  void BindDouble(int i, double v) override {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    Slot(i) = buf;
  }
  void BindText(int i, std::string_view v) override {
    Slot(i) = std::string(v);
  }

  StatusOr<bool> Step() override {
    if (!active_) {
      lock_ = std::unique_lock(c_->mu);
      Status s = Send();
      if (!s.ok() && !c_->in_tx && PQstatus(c_->pg) != CONNECTION_OK) {
        // The server went away between statements: reconnect and retry.
        s = Send();
      }
      if (!s.ok()) {
        Finish();
        return s;
      }
      active_ = true;
    }
    Clear();
    PGresult* r = PQgetResult(c_->pg);
    const ExecStatusType st =
        r != nullptr ? PQresultStatus(r) : PGRES_COMMAND_OK;
    if (st == PGRES_SINGLE_TUPLE) {
      row_ = r;
      return true;
    }
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
      if (r != nullptr) PQclear(r);
      Drain(c_->pg);
      Finish();
      return false;
    }
    Status err = ResultError(r, c_->pg, "statement failed");
    if (r != nullptr) PQclear(r);
    Drain(c_->pg);
    Finish();
    return err;
  }

  void Reset() override {
    Clear();
    if (active_) {
      // Stopped early: read and drop the rest.  (A cancel request could
      // arrive late and stop the next statement instead.)
      Drain(c_->pg);
      Finish();
    }
  }

  bool ColumnIsNull(int c) override { return PQgetisnull(row_, 0, c) != 0; }
  int64_t ColumnInt(int c) override {
    return std::strtoll(PQgetvalue(row_, 0, c), nullptr, 10);
  }
  double ColumnDouble(int c) override {
    return std::strtod(PQgetvalue(row_, 0, c), nullptr);
  }
  std::string_view ColumnText(int c) override {
    return std::string_view(PQgetvalue(row_, 0, c), PQgetlength(row_, 0, c));
  }

 private:
  std::optional<std::string>& Slot(int i) {
    if (static_cast<size_t>(i) > params_.size()) params_.resize(i);
    return params_[i - 1];
  }
  Status Send() {
    JJM_RETURN_IF_ERROR(c_->Ensure());
    std::vector<const char*> values(params_.size());
    for (size_t i = 0; i < params_.size(); ++i) {
      values[i] = params_[i] ? params_[i]->c_str() : nullptr;
    }
    if (PQsendQueryParams(c_->pg, sql_.c_str(), static_cast<int>(values.size()),
                          nullptr, values.data(), nullptr, nullptr, 0) == 0) {
      return ResultError(nullptr, c_->pg, "cannot send a statement");
    }
    PQsetSingleRowMode(c_->pg);
    return Status::Ok();
  }
  void Clear() {
    if (row_ != nullptr) PQclear(row_);
    row_ = nullptr;
  }
  void Finish() {
    active_ = false;
    if (lock_.owns_lock()) lock_.unlock();
  }

  std::shared_ptr<Conn> c_;
  std::string sql_;
  std::vector<std::optional<std::string>> params_;
  PGresult* row_ = nullptr;
  bool active_ = false;
  std::unique_lock<std::recursive_mutex> lock_;
};

// COPY ... FROM STDIN in text format.
class PgBulkInsert : public BulkInsert {
 public:
  PgBulkInsert(std::shared_ptr<Conn> c,
               std::unique_lock<std::recursive_mutex> lock)
      : c_(std::move(c)), lock_(std::move(lock)) {}
  ~PgBulkInsert() override {
    if (open_) {
      PQputCopyEnd(c_->pg, "abandoned");
      Drain(c_->pg);
    }
  }
  void Null() override {
    Sep();
    buf_ += "\\N";
  }
  void Int(int64_t v) override {
    Sep();
    buf_ += std::to_string(v);
  }
  void Real(double v) override {
    Sep();
    char b[32];
    auto [end, ec] = std::to_chars(b, b + sizeof b, v);
    buf_.append(b, end);
  }
  void Text(std::string_view v) override {
    Sep();
    for (char ch : v) {
      switch (ch) {
        case '\\':
          buf_ += "\\\\";
          break;
        case '\t':
          buf_ += "\\t";
          break;
        case '\n':
          buf_ += "\\n";
          break;
        case '\r':
          buf_ += "\\r";
          break;
        default:
          buf_ += ch;
      }
    }
  }
  Status EndRow() override {
    buf_ += '\n';
    first_ = true;
    if (buf_.size() >= (1 << 18)) return Put();
    return Status::Ok();
  }
  Status Finish() override {
    JJM_RETURN_IF_ERROR(Put());
    open_ = false;
    if (PQputCopyEnd(c_->pg, nullptr) != 1) {
      return ResultError(nullptr, c_->pg, "COPY did not end");
    }
    Status s;
    while (PGresult* r = PQgetResult(c_->pg)) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK && s.ok()) {
        s = ResultError(r, c_->pg, "COPY failed");
      }
      PQclear(r);
    }
    lock_.unlock();
    return s;
  }

  bool open_ = true;

 private:
  void Sep() {
    if (!first_) buf_ += '\t';
    first_ = false;
  }
  Status Put() {
    if (buf_.empty()) return Status::Ok();
    if (PQputCopyData(c_->pg, buf_.data(), static_cast<int>(buf_.size())) !=
        1) {
      return ResultError(nullptr, c_->pg, "COPY data was not sent");
    }
    buf_.clear();
    return Status::Ok();
  }
  std::shared_ptr<Conn> c_;
  std::unique_lock<std::recursive_mutex> lock_;
  std::string buf_;
  bool first_ = true;
};

class PgDb : public Db {
 public:
  explicit PgDb(std::shared_ptr<Conn> c) : c_(std::move(c)) {}

  StatusOr<std::unique_ptr<Db>> OpenAnother() override {
    return OpenPostgres(c_->spec);
  }

  Status Exec(std::string_view sql) override {
    std::lock_guard lock(c_->mu);
    JJM_RETURN_IF_ERROR(c_->Ensure());
    const std::string s(sql);
    PGresult* r = PQexec(c_->pg, s.c_str());
    const ExecStatusType st = PQresultStatus(r);
    Status out;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      out = ResultError(r, c_->pg, "sql failed");
    }
    PQclear(r);
    return out;
  }

  StatusOr<std::unique_ptr<Statement>> Prepare(std::string_view sql) override {
    return std::unique_ptr<Statement>(new PgStatement(c_, std::string(sql)));
  }

  Status Begin() override {
    tx_lock_ = std::unique_lock(c_->mu);
    // One writer at a time across every process, as with SQLite: ledger
    // sequence numbers are then committed in order.
    Status s = Exec("BEGIN; SELECT pg_advisory_xact_lock(7501)");
    if (!s.ok()) {
      tx_lock_.unlock();
      return s;
    }
    c_->in_tx = true;
    return Status::Ok();
  }
  Status Commit() override {
    Status s = Exec("COMMIT");
    End();
    return s;
  }
  Status Rollback() override {
    Status s;
    if (PQstatus(c_->pg) == CONNECTION_OK) s = Exec("ROLLBACK");
    End();
    return s;
  }
  Status SetReferenceChecks(bool) override {
    // COPY checks references quickly enough; they stay on.
    return Status::Ok();
  }
  Status SyncIds(std::string_view table, std::string_view column) override {
    const std::string t(table), c(column);
    return Exec("SELECT setval(pg_get_serial_sequence('" + t + "', '" + c +
                "'), GREATEST(COALESCE(MAX(" + c + "), 0), 1), MAX(" + c +
                ") IS NOT NULL) FROM " + t);
  }
  StatusOr<std::unique_ptr<BulkInsert>> BeginBulkInsert(
      std::string_view table,
      const std::vector<std::string>& columns) override {
    std::unique_lock lock(c_->mu);
    JJM_RETURN_IF_ERROR(c_->Ensure());
    std::string sql = "COPY " + std::string(table) + " (";
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) sql += ", ";
      sql += columns[i];
    }
    sql += ") FROM STDIN";
    PGresult* r = PQexec(c_->pg, sql.c_str());
    if (PQresultStatus(r) != PGRES_COPY_IN) {
      Status s = ResultError(r, c_->pg, "COPY could not start");
      PQclear(r);
      return s;
    }
    PQclear(r);
    return std::unique_ptr<BulkInsert>(new PgBulkInsert(c_, std::move(lock)));
  }
  std::string_view Kind() const override { return "postgresql"; }

  // PostgreSQL's defaults (fsync=on, synchronous_commit=on) make a commit
  // durable before it returns; jjm relies on them and names any that are off.
  StatusOr<std::vector<std::string>> DurabilityWarnings() override {
    std::vector<std::string> out;
    for (const char* name : {"fsync", "synchronous_commit"}) {
      JJM_ASSIGN_OR_RETURN(auto st, Prepare(std::string("SHOW ") + name));
      std::string value;
      JJM_RETURN_IF_ERROR(st->ForEachRow(
          [&](Statement& row) { value = std::string(row.ColumnText(0)); }));
      if (value == "off") {
        out.push_back(std::string("the PostgreSQL server runs with ") + name +
                      "=off: a power cut or an operating-system crash may "
                      "lose acknowledged writes");
      }
    }
    return out;
  }

 private:
  void End() {
    c_->in_tx = false;
    if (tx_lock_.owns_lock()) tx_lock_.unlock();
  }
  std::shared_ptr<Conn> c_;
  std::unique_lock<std::recursive_mutex> tx_lock_;
};

}  // namespace

bool IsPostgresSpec(const std::string& spec) {
  return spec.rfind("postgresql://", 0) == 0 ||
         spec.rfind("postgres://", 0) == 0;
}

StatusOr<std::unique_ptr<Db>> OpenPostgres(const std::string& spec) {
  auto c = std::make_shared<Conn>();
  c->spec = spec;
  c->pg = PQconnectdb(spec.c_str());
  if (PQstatus(c->pg) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c->pg);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    return Status(StatusCode::kUnavailable,
                  "cannot connect to PostgreSQL: " + msg, "db");
  }
  // Quiet notices; times and text as the SQLite store writes them.
  PGresult* r = PQexec(c->pg, "SET client_min_messages = warning");
  PQclear(r);
  return std::unique_ptr<Db>(new PgDb(std::move(c)));
}

}  // namespace jjm
