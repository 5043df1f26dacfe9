// Inside the partners store: binding values to statements, shared by
// partners_store.cc and partners_work_store.cc.  Nothing else includes it.
#ifndef JJM_STORE_PARTNERS_SQL_H_
#define JJM_STORE_PARTNERS_SQL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "store/db.h"

namespace jjm {
namespace partners_sql {

// Text bound as NULL when empty.
struct OrNull {
  const std::string& text;
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
template <typename T>
inline void BindOne(Statement& s, int i, const std::optional<T>& v) {
  if (v) {
    BindOne(s, i, *v);
  } else {
    s.BindNull(i);
  }
}

// Prepares `sql` with `args` bound to $1, $2, ...
template <typename... Args>
StatusOr<std::unique_ptr<Statement>> Prepare(Db* db, std::string_view sql,
                                             const Args&... args) {
  JJM_ASSIGN_OR_RETURN(auto s, db->Prepare(sql));
  int i = 1;
  (BindOne(*s, i++, args), ...);
  (void)i;
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

// True if the query gives a row.
template <typename... Args>
StatusOr<bool> Exists(Db* db, std::string_view sql, const Args&... args) {
  JJM_ASSIGN_OR_RETURN(auto s, Prepare(db, sql, args...));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  return row;
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
inline std::optional<int64_t> OptInt(Statement& s, int col) {
  if (s.ColumnIsNull(col)) return std::nullopt;
  return s.ColumnInt(col);
}

}  // namespace partners_sql
}  // namespace jjm

#endif  // JJM_STORE_PARTNERS_SQL_H_
