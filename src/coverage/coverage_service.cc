#include "coverage/coverage_service.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "base/json_writer.h"
#include "base/strings.h"
#include "coverage/ledger_rules.h"

namespace jjm {

VillageTimeline::FactRecord ToFactRecord(const FactRow& f) {
  auto v = [](const std::optional<int64_t>& x) {
    return x ? static_cast<int32_t>(*x) : -1;
  };
  return VillageTimeline::FactRecord{f.as_of.days(),  v(f.households),
                                     v(f.schools),    v(f.schools_with_tap),
                                     v(f.anganwadis), v(f.anganwadis_with_tap)};
}

StatusOr<std::unique_ptr<CoverageService>> CoverageService::Load(
    Db* db, LoadStats* stats) {
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<CoverageService> s(new CoverageService(db));
  LoadStats st;
  // Read everything up to these marks; what other processes commit later is
  // caught up with from them.
  JJM_ASSIGN_OR_RETURN(s->marks_, s->store_.CurrentMarks());
  const CoverageStore::Marks marks = s->marks_;
  const int64_t max_id = marks.unit;
  s->hierarchy_.Reserve(static_cast<UnitId>(max_id));
  std::vector<VillageTimeline> timelines(static_cast<size_t>(max_id) + 1);

  // The ledger is the largest part: read it on a second connection while
  // this one reads places and facts.  The two fill different members of
  // each timeline.
  size_t events = 0;
  double events_s = 0;
  auto read_ledger = [&](CoverageStore* store) -> Status {
    const auto start = std::chrono::steady_clock::now();
    Status r = store->ForEachTap(
        {0, marks.seq}, [&](int64_t v, int32_t day, int64_t n) {
          ++events;
          if (v >= 0 && v <= max_id) {
            timelines[v].AppendTapUnsorted(day, static_cast<int32_t>(n));
          }
        });
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
    add_status = s->hierarchy_.Add(
        static_cast<UnitId>(u.id),
        u.parent_id == 0 ? kIndia : static_cast<UnitId>(u.parent_id),
        static_cast<Level>(u.level), std::move(u.code), std::move(u.name),
        u.lgd_code);
  }));
  if (!add_status.ok()) {
    return Internal("stored places are inconsistent: " + add_status.message());
  }
  JJM_RETURN_IF_ERROR(s->store_.ForEachFormerName(
      [&](int64_t id, std::string_view name, std::string_view) {
        const UnitId u = static_cast<UnitId>(id);
        if (s->hierarchy_.Contains(u)) {
          s->hierarchy_.AddFormerName(u, std::string(name));
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
  s->index_.Build(std::move(timelines));
  st.build_s = lap();
  JJM_RETURN_IF_ERROR(s->periods_.Load(&s->audit_));
  st.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  if (stats != nullptr) *stats = st;
  return s;
}

namespace {

std::string HashRequest(const std::vector<ConnectionInput>& items) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0x1f;
    h *= 1099511628211ull;
  };
  for (const ConnectionInput& c : items) {
    mix(c.village_code);
    mix(c.date);
    mix(std::to_string(c.households));
    mix(c.kind);
    mix(c.reason);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

// A request waiting for the group commit.
struct CoverageService::WriteJob {
  BatchRow meta_storage;
  std::vector<ConnectionInput> items_storage;
  const BatchRow* meta = &meta_storage;
  const std::vector<ConnectionInput>* items = &items_storage;
  RecordDone done_fn;
  Date today;
  bool batch_form;
  std::string hash;
  // Filled while checking:
  struct Checked {
    UnitId village;
    Date date;
    int64_t households;
    EventKind kind;
  };
  std::vector<Checked> checked;
  int replay_of = -1;  // index in the group of the same request, if any
  bool to_write = false;
  StatusOr<RecordResult> result = Internal("not processed");
};

StatusOr<RecordResult> CoverageService::RecordConnections(
    const BatchRow& meta, const std::vector<ConnectionInput>& items, Date today,
    bool batch_form) {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<StatusOr<RecordResult>> out;
  RecordConnectionsAsync(meta, items, today, batch_form,
                         [&](StatusOr<RecordResult> r) {
                           std::lock_guard lock(mu);
                           out.emplace(std::move(r));
                           cv.notify_one();
                         });
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return out.has_value(); });
  return std::move(*out);
}

void CoverageService::RecordConnectionsAsync(BatchRow meta,
                                             std::vector<ConnectionInput> items,
                                             Date today, bool batch_form,
                                             RecordDone done) {
  if (items.empty()) {
    done(InvalidArgument("no connections given", "connections"));
    return;
  }
  auto job = std::make_unique<WriteJob>();
  job->meta_storage = std::move(meta);
  job->items_storage = std::move(items);
  job->today = today;
  job->batch_form = batch_form;
  job->hash = HashRequest(job->items_storage);
  job->done_fn = std::move(done);
  std::lock_guard lock(queue_mu_);
  if (!committer_.joinable()) {
    committer_ = std::thread([this] { CommitterLoop(); });
  }
  queue_.push_back(std::move(job));
  queue_cv_.notify_one();
}

// Group commit: takes every request waiting and writes them in one
// transaction; while it commits, the next group gathers.
void CoverageService::CommitterLoop() {
  // Readers come first: a write can wait a little for the CPU, a person
  // looking at the dashboard should not.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 5);
  while (true) {
    std::vector<std::unique_ptr<WriteJob>> group;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      group.swap(queue_);
    }
    ProcessGroup(group);
    for (auto& job : group) job->done_fn(std::move(job->result));
  }
}

CoverageService::CoverageService(Db* db)
    : store_(db), audit_(db), hierarchy_(), index_(&hierarchy_) {}

std::string CoverageService::PathOf(UnitId unit) const {
  if (!hierarchy_.Contains(unit)) return "IN";
  std::string path;
  for (UnitId a : hierarchy_.Path(unit)) {
    path += hierarchy_.Get(a).code;
    path += '/';
  }
  return path + hierarchy_.Get(unit).code;
}

namespace {

// The nearest place that holds all of `units`.
UnitId CommonAncestor(const Hierarchy& h, const std::vector<UnitId>& units) {
  if (units.empty()) return kIndia;
  std::vector<UnitId> path = h.Path(units[0]);
  path.push_back(units[0]);
  size_t keep = path.size();
  for (size_t i = 1; i < units.size(); ++i) {
    std::vector<UnitId> other = h.Path(units[i]);
    other.push_back(units[i]);
    size_t k = 0;
    while (k < keep && k < other.size() && path[k] == other[k]) ++k;
    keep = k;
  }
  return keep == 0 ? kIndia : path[keep - 1];
}

// The audit row of an import batch.
AuditRow ImportAudit(const BatchRow& b, int64_t batch_id, size_t places,
                     size_t facts, size_t events) {
  JsonWriter w;
  w.BeginObject();
  w.Key("source").String(b.source);
  w.Key("note").String(b.note);
  w.Key("places").Int(static_cast<int64_t>(places));
  w.Key("fact_records").Int(static_cast<int64_t>(facts));
  w.Key("ledger_events").Int(static_cast<int64_t>(events));
  w.EndObject();
  return AuditRow{0,
                  b.recorded_at,
                  b.recorded_by,
                  b.remote,
                  "import",
                  "batch",
                  std::to_string(batch_id),
                  0,
                  "IN",
                  "",
                  w.Take()};
}

}  // namespace

CoverageService::~CoverageService() {
  {
    std::lock_guard lock(follower_mu_);
    follower_stop_ = true;
  }
  follower_cv_.notify_all();
  if (follower_.joinable()) follower_.join();
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
    queue_cv_.notify_all();
  }
  if (committer_.joinable()) committer_.join();
}

