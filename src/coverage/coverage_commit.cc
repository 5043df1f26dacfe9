// Recording connections: the group commit.  Requests wait in a queue; the
// committer thread takes every one waiting, checks them in order against
// the roll-ups and writes the accepted ones in one transaction.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include "base/json_writer.h"
#include "base/strings.h"
#include "coverage/coverage_internal.h"
#include "coverage/coverage_service.h"
#include "coverage/ledger_rules.h"

namespace jjm {
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

}  // namespace

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
    UnitId v = hierarchy_for_writer().Find(c.village_code, Level::kVillage);
    if (v == kNoUnit) v = hierarchy_for_writer().Find(c.village_code);
    if (v == kNoUnit) {
      return NotFound("no place has code '" + c.village_code + "'",
                      p + "village_code");
    }
    if (hierarchy_for_writer().Get(v).level != Level::kVillage) {
      return InvalidArgument(
          c.village_code + " is a " +
              std::string(LevelName(hierarchy_for_writer().Get(v).level)) +
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
    JJM_RETURN_IF_ERROR(periods_.CheckOpen(hierarchy_for_writer(), v, d,
                                           job->today, std::time(nullptr),
                                           p + "date"));
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
                                       : index_for_writer().Village(c.village))
               .first;
    }
    it->second.AddTap(c.date.days(), static_cast<int32_t>(c.households));
    auto [e, first] = earliest.try_emplace(c.village, c.date.days());
    if (!first) e->second = std::min(e->second, c.date.days());
  }
  for (const auto& [v, t] : touched) {
    Status s = CheckVillage(t, earliest[v], hierarchy_for_writer().Get(v).code);
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
    const std::string& code = hierarchy_for_writer().Get(v).code;
    before.Key(code).BeginObject();
    before.Key("hh_with_tap").Int(index_for_writer().Current(v).hh_with_tap);
    before.Key("total_hh").Int(index_for_writer().Current(v).total_hh);
    before.EndObject();
    auto w = working.find(v);
    const Metrics m = w != working.end() ? w->second.At(kMaxDay)
                                         : index_for_writer().Current(v);
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
    after.Key("village").String(hierarchy_for_writer().Get(c.village).code);
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
  const UnitId unit = CommonAncestor(hierarchy_for_writer(), villages);
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
  MutexLock write_lock(&write_mu_);
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
  auto reused = [](const std::string& rid) {
    return Conflict(
        "request id '" + rid + "' was already used for different connections",
        "request_id");
  };
  for (size_t g = 0; g < group.size(); ++g) {
    WriteJob* job = group[g].get();
    const std::string& rid = job->meta->request_id;
    if (!rid.empty()) {
      auto [it, fresh] = request_ids.emplace(rid, static_cast<int>(g));
      if (!fresh) {
        WriteJob* first = group[it->second].get();
        if (first->hash != job->hash) {
          job->result = reused(rid);
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
          job->result = reused(rid);
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

}  // namespace jjm
