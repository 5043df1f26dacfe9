// Import of habitations: village_code,habitation_code,habitation_name.
#include <unordered_map>

#include "base/csv.h"
#include "base/strings.h"
#include "io/csv_rows.h"
#include "io/export.h"
#include "io/importers.h"
#include "io/place_resolver.h"
#include "io/table_file.h"

namespace jjm {

StatusOr<ImportReport> ImportHabitations(CoverageService* svc,
                                         const std::string& path,
                                         const ImportOptions& opt) {
  JJM_ASSIGN_OR_RETURN(TableFile file, OpenTableFile(path, opt.sheet));
  CsvReader* reader = file.reader.get();
  std::vector<std::string_view> f;
  JJM_RETURN_IF_ERROR(ReadHeaderRow(reader, &f));
  int c_village = -1, c_code = -1, c_name = -1;
  for (size_t i = 0; i < f.size(); ++i) {
    const std::string_view h = Trim(f[i]);
    if (h == "village_code") c_village = static_cast<int>(i);
    if (h == "habitation_code") c_code = static_cast<int>(i);
    if (h == "habitation_name") c_name = static_cast<int>(i);
  }
  if (c_village < 0 || c_code < 0 || c_name < 0) {
    return InvalidArgument(
        "expected the columns village_code,habitation_code,habitation_name",
        "header");
  }
  ImportReport report;
  file.Label(&report);
  ImportPlan plan;
  MutexLock lock(&svc->write_mutex());
  JJM_ASSIGN_OR_RETURN(PlaceResolver places, PlaceResolver::Create(svc, &plan));
  std::unordered_map<std::string, int64_t> seen;
  ProgressTicker ticker(opt);
  auto field = [&](int c) {
    return c < static_cast<int>(f.size()) ? Trim(f[c]) : std::string_view();
  };
  while (NextRow(reader, &f, &report)) {
    ++report.rows_read;
    const int64_t line = reader->line();
    const std::string_view vcode = field(c_village);
    // A bare LGD number names the village whose code is V + the number.
    auto vnorm = NormaliseCode(vcode, Level::kVillage);
    const UnitRef village =
        places.FindCode(vnorm.ok() ? std::string_view(*vnorm) : vcode);
    if (village == kNoUnit || places.LevelOf(village) != Level::kVillage) {
      report.Reject(line, "village_code", vcode,
                    village == kNoUnit ? "no place has this code"
                                       : "this code is not a village");
      continue;
    }
    auto code = NormaliseCode(field(c_code), Level::kHabitation);
    if (!code.ok()) {
      report.Reject(line, "habitation_code", field(c_code),
                    code.status().message());
      continue;
    }
    const std::string name(field(c_name));
    if (name.empty() || name.size() > 200) {
      report.Reject(line, "habitation_name", name,
                    name.empty() ? "name is empty" : "name is longer than 200");
      continue;
    }
    auto [it, fresh] = seen.emplace(*code, line);
    if (!fresh) {
      report.Reject(line, "habitation_code", *code,
                    "the same habitation already appears on line " +
                        std::to_string(it->second));
      continue;
    }
    const UnitRef existing = places.FindCode(*code);
    if (existing != kNoUnit) {
      if (places.ParentOf(existing) != village) {
        report.Reject(line, "habitation_code", *code,
                      "this habitation lies in " +
                          places.CodeOf(places.ParentOf(existing)) +
                          ", not in " + std::string(vcode));
        continue;
      }
      if (places.NameOf(existing) != name) {
        places.Rename(existing, name);
        report.Count("places renamed");
      }
    } else {
      places.Create(village, Level::kHabitation, *code, name,
                    LgdNumberOf(*code));
      report.Count("habitations created");
    }
    ++report.rows_accepted;
    ticker.Tick(reader->progress(), report.rows_read);
  }
  const bool clean = report.rejections().empty();
  if (opt.commit && (clean || opt.skip_invalid) &&
      (!plan.units.empty() || !plan.renames.empty())) {
    plan.batch.kind = "import";
    plan.batch.source = SourceName(path);
    plan.batch.recorded_by = opt.recorded_by;
    plan.batch.note = "habitations";
    plan.valid_from = opt.as_of.value_or(opt.today);
    JJM_RETURN_IF_ERROR(svc->ApplyPlan(plan));
    report.committed = true;
  }
  return report;
}

StatusOr<ExportStats> ExportHabitations(CoverageService* svc,
                                        const std::string& path) {
  JJM_ASSIGN_OR_RETURN(auto w, CsvWriter::Create(path));
  w->Raw("village_code,habitation_code,habitation_name\n");
  ExportStats stats;
  svc->Read([&](const Hierarchy& h, const CoverageIndex&) {
    h.ForEachAtLevel(kIndia, Level::kHabitation, [&](UnitId u) {
      const Place& p = h.Get(u);
      w->Row({h.Get(p.parent).code, p.code, p.name});
      ++stats.rows;
    });
  });
  JJM_RETURN_IF_ERROR(w->Close());
  return stats;
}

}  // namespace jjm
