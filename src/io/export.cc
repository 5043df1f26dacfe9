#include "io/export.h"

#include <array>
#include <charconv>
#include <unordered_map>
#include <utility>

#include "base/csv.h"
#include "io/importers.h"

namespace jjm {
namespace {

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

// Facts the index does not keep, resolved as of a date per village.
struct OtherFacts {
  std::array<int64_t, 4> v = {-1, -1, -1, -1};  // hab, sc, st, general
  std::array<int32_t, 4> day = {kMinDay, kMinDay, kMinDay, kMinDay};
  double lpcd = -1;
  int32_t lpcd_day = kMinDay;
};

}  // namespace

namespace {

// "state_code,state_name,...,gp_name," for a village.
void AppendPlaceColumns(const Hierarchy& h, UnitId v, std::string* line) {
  UnitId chain[4] = {kNoUnit, kNoUnit, kNoUnit, kNoUnit};
  for (UnitId p = h.Get(v).parent; p != kNoUnit && p != kIndia;
       p = h.Get(p).parent) {
    const int lvl = static_cast<int>(h.Get(p).level);
    if (lvl >= 1 && lvl <= 4) chain[lvl - 1] = p;
  }
  for (UnitId u : chain) {
    if (u != kNoUnit) {
      AppendCsvField(h.Get(u).code, line);
      *line += ',';
      AppendCsvField(h.Get(u).name, line);
    } else {
      *line += ',';
    }
    *line += ',';
  }
  AppendCsvField(h.Get(v).code, line);
  *line += ',';
  AppendCsvField(h.Get(v).name, line);
}

// The header row: `first` (the columns before the village's, if any), the
// village's columns and the extra ones.
std::string HeaderLine(std::string first) {
  std::string line = std::move(first);
  for (const char* c : kVillageColumns) {
    if (!line.empty()) line += ',';
    line += c;
  }
  for (const char* c : kVillageExtraColumns) {
    line += ',';
    line += c;
  }
  line += '\n';
  return line;
}

}  // namespace

StatusOr<ExportStats> ExportVillages(CoverageService* svc,
                                     const std::string& path, Date as_of) {
  std::unordered_map<int64_t, OtherFacts> other;
  const int32_t d = as_of.days();
  JJM_RETURN_IF_ERROR(svc->store()->ForEachFact([&](const FactRow& f) {
    if (f.as_of.days() > d) return;
    OtherFacts& o = other[f.village_id];
    const std::optional<int64_t>* fields[4] = {&f.habitations, &f.sc_population,
                                               &f.st_population,
                                               &f.general_population};
    for (int i = 0; i < 4; ++i) {
      if (*fields[i] && f.as_of.days() >= o.day[i]) {
        o.v[i] = **fields[i];
        o.day[i] = f.as_of.days();
      }
    }
    if (f.service_lpcd && f.as_of.days() >= o.lpcd_day) {
      o.lpcd = *f.service_lpcd;
      o.lpcd_day = f.as_of.days();
    }
  }));

  JJM_ASSIGN_OR_RETURN(auto w, CsvWriter::Create(path));
  std::string line = HeaderLine("");
  w->Raw(line);
  ExportStats stats;
  svc->Read([&](const Hierarchy& h, const CoverageIndex& index) {
    h.ForEachVillage(kIndia, [&](UnitId v) {
      line.clear();
      AppendPlaceColumns(h, v, &line);
      line += ',';
      const VillageTimeline& t = index.Village(v);
      const bool has_hh = t.HasHouseholds();
      const Metrics m = t.At(d);
      if (has_hh) AppendInt(m.total_hh, &line);
      line += ',';
      AppendInt(m.hh_with_tap, &line);
      // Extra columns.
      auto it = other.find(v);
      const OtherFacts* o = it == other.end() ? nullptr : &it->second;
      auto put = [&](int64_t value) {
        line += ',';
        if (value >= 0) AppendInt(value, &line);
      };
      // Figures never reported stay empty rather than 0.
      bool has_schools = false, has_aw = false, has_stap = false,
           has_atap = false;
      for (const auto& r : t.facts()) {
        has_schools = has_schools || r.schools >= 0;
        has_aw = has_aw || r.anganwadis >= 0;
        has_stap = has_stap || (r.schools_with_tap >= 0 && r.day <= d);
        has_atap = has_atap || (r.anganwadis_with_tap >= 0 && r.day <= d);
      }
      put(o ? o->v[0] : -1);
      put(has_schools ? m.schools : -1);
      put(has_stap ? m.schools_with_tap : -1);
      put(has_aw ? m.anganwadis : -1);
      put(has_atap ? m.anganwadis_with_tap : -1);
      put(o ? o->v[1] : -1);
      put(o ? o->v[2] : -1);
      put(o ? o->v[3] : -1);
      line += ',';
      if (o && o->lpcd >= 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f", o->lpcd);
        line += buf;
      }
      line += '\n';
      w->Raw(line);
      ++stats.rows;
    });
  });
  JJM_RETURN_IF_ERROR(w->Close());
  return stats;
}

StatusOr<ExportStats> ExportVillagesHistory(CoverageService* svc,
                                            const std::string& path) {
  JJM_ASSIGN_OR_RETURN(auto w, CsvWriter::Create(path));
  std::string line = HeaderLine("as_of");
  w->Raw(line);
  ExportStats stats;
  const int32_t baseline = JjmBaseline().days();
  // Rows of one village: its fact records merged per day, and the baseline.
  struct DayRow {
    int32_t day;
    std::optional<int64_t> v[9];
    std::optional<double> lpcd;
    std::optional<int64_t> tap;
  };
  auto flush = [&](const Hierarchy& h, const CoverageIndex& index, UnitId v,
                   std::vector<DayRow>& rows) {
    const int32_t base_tap = index.Village(v).TapAt(baseline);
    bool has_base = false;
    for (DayRow& r : rows) {
      if (r.day == baseline) {
        r.tap = base_tap;
        has_base = true;
      }
    }
    if (!has_base && (base_tap != 0 || rows.empty())) {
      DayRow r{baseline, {}, {}, std::optional<int64_t>(base_tap)};
      rows.push_back(r);
    }
    std::sort(rows.begin(), rows.end(),
              [](const DayRow& a, const DayRow& b) { return a.day < b.day; });
    for (const DayRow& r : rows) {
      line.clear();
      char date[10];
      Date::FromDays(r.day).Format(date);
      line.append(date, 10);
      line += ',';
      AppendPlaceColumns(h, v, &line);
      auto put = [&](const std::optional<int64_t>& x) {
        line += ',';
        if (x) AppendInt(*x, &line);
      };
      put(r.v[0]);  // households
      put(r.tap);
      for (int i = 1; i < 9; ++i) put(r.v[i]);
      line += ',';
      if (r.lpcd) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f", *r.lpcd);
        line += buf;
      }
      line += '\n';
      w->Raw(line);
      ++stats.rows;
    }
    rows.clear();
  };
  Status st;
  svc->Read([&](const Hierarchy& h, const CoverageIndex& index) {
    std::vector<DayRow> rows;
    UnitId current = kNoUnit;
    std::vector<bool> done(h.end_id(), false);
    st = svc->store()->ForEachFactByVillage([&](const FactRow& f) {
      const UnitId v = static_cast<UnitId>(f.village_id);
      if (v != current) {
        if (current != kNoUnit) flush(h, index, current, rows);
        current = v;
        done[v] = true;
      }
      if (rows.empty() || rows.back().day != f.as_of.days()) {
        rows.push_back(DayRow{f.as_of.days(), {}, {}, {}});
      }
      DayRow& r = rows.back();
      // Same order as kVillageExtraColumns, households first.
      const std::optional<int64_t>* in[9] = {
          &f.households,       &f.habitations,   &f.schools,
          &f.schools_with_tap, &f.anganwadis,    &f.anganwadis_with_tap,
          &f.sc_population,    &f.st_population, &f.general_population};
      for (int i = 0; i < 9; ++i) {
        if (*in[i]) r.v[i] = *in[i];
      }
      if (f.service_lpcd) r.lpcd = f.service_lpcd;
    });
    if (current != kNoUnit) flush(h, index, current, rows);
    // Villages with no facts at all still belong in the file.
    h.ForEachVillage(kIndia, [&](UnitId v) {
      if (!done[v]) flush(h, index, v, rows);
    });
  });
  JJM_RETURN_IF_ERROR(st);
  JJM_RETURN_IF_ERROR(w->Close());
  return stats;
}

