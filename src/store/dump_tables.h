// Inside store/: the tables `jjm export all` writes and `jjm import all`
// reads, with their columns, in an order where rows refer only to tables
// before them.  Only dump.cc uses it.
#ifndef JJM_STORE_DUMP_TABLES_H_
#define JJM_STORE_DUMP_TABLES_H_

#include <vector>

namespace jjm::dump {

// A column's type decides how its values are read and written.
enum class Type { kInt, kReal, kText };
// Short names for the column lists of dump_tables*.cc.
inline constexpr Type I = Type::kInt;
inline constexpr Type R = Type::kReal;
inline constexpr Type T = Type::kText;

struct Column {
  const char* name;
  Type type;
};

struct Table {
  const char* name;
  const char* order;  // the key the rows are written in
  const char* id;     // the generated id column, or nullptr
  std::vector<Column> columns;
};

// Every table, in an order where rows refer only to tables before them
// (and a place to its parent, which one COPY or transaction settles).
const std::vector<Table>& Tables();
// Its two parts, in dump_tables.cc and dump_tables_later.cc.
const std::vector<Table>& CoreTables();
const std::vector<Table>& LaterTables();

}  // namespace jjm::dump

#endif  // JJM_STORE_DUMP_TABLES_H_
