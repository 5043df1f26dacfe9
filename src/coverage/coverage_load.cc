#include <algorithm>
#include <chrono>
#include <thread>

#include "coverage/coverage_internal.h"
#include "coverage/coverage_service.h"

// Loading: places, facts and the ledger from the store into the roll-ups.

namespace jjm {

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

  // The ledger is the largest part: read it on a second connection while
  // this one reads places and facts.  The rows come in the order they were
  // written (by date, often); appending each to its village's vector would
  // touch a random village per row, so they are read into one flat array
  // and then grouped by village with a counting sort (two sequential passes
  // and one scatter), each village's events keeping their order.
  size_t events = 0;
  double events_s = 0;
  auto read_ledger = [&](CoverageStore* store) -> Status {
    const auto start = std::chrono::steady_clock::now();
    struct Row {
      int32_t village;
      VillageTimeline::TapPoint tap;  // cum holds the delta
    };
    std::vector<Row> rows;
    rows.reserve(
        static_cast<size_t>(std::clamp<int64_t>(marks.seq, 0, 1 << 26)));
    Status r = store->ForEachTap(
        {0, marks.seq}, [&](int64_t v, int32_t day, int64_t n) {
          if (v >= 0 && v <= max_id) {
            rows.push_back(
                {static_cast<int32_t>(v), {day, static_cast<int32_t>(n)}});
          }
        });
    events = rows.size();
    if (r.ok()) {
      std::vector<uint32_t> first(timelines.size() + 1, 0);
      for (const Row& row : rows) ++first[row.village + 1];
      for (size_t v = 1; v < first.size(); ++v) first[v] += first[v - 1];
      std::vector<VillageTimeline::TapPoint> grouped(rows.size());
      {
        std::vector<uint32_t> next(first.begin(), first.end() - 1);
        for (const Row& row : rows) grouped[next[row.village]++] = row.tap;
      }
      std::vector<Row>().swap(rows);
      for (size_t v = 0; v + 1 < first.size(); ++v) {
        if (first[v] == first[v + 1]) continue;
        timelines[v].SetTapsUnsorted(grouped.data() + first[v],
                                     grouped.data() + first[v + 1]);
      }
    }
    events_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    return r;
  };
  Status ledger_status;
  std::thread ledger_thread;
  StatusOr<std::unique_ptr<Db>> second = db->OpenAnother();
  if (second.ok()) {
    ledger_thread = std::thread([&] {
      CoverageStore store(second->get());
      ledger_status = read_ledger(&store);
    });
  }
  struct Join {
    std::thread* t;
    ~Join() {
      if (t->joinable()) t->join();
    }
  } join{&ledger_thread};

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
  JJM_RETURN_IF_ERROR(s->store_.ForEachFactFigures(
      {0, marks.fact}, [&](int64_t v, int32_t day, const int32_t(&x)[5]) {
        ++st.facts;
        if (v >= 0 && v <= max_id) {
          timelines[v].AddFact({day, x[0], x[1], x[2], x[3], x[4]});
        }
      }));
  st.facts_s = lap();
  if (ledger_thread.joinable()) {
    ledger_thread.join();
    JJM_RETURN_IF_ERROR(ledger_status);
  } else {
    JJM_RETURN_IF_ERROR(read_ledger(&s->store_));
  }
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