StatusOr<ExportStats> ExportConnections(CoverageService* svc,
                                        const std::string& path, Date after) {
  JJM_ASSIGN_OR_RETURN(auto w, CsvWriter::Create(path));
  ExportStats stats;
  const int32_t from = after.days();
  svc->Read([&](const Hierarchy& h, const CoverageIndex& index) {
    bool negative = false;
    h.ForEachVillage(kIndia, [&](UnitId v) {
      int32_t prev = 0;
      for (const auto& p : index.Village(v).taps()) {
        if (p.day > from && p.cum < prev) negative = true;
        prev = p.cum;
      }
    });
    w->Raw(negative ? "village_code,date,count,reason\n"
                    : "village_code,date,count\n");
    std::string line;
    h.ForEachVillage(kIndia, [&](UnitId v) {
      const std::string& code = h.Get(v).code;
      int32_t prev = 0;
      for (const auto& p : index.Village(v).taps()) {
        const int32_t net = p.cum - prev;
        prev = p.cum;
        if (p.day <= from || net == 0) continue;
        line.clear();
        AppendCsvField(code, &line);
        line += ',';
        char date[10];
        Date::FromDays(p.day).Format(date);
        line.append(date, 10);
        line += ',';
        AppendInt(net, &line);
        if (negative) {
          line += net < 0 ? ",net of corrections recorded on this day" : ",";
        }
        line += '\n';
        w->Raw(line);
        ++stats.rows;
      }
    });
  });
  JJM_RETURN_IF_ERROR(w->Close());
  return stats;
}

}  // namespace jjm