Status CoverageService::CheckJob(WriteJob* job,
                                 std::map<UnitId, VillageTimeline>* working) {
  const std::vector<ConnectionInput>& items = *job->items;
  auto prefix = [&](size_t i) {
    return !job->batch_form ? std::string()
                            : "connections[" + std::to_string(i) + "].";
  };
  for (size_t i = 0; i < items.size(); ++i) {
    const ConnectionInput& c = items[i];
    const std::string p = prefix(i);
    UnitId v = hierarchy_.Find(c.village_code, Level::kVillage);
    if (v == kNoUnit) v = hierarchy_.Find(c.village_code);
    if (v == kNoUnit) {
      return NotFound("no place has code '" + c.village_code + "'",
                      p + "village_code");
    }
    if (hierarchy_.Get(v).level != Level::kVillage) {
      return InvalidArgument(
          c.village_code + " is a " +
              std::string(LevelName(hierarchy_.Get(v).level)) +
              ", not a village",
          p + "village_code");
    }
    JJM_ASSIGN_OR_RETURN(Date d, Date::ParseField(c.date, p + "date"));
    EventKind kind =
        c.households < 0 ? EventKind::kCorrection : EventKind::kConnection;
    if (!c.kind.empty()) {
      auto k = ParseEventKind(c.kind);
      if (!k || *k == EventKind::kBaseline || *k == EventKind::kAdjustment) {
        return InvalidArgument(
            "kind must be 'connection' or 'correction', not '" + c.kind + "'",
            p + "kind");
      }
      kind = *k;
    }
    JJM_RETURN_IF_ERROR(
        CheckEvent(d, c.households, kind, c.reason, job->today, p));
    JJM_RETURN_IF_ERROR(periods_.CheckOpen(hierarchy_, v, d, job->today,
                                           std::time(nullptr), p + "date"));
    job->checked.push_back({v, d, c.households, kind});
  }
  // Each village with all of this request's items applied, on top of what
  // the earlier requests of the group did.
  std::map<UnitId, VillageTimeline> touched;
  std::map<UnitId, int32_t> earliest;
  for (const WriteJob::Checked& c : job->checked) {
    auto it = touched.find(c.village);
    if (it == touched.end()) {
      auto w = working->find(c.village);
      it = touched
               .emplace(c.village, w != working->end()
                                       ? w->second
                                       : index_.Village(c.village))
               .first;
    }
    it->second.AddTap(c.date.days(), static_cast<int32_t>(c.households));
    auto [e, first] = earliest.try_emplace(c.village, c.date.days());
    if (!first) e->second = std::min(e->second, c.date.days());
  }
  for (const auto& [v, t] : touched) {
    Status s = CheckVillage(t, earliest[v], hierarchy_.Get(v).code);
    if (!s.ok()) {
      for (size_t i = 0; i < job->checked.size(); ++i) {
        if (job->checked[i].village == v) {
          return Status(s.code(), s.message(), prefix(i) + "households");
        }
      }
      return s;
    }
  }
  for (auto& [v, t] : touched) (*working)[v] = std::move(t);
  return Status::Ok();
}

