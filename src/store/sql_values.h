// Inside store/: binding values to statements and reading a row's columns
// into typed fields, shared by the *_store.cc files.  Nothing above store/
// includes it.
//
//   JJM_ASSIGN_OR_RETURN(auto s, sql::Prepare(db, "SELECT id, name FROM x "
//                                             "WHERE id = $1", id));
//   ...
//   sql::Read(*s, 0, row.id, row.name);  // columns 0 and 1, by field type
#ifndef JJM_STORE_SQL_VALUES_H_
#define JJM_STORE_SQL_VALUES_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace jjm {
namespace sql {

// Text bound as NULL when empty.
struct OrNull {
  const std::string& text;
};
// An id bound as NULL unless above 0.
struct IdOrNull {
  int64_t id;
};

inline void BindOne(Statement& s, int i, int v) { s.BindInt(i, v); }
inline void BindOne(Statement& s, int i, int64_t v) { s.BindInt(i, v); }
inline void BindOne(Statement& s, int i, double v) { s.BindDouble(i, v); }
inline void BindOne(Statement& s, int i, const std::string& v) {
  s.BindText(i, v);
}
inline void BindOne(Statement& s, int i, OrNull v) {
  if (v.text.empty()) {
    s.BindNull(i);
  } else {
    s.BindText(i, v.text);
  }
}
inline void BindOne(Statement& s, int i, IdOrNull v) {
  if (v.id > 0) {
    s.BindInt(i, v.id);
  } else {
    s.BindNull(i);
  }
}
template <typename T>
inline void BindOne(Statement& s, int i, const std::optional<T>& v) {
  if (v) {
    BindOne(s, i, *v);
  } else {
    s.BindNull(i);
  }
}

// Binds `args` to $1, $2, ...
template <typename... Args>
void Bind(Statement& s, const Args&... args) {
  int i = 1;
  (BindOne(s, i++, args), ...);
  (void)i;
}

// Prepares `sql` with `args` bound to $1, $2, ...
template <typename... Args>
StatusOr<std::unique_ptr<Statement>> Prepare(Db* db, std::string_view sql,
                                             const Args&... args) {
  JJM_ASSIGN_OR_RETURN(auto s, db->Prepare(sql));
  Bind(*s, args...);
  return s;
}

template <typename... Args>
Status Run(Db* db, std::string_view sql, const Args&... args) {
  JJM_ASSIGN_OR_RETURN(auto s, Prepare(db, sql, args...));
  return s->Run();
}

template <typename... Args>
StatusOr<int64_t> Insert(Db* db, std::string_view sql, const Args&... args) {
  JJM_ASSIGN_OR_RETURN(auto s, Prepare(db, sql, args...));
  return s->RunReturningId();
}

// "INSERT INTO <table> (<columns>) VALUES ($1, ..., $<n>)".
inline std::string InsertSql(std::string_view table, std::string_view columns,
                             size_t n) {
  std::string sql = "INSERT INTO ";
  sql.append(table).append(" (").append(columns).append(") VALUES (");
  for (size_t i = 1; i <= n; ++i) {
    if (i > 1) sql += ", ";
    sql += "$" + std::to_string(i);
  }
  return sql + ")";
}

// Adds a row to `table` with `args` for its `columns` ("a, b, c"), one for
// each in order; InsertRow gives the new row's id.
template <typename... Args>
Status AddRow(Db* db, std::string_view table, std::string_view columns,
              const Args&... args) {
  return Run(db, InsertSql(table, columns, sizeof...(Args)), args...);
}
template <typename... Args>
StatusOr<int64_t> InsertRow(Db* db, std::string_view table,
                            std::string_view columns, const Args&... args) {
  return Insert(db,
                InsertSql(table, columns, sizeof...(Args)) + " RETURNING id",
                args...);
}

// True if the query gives a row.
template <typename... Args>
StatusOr<bool> Exists(Db* db, std::string_view sql, const Args&... args) {
  JJM_ASSIGN_OR_RETURN(auto s, Prepare(db, sql, args...));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  return row;
}

// The first column of every row.
template <typename... Args>
StatusOr<std::vector<int64_t>> Numbers(Db* db, std::string_view sql,
                                       const Args&... args) {
  JJM_ASSIGN_OR_RETURN(auto s, Prepare(db, sql, args...));
  std::vector<int64_t> out;
  JJM_RETURN_IF_ERROR(
      s->ForEachRow([&](Statement& row) { out.push_back(row.ColumnInt(0)); }));
  return out;
}

// The first column of the first row, or `otherwise`.
template <typename... Args>
StatusOr<int64_t> Number(Db* db, int64_t otherwise, std::string_view sql,
                         const Args&... args) {
  JJM_ASSIGN_OR_RETURN(auto s, Prepare(db, sql, args...));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->ColumnInt(0) : otherwise;
}

inline std::string Text(Statement& s, int col) {
  return std::string(s.ColumnText(col));
}

// Reads column `col` into `v` by its type: integers, bool (not 0), double,
// text; std::optional<T> is empty for NULL.  NULL reads as 0 or "" otherwise.
inline void ReadOne(Statement& s, int col, int64_t& v) {
  v = s.ColumnIsNull(col) ? 0 : s.ColumnInt(col);
}
inline void ReadOne(Statement& s, int col, int& v) {
  v = static_cast<int>(s.ColumnInt(col));
}
inline void ReadOne(Statement& s, int col, bool& v) {
  v = s.ColumnInt(col) != 0;
}
inline void ReadOne(Statement& s, int col, double& v) {
  v = s.ColumnDouble(col);
}
inline void ReadOne(Statement& s, int col, std::string& v) {
  v = s.ColumnText(col);
}
template <typename T>
inline void ReadOne(Statement& s, int col, std::optional<T>& v) {
  if (s.ColumnIsNull(col)) {
    v.reset();
  } else {
    ReadOne(s, col, v.emplace());
  }
}

// Reads columns `from`, `from` + 1, ... of the current row into `out`.
template <typename... T>
void Read(Statement& s, int from, T&... out) {
  int col = from;
  (ReadOne(s, col++, out), ...);
  (void)col;
}

// Runs `sql` with `args` bound to $1, $2, ... and calls `fn(row)` for each
// row in order, read by `read` into one `Row`, which is reused: `read` sets
// every field that `fn` looks at.
template <typename Row, typename Fn, typename... Args>
Status EachRow(Db* db, void (*read)(Statement&, Row*), Fn&& fn,
               std::string_view sql, const Args&... args) {
  JJM_ASSIGN_OR_RETURN(auto s, Prepare(db, sql, args...));
  Row row;
  return s->ForEachRow([&](Statement& st) {
    read(st, &row);
    fn(row);
  });
}

}  // namespace sql
}  // namespace jjm

#endif  // JJM_STORE_SQL_VALUES_H_
