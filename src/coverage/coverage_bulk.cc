// Bulk writes: import plans and ledger appenders, each in one transaction
// with its audit row.
#include <cstdio>
#include <tuple>
#include <unordered_map>

#include "base/json_writer.h"
#include "base/strings.h"
#include "coverage/coverage_internal.h"
#include "coverage/coverage_service.h"

namespace jjm {
namespace {

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

StatusOr<std::unique_ptr<CoverageService::LedgerAppender>>
CoverageService::BeginLedger(const BatchRow& batch) {
  std::unique_ptr<LedgerAppender> a(new LedgerAppender(this));
  Db* db = store_.db();
  JJM_RETURN_IF_ERROR(db->SetReferenceChecks(false));
  if (Status s = db->Begin(); !s.ok()) {
    return WithCleanup(s, db->SetReferenceChecks(true),
                       "turning reference checks on again");
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
    if (Status s = Close(); !s.ok()) {
      std::fprintf(stderr,
                   "jjm: turning reference checks on again after an "
                   "abandoned ledger write: %s\n",
                   s.ToString().c_str());
    }
  }
}

Status CoverageService::LedgerAppender::Close() {
  open_ = false;
  return svc_->store_.db()->SetReferenceChecks(true);
}

Status CoverageService::LedgerAppender::Add(EventRow event) {
  event.batch_id = batch_id_;
  ++added_;
  return CoverageStore::AddEventTo(bulk_.get(), event);
}

Status CoverageService::CommitLedger(LedgerAppender* a) {
  Db* db = store_.db();
  Status s = a->bulk_->Finish();
  if (s.ok()) {
    s = audit_.Add(ImportAudit(a->batch_, a->batch_id_, 0, 0, a->added_))
            .status();
  }
  StatusOr<CoverageStore::Marks> after = store_.CurrentMarks();
  if (s.ok() && !after.ok()) s = after.status();
  if (s.ok()) s = db->Commit();
  if (!s.ok()) {
    s = WithCleanup(s, db->Rollback(), "rolling back");
    return WithCleanup(s, a->Close(), "turning reference checks on again");
  }
  marks_ = *after;
  a->committed_ = true;
  return a->Close();
}

Status CoverageService::LedgerAppender::Commit(
    std::vector<std::pair<UnitId, VillageTimeline>> timelines) {
  Status s = svc_->CommitLedger(this);
  // Once committed (even if reference checks then failed to come back on),
  // the roll-ups show what the store holds.
  if (committed_) svc_->ApplyVillages(std::move(timelines));
  return s;
}

std::unique_ptr<CoverageIndex> CoverageService::PrepareIndex(
    std::vector<std::pair<UnitId, VillageTimeline>> timelines) const {
  return index_for_writer().Rebuilt(std::move(timelines));
}

Status CoverageService::LedgerAppender::Commit(
    std::unique_ptr<CoverageIndex> rebuilt) {
  Status s = svc_->CommitLedger(this);
  if (committed_) {
    {
      WriterLock lock(&svc_->mu_);
      svc_->index_ = std::move(*rebuilt);
      svc_->version_.fetch_add(1, std::memory_order_release);
    }
    svc_->NotifyChanged({}, true);
  }
  return s;
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
      JJM_RETURN_IF_ERROR(
          store_.RenameUnit(r.unit, hierarchy_for_writer().Get(r.unit).name,
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
    if (plan.also_write) {
      JJM_RETURN_IF_ERROR(plan.also_write(batch, resolve));
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
  std::vector<UnitId> changed;
  {
    WriterLock lock(&mu_);
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
    TouchedVillages touched(index_);
    auto timeline = [&](UnitRef ref) -> VillageTimeline& {
      return touched.Get(static_cast<UnitId>(resolve(ref)));
    };
    for (const ImportPlan::Fact& f : plan.facts) {
      timeline(f.village).AddFact(ToFactRecord(f.row));
    }
    for (const ImportPlan::Event& e : plan.events) {
      timeline(e.village).AddTap(e.date.days(),
                                 static_cast<int32_t>(e.households));
    }
    auto changes = touched.Take();
    for (const auto& c : changes) changed.push_back(c.first);
    index_.UpdateVillages(std::move(changes));
    version_.fetch_add(1, std::memory_order_release);
  }
  NotifyChanged(changed, false);
  return Status::Ok();
}

}  // namespace jjm
