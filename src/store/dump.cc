#include "store/dump.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string_view>
#include <vector>

#include "store/dump_tables.h"

namespace jjm {
namespace {

using dump::Column;
using dump::Table;
using dump::Type;
const std::vector<Table>& Tables() { return dump::Tables(); }

constexpr char kManifest[] = "MANIFEST";

void AppendEscaped(std::string* out, std::string_view v) {
  for (char ch : v) {
    switch (ch) {
      case '\\':
        *out += "\\\\";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      default:
        *out += ch;
    }
  }
}

// The shortest text that reads back as the same double.
void AppendReal(std::string* out, double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, end);
}

std::string HeaderOf(const Table& t) {
  std::string h;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i > 0) h += '\t';
    h += t.columns[i].name;
  }
  return h;
}

std::string SelectOf(const Table& t) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += t.columns[i].name;
  }
  sql += " FROM ";
  sql += t.name;
  sql += " ORDER BY ";
  sql += t.order;
  return sql;
}

class Writer {
 public:
  Status Open(const std::string& path) {
    path_ = path;
    f_ = std::fopen(path.c_str(), "wb");
    if (f_ == nullptr) {
      return InvalidArgument("cannot write " + path + ": " +
                             std::strerror(errno));
    }
    return Status::Ok();
  }
  ~Writer() {
    if (f_ != nullptr) std::fclose(f_);
  }
  Status Write(std::string_view s) {
    if (std::fwrite(s.data(), 1, s.size(), f_) != s.size()) {
      return InvalidArgument("cannot write " + path_ + ": " +
                             std::strerror(errno));
    }
    return Status::Ok();
  }
  Status Close() {
    FILE* f = f_;
    f_ = nullptr;
    if (std::fflush(f) != 0 || std::fclose(f) != 0) {
      return InvalidArgument("cannot write " + path_ + ": " +
                             std::strerror(errno));
    }
    return Status::Ok();
  }

 private:
  std::string path_;
  FILE* f_ = nullptr;
};

StatusOr<int64_t> DumpTable(Db* db, const Table& t, const std::string& path) {
  Writer w;
  JJM_RETURN_IF_ERROR(w.Open(path));
  std::string buf = HeaderOf(t);
  buf += '\n';
  JJM_ASSIGN_OR_RETURN(auto stmt, db->Prepare(SelectOf(t)));
  int64_t rows = 0;
  JJM_RETURN_IF_ERROR(stmt->ForEachRow([&](Statement&) -> Status {
    ++rows;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (c > 0) buf += '\t';
      const int col = static_cast<int>(c);
      if (stmt->ColumnIsNull(col)) {
        buf += "\\N";
        continue;
      }
      switch (t.columns[c].type) {
        case Type::kInt:
          buf += std::to_string(stmt->ColumnInt(col));
          break;
        case Type::kReal:
          AppendReal(&buf, stmt->ColumnDouble(col));
          break;
        case Type::kText:
          AppendEscaped(&buf, stmt->ColumnText(col));
          break;
      }
    }
    buf += '\n';
    if (buf.size() >= (1 << 20)) {
      JJM_RETURN_IF_ERROR(w.Write(buf));
      buf.clear();
    }
    return Status::Ok();
  }));
  JJM_RETURN_IF_ERROR(w.Write(buf));
  JJM_RETURN_IF_ERROR(w.Close());
  return rows;
}

StatusOr<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read " + path);
  std::string s((std::istreambuf_iterator<char>(in)),
                std::istreambuf_iterator<char>());
  if (in.bad()) return Internal("cannot read " + path);
  return s;
}

// Undoes AppendEscaped; false on an escape COPY text format does not have.
bool Unescape(std::string_view v, std::string* out) {
  out->clear();
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\') {
      *out += v[i];
      continue;
    }
    if (++i == v.size()) return false;
    switch (v[i]) {
      case '\\':
        *out += '\\';
        break;
      case 't':
        *out += '\t';
        break;
      case 'n':
        *out += '\n';
        break;
      case 'r':
        *out += '\r';
        break;
      default:
        return false;
    }
  }
  return true;
}

