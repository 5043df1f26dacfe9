// Import of ledger events: village_code,date,count[,kind][,reason].
#include <algorithm>
#include <numeric>

#include "base/csv.h"
#include "base/strings.h"
#include "coverage/ledger_rules.h"
#include "io/importers.h"

namespace jjm {
namespace {

struct Pending {
  UnitId village;
  int32_t day;
  int32_t count;
  int32_t reason;  // index into reasons, or -1
  int32_t line;
  EventKind kind;
  bool rejected;
};

}  // namespace

StatusOr<ImportReport> ImportConnections(CoverageService* svc,
                                         const std::string& path,
                                         const ImportOptions& opt) {
  JJM_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  std::string source = path;
  if (auto slash = source.rfind('/'); slash != std::string::npos) {
    source = source.substr(slash + 1);
  }
  std::vector<std::string_view> f;
  JJM_ASSIGN_OR_RETURN(bool has_header, reader->Next(&f));
  if (!has_header) return InvalidArgument("the file is empty", "file");
  int c_village = -1, c_date = -1, c_count = -1, c_kind = -1, c_reason = -1;
  for (size_t i = 0; i < f.size(); ++i) {
    const std::string_view h = Trim(f[i]);
    const int n = static_cast<int>(i);
    if (h == "village_code") c_village = n;
    if (h == "date") c_date = n;
    if (h == "count") c_count = n;
    if (h == "kind") c_kind = n;
    if (h == "reason") c_reason = n;
  }
  std::string missing;
  if (c_village < 0) missing += " village_code";
  if (c_date < 0) missing += " date";
  if (c_count < 0) missing += " count";
  if (!missing.empty()) {
    return InvalidArgument(
        "missing columns:" + missing + " (expected village_code,date,count)",
        "header");
  }

  ImportReport report;
  auto lock = svc->WriteLock();
  const Hierarchy& h = svc->hierarchy_for_writer();
  const CoverageIndex& index = svc->index_for_writer();
  std::vector<Pending> pending;
  pending.reserve(reader->size_bytes() / 24);
  std::vector<std::string> reasons;
  ProgressTicker ticker(opt);
  auto field = [&](int c) {
    return c >= 0 && c < static_cast<int>(f.size()) ? Trim(f[c])
                                                    : std::string_view();
  };
  // The last village looked up, since files usually list a village's
  // events together.
  std::string last_code;
  UnitId last_village = kNoUnit;
  while (true) {
    auto more = reader->Next(&f);
    if (!more.ok()) {
      report.Reject(reader->line(), "", "", more.status().message());
      break;
    }
    if (!*more) break;
    ++report.rows_read;
    const int64_t line = reader->line();
    const size_t before = report.rejections().size();
    const std::string_view code = field(c_village);
    UnitId v = kNoUnit;
    if (code == last_code && last_village != kNoUnit) {
      v = last_village;
    } else {
      v = h.Find(code);
      if (v == kNoUnit) {
        report.Reject(line, "village_code", code, "no place has this code");
      } else if (h.Get(v).level != Level::kVillage) {
        report.Reject(line, "village_code", code,
                      "this is a " + std::string(LevelName(h.Get(v).level)) +
                          ", not a village");
        v = kNoUnit;
      } else {
        last_code = code;
        last_village = v;
      }
    }
    const std::string_view date_text = field(c_date);
    auto date = Date::Parse(date_text);
    if (!date.ok()) {
      report.Reject(line, "date", date_text, date.status().message());
    }
    const std::string_view count_text = field(c_count);
    auto count = ParseInt(count_text);
    if (!count) {
      report.Reject(line, "count", count_text, "not a whole number");
    }
    const std::string_view reason = field(c_reason);
    const std::string_view kind_text = field(c_kind);
    EventKind kind =
        count && *count < 0 ? EventKind::kCorrection : EventKind::kConnection;
    if (!kind_text.empty()) {
      auto k = ParseEventKind(kind_text);
      if (!k || *k == EventKind::kBaseline) {
        report.Reject(line, "kind", kind_text,
                      "kind must be connection, correction or adjustment");
      } else {
        kind = *k;
      }
    }
    if (report.rejections().size() == before) {
      Status s =
          CheckEvent(*date, *count, kind, std::string(reason), opt.today, "");
      if (!s.ok()) {
        std::string col = s.field();
        if (col == "households") col = "count";
        const std::string_view value = col == "date"     ? date_text
                                       : col == "reason" ? reason
                                                         : count_text;
        std::string msg = s.message();
        if (col == "reason" && c_reason < 0) {
          msg = "a negative count is a correction and needs a reason column";
        }
        report.Reject(line, col, value, msg);
      }
    }
    if (report.rejections().size() == before) {
      int32_t r = -1;
      if (!reason.empty()) {
        r = static_cast<int32_t>(reasons.size());
        reasons.emplace_back(reason);
      }
      pending.push_back({v, date->days(), static_cast<int32_t>(*count), r,
                         static_cast<int32_t>(line), kind, false});
    }
    ticker.Tick(reader->progress() * 0.5, report.rows_read);
  }

  // Group events by village (a counting sort by id) and check each
  // village with its events applied in date order.
  const size_t nv = static_cast<size_t>(h.end_id());
  std::vector<uint32_t> start(nv + 1, 0);
  for (const Pending& p : pending) ++start[p.village + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<uint32_t> order(pending.size());
  {
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (uint32_t i = 0; i < pending.size(); ++i) {
      order[next[pending[i].village]++] = i;
    }
  }
  std::vector<std::pair<UnitId, VillageTimeline>> timelines;
  int64_t net = 0;
  for (size_t v = 0; v < nv; ++v) {
    const uint32_t b = start[v], e = start[v + 1];
    if (b == e) continue;
    std::sort(order.begin() + b, order.begin() + e,
              [&](uint32_t x, uint32_t y) {
                return pending[x].day != pending[y].day
                           ? pending[x].day < pending[y].day
                           : pending[x].line < pending[y].line;
              });
    const UnitId village = static_cast<UnitId>(v);
    VillageTimeline t = index.Village(village);
    for (uint32_t k = b; k < e; ++k) {
      const Pending& p = pending[order[k]];
      t.AddTap(p.day, p.count);
    }
    const std::string& code = h.Get(village).code;
    if (!CheckVillage(t, pending[order[b]].day, code).ok()) {
      // Find the rows at fault: apply one at a time, dropping the ones
      // that break the rules.
      t = index.Village(village);
      for (uint32_t k = b; k < e; ++k) {
        Pending& p = pending[order[k]];
        VillageTimeline trial = t;
        trial.AddTap(p.day, p.count);
        Status s = CheckVillage(trial, p.day, code);
        if (s.ok()) {
          t = std::move(trial);
        } else {
          p.rejected = true;
          report.Reject(p.line, "count", std::to_string(p.count), s.message());
        }
      }
    }
    for (uint32_t k = b; k < e; ++k) {
      if (!pending[order[k]].rejected) net += pending[order[k]].count;
    }
    timelines.emplace_back(village, std::move(t));
    ticker.Tick(0.5 + 0.5 * v / nv, report.rows_read);
  }
  // Keep the accepted rows, in file order.
  pending.erase(std::remove_if(pending.begin(), pending.end(),
                               [](const Pending& p) { return p.rejected; }),
                pending.end());
  report.rows_accepted = static_cast<int64_t>(pending.size());
  report.Count("ledger events", report.rows_accepted);
  report.Count("net households with tap added", net);
  report.Count("villages touched", static_cast<int64_t>(timelines.size()));
  report.SortByRow();

  const bool clean = report.rejections().empty();
  if (opt.commit && (clean || opt.skip_invalid) && !pending.empty()) {
    BatchRow batch;
    batch.kind = "import";
    batch.source = source;
    batch.recorded_by = opt.recorded_by;
    batch.note = "connections";
    JJM_RETURN_IF_ERROR(svc->AppendEvents(
                               batch, pending.size(),
                               [&](size_t i, EventRow* row) {
                                 const Pending& p = pending[i];
                                 row->village_id = p.village;
                                 row->date = Date::FromDays(p.day);
                                 row->households = p.count;
                                 row->kind = p.kind;
                                 if (p.reason >= 0) {
                                   row->reason = reasons[p.reason];
                                 } else {
                                   row->reason.clear();
                                 }
                               },
                               std::move(timelines))
                            .status());
    report.committed = true;
  }
  return report;
}

}  // namespace jjm