AuditRow CoverageService::LedgerAudit(
    const WriteJob& job, const BatchRow& batch, const RecordResult& r,
    const std::map<UnitId, VillageTimeline>& working) const {
  std::vector<UnitId> villages;
  for (const WriteJob::Checked& c : job.checked) villages.push_back(c.village);
  std::sort(villages.begin(), villages.end());
  villages.erase(std::unique(villages.begin(), villages.end()), villages.end());
  JsonWriter before, after;
  before.BeginObject();
  after.BeginObject();
  for (UnitId v : villages) {
    const std::string& code = hierarchy_.Get(v).code;
    before.Key(code).BeginObject();
    before.Key("hh_with_tap").Int(index_.Current(v).hh_with_tap);
    before.Key("total_hh").Int(index_.Current(v).total_hh);
    before.EndObject();
    auto w = working.find(v);
    const Metrics m =
        w != working.end() ? w->second.At(kMaxDay) : index_.Current(v);
    after.Key(code).BeginObject();
    after.Key("hh_with_tap").Int(m.hh_with_tap);
    after.Key("total_hh").Int(m.total_hh);
    after.EndObject();
  }
  before.EndObject();
  after.Key("events").BeginArray();
  for (size_t i = 0; i < job.checked.size(); ++i) {
    const WriteJob::Checked& c = job.checked[i];
    after.BeginObject();
    after.Key("seq").Int(r.seqs[i]);
    after.Key("village").String(hierarchy_.Get(c.village).code);
    after.Key("date").String(c.date.ToString());
    after.Key("households").Int(c.households);
    after.Key("kind").String(EventKindName(c.kind));
    const std::string& reason = (*job.items)[i].reason;
    if (reason.empty()) {
      after.Key("reason").Null();
    } else {
      after.Key("reason").String(reason);
    }
    after.EndObject();
  }
  after.EndArray();
  after.EndObject();
  const UnitId unit = CommonAncestor(hierarchy_, villages);
  return AuditRow{0,
                  batch.recorded_at,
                  batch.recorded_by,
                  batch.remote,
                  "connections.record",
                  "ledger_batch",
                  std::to_string(r.batch_id),
                  unit,
                  PathOf(unit),
                  before.Take(),
                  after.Take()};
}

