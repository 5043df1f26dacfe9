#include <algorithm>
#include <chrono>
#include <functional>
#include <thread>

#include "coverage/coverage_internal.h"
#include "coverage/coverage_service.h"

// Loading: places, facts and the ledger from the store into the roll-ups.

namespace jjm {
namespace {

// Groups (village, row) pairs by village, keeping each village's rows in
// their order (a counting sort), and calls fn(village, begin, end) for each
// village with rows.  Frees `rows` before the calls.
template <typename Row, typename Fn>
void GroupByVillage(std::vector<std::pair<int32_t, Row>> rows, size_t villages,
                    Fn&& fn) {
  std::vector<uint32_t> first(villages + 1, 0);
  for (const auto& r : rows) ++first[r.first + 1];
  for (size_t v = 1; v < first.size(); ++v) first[v] += first[v - 1];
  std::vector<Row> grouped(rows.size());
  {
    std::vector<uint32_t> next(first.begin(), first.end() - 1);
    for (const auto& r : rows) grouped[next[r.first]++] = r.second;
  }
  std::vector<std::pair<int32_t, Row>>().swap(rows);
  for (size_t v = 0; v < villages; ++v) {
    if (first[v] == first[v + 1]) continue;
    fn(v, grouped.data() + first[v], grouped.data() + first[v + 1]);
  }
}

}  // namespace

StatusOr<std::unique_ptr<CoverageService>> CoverageService::Load(
    Db* db, LoadStats* stats) {
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<CoverageService> s(new CoverageService(db));
  // Nothing else can see the service until Load returns, so the members
  // are filled without their locks (the analysis is off for Load; these
  // references keep the lambdas below out of it too).
  Hierarchy* const hierarchy = &s->hierarchy_;
  CoverageIndex* const index = &s->index_;
  CoverageStore::Marks& marks_out = s->marks_;
  LoadStats st;
  // Read everything up to these marks; what other processes commit later is
  // caught up with from them.
  JJM_ASSIGN_OR_RETURN(marks_out, s->store_.CurrentMarks());
  const CoverageStore::Marks marks = marks_out;
  const int64_t max_id = marks.unit;
  hierarchy->Reserve(static_cast<UnitId>(max_id));
  std::vector<VillageTimeline> timelines(static_cast<size_t>(max_id) + 1);

  // Three readers, each on its own connection where the database allows a
  // second one: places (into the hierarchy), facts and the ledger (into
  // different members of each village's timeline).  Facts and ledger rows
  // come in the order they were written (by date, often); adding each to
  // its village as it comes would touch a random village per row, so each
  // is read into one flat array and then grouped by village with a
  // counting sort (sequential passes and one scatter) that keeps each
  // village's rows in their order.
  size_t events = 0, facts = 0;
  double events_s = 0, facts_s = 0;
  auto seconds_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t)
        .count();
  };
  auto read_ledger = [&](CoverageStore* store) -> Status {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::pair<int32_t, VillageTimeline::TapPoint>> rows;
    rows.reserve(
        static_cast<size_t>(std::clamp<int64_t>(marks.seq, 0, 1 << 26)));
    Status r = store->ForEachTap(
        {0, marks.seq}, [&](int64_t v, int32_t day, int64_t n) {
          if (v >= 0 && v <= max_id) {
            // cum holds the delta until Finalize.
            rows.push_back(
                {static_cast<int32_t>(v), {day, static_cast<int32_t>(n)}});
          }
        });
    events = rows.size();
    if (r.ok()) {
      GroupByVillage(std::move(rows), timelines.size(),
                     [&](size_t v, const VillageTimeline::TapPoint* b,
                         const VillageTimeline::TapPoint* e) {
                       timelines[v].SetTapsUnsorted(b, e);
                     });
    }
    events_s = seconds_since(start);
    return r;
  };
  auto read_facts = [&](CoverageStore* store) -> Status {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::pair<int32_t, VillageTimeline::FactRecord>> rows;
    rows.reserve(
        static_cast<size_t>(std::clamp<int64_t>(marks.fact, 0, 1 << 26)));
    Status r = store->ForEachFactFigures(
        {0, marks.fact}, [&](int64_t v, int32_t day, const int32_t(&x)[5]) {
          if (v >= 0 && v <= max_id) {
            rows.push_back(
                {static_cast<int32_t>(v), {day, x[0], x[1], x[2], x[3], x[4]}});
          }
        });
    facts = rows.size();
    if (r.ok()) {
      GroupByVillage(std::move(rows), timelines.size(),
                     [&](size_t v, const VillageTimeline::FactRecord* b,
                         const VillageTimeline::FactRecord* e) {
                       timelines[v].SetFactsUnsorted(b, e);
                     });
    }
    facts_s = seconds_since(start);
    return r;
  };
  // Runs `read` on a connection of its own, or (when the database has one
  // connection) on this one once the places are read.
  struct Reader {
    std::unique_ptr<Db> db;
    std::thread thread;
    Status status;
    ~Reader() {
      if (thread.joinable()) thread.join();
    }
  };
  Reader ledger_reader, facts_reader;
  auto start_reader = [&](Reader* r,
                          const std::function<Status(CoverageStore*)>& read) {
    StatusOr<std::unique_ptr<Db>> other = db->OpenForOneThread();
    if (!other.ok()) return;
    r->db = std::move(*other);
    r->thread = std::thread([r, read] {
      CoverageStore store(r->db.get());
      r->status = read(&store);
    });
  };
  auto finish_reader = [&](Reader* r,
                           const std::function<Status(CoverageStore*)>& read) {
    if (!r->thread.joinable()) return read(&s->store_);
    r->thread.join();
    return r->status;
  };
  start_reader(&ledger_reader, read_ledger);
  start_reader(&facts_reader, read_facts);

  auto lap = [last = t0]() mutable {
    const auto now = std::chrono::steady_clock::now();
    const double d = std::chrono::duration<double>(now - last).count();
    last = now;
    return d;
  };
  Status add_status;
  JJM_RETURN_IF_ERROR(s->store_.ForEachUnitIn({0, marks.unit}, [&](UnitRow& u) {
    ++st.units;
    if (!add_status.ok()) return;
    add_status = AddStoredUnit(hierarchy, u);
  }));
  if (!add_status.ok()) {
    return Internal("stored places are inconsistent: " + add_status.message());
  }
  JJM_RETURN_IF_ERROR(s->store_.ForEachFormerName(
      [&](int64_t id, std::string_view name, std::string_view) {
        const UnitId u = static_cast<UnitId>(id);
        if (hierarchy->Contains(u)) {
          hierarchy->AddFormerName(u, std::string(name));
        }
      }));
  st.units_s = lap();
  JJM_RETURN_IF_ERROR(finish_reader(&facts_reader, read_facts));
  JJM_RETURN_IF_ERROR(finish_reader(&ledger_reader, read_ledger));
  st.facts = facts;
  st.facts_s = facts_s;
  st.events = events;
  st.events_s = events_s;
  lap();
  for (VillageTimeline& t : timelines) t.Finalize();
  index->Build(std::move(timelines));
  st.build_s = lap();
  JJM_RETURN_IF_ERROR(s->periods_.Load(&s->audit_));
  st.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  if (stats != nullptr) *stats = st;
  return s;
}

}  // namespace jjm
