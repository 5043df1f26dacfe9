// Import of ledger events: village_code,date,count[,kind][,reason].
//
// With --commit the rows go into the open transaction on a second thread
// while this one is still reading and checking: a clean file (the usual
// case) is then written in about the time it takes to read it.  If any row
// is rejected, the transaction is rolled back; with --skip-invalid the
// accepted rows are then written again on their own.
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <numeric>
#include <thread>

#include "base/csv.h"
#include "base/strings.h"
#include "coverage/ledger_rules.h"
#include "io/csv_rows.h"
#include "io/importers.h"
#include "io/table_file.h"

namespace jjm {
namespace {

constexpr size_t kChunkRows = 1 << 16;

struct Pending {
  UnitId village;
  int32_t day;
  int32_t count;
  int32_t reason;  // index into the chunk's reasons, or -1
  int32_t line;
  EventKind kind;
};

struct Chunk {
  std::vector<Pending> rows;
  std::vector<std::string> reasons;
};

EventRow ToEvent(const Chunk& c, const Pending& p) {
  EventRow e;
  e.village_id = p.village;
  e.date = Date::FromDays(p.day);
  e.households = p.count;
  e.kind = p.kind;
  if (p.reason >= 0) e.reason = c.reasons[p.reason];
  return e;
}

// Writes chunks into the ledger on its own thread, in the order given.
class ChunkWriter {
 public:
  explicit ChunkWriter(CoverageService::LedgerAppender* appender)
      : appender_(appender), thread_([this] { Loop(); }) {}
  ~ChunkWriter() {
    Push(nullptr);
    if (thread_.joinable()) thread_.join();
  }
  // Queues a chunk; nullptr marks the end.  The chunk must stay alive and
  // unchanged until Finish().
  void Push(const Chunk* c) {
    std::lock_guard lock(mu_);
    if (ended_) return;
    if (c == nullptr) ended_ = true;
    queue_.push_back(c);
    cv_.notify_one();
  }
  // Waits for every queued chunk; returns the first error.
  Status Finish() {
    Push(nullptr);
    if (thread_.joinable()) thread_.join();
    return status_;
  }

 private:
  void Loop() {
    while (true) {
      const Chunk* c;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !queue_.empty(); });
        c = queue_.front();
        queue_.pop_front();
      }
      if (c == nullptr) return;
      if (!status_.ok()) continue;
      for (const Pending& p : c->rows) {
        status_ = appender_->Add(ToEvent(*c, p));
        if (!status_.ok()) break;
      }
    }
  }

  CoverageService::LedgerAppender* appender_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<const Chunk*> queue_;
  bool ended_ = false;
  Status status_;
  std::thread thread_;
};

}  // namespace