void CoverageService::ProcessGroup(
    const std::vector<std::unique_ptr<WriteJob>>& group) {
  auto write_lock = WriteLock();
  // Hold the store's write lock from before the checks until the commit,
  // and catch up first: the checks then see everything every process has
  // committed.
  Transaction tx(store_.db());
  Status begun = tx.Begin();
  bool caught_up = false;
  if (begun.ok()) begun = CatchUpLocked(&store_, &caught_up);
  if (!begun.ok()) {
    for (const auto& job : group) job->result = begun;
    return;
  }
  std::map<UnitId, VillageTimeline> working;
  std::map<std::string, int> request_ids;  // within this group
  for (size_t g = 0; g < group.size(); ++g) {
    WriteJob* job = group[g].get();
    const std::string& rid = job->meta->request_id;
    if (!rid.empty()) {
      auto [it, fresh] = request_ids.emplace(rid, static_cast<int>(g));
      if (!fresh) {
        WriteJob* first = group[it->second].get();
        if (first->hash != job->hash) {
          job->result = Conflict("request id '" + rid +
                                     "' was already used for different "
                                     "connections",
                                 "request_id");
        } else {
          job->replay_of = it->second;
        }
        continue;
      }
      auto prior = store_.FindBatchByRequestId(rid);
      if (!prior.ok()) {
        job->result = prior.status();
        continue;
      }
      if (*prior) {
        const BatchRow& b = **prior;
        if (b.request_hash != job->hash) {
          job->result = Conflict("request id '" + rid +
                                     "' was already used for different "
                                     "connections",
                                 "request_id");
          continue;
        }
        RecordResult r;
        r.batch_id = b.id;
        r.recorded_at = b.recorded_at;
        r.replayed = true;
        Status s = store_.ForEachEventInBatch(
            b.id, [&](const EventRow& e) { r.seqs.push_back(e.seq); });
        job->result = s.ok() ? StatusOr<RecordResult>(std::move(r))
                             : StatusOr<RecordResult>(s);
        continue;
      }
    }
    Status s = CheckJob(job, &working);
    if (!s.ok()) {
      job->result = s;
      continue;
    }
    job->to_write = true;
  }

  // One transaction for every accepted request, each its own batch.
  const std::string now = UtcTimestamp();
  int64_t last_seq = marks_.seq;
  Status written = [&]() -> Status {
    bool any = false;
    for (const auto& job : group) any = any || job->to_write;
    if (!any) return Status::Ok();
    for (const auto& job : group) {
      if (!job->to_write) continue;
      RecordResult r;
      BatchRow batch = *job->meta;
      batch.request_hash = job->hash;
      if (batch.recorded_at.empty()) batch.recorded_at = now;
      JJM_ASSIGN_OR_RETURN(r.batch_id, store_.AddBatch(batch));
      r.recorded_at = batch.recorded_at;
      for (size_t i = 0; i < job->checked.size(); ++i) {
        const WriteJob::Checked& c = job->checked[i];
        EventRow e;
        e.village_id = c.village;
        e.date = c.date;
        e.households = c.households;
        e.kind = c.kind;
        e.reason = (*job->items)[i].reason;
        e.batch_id = r.batch_id;
        JJM_ASSIGN_OR_RETURN(int64_t seq, store_.AddEvent(e));
        r.seqs.push_back(seq);
        last_seq = std::max(last_seq, seq);
      }
      JJM_RETURN_IF_ERROR(
          audit_.Add(LedgerAudit(*job, batch, r, working)).status());
      job->result = std::move(r);
    }
    return tx.Commit();
  }();
  if (!written.ok()) {
    for (const auto& job : group) {
      if (job->to_write || job->replay_of >= 0) job->result = written;
    }
  } else {
    marks_.seq = last_seq;
    std::vector<std::pair<UnitId, VillageTimeline>> changes;
    for (auto& [v, t] : working) changes.emplace_back(v, std::move(t));
    if (!changes.empty()) ApplyVillages(std::move(changes));
    for (const auto& job : group) {
      if (job->replay_of < 0) continue;
      job->result = group[job->replay_of]->result;
      if (job->result.ok()) job->result->replayed = true;
    }
  }
}

