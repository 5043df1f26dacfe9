// Import of the Local Government Directory lists of states, districts and
// blocks.
#include <filesystem>
#include <unordered_map>

#include "base/csv.h"
#include "base/strings.h"
#include "io/csv_rows.h"
#include "io/importers.h"
#include "io/place_resolver.h"
#include "io/table_file.h"

namespace jjm {
namespace {

// "ANDHRA PRADESH" -> "Andhra Pradesh"; names with lower case are kept.
std::string DisplayName(std::string_view raw) {
  std::string_view name = Trim(raw);
  bool has_lower = false;
  for (char c : name) has_lower = has_lower || (c >= 'a' && c <= 'z');
  if (has_lower) return std::string(name);
  std::string out;
  size_t i = 0;
  while (i < name.size()) {
    size_t j = i;
    while (j < name.size() && name[j] != ' ') ++j;
    std::string word(name.substr(i, j - i));
    for (size_t k = 1; k < word.size(); ++k) {
      if (word[k] >= 'A' && word[k] <= 'Z' && word[k - 1] != '.') {
        word[k] = static_cast<char>(word[k] + 32);
      }
    }
    if (word == "And" || word == "Of")
      word[0] = static_cast<char>(word[0] + 32);
    if (!out.empty()) out += ' ';
    out += word;
    i = j;
    while (i < name.size() && name[i] == ' ') ++i;
  }
  return out;
}

struct LgdFile {
  const char* file;
  Level level;
  const char* parent_code_col;  // nullptr for states
  const char* code_col;
  const char* name_col;
};

}  // namespace

StatusOr<ImportReport> ImportLgd(CoverageService* svc, const std::string& dir,
                                 const ImportOptions& opt) {
  const LgdFile files[] = {
      {"1-state.csv", Level::kState, nullptr, "State Code", "State Name"},
      {"2-district.csv", Level::kDistrict, "State Code", "District Code",
       "District Name"},
      {"blocks.csv", Level::kBlock, "District Code", "Block Code",
       "Block Name"},
  };
  ImportReport report;
  ImportPlan plan;
  MutexLock lock(&svc->write_mutex());
  JJM_ASSIGN_OR_RETURN(PlaceResolver places, PlaceResolver::Create(svc, &plan));
  std::unordered_map<std::string, int64_t> first_line;
  for (const LgdFile& lf : files) {
    // Each list as CSV, or as an Excel workbook of the same name
    // (1-state.xlsx), read from its first sheet.
    std::string path = dir + "/" + lf.file;
    if (!std::filesystem::exists(path)) {
      const std::string xlsx = path.substr(0, path.size() - 4) + ".xlsx";
      if (std::filesystem::exists(xlsx)) path = xlsx;
    }
    JJM_ASSIGN_OR_RETURN(TableFile file, OpenTableFile(path, ""));
    CsvReader* reader = file.reader.get();
    std::vector<std::string_view> f;
    JJM_ASSIGN_OR_RETURN(bool has_header, reader->Next(&f));
    if (!has_header) return InvalidArgument(path + " is empty", "file");
    int c_parent = -1, c_code = -1, c_name = -1;
    for (size_t i = 0; i < f.size(); ++i) {
      const std::string_view h = Trim(f[i]);
      // The first of two same-named columns is the English name.
      if (lf.parent_code_col && h == lf.parent_code_col && c_parent < 0) {
        c_parent = static_cast<int>(i);
      }
      if (h == lf.code_col && c_code < 0) c_code = static_cast<int>(i);
      if (h == lf.name_col && c_name < 0) c_name = static_cast<int>(i);
    }
    if (c_code < 0 || c_name < 0 || (lf.parent_code_col && c_parent < 0)) {
      return InvalidArgument(std::string(lf.file) + " lacks the columns '" +
                                 lf.code_col + "' and '" + lf.name_col + "'",
                             "header");
    }
    auto field = [&](int c) {
      return c >= 0 && c < static_cast<int>(f.size()) ? Trim(f[c])
                                                      : std::string_view();
    };
    const std::string prefix = std::string(lf.file) + ":";
    while (NextRow(reader, &f, &report, prefix)) {
      ++report.rows_read;
      const int64_t line = reader->line();
      auto code = NormaliseCode(field(c_code), lf.level);
      if (!code.ok()) {
        report.Reject(line, prefix + lf.code_col, field(c_code),
                      code.status().message());
        continue;
      }
      const std::string name = DisplayName(field(c_name));
      if (name.empty()) {
        report.Reject(line, prefix + lf.name_col, "", "name is empty");
        continue;
      }
      UnitRef parent = kIndia;
      if (lf.parent_code_col) {
        auto pc =
            NormaliseCode(field(c_parent),
                          static_cast<Level>(static_cast<int>(lf.level) - 1));
        parent = pc.ok() ? places.FindCode(*pc) : kNoUnit;
        if (parent == kNoUnit) {
          report.Reject(line, prefix + lf.parent_code_col, field(c_parent),
                        "no such " +
                            std::string(LevelName(static_cast<Level>(
                                static_cast<int>(lf.level) - 1))) +
                            " in the LGD lists or the store");
          continue;
        }
      }
      auto [seen, fresh] = first_line.emplace(*code, line);
      if (!fresh) {
        const UnitRef first = places.FindCode(*code);
        const std::string where =
            first == kNoUnit
                ? ""
                : " under " + places.NameOf(places.ParentOf(first));
        // The published lists name a few blocks under two districts.  A
        // place has one parent here: the first listing stands, the second
        // is reported with both, and the rest of the lists still commits.
        report.notes.push_back(
            std::string(lf.file) + " line " + std::to_string(line) + ": " +
            std::string(LevelName(lf.level)) + " " + *code + " " + name +
            " is listed again under " + places.NameOf(parent) + " (" +
            places.CodeOf(parent) + "); first on line " +
            std::to_string(seen->second) + where +
            ". A place has one parent here, so the second listing is not "
            "imported");
        report.Count("listings not imported (listed twice)");
        continue;
      }
      const UnitRef existing = places.FindCode(*code);
      if (existing != kNoUnit) {
        if (places.ParentOf(existing) != parent) {
          report.Reject(line, prefix + lf.code_col, *code,
                        "stored under " +
                            places.CodeOf(places.ParentOf(existing)) +
                            ", not under " + places.CodeOf(parent));
          continue;
        }
        if (places.NameOf(existing) != name) {
          places.Rename(existing, name);
          report.Count("places renamed");
        }
        ++report.rows_accepted;
        continue;
      }
      // A place of the same name without an LGD code would be a double.
      bool clash = false;
      for (UnitRef r : places.FindChildren(parent, lf.level, name)) {
        if (r >= 0 && !svc->hierarchy_for_writer()
                           .Get(static_cast<UnitId>(r))
                           .lgd_code.has_value()) {
          report.Reject(
              line, prefix + lf.name_col, name,
              "already stored as " + places.CodeOf(r) + " without an LGD code");
          clash = true;
        }
      }
      if (clash) continue;
      places.Create(parent, lf.level, *code, name, LgdNumberOf(*code));
      report.Count(std::string(LevelName(lf.level)) + "s created");
      ++report.rows_accepted;
    }
  }
  const bool clean = report.rejections().empty();
  if (opt.commit && (clean || opt.skip_invalid) &&
      (!plan.units.empty() || !plan.renames.empty())) {
    plan.batch.kind = "import";
    plan.batch.source = "lgd";
    plan.batch.recorded_by = opt.recorded_by;
    plan.batch.note = "LGD lists from " + dir;
    plan.valid_from = opt.as_of.value_or(opt.today);
    JJM_RETURN_IF_ERROR(svc->ApplyPlan(plan));
    report.committed = true;
  }
  return report;
}

}  // namespace jjm