StatusOr<ImportReport> ImportConnections(CoverageService* svc,
                                         const std::string& path,
                                         const ImportOptions& opt) {
  JJM_ASSIGN_OR_RETURN(TableFile file, OpenTableFile(path, opt.sheet));
  CsvReader* reader = file.reader.get();
  const std::string source = SourceName(path);
  std::vector<std::string_view> f;
  JJM_RETURN_IF_ERROR(ReadHeaderRow(reader, &f));
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
  file.Label(&report);
  MutexLock lock(&svc->write_mutex());
  const Hierarchy& h = svc->hierarchy_for_writer();
  const CoverageIndex& index = svc->index_for_writer();

  BatchRow batch;
  batch.kind = "import";
  batch.source = source;
  batch.recorded_by = opt.recorded_by;
  batch.note =
      opt.closed_period_reason.empty()
          ? "connections"
          : "connections, into closed months: " + opt.closed_period_reason;
  const std::time_t now = std::time(nullptr);
  std::unique_ptr<CoverageService::LedgerAppender> appender;
  std::optional<ChunkWriter> writer;
  if (opt.commit) {
    JJM_ASSIGN_OR_RETURN(appender, svc->BeginLedger(batch));
    writer.emplace(appender.get());
  }

  std::vector<std::unique_ptr<Chunk>> chunks;
  auto chunk = std::make_unique<Chunk>();
  chunk->rows.reserve(kChunkRows);
  ProgressTicker ticker(opt);
  auto field = [&](int c) {
    return c >= 0 && c < static_cast<int>(f.size()) ? Trim(f[c])
                                                    : std::string_view();
  };
  // Files list the same villages over and over, in any order (by village,
  // by date): each code's lookup is remembered.
  CodeCache villages([&h](std::string_view code) {
    UnitId v = h.Find(code, Level::kVillage);
    return v != kNoUnit ? v : h.Find(code);
  });
  size_t accepted_rows = 0;
  while (NextRow(reader, &f, &report)) {
    ++report.rows_read;
    const int64_t line = reader->line();
    const size_t before = report.rejections().size();
    const std::string_view code = field(c_village);
    UnitId v = villages.Find(code);
    if (v == kNoUnit) {
      report.Reject(line, "village_code", code, "no place has this code");
    } else if (h.Get(v).level != Level::kVillage) {
      report.Reject(line, "village_code", code,
                    "this is a " + std::string(LevelName(h.Get(v).level)) +
                        ", not a village");
      v = kNoUnit;
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
    if (report.rejections().size() == before &&
        opt.closed_period_reason.empty()) {
      Status s = svc->periods().CheckOpen(h, v, *date, opt.today, now, "date");
      if (!s.ok()) {
        report.Reject(
            line, "date", date_text,
            s.message() + " (or import with --closed-periods REASON)");
      }
    }
    if (report.rejections().size() == before) {
      int32_t r = -1;
      if (!reason.empty()) {
        r = static_cast<int32_t>(chunk->reasons.size());
        chunk->reasons.emplace_back(reason);
      }
      chunk->rows.push_back({v, date->days(), static_cast<int32_t>(*count), r,
                             static_cast<int32_t>(line), kind});
      ++accepted_rows;
      if (chunk->rows.size() == kChunkRows) {
        if (writer) writer->Push(chunk.get());
        chunks.push_back(std::move(chunk));
        chunk = std::make_unique<Chunk>();
        chunk->rows.reserve(kChunkRows);
      }
    }
    ticker.Tick(reader->progress() * 0.8, report.rows_read);
  }
  if (!chunk->rows.empty()) {
    if (writer) writer->Push(chunk.get());
    chunks.push_back(std::move(chunk));
  }
  if (writer) writer->Push(nullptr);
  const bool field_rejections = !report.rejections().empty();

  // Group the rows by village (a counting sort by id) and check each
  // village with its events applied in date order.
  const size_t nv = static_cast<size_t>(h.end_id());
  auto at = [&](uint64_t g) -> const Pending& {
    return chunks[g / kChunkRows]->rows[g % kChunkRows];
  };
  std::vector<uint32_t> start(nv + 1, 0);
  for (const auto& c : chunks) {
    for (const Pending& p : c->rows) ++start[p.village + 1];
  }
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<uint64_t> order(accepted_rows);
  {
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (size_t ci = 0; ci < chunks.size(); ++ci) {
      const auto& rows = chunks[ci]->rows;
      for (size_t i = 0; i < rows.size(); ++i) {
        order[next[rows[i].village]++] = ci * kChunkRows + i;
      }
    }
  }
  std::vector<uint8_t> rejected(chunks.size() * kChunkRows, 0);
  std::vector<std::pair<UnitId, VillageTimeline>> timelines;
  int64_t net = 0;
  size_t ledger_rejections = 0;
  for (size_t v = 0; v < nv; ++v) {
    const uint32_t b = start[v], e = start[v + 1];
    if (b == e) continue;
    std::sort(order.begin() + b, order.begin() + e,
              [&](uint64_t x, uint64_t y) {
                const Pending& px = at(x);
                const Pending& py = at(y);
                return px.day != py.day ? px.day < py.day : px.line < py.line;
              });
    const UnitId village = static_cast<UnitId>(v);
    VillageTimeline t = index.Village(village);
    for (uint32_t k = b; k < e; ++k)
      t.AddTap(at(order[k]).day, at(order[k]).count);
    const std::string& code = h.Get(village).code;
    if (!CheckVillage(t, at(order[b]).day, code).ok()) {
      // Find the rows at fault: apply one at a time, dropping the ones
      // that break the rules.
      t = index.Village(village);
      for (uint32_t k = b; k < e; ++k) {
        const Pending& p = at(order[k]);
        VillageTimeline trial = t;
        trial.AddTap(p.day, p.count);
        Status s = CheckVillage(trial, p.day, code);
        if (s.ok()) {
          t = std::move(trial);
        } else {
          rejected[order[k]] = 1;
          ++ledger_rejections;
          report.Reject(p.line, "count", std::to_string(p.count), s.message());
        }
      }
    }
    for (uint32_t k = b; k < e; ++k) {
      if (!rejected[order[k]]) net += at(order[k]).count;
    }
    timelines.emplace_back(village, std::move(t));
    ticker.Tick(0.8 + 0.2 * v / nv, report.rows_read);
  }
  report.rows_accepted =
      static_cast<int64_t>(accepted_rows - ledger_rejections);
  report.Count("ledger events", report.rows_accepted);
  report.Count("net households with tap added", net);
  report.Count("villages touched", static_cast<int64_t>(timelines.size()));
  report.SortByRow();

  if (!opt.commit) return report;
  // Build the new roll-ups while the writer finishes a large file.
  std::unique_ptr<CoverageIndex> rebuilt;
  const bool clean_so_far = !field_rejections && ledger_rejections == 0;
  if (clean_so_far && timelines.size() >= 2000) {
    rebuilt = svc->PrepareIndex(std::move(timelines));
  }
  Status written = writer->Finish();
  writer.reset();
  const bool clean = !field_rejections && ledger_rejections == 0;
  if (!written.ok()) return written;
  if (!clean && !opt.skip_invalid) return report;  // rolled back
  if (report.rows_accepted == 0) return report;
  if (ledger_rejections > 0) {
    // Some written rows were refused: start again with the accepted ones.
    appender.reset();
    JJM_ASSIGN_OR_RETURN(appender, svc->BeginLedger(batch));
    for (const auto& c : chunks) {
      for (size_t i = 0; i < c->rows.size(); ++i) {
        const uint64_t g = (&c - &chunks[0]) * kChunkRows + i;
        if (rejected[g]) continue;
        JJM_RETURN_IF_ERROR(appender->Add(ToEvent(*c, c->rows[i])));
      }
    }
  }
  if (rebuilt) {
    JJM_RETURN_IF_ERROR(appender->Commit(std::move(rebuilt)));
  } else {
    JJM_RETURN_IF_ERROR(appender->Commit(std::move(timelines)));
  }
  report.committed = true;
  return report;
}

}  // namespace jjm