StatusOr<std::unique_ptr<CoverageService::LedgerAppender>>
CoverageService::BeginLedger(const BatchRow& batch) {
  std::unique_ptr<LedgerAppender> a(new LedgerAppender(this));
  Db* db = store_.db();
  JJM_RETURN_IF_ERROR(db->SetReferenceChecks(false));
  Status s = db->Begin();
  if (!s.ok()) {
    (void)db->SetReferenceChecks(true);
    return s;
  }
  a->open_ = true;
  JJM_RETURN_IF_ERROR(RefuseIfChangedMeanwhile());
  a->batch_ = batch;
  if (a->batch_.recorded_at.empty()) a->batch_.recorded_at = UtcTimestamp();
  JJM_ASSIGN_OR_RETURN(a->batch_id_, store_.AddBatch(a->batch_));
  JJM_ASSIGN_OR_RETURN(a->bulk_, store_.BeginEvents());
  return a;
}

CoverageService::LedgerAppender::~LedgerAppender() {
  bulk_.reset();  // abandons an unfinished bulk write
  if (open_) {
    (void)svc_->store_.db()->Rollback();
    Close();
  }
}

void CoverageService::LedgerAppender::Close() {
  open_ = false;
  (void)svc_->store_.db()->SetReferenceChecks(true);
}

Status CoverageService::LedgerAppender::Add(EventRow event) {
  event.batch_id = batch_id_;
  ++added_;
  return CoverageStore::AddEventTo(bulk_.get(), event);
}

Status CoverageService::LedgerAppender::Commit(
    std::vector<std::pair<UnitId, VillageTimeline>> timelines) {
  Status s = bulk_->Finish();
  if (s.ok()) {
    s = svc_->audit_.Add(ImportAudit(batch_, batch_id_, 0, 0, added_)).status();
  }
  StatusOr<CoverageStore::Marks> after = svc_->store_.CurrentMarks();
  if (s.ok() && !after.ok()) s = after.status();
  if (s.ok()) s = svc_->store_.db()->Commit();
  if (s.ok()) svc_->marks_ = *after;
  if (!s.ok()) {
    (void)svc_->store_.db()->Rollback();
    Close();
    return s;
  }
  Close();
  svc_->ApplyVillages(std::move(timelines));
  return Status::Ok();
}

std::unique_ptr<CoverageIndex> CoverageService::PrepareIndex(
    std::vector<std::pair<UnitId, VillageTimeline>> timelines) const {
  return index_.Rebuilt(std::move(timelines));
}

Status CoverageService::LedgerAppender::Commit(
    std::unique_ptr<CoverageIndex> rebuilt) {
  Status s = bulk_->Finish();
  if (s.ok()) {
    s = svc_->audit_.Add(ImportAudit(batch_, batch_id_, 0, 0, added_)).status();
  }
  StatusOr<CoverageStore::Marks> after = svc_->store_.CurrentMarks();
  if (s.ok() && !after.ok()) s = after.status();
  if (s.ok()) s = svc_->store_.db()->Commit();
  if (s.ok()) svc_->marks_ = *after;
  if (!s.ok()) {
    (void)svc_->store_.db()->Rollback();
    Close();
    return s;
  }
  Close();
  std::unique_lock lock(svc_->mu_);
  svc_->index_ = std::move(*rebuilt);
  svc_->version_.fetch_add(1, std::memory_order_release);
  return Status::Ok();
}

