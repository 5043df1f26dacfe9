#include "io/xlsx_reader.h"

#include <expat.h>
#include <minizip/unzip.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string_view>

#include "base/csv.h"

namespace jjm {
namespace {

// ------------------------------------------------------------ the zip

// Bytes inflated so far, against the limits.
struct Budget {
  const XlsxLimits* limits;
  uint64_t total = 0;
};

struct ZipCloser {
  void operator()(void* z) const { unzClose(z); }
};
using Zip = std::unique_ptr<void, ZipCloser>;

// A zip held in memory, read through minizip's file functions.
struct MemoryZip {
  std::string_view data;
  uint64_t pos = 0;
};

voidpf MemOpen(voidpf opaque, const void*, int mode) {
  if (mode & ZLIB_FILEFUNC_MODE_WRITE) return nullptr;
  static_cast<MemoryZip*>(opaque)->pos = 0;
  return opaque;
}
uLong MemRead(voidpf, voidpf stream, void* buf, uLong size) {
  auto* m = static_cast<MemoryZip*>(stream);
  const uint64_t n = std::min<uint64_t>(size, m->data.size() - m->pos);
  std::memcpy(buf, m->data.data() + m->pos, n);
  m->pos += n;
  return static_cast<uLong>(n);
}
uLong MemWrite(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T MemTell(voidpf, voidpf stream) {
  return static_cast<MemoryZip*>(stream)->pos;
}
long MemSeek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {  // NOLINT
  auto* m = static_cast<MemoryZip*>(stream);
  uint64_t base = 0;
  if (origin == ZLIB_FILEFUNC_SEEK_CUR) base = m->pos;
  if (origin == ZLIB_FILEFUNC_SEEK_END) base = m->data.size();
  if (offset > m->data.size() || base > m->data.size() - offset) return -1;
  m->pos = base + offset;
  return 0;
}
int MemClose(voidpf, voidpf) { return 0; }
int MemError(voidpf, voidpf) { return 0; }

Status FileError(const std::string& path, const std::string& why) {
  return InvalidArgument(
      "'" + path + "' is not a readable Excel workbook: " + why, "file");
}

// Streams the part `name` of the zip to `sink` in chunks, counting what is
// inflated.  A part that is not there: NotFound (no field).
Status ReadPart(void* zip, const std::string& path, const std::string& name,
                Budget* budget, uint64_t max_bytes,
                const std::function<Status(const char*, size_t)>& sink) {
  if (unzLocateFile(zip, name.c_str(), 0) != UNZ_OK) {
    return NotFound("no part " + name);
  }
  if (unzOpenCurrentFile(zip) != UNZ_OK) {
    return FileError(path, "cannot open its part " + name);
  }
  std::unique_ptr<char[]> buf(new char[1 << 16]);
  uint64_t part = 0;
  Status out = Status::Ok();
  while (true) {
    const int n = unzReadCurrentFile(zip, buf.get(), 1 << 16);
    if (n < 0) {
      out = FileError(path, "its part " + name + " is damaged");
      break;
    }
    if (n == 0) break;
    part += static_cast<uint64_t>(n);
    budget->total += static_cast<uint64_t>(n);
    if (part > max_bytes) {
      out =
          FileError(path, "its part " + name + " inflates to more than " +
                              std::to_string(max_bytes) + " bytes (the limit)");
      break;
    }
    if (budget->total > budget->limits->max_total_bytes) {
      out =
          FileError(path, "it inflates to more than " +
                              std::to_string(budget->limits->max_total_bytes) +
                              " bytes (the limit)");
      break;
    }
    out = sink(buf.get(), static_cast<size_t>(n));
    if (!out.ok()) break;
  }
  const int closed = unzCloseCurrentFile(zip);
  if (out.ok() && closed == UNZ_CRCERROR) {
    out = FileError(path, "its part " + name + " fails its checksum");
  }
  return out;
}

// ------------------------------------------------------------ XML

// Receives a part's elements by local name (any "x:" prefix dropped) and
// the text inside them.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `attrs`: name, value, name, value, ..., nullptr (names local too).
  virtual Status Start(std::string_view name, const char** attrs) = 0;
  virtual Status End(std::string_view name) = 0;
  virtual Status Text(std::string_view text) = 0;
};

// A non-negative number from an attribute, or -1 when it is none or
// larger than `max`.
int64_t SmallNumber(const char* s, int64_t max) {
  if (s == nullptr || *s == '\0') return -1;
  int64_t n = 0;
  for (const char* p = s; *p; ++p) {
    if (*p < '0' || *p > '9') return -1;
    n = n * 10 + (*p - '0');
    if (n > max) return -1;
  }
  return n;
}

// Refuses a list that grows past the limit of entries.
Status CheckEntries(size_t n, size_t max, const char* what) {
  if (n <= max) return Status::Ok();
  return InvalidArgument("the workbook lists more than " + std::to_string(max) +
                             " " + what + " (the limit)",
                         "file");
}

std::string_view Local(const char* name) {
  std::string_view n(name);
  const size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

// The value of attribute `name` (local name), or nullptr.
const char* Attr(const char** attrs, std::string_view name) {
  for (int i = 0; attrs[i] != nullptr; i += 2) {
    if (Local(attrs[i]) == name) return attrs[i + 1];
  }
  return nullptr;
}

class XmlParser {
 public:
  XmlParser(XmlHandler* h, std::string where)
      : h_(h), where_(std::move(where)), p_(XML_ParserCreate("UTF-8")) {
    XML_SetUserData(p_, this);
    XML_SetElementHandler(p_, &OnStart, &OnEnd);
    XML_SetCharacterDataHandler(p_, &OnText);
    XML_SetStartDoctypeDeclHandler(p_, &OnDoctype);
  }
  ~XmlParser() { XML_ParserFree(p_); }
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  Status Feed(const char* data, size_t n, bool last) {
    if (XML_Parse(p_, data, static_cast<int>(n), last ? 1 : 0) ==
        XML_STATUS_ERROR) {
      if (!error_.ok()) return error_;
      return InvalidArgument(where_ + " is not well-formed XML at line " +
                                 std::to_string(XML_GetCurrentLineNumber(p_)) +
                                 ": " + XML_ErrorString(XML_GetErrorCode(p_)),
                             "file");
    }
    return Status::Ok();
  }

 private:
  void Fail(Status s) {
    if (error_.ok()) error_ = std::move(s);
    XML_StopParser(p_, XML_FALSE);
  }
  static void OnStart(void* self, const char* name, const char** attrs) {
    auto* p = static_cast<XmlParser*>(self);
    if (!p->error_.ok()) return;
    if (Status s = p->h_->Start(Local(name), attrs); !s.ok()) p->Fail(s);
  }
  static void OnEnd(void* self, const char* name) {
    auto* p = static_cast<XmlParser*>(self);
    if (!p->error_.ok()) return;
    if (Status s = p->h_->End(Local(name)); !s.ok()) p->Fail(s);
  }
  static void OnText(void* self, const char* s, int len) {
    auto* p = static_cast<XmlParser*>(self);
    if (!p->error_.ok()) return;
    if (Status st = p->h_->Text(std::string_view(s, static_cast<size_t>(len)));
        !st.ok()) {
      p->Fail(st);
    }
  }
  static void OnDoctype(void* self, const char*, const char*, const char*,
                        int) {
    auto* p = static_cast<XmlParser*>(self);
    p->Fail(InvalidArgument(
        p->where_ + " has a document type declaration, which a workbook "
                    "never needs (refused)",
        "file"));
  }

  XmlHandler* h_;
  std::string where_;
  XML_Parser p_;
  Status error_ = Status::Ok();
};

// Reads part `name` through `h`.  Absent: NotFound.
Status ParsePart(void* zip, const std::string& path, const std::string& name,
                 Budget* budget, XmlHandler* h, bool small = false) {
  XmlParser parser(h, "part " + name + " of '" + path + "'");
  const uint64_t max = small ? budget->limits->max_small_part_bytes
                             : budget->limits->max_part_bytes;
  JJM_RETURN_IF_ERROR(ReadPart(
      zip, path, name, budget, max,
      [&](const char* d, size_t n) { return parser.Feed(d, n, false); }));
  return parser.Feed("", 0, true);
}

// ------------------------------------------------------------ workbook

struct SheetRef {
  std::string name, rel_id;
};

class WorkbookHandler : public XmlHandler {
 public:
  explicit WorkbookHandler(size_t max) : max_(max) {}
  std::vector<SheetRef> sheets;
  bool date1904 = false;
  Status Start(std::string_view name, const char** a) override {
    if (name == "sheet") {
      const char* n = Attr(a, "name");
      const char* id = Attr(a, "id");
      if (n != nullptr && id != nullptr) sheets.push_back({n, id});
      return CheckEntries(sheets.size(), max_, "sheets");
    } else if (name == "workbookPr") {
      const char* d = Attr(a, "date1904");
      date1904 = d != nullptr &&
                 (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
    }
    return Status::Ok();
  }
  Status End(std::string_view) override { return Status::Ok(); }
  Status Text(std::string_view) override { return Status::Ok(); }

 private:
  size_t max_;
};

class RelsHandler : public XmlHandler {
 public:
  explicit RelsHandler(size_t max) : max_(max) {}
  std::map<std::string, std::string> targets;  // id -> target
  std::string shared_strings, styles;
  Status Start(std::string_view name, const char** a) override {
    if (name != "Relationship") return Status::Ok();
    const char* id = Attr(a, "Id");
    const char* target = Attr(a, "Target");
    const char* type = Attr(a, "Type");
    if (id == nullptr || target == nullptr) return Status::Ok();
    targets[id] = target;
    const std::string_view t = type == nullptr ? "" : type;
    if (t.ends_with("/sharedStrings")) shared_strings = target;
    if (t.ends_with("/styles")) styles = target;
    return CheckEntries(targets.size(), max_, "relationships");
  }
  Status End(std::string_view) override { return Status::Ok(); }
  Status Text(std::string_view) override { return Status::Ok(); }

 private:
  size_t max_;
};

// A relationship's target as a part name: "worksheets/sheet1.xml" is
// under xl/; "/xl/worksheets/sheet1.xml" is from the root.
std::string PartName(const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  return "xl/" + target;
}

// ------------------------------------------------------------ styles

// Whether a number format shows a date: it has day, month, year, hour or
// second codes outside quoted text, [colour] brackets and escapes.
bool IsDateFormatCode(std::string_view code) {
  bool quoted = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      if (c == '"') quoted = false;
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (c == '[') {
      const size_t close = code.find(']', i);
      if (close == std::string_view::npos) return false;
      const std::string_view inside = code.substr(i + 1, close - i - 1);
      // [h], [mm], [ss]: elapsed time; colours and locales are not dates.
      if (!inside.empty() &&
          (inside[0] == 'h' || inside[0] == 'H' || inside[0] == 'm' ||
           inside[0] == 'M' || inside[0] == 's' || inside[0] == 'S')) {
        return true;
      }
      i = close;
    } else {
      switch (c) {
        case 'd':
        case 'D':
        case 'm':
        case 'M':
        case 'y':
        case 'Y':
        case 'h':
        case 'H':
        case 's':
        case 'S':
          return true;
        default:
          break;
      }
    }
  }
  return false;
}

bool IsBuiltInDateFormat(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
         (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

class StylesHandler : public XmlHandler {
 public:
  explicit StylesHandler(size_t max) : max_(max) {}
  std::vector<bool> xf_is_date;  // by cell style index
  Status Start(std::string_view name, const char** a) override {
    if (name == "numFmt") {
      const int64_t id = SmallNumber(Attr(a, "numFmtId"), 1 << 20);
      const char* code = Attr(a, "formatCode");
      if (id >= 0 && code != nullptr) {
        custom_[static_cast<int>(id)] = IsDateFormatCode(code);
        JJM_RETURN_IF_ERROR(
            CheckEntries(custom_.size(), max_, "number formats"));
      }
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      const int f = static_cast<int>(
          std::max<int64_t>(0, SmallNumber(Attr(a, "numFmtId"), 1 << 20)));
      auto it = custom_.find(f);
      xf_is_date.push_back(it != custom_.end() ? it->second
                                               : IsBuiltInDateFormat(f));
      JJM_RETURN_IF_ERROR(CheckEntries(xf_is_date.size(), max_, "styles"));
    }
    return Status::Ok();
  }
  Status End(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
    return Status::Ok();
  }
  Status Text(std::string_view) override { return Status::Ok(); }

 private:
  size_t max_;
  std::map<int, bool> custom_;
  bool in_cell_xfs_ = false;
};

// ------------------------------------------------------------ strings

class SharedStringsHandler : public XmlHandler {
 public:
  explicit SharedStringsHandler(const XlsxLimits& l) : limits_(l) {}
  std::vector<std::string> strings;
  Status Start(std::string_view name, const char**) override {
    if (name == "si") {
      in_si_ = true;
      current_.clear();
    } else if (name == "t" && in_si_ && phonetic_ == 0) {
      in_t_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    }
    return Status::Ok();
  }
  Status End(std::string_view name) override {
    if (name == "si") {
      in_si_ = false;
      if (static_cast<int64_t>(strings.size()) >= limits_.max_shared_strings) {
        return InvalidArgument("the workbook has more than " +
                                   std::to_string(limits_.max_shared_strings) +
                                   " shared strings (the limit)",
                               "file");
      }
      // Each string costs its bytes and its std::string: counted against
      // the part's limit, so that empty <si/> by the million are refused.
      bytes_ += current_.size() + sizeof(std::string);
      if (bytes_ > limits_.max_part_bytes) {
        return InvalidArgument("the workbook's shared strings take more than " +
                                   std::to_string(limits_.max_part_bytes) +
                                   " bytes of memory (the limit)",
                               "file");
      }
      strings.push_back(std::move(current_));
      current_.clear();
    } else if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh" && phonetic_ > 0) {
      --phonetic_;
    }
    return Status::Ok();
  }
  Status Text(std::string_view t) override {
    if (!in_t_) return Status::Ok();
    if (current_.size() + t.size() > limits_.max_cell_bytes) {
      return InvalidArgument("shared string " + std::to_string(strings.size()) +
                                 " is longer than " +
                                 std::to_string(limits_.max_cell_bytes) +
                                 " bytes (the limit)",
                             "file");
    }
    current_.append(t);
    return Status::Ok();
  }

 private:
  const XlsxLimits& limits_;
  std::string current_;
  uint64_t bytes_ = 0;
  bool in_si_ = false, in_t_ = false;
  int phonetic_ = 0;
};

// ------------------------------------------------------------ dates

// yyyy-mm-dd of a day count from 1970-01-01 (H. Hinnant's civil_from_days).
std::string CivilDate(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld",
                static_cast<long long>(y), static_cast<long long>(m),
                static_cast<long long>(d));
  return buf;
}

// An Excel serial date as yyyy-mm-dd (and hh:mm:ss when it has a time).
// 1900 system: 1 is 1900-01-01 and Excel counts a 29 Feb 1900 (60) that
// never was; 1904 system: 0 is 1904-01-01.
std::string SerialToDate(double serial, bool date1904) {
  // Rounded to the second first, so that 23:59:59.99 is the next day's
  // midnight, not this day with no time.
  const int64_t total = std::llround(serial * 86400.0);
  const double days = static_cast<double>(total / 86400);
  const int64_t secs = total % 86400;
  int64_t from_1970;
  if (date1904) {
    from_1970 = static_cast<int64_t>(days) - 24107;  // 1904-01-01
  } else if (days < 60) {
    from_1970 = static_cast<int64_t>(days) - 25568;  // 1899-12-31 + n
  } else {
    from_1970 = static_cast<int64_t>(days) - 25569;  // 1899-12-30 + n
  }
  std::string out = CivilDate(from_1970);
  if (secs > 0) {
    char buf[16];
    std::snprintf(
        buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(secs / 3600),
        static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
    out += buf;
  }
  return out;
}

// ------------------------------------------------------------ the sheet

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(const std::string& sheet, const XlsxLimits& limits,
               const std::vector<std::string>& strings,
               const std::vector<bool>& date_styles, bool date1904,
               XlsxSheet* out)
      : sheet_(sheet),
        limits_(limits),
        strings_(strings),
        date_styles_(date_styles),
        date1904_(date1904),
        out_(out) {}

  Status Start(std::string_view name, const char** a) override {
    if (name == "row") {
      if (in_row_) return Bad("a row inside row " + std::to_string(row_));
      in_row_ = true;
      const char* r = Attr(a, "r");
      int64_t n = row_ + 1;
      if (r != nullptr) {
        char* end = nullptr;
        n = std::strtoll(r, &end, 10);
        if (end == r || *end != '\0' || n < 1) {
          return Bad("a row has the number '" + std::string(r) + "'");
        }
      }
      if (n <= row_) {
        return Bad("row " + std::to_string(n) + " comes after row " +
                   std::to_string(row_));
      }
      if (n > limits_.max_rows) {
        return Bad("row " + std::to_string(n) + " is past the limit of " +
                   std::to_string(limits_.max_rows) + " rows");
      }
      row_ = n;
      col_ = -1;
      cells_.clear();
    } else if (name == "c") {
      const char* ref = Attr(a, "r");
      int32_t c = col_ + 1;
      if (ref != nullptr) {
        JJM_ASSIGN_OR_RETURN(c, ColumnOf(ref));
      }
      if (c <= col_) {
        return Bad(XlsxCellName(sheet_, row_, c) + " comes after " +
                   XlsxCellName(sheet_, row_, col_));
      }
      if (c >= limits_.max_columns) {
        return Bad(XlsxCellName(sheet_, row_, c) + " is past the limit of " +
                   std::to_string(limits_.max_columns) + " columns");
      }
      col_ = c;
      const char* t = Attr(a, "t");
      type_ = t == nullptr ? "n" : t;
      style_ = static_cast<int>(SmallNumber(Attr(a, "s"), 1 << 24));
      value_.clear();
      in_cell_ = true;
      has_value_ = false;
    } else if (in_cell_ &&
               (name == "v" || (name == "t" && type_ == "inlineStr"))) {
      if (phonetic_ == 0) in_value_ = true;
      has_value_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    }
    return Status::Ok();
  }

  Status End(std::string_view name) override {
    if (name == "v" || name == "t") {
      in_value_ = false;
    } else if (name == "rPh" && phonetic_ > 0) {
      --phonetic_;
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      if (has_value_) {
        JJM_ASSIGN_OR_RETURN(std::string text, CellText());
        row_bytes_ += text.size() + 3;  // with its comma and quotes
        if (out_->csv.size() + row_bytes_ > limits_.max_output_bytes) {
          return TooBig();
        }
        if (!text.empty()) {
          if (cells_.size() <= static_cast<size_t>(col_)) {
            cells_.resize(static_cast<size_t>(col_) + 1);
          }
          cells_[static_cast<size_t>(col_)] = std::move(text);
        }
      }
    } else if (name == "row") {
      in_row_ = false;
      JJM_RETURN_IF_ERROR(EmitRow());
    }
    return Status::Ok();
  }

  Status Text(std::string_view t) override {
    if (!in_value_) return Status::Ok();
    if (value_.size() + t.size() > limits_.max_cell_bytes) {
      return Bad(XlsxCellName(sheet_, row_, col_) + " is longer than " +
                 std::to_string(limits_.max_cell_bytes) + " bytes (the limit)");
    }
    value_.append(t);
    return Status::Ok();
  }

 private:
  Status Bad(const std::string& why) {
    return InvalidArgument("sheet " + sheet_ + ": " + why, "file");
  }
  Status TooBig() {
    return Bad("as text it would be larger than " +
               std::to_string(limits_.max_output_bytes) +
               " bytes (the limit), at row " + std::to_string(row_));
  }

  StatusOr<int32_t> ColumnOf(const char* ref) {
    int64_t c = 0;
    int letters = 0;
    for (const char* p = ref; *p >= 'A' && *p <= 'Z'; ++p, ++letters) {
      c = c * 26 + (*p - 'A' + 1);
      if (letters > 3) break;
    }
    if (letters == 0 || letters > 3) {
      return Bad("a cell has the reference '" + std::string(ref) + "'");
    }
    return static_cast<int32_t>(c - 1);
  }

  StatusOr<std::string> CellText() {
    if (type_ == "s") {
      char* end = nullptr;
      const long long i = std::strtoll(value_.c_str(), &end, 10);
      if (end == value_.c_str() || i < 0 ||
          static_cast<size_t>(i) >= strings_.size()) {
        return Bad(XlsxCellName(sheet_, row_, col_) + " names shared string '" +
                   value_ + "', which the workbook does not have");
      }
      return strings_[static_cast<size_t>(i)];
    }
    if (type_ == "b") return std::string(value_ == "1" ? "TRUE" : "FALSE");
    if (type_ == "inlineStr" || type_ == "str" || type_ == "e") {
      return value_;
    }
    // A number ("n", or "d" for an ISO date as text).
    if (type_ == "d") return value_.substr(0, 10);
    if (!value_.empty() && style_ >= 0 &&
        static_cast<size_t>(style_) < date_styles_.size() &&
        date_styles_[static_cast<size_t>(style_)]) {
      char* end = nullptr;
      const double v = std::strtod(value_.c_str(), &end);
      if (end != value_.c_str() && std::isfinite(v) && v >= 0 && v < 2958466) {
        return SerialToDate(v, date1904_);
      }
    }
    return value_;
  }

  Status EmitRow() {
    row_bytes_ = 0;
    // Trailing empty cells go; a row with no value is left out.
    while (!cells_.empty() && cells_.back().empty()) cells_.pop_back();
    if (cells_.empty()) return Status::Ok();
    if (out_->rows.empty()) {
      out_->columns = static_cast<int32_t>(cells_.size());
      // A byte-order mark pasted in from a CSV file (Excel keeps it in the
      // first heading): not part of the heading's name.
      for (std::string& c : cells_) {
        if (c.rfind("\xEF\xBB\xBF", 0) == 0) c.erase(0, 3);
      }
    }
    const size_t width =
        std::max(cells_.size(), static_cast<size_t>(out_->columns));
    size_t bytes = width + 1;
    for (const std::string& c : cells_) bytes += c.size() + 2;
    if (out_->csv.size() + bytes > limits_.max_output_bytes) return TooBig();
    for (size_t i = 0; i < width; ++i) {
      if (i > 0) out_->csv += ',';
      if (i < cells_.size()) AppendCsvField(cells_[i], &out_->csv);
    }
    out_->csv += '\n';
    out_->rows.push_back(row_);
    cells_.clear();
    return Status::Ok();
  }

  const std::string& sheet_;
  const XlsxLimits& limits_;
  const std::vector<std::string>& strings_;
  const std::vector<bool>& date_styles_;
  const bool date1904_;
  XlsxSheet* out_;
  int64_t row_ = 0;
  int32_t col_ = -1;
  std::vector<std::string> cells_;
  uint64_t row_bytes_ = 0;  // of the row's cells so far
  std::string type_, value_;
  int style_ = 0;
  bool in_row_ = false, in_cell_ = false, in_value_ = false, has_value_ = false;
  int phonetic_ = 0;
};

}  // namespace

bool LooksLikeXlsx(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && std::memcmp(magic, "PK\x03\x04", 4) == 0;
}

std::string XlsxColumnName(int32_t column) {
  std::string out;
  for (int64_t c = int64_t{column} + 1; c > 0; c = (c - 1) / 26) {
    out.insert(out.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return out;
}

std::string XlsxCellName(const std::string& sheet, int64_t row,
                         int32_t column) {
  // A sheet name with spaces or punctuation is quoted, as Excel writes it.
  bool plain = !sheet.empty();
  for (char c : sheet) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
          (c >= '0' && c <= '9') || c == '_')) {
      plain = false;
    }
  }
  std::string name = plain ? sheet : "'" + sheet + "'";
  return name + "!" + XlsxColumnName(column) + std::to_string(row);
}

namespace {

StatusOr<XlsxSheet> ReadSheetOfZip(Zip zip, const std::string& path,
                                   const std::string& sheet,
                                   const XlsxLimits& limits) {
  if (zip == nullptr) {
    return FileError(path, "it is not a zip file (an .xlsx is one)");
  }
  Budget budget{&limits};
  WorkbookHandler wb(limits.max_entries);
  if (Status s = ParsePart(zip.get(), path, "xl/workbook.xml", &budget, &wb,
                           /*small=*/true);
      !s.ok()) {
    return s.code() == StatusCode::kNotFound
               ? FileError(path, "it has no xl/workbook.xml")
               : s;
  }
  if (wb.sheets.empty()) return FileError(path, "it has no sheets");
  RelsHandler rels(limits.max_entries);
  if (Status s = ParsePart(zip.get(), path, "xl/_rels/workbook.xml.rels",
                           &budget, &rels, /*small=*/true);
      !s.ok() && s.code() != StatusCode::kNotFound) {
    return s;
  }
  const SheetRef* chosen = &wb.sheets[0];
  if (!sheet.empty()) {
    chosen = nullptr;
    std::string names;
    for (const SheetRef& r : wb.sheets) {
      if (r.name == sheet) chosen = &r;
      names += (names.empty() ? "" : ", ") + r.name;
    }
    if (chosen == nullptr) {
      return InvalidArgument(
          "the workbook has no sheet '" + sheet + "' (it has: " + names + ")",
          "sheet");
    }
  }
  auto target = rels.targets.find(chosen->rel_id);
  if (target == rels.targets.end()) {
    return FileError(path, "sheet " + chosen->name + " has no part");
  }
  StylesHandler styles(limits.max_entries * 10);
  if (Status s =
          ParsePart(zip.get(), path,
                    PartName(rels.styles.empty() ? "styles.xml" : rels.styles),
                    &budget, &styles, /*small=*/true);
      !s.ok() && s.code() != StatusCode::kNotFound) {
    return s;
  }
  SharedStringsHandler strings(limits);
  if (Status s =
          ParsePart(zip.get(), path,
                    PartName(rels.shared_strings.empty() ? "sharedStrings.xml"
                                                         : rels.shared_strings),
                    &budget, &strings);
      !s.ok() && s.code() != StatusCode::kNotFound) {
    return s;
  }
  XlsxSheet out;
  out.name = chosen->name;
  SheetHandler handler(out.name, limits, strings.strings, styles.xf_is_date,
                       wb.date1904, &out);
  if (Status s = ParsePart(zip.get(), path, PartName(target->second), &budget,
                           &handler);
      !s.ok()) {
    return s.code() == StatusCode::kNotFound
               ? FileError(path, "its part " + PartName(target->second) +
                                     " for sheet " + out.name + " is missing")
               : s;
  }
  return out;
}

}  // namespace

StatusOr<XlsxSheet> ReadXlsxSheet(const std::string& path,
                                  const std::string& sheet,
                                  const XlsxLimits& limits) {
  return ReadSheetOfZip(Zip(unzOpen64(path.c_str())), path, sheet, limits);
}

bool IsXlsxBytes(std::string_view bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0;
}

StatusOr<XlsxSheet> ReadXlsxSheetFromBytes(std::string_view bytes,
                                           const std::string& name,
                                           const std::string& sheet,
                                           const XlsxLimits& limits) {
  MemoryZip mem{bytes};
  zlib_filefunc64_def io = {};
  io.zopen64_file = MemOpen;
  io.zread_file = MemRead;
  io.zwrite_file = MemWrite;
  io.ztell64_file = MemTell;
  io.zseek64_file = MemSeek;
  io.zclose_file = MemClose;
  io.zerror_file = MemError;
  io.opaque = &mem;
  return ReadSheetOfZip(Zip(unzOpen2_64(name.c_str(), &io)), name, sheet,
                        limits);
}

}  // namespace jjm
