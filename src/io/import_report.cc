#include "io/import_report.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "base/csv.h"
#include "base/strings.h"
#include "io/xlsx_reader.h"

namespace jjm {

std::string NameCrosswalk::Key(Level level, std::string_view parent_code,
                               std::string_view source_name) {
  std::string k(1, static_cast<char>('0' + static_cast<int>(level)));
  k += parent_code;
  k += '\x1f';
  k += MatchKey(source_name);
  return k;
}

void NameCrosswalk::Add(Level level, std::string parent_code,
                        std::string_view source_name, std::string code) {
  map_[Key(level, parent_code, source_name)] = std::move(code);
}

const std::string* NameCrosswalk::Find(Level level,
                                       std::string_view parent_code,
                                       std::string_view source_name) const {
  auto it = map_.find(Key(level, parent_code, source_name));
  return it == map_.end() ? nullptr : &it->second;
}

void ImportReport::Reject(int64_t row, std::string_view column,
                          std::string_view value, std::string reason) {
  if (value.size() > 200) value = value.substr(0, 200);
  rejections_.push_back({row, std::string(column), std::string(value),
                         std::move(reason), CellOf(row, column)});
}

void ImportReport::SetSheet(std::string sheet,
                            std::vector<std::string> header) {
  sheet_ = std::move(sheet);
  header_ = std::move(header);
  for (Rejection& r : rejections_) r.cell = CellOf(r.row, r.column);
}

void ImportReport::RemapRows(const std::function<int64_t(int64_t)>& row_of) {
  for (Rejection& r : rejections_) {
    r.row = row_of(r.row);
    r.cell = CellOf(r.row, r.column);
  }
}

std::string ImportReport::CellOf(int64_t row, std::string_view column) const {
  if (sheet_.empty()) return "";
  const auto lower = [](std::string_view s) {
    s = Trim(s);
    std::string out(s);
    for (char& c : out)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const std::string want = lower(column);
  for (size_t i = 0; i < header_.size(); ++i) {
    if (!want.empty() && lower(header_[i]) == want) {
      return XlsxCellName(sheet_, row, static_cast<int32_t>(i));
    }
  }
  // No such heading: the row, in the same notation ("Sheet1!17").
  const std::string a1 = XlsxCellName(sheet_, row, 0);
  return a1.substr(0, a1.rfind('!') + 1) + std::to_string(row);
}

void ImportReport::SortByRow() {
  std::stable_sort(
      rejections_.begin(), rejections_.end(),
      [](const Rejection& a, const Rejection& b) { return a.row < b.row; });
}

Status ImportReport::WriteRejectsCsv(const std::string& path) const {
  JJM_ASSIGN_OR_RETURN(auto w, CsvWriter::Create(path));
  if (sheet_.empty()) {
    w->Row({"row", "column", "value", "reason"});
  } else {
    w->Row({"row", "column", "value", "reason", "cell"});
  }
  for (const Rejection& r : rejections_) {
    const std::string row = std::to_string(r.row);
    if (sheet_.empty()) {
      w->Row({row, r.column, r.value, r.reason});
    } else {
      w->Row({row, r.column, r.value, r.reason, r.cell});
    }
  }
  return w->Close();
}

void ImportReport::Print(std::FILE* out, size_t max_rejections) const {
  std::fprintf(out, "rows read:     %s\n", IndianGrouped(rows_read).c_str());
  std::fprintf(out, "rows accepted: %s\n",
               IndianGrouped(rows_accepted).c_str());
  std::fprintf(out, "rows rejected: %s\n",
               IndianGrouped(static_cast<int64_t>(rejections_.size())).c_str());
  for (const auto& [what, n] : counts_) {
    std::fprintf(out, "  %-34s %s\n", (what + ":").c_str(),
                 IndianGrouped(n).c_str());
  }
  for (const std::string& n : notes) std::fprintf(out, "note: %s\n", n.c_str());
  size_t shown = 0;
  for (const Rejection& r : rejections_) {
    if (shown++ >= max_rejections) {
      std::fprintf(out, "... and %zu more rejected rows\n",
                   rejections_.size() - max_rejections);
      break;
    }
    if (!r.cell.empty()) {
      std::fprintf(out, "rejected %s (row %lld, column %s), value '%s': %s\n",
                   r.cell.c_str(), static_cast<long long>(r.row),
                   r.column.c_str(), r.value.c_str(), r.reason.c_str());
      continue;
    }
    std::fprintf(out, "rejected row %lld, column %s, value '%s': %s\n",
                 static_cast<long long>(r.row), r.column.c_str(),
                 r.value.c_str(), r.reason.c_str());
  }
}

void ProgressTicker::Tick(double fraction, int64_t rows) {
  if (!opt_.progress) return;
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  if (last_ms_ == 0) {
    last_ms_ = now;
    return;
  }
  if (now - last_ms_ < 1000) return;
  last_ms_ = now;
  opt_.progress(fraction, rows);
}

}  // namespace jjm