Status CoverageService::CatchUpLocked(CoverageStore* store, bool* applied) {
  *applied = false;
  JJM_ASSIGN_OR_RETURN(const CoverageStore::Marks now, store->CurrentMarks());
  if (now.unit <= marks_.unit && now.fact <= marks_.fact &&
      now.seq <= marks_.seq) {
    return Status::Ok();
  }
  std::vector<UnitRow> units;
  JJM_RETURN_IF_ERROR(
      store->ForEachUnitIn({marks_.unit, now.unit},
                           [&](UnitRow& u) { units.push_back(std::move(u)); }));
  std::vector<std::pair<UnitId, VillageTimeline::FactRecord>> facts;
  JJM_RETURN_IF_ERROR(store->ForEachFactFigures(
      {marks_.fact, now.fact},
      [&](int64_t v, int32_t day, const int32_t(&x)[5]) {
        facts.push_back(
            {static_cast<UnitId>(v), {day, x[0], x[1], x[2], x[3], x[4]}});
      }));
  std::vector<std::tuple<UnitId, int32_t, int32_t>> taps;
  JJM_RETURN_IF_ERROR(store->ForEachTap(
      {marks_.seq, now.seq}, [&](int64_t v, int32_t day, int64_t n) {
        taps.emplace_back(static_cast<UnitId>(v), day, static_cast<int32_t>(n));
      }));
  {
    std::unique_lock lock(mu_);
    for (UnitRow& u : units) {
      Status s = hierarchy_.Add(
          static_cast<UnitId>(u.id),
          u.parent_id == 0 ? kIndia : static_cast<UnitId>(u.parent_id),
          static_cast<Level>(u.level), std::move(u.code), std::move(u.name),
          u.lgd_code);
      if (!s.ok()) return Internal("cannot follow a new place: " + s.message());
      index_.AddUnit(static_cast<UnitId>(u.id));
    }
    std::unordered_map<UnitId, VillageTimeline> touched;
    auto timeline = [&](UnitId v) -> VillageTimeline* {
      if (!hierarchy_.Contains(v)) return nullptr;
      auto it = touched.find(v);
      if (it == touched.end()) it = touched.emplace(v, index_.Village(v)).first;
      return &it->second;
    };
    for (const auto& [v, f] : facts) {
      if (VillageTimeline* t = timeline(v)) t->AddFact(f);
    }
    for (const auto& [v, day, n] : taps) {
      if (VillageTimeline* t = timeline(v)) t->AddTap(day, n);
    }
    std::vector<std::pair<UnitId, VillageTimeline>> changes;
    changes.reserve(touched.size());
    for (auto& [v, t] : touched) changes.emplace_back(v, std::move(t));
    index_.UpdateVillages(std::move(changes));
    version_.fetch_add(1, std::memory_order_release);
  }
  marks_ = now;
  *applied = true;
  return Status::Ok();
}

Status CoverageService::RefuseIfChangedMeanwhile() {
  bool applied = false;
  JJM_RETURN_IF_ERROR(CatchUpLocked(&store_, &applied));
  if (applied) {
    return Status(StatusCode::kUnavailable,
                  "another process wrote to the database while this import "
                  "was being checked; nothing was written: run it again");
  }
  return Status::Ok();
}

Status CoverageService::StartFollowing(std::chrono::milliseconds interval) {
  JJM_ASSIGN_OR_RETURN(auto db, store_.db()->OpenAnother());
  follower_ = std::thread([this, interval, db = std::move(db)]() mutable {
    FollowerLoop(interval, std::move(db));
  });
  return Status::Ok();
}

void CoverageService::FollowerLoop(std::chrono::milliseconds interval,
                                   std::unique_ptr<Db> db) {
  CoverageStore store(db.get());
  while (true) {
    {
      std::unique_lock lock(follower_mu_);
      if (follower_cv_.wait_for(lock, interval,
                                [&] { return follower_stop_; })) {
        return;
      }
    }
    auto write_lock = WriteLock();
    bool applied = false;
    Status s = CatchUpLocked(&store, &applied);
    if (!s.ok()) {
      std::fprintf(stderr, "jjm: following the store: %s\n",
                   s.ToString().c_str());
    }
  }
}

void CoverageService::ApplyVillages(
    std::vector<std::pair<UnitId, VillageTimeline>> changes) {
  std::unique_lock lock(mu_);
  index_.UpdateVillages(std::move(changes));
  version_.fetch_add(1, std::memory_order_release);
}