StatusOr<int64_t> LoadTable(Db* db, const Table& t, const std::string& path) {
  JJM_ASSIGN_OR_RETURN(std::string data, ReadWhole(path));
  std::string_view rest = data;
  auto next_line = [&rest](std::string_view* line) {
    if (rest.empty()) return false;
    const size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) {
      *line = rest;
      rest = {};
    } else {
      *line = rest.substr(0, nl);
      rest.remove_prefix(nl + 1);
    }
    return true;
  };
  std::string_view line;
  if (!next_line(&line) || line != HeaderOf(t)) {
    return InvalidArgument(path + ": line 1 should name the columns " +
                           HeaderOf(t));
  }
  std::vector<std::string> names;
  for (const Column& c : t.columns) names.emplace_back(c.name);
  JJM_ASSIGN_OR_RETURN(auto bulk, db->BeginBulkInsert(t.name, names));
  int64_t rows = 0;
  std::string text;
  std::vector<std::string_view> fields;
  while (next_line(&line)) {
    ++rows;
    const std::string where =
        path + ": line " + std::to_string(rows + 1) + ": ";
    fields.clear();
    size_t start = 0;
    while (true) {
      const size_t tab = line.find('\t', start);
      if (tab == std::string_view::npos) {
        fields.push_back(line.substr(start));
        break;
      }
      fields.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    if (fields.size() != t.columns.size()) {
      return InvalidArgument(where + std::to_string(fields.size()) +
                             " values, expected " +
                             std::to_string(t.columns.size()));
    }
    for (size_t c = 0; c < fields.size(); ++c) {
      const std::string_view f = fields[c];
      const Column& col = t.columns[c];
      if (f == "\\N") {
        bulk->Null();
        continue;
      }
      switch (col.type) {
        case Type::kInt: {
          int64_t v = 0;
          auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
          if (ec != std::errc() || p != f.data() + f.size() || f.empty()) {
            return InvalidArgument(where + col.name +
                                   " is not a whole number: " + std::string(f));
          }
          bulk->Int(v);
          break;
        }
        case Type::kReal: {
          double v = 0;
          auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
          if (ec != std::errc() || p != f.data() + f.size() || f.empty()) {
            return InvalidArgument(where + col.name +
                                   " is not a number: " + std::string(f));
          }
          bulk->Real(v);
          break;
        }
        case Type::kText:
          if (!Unescape(f, &text)) {
            return InvalidArgument(where + col.name +
                                   " has an unknown backslash escape");
          }
          bulk->Text(text);
          break;
      }
    }
    JJM_RETURN_IF_ERROR(bulk->EndRow());
  }
  JJM_RETURN_IF_ERROR(bulk->Finish());
  return rows;
}

StatusOr<int> SchemaVersion(Db* db) {
  JJM_ASSIGN_OR_RETURN(
      auto stmt,
      db->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migration"));
  JJM_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return 0;
  return static_cast<int>(stmt->ColumnInt(0));
}

}  // namespace

StatusOr<DumpStats> DumpDatabase(Db* db, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return InvalidArgument("cannot create " + dir + ": " + ec.message());
  JJM_ASSIGN_OR_RETURN(int version, SchemaVersion(db));
  DumpStats stats;
  std::string manifest = "jjm dump\nschema " + std::to_string(version) + "\n";
  // One transaction, so that the files agree with each other even while
  // the server writes.
  Transaction tx(db);
  JJM_RETURN_IF_ERROR(tx.Begin());
  for (const Table& t : Tables()) {
    JJM_ASSIGN_OR_RETURN(int64_t rows,
                         DumpTable(db, t, dir + "/" + t.name + ".tsv"));
    manifest += std::string(t.name) + " " + std::to_string(rows) + "\n";
    ++stats.tables;
    stats.rows += rows;
  }
  JJM_RETURN_IF_ERROR(tx.Commit());
  Writer w;
  JJM_RETURN_IF_ERROR(w.Open(dir + "/" + kManifest));
  JJM_RETURN_IF_ERROR(w.Write(manifest));
  JJM_RETURN_IF_ERROR(w.Close());
  return stats;
}

StatusOr<DumpStats> LoadDump(Db* db, const std::string& dir, bool commit) {
  JJM_ASSIGN_OR_RETURN(std::string manifest, ReadWhole(dir + "/" + kManifest));
  JJM_ASSIGN_OR_RETURN(int version, SchemaVersion(db));
  const std::string want = "jjm dump\nschema " + std::to_string(version) + "\n";
  if (manifest.rfind("jjm dump\n", 0) != 0) {
    return InvalidArgument(dir + " is not a jjm dump (no MANIFEST)");
  }
  if (manifest.rfind(want, 0) != 0) {
    return InvalidArgument(
        dir + " was dumped from another schema version than this database's (" +
        std::to_string(version) + "); migrate with the matching jjm first");
  }
  for (const Table& t : Tables()) {
    JJM_ASSIGN_OR_RETURN(auto stmt, db->Prepare(std::string("SELECT 1 FROM ") +
                                                t.name + " LIMIT 1"));
    JJM_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (row) {
      return FailedPrecondition(
          std::string("the database already holds data (table ") + t.name +
          "); load a dump only into a new database");
    }
  }
  DumpStats stats;
  Transaction tx(db);
  JJM_RETURN_IF_ERROR(tx.Begin());
  for (const Table& t : Tables()) {
    const std::string path = dir + "/" + t.name + ".tsv";
    JJM_ASSIGN_OR_RETURN(int64_t rows, LoadTable(db, t, path));
    const std::string line =
        std::string("\n") + t.name + " " + std::to_string(rows) + "\n";
    if (manifest.find(line) == std::string::npos) {
      return InvalidArgument(path + " holds " + std::to_string(rows) +
                             " rows, not the number MANIFEST gives");
    }
    if (t.id != nullptr) JJM_RETURN_IF_ERROR(db->SyncIds(t.name, t.id));
    ++stats.tables;
    stats.rows += rows;
  }
  if (commit) JJM_RETURN_IF_ERROR(tx.Commit());
  return stats;
}

}  // namespace jjm
