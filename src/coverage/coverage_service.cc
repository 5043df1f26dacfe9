#include "coverage/coverage_service.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>
#include <unordered_map>

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
  JJM_ASSIGN_OR_RETURN(const int64_t max_id, s->store_.MaxUnitId());
  s->hierarchy_.Reserve(static_cast<UnitId>(max_id));
  std::vector<VillageTimeline> timelines(static_cast<size_t>(max_id) + 1);

  // The ledger is the largest part: read it on a second connection while
  // this one reads places and facts.  The two fill different members of
  // each timeline.
  size_t events = 0;
  double events_s = 0;
  auto read_ledger = [&](CoverageStore* store) -> Status {
    const auto start = std::chrono::steady_clock::now();
    Status r = store->ForEachTap([&](int64_t v, int32_t day, int64_t n) {
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
  JJM_RETURN_IF_ERROR(s->store_.ForEachUnit([&](UnitRow& u) {
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
      [&](int64_t v, int32_t day, const int32_t(&x)[5]) {
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

StatusOr<RecordResult> CoverageService::RecordConnections(
    const BatchRow& meta, const std::vector<ConnectionInput>& items, Date today,
    bool batch_form) {
  if (items.empty()) {
    return InvalidArgument("no connections given", "connections");
  }
  auto write_lock = WriteLock();
  const std::string hash = HashRequest(items);
  if (!meta.request_id.empty()) {
    JJM_ASSIGN_OR_RETURN(auto prior,
                         store_.FindBatchByRequestId(meta.request_id));
    if (prior) {
      if (prior->request_hash != hash) {
        return Conflict("request id '" + meta.request_id +
                            "' was already used for different connections",
                        "request_id");
      }
      RecordResult r;
      r.batch_id = prior->id;
      r.recorded_at = prior->recorded_at;
      r.replayed = true;
      JJM_RETURN_IF_ERROR(store_.ForEachEventInBatch(
          prior->id, [&](const EventRow& e) { r.seqs.push_back(e.seq); }));
      return r;
    }
  }

  // Check each item, then each village with all of its items applied.
  struct Checked {
    UnitId village;
    Date date;
    int64_t households;
    EventKind kind;
  };
  std::vector<Checked> checked;
  checked.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const ConnectionInput& c = items[i];
    const std::string p =
        !batch_form ? "" : "connections[" + std::to_string(i) + "].";
    const UnitId v = hierarchy_.Find(c.village_code);
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
    JJM_RETURN_IF_ERROR(CheckEvent(d, c.households, kind, c.reason, today, p));
    checked.push_back({v, d, c.households, kind});
  }
  std::map<UnitId, VillageTimeline> touched;
  std::map<UnitId, int32_t> earliest;
  for (const Checked& c : checked) {
    auto [it, fresh] =
        touched.try_emplace(c.village, index_.Village(c.village));
    it->second.AddTap(c.date.days(), static_cast<int32_t>(c.households));
    auto [e, first] = earliest.try_emplace(c.village, c.date.days());
    if (!first) e->second = std::min(e->second, c.date.days());
  }
  for (const auto& [v, t] : touched) {
    Status s = CheckVillage(t, earliest[v], hierarchy_.Get(v).code);
    if (!s.ok()) {
      // Name the first item for this village.
      for (size_t i = 0; i < checked.size(); ++i) {
        if (checked[i].village != v) continue;
        const std::string p =
            !batch_form ? "" : "connections[" + std::to_string(i) + "].";
        return Status(s.code(), s.message(), p + "households");
      }
      return s;
    }
  }

  RecordResult result;
  BatchRow batch = meta;
  batch.request_hash = hash;
  if (batch.recorded_at.empty()) batch.recorded_at = UtcTimestamp();
  {
    Transaction tx(store_.db());
    JJM_RETURN_IF_ERROR(tx.Begin());
    JJM_ASSIGN_OR_RETURN(result.batch_id, store_.AddBatch(batch));
    for (size_t i = 0; i < checked.size(); ++i) {
      EventRow e;
      e.village_id = checked[i].village;
      e.date = checked[i].date;
      e.households = checked[i].households;
      e.kind = checked[i].kind;
      e.reason = items[i].reason;
      e.batch_id = result.batch_id;
      JJM_ASSIGN_OR_RETURN(int64_t seq, store_.AddEvent(e));
      result.seqs.push_back(seq);
    }
    JJM_RETURN_IF_ERROR(tx.Commit());
  }
  result.recorded_at = batch.recorded_at;
  std::vector<std::pair<UnitId, VillageTimeline>> changes;
  for (auto& [v, t] : touched) changes.emplace_back(v, std::move(t));
  ApplyVillages(std::move(changes));
  return result;
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
  JJM_ASSIGN_OR_RETURN(a->batch_id_, store_.AddBatch(batch));
  return a;
}

CoverageService::LedgerAppender::~LedgerAppender() {
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
  return svc_->store_.AddEvent(event).status();
}

Status CoverageService::LedgerAppender::Commit(
    std::vector<std::pair<UnitId, VillageTimeline>> timelines) {
  Status s = svc_->store_.db()->Commit();
  if (!s.ok()) {
    (void)svc_->store_.db()->Rollback();
    Close();
    return s;
  }
  Close();
  svc_->ApplyVillages(std::move(timelines));
  return Status::Ok();
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
    JJM_ASSIGN_OR_RETURN(const int64_t batch, store_.AddBatch(plan.batch));
    for (size_t i = 0; i < plan.units.size(); ++i) {
      const ImportPlan::NewUnit& n = plan.units[i];
      UnitRow row;
      row.code = n.code;
      row.level = static_cast<int>(n.level);
      row.parent_id = resolve(n.parent);
      row.name = n.name;
      row.lgd_code = n.lgd_code;
      JJM_ASSIGN_OR_RETURN(new_ids[i], store_.AddUnit(row, batch));
    }
    for (const ImportPlan::Rename& r : plan.renames) {
      JJM_RETURN_IF_ERROR(store_.RenameUnit(r.unit, hierarchy_.Get(r.unit).name,
                                            r.name, plan.valid_from, batch));
    }
    for (const ImportPlan::Alias& a : plan.aliases) {
      JJM_RETURN_IF_ERROR(
          store_.AddAlias(a.scheme, a.value, resolve(a.unit), batch));
    }
    for (const ImportPlan::Fact& f : plan.facts) {
      FactRow row = f.row;
      row.village_id = resolve(f.village);
      JJM_RETURN_IF_ERROR(store_.AddFact(row, batch));
    }
    for (const ImportPlan::Event& e : plan.events) {
      EventRow row;
      row.village_id = resolve(e.village);
      row.date = e.date;
      row.households = e.households;
      row.kind = e.kind;
      row.reason = e.reason;
      row.batch_id = batch;
      JJM_RETURN_IF_ERROR(store_.AddEvent(row).status());
    }
    JJM_RETURN_IF_ERROR(tx.Commit());
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