Status CoverageService::ApplyPlan(const ImportPlan& plan) {
  std::vector<int64_t> new_ids(plan.units.size());
  auto resolve = [&](UnitRef r) -> int64_t {
    return r >= 0 ? r : new_ids[PlanIndex(r)];
  };
  {
    Transaction tx(store_.db());
    JJM_RETURN_IF_ERROR(tx.Begin());
    JJM_RETURN_IF_ERROR(RefuseIfChangedMeanwhile());
    JJM_ASSIGN_OR_RETURN(const int64_t batch, store_.AddBatch(plan.batch));
    // Writers are serialised, so the new places can take the next ids and
    // everything can go in bulk writes.
    JJM_ASSIGN_OR_RETURN(const int64_t first_id, store_.NextUnitId());
    std::vector<UnitRow> units(plan.units.size());
    for (size_t i = 0; i < plan.units.size(); ++i) new_ids[i] = first_id + i;
    for (size_t i = 0; i < plan.units.size(); ++i) {
      const ImportPlan::NewUnit& n = plan.units[i];
      units[i].id = new_ids[i];
      units[i].code = n.code;
      units[i].level = static_cast<int>(n.level);
      units[i].parent_id = resolve(n.parent);
      units[i].name = n.name;
      units[i].lgd_code = n.lgd_code;
    }
    JJM_RETURN_IF_ERROR(store_.AddUnits(units, batch));
    for (const ImportPlan::Rename& r : plan.renames) {
      JJM_RETURN_IF_ERROR(store_.RenameUnit(r.unit, hierarchy_.Get(r.unit).name,
                                            r.name, plan.valid_from, batch));
    }
    std::vector<std::tuple<std::string, std::string, int64_t>> aliases;
    for (const ImportPlan::Alias& a : plan.aliases) {
      aliases.emplace_back(a.scheme, a.value, resolve(a.unit));
    }
    JJM_RETURN_IF_ERROR(store_.AddAliases(aliases, batch));
    std::vector<FactRow> facts;
    facts.reserve(plan.facts.size());
    for (const ImportPlan::Fact& f : plan.facts) {
      facts.push_back(f.row);
      facts.back().village_id = resolve(f.village);
    }
    JJM_RETURN_IF_ERROR(store_.AddFacts(facts, batch));
    if (!plan.events.empty()) {
      JJM_ASSIGN_OR_RETURN(auto events, store_.BeginEvents());
      for (const ImportPlan::Event& e : plan.events) {
        EventRow row;
        row.village_id = resolve(e.village);
        row.date = e.date;
        row.households = e.households;
        row.kind = e.kind;
        row.reason = e.reason;
        row.batch_id = batch;
        JJM_RETURN_IF_ERROR(CoverageStore::AddEventTo(events.get(), row));
      }
      JJM_RETURN_IF_ERROR(events->Finish());
    }
    BatchRow b = plan.batch;
    if (b.recorded_at.empty()) b.recorded_at = UtcTimestamp();
    JJM_RETURN_IF_ERROR(
        audit_
            .Add(ImportAudit(b, batch, plan.units.size(), plan.facts.size(),
                             plan.events.size()))
            .status());
    JJM_ASSIGN_OR_RETURN(const CoverageStore::Marks after,
                         store_.CurrentMarks());
    JJM_RETURN_IF_ERROR(tx.Commit());
    marks_ = after;
  }

  // The store has it; now the roll-ups.
  std::unique_lock lock(mu_);
  for (size_t i = 0; i < plan.units.size(); ++i) {
    const ImportPlan::NewUnit& n = plan.units[i];
    const int64_t parent = resolve(n.parent);
    Status s =
        hierarchy_.Add(static_cast<UnitId>(new_ids[i]),
                       static_cast<UnitId>(parent == 0 ? kIndia : parent),
                       n.level, n.code, n.name, n.lgd_code);
    if (!s.ok()) return Internal("stored but not indexed: " + s.message());
    index_.AddUnit(static_cast<UnitId>(new_ids[i]));
  }
  for (const ImportPlan::Rename& r : plan.renames) {
    hierarchy_.AddFormerName(r.unit, hierarchy_.Get(r.unit).name);
    hierarchy_.Rename(r.unit, r.name);
  }
  std::unordered_map<UnitId, VillageTimeline> touched;
  auto timeline = [&](UnitRef ref) -> VillageTimeline& {
    const UnitId v = static_cast<UnitId>(resolve(ref));
    auto it = touched.find(v);
    if (it == touched.end()) {
      it = touched.emplace(v, index_.Village(v)).first;
    }
    return it->second;
  };
  for (const ImportPlan::Fact& f : plan.facts) {
    timeline(f.village).AddFact(ToFactRecord(f.row));
  }
  for (const ImportPlan::Event& e : plan.events) {
    timeline(e.village).AddTap(e.date.days(),
                               static_cast<int32_t>(e.households));
  }
  std::vector<std::pair<UnitId, VillageTimeline>> changes;
  changes.reserve(touched.size());
  for (auto& [v, t] : touched) changes.emplace_back(v, std::move(t));
  index_.UpdateVillages(std::move(changes));
  version_.fetch_add(1, std::memory_order_release);
  return Status::Ok();
}

}  // namespace jjm
