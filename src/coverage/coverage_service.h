// The coverage core as one service: loads places, facts and the ledger
// from the store, keeps the in-memory roll-ups current, and is the only way
// to write to the ledger.
//
// Thread safety: any number of readers may call Read() while one writer
// records; writes are serialised, committed to the store first, then
// applied to the roll-ups under an exclusive lock.
#ifndef JJM_COVERAGE_COVERAGE_SERVICE_H_
#define JJM_COVERAGE_COVERAGE_SERVICE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/date.h"
#include "base/poller.h"
#include "base/status.h"
#include "base/thread_annotations.h"
#include "coverage/coverage_index.h"
#include "coverage/hierarchy.h"
#include "coverage/periods.h"
#include "store/audit_store.h"
#include "store/coverage_store.h"
#include "store/db.h"

namespace jjm {

// A reference to a place in an import plan: a stored place (>= 0) or the
// n-th new place of the plan (-2 - n; -1 is kNoUnit).
using UnitRef = int64_t;
inline UnitRef NewUnitRef(size_t n) { return -2 - static_cast<int64_t>(n); }
inline size_t PlanIndex(UnitRef r) { return static_cast<size_t>(-2 - r); }

// Everything an import will write, worked out and checked before any of it
// is written.
struct ImportPlan {
  struct NewUnit {
    UnitRef parent = kIndia;
    Level level = Level::kState;
    std::string code;
    std::string name;
    std::optional<int64_t> lgd_code;
  };
  struct Rename {
    UnitId unit;
    std::string name;
  };
  struct Alias {
    UnitRef unit;
    std::string scheme, value;
  };
  struct Fact {
    UnitRef village;
    FactRow row;  // village_id is ignored
  };
  struct Event {
    UnitRef village;
    Date date;
    int64_t households;
    EventKind kind;
    std::string reason;
  };
  BatchRow batch;
  Date valid_from;  // for new names
  std::vector<NewUnit> units;
  std::vector<Rename> renames;
  std::vector<Alias> aliases;
  std::vector<Fact> facts;
  std::vector<Event> events;
  // Further writes of the importer in the plan's transaction, after the
  // rows above: given the batch id and the stored id of each reference.
  // Empty: none.  An error rolls the whole plan back.
  std::function<Status(int64_t batch,
                       const std::function<int64_t(UnitRef)>& stored_id)>
      also_write;
};

// One connection as a client submits it, before checking.
struct ConnectionInput {
  std::string village_code;
  std::string date;
  int64_t households = 0;
  std::string kind;  // empty: "connection", or "correction" when negative
  std::string reason;
};

struct RecordResult {
  int64_t batch_id = 0;
  std::string recorded_at;
  std::vector<int64_t> seqs;
  bool replayed = false;  // the request id had been used: nothing written
};

// The latest reported value of each fact of one village, from its dated
// fact records.
struct VillageFacts {
  std::optional<Date> as_of;  // of the latest record; none: no record
  // Each figure its latest reported value (empty: never reported);
  // village_id and as_of are not set.
  FactRow latest;
};

// One ledger row of a village with the batch that wrote it.
struct LedgerEntry {
  EventRow event;
  BatchRow batch;
};

struct LoadStats {
  size_t units = 0, facts = 0, events = 0;
  double seconds = 0;
  // Seconds spent reading places, facts and the ledger, and building the
  // roll-ups.
  double units_s = 0, facts_s = 0, events_s = 0, build_s = 0;
};

class CoverageService {
 public:
  // Loads everything from `db` (migrated already) and builds the roll-ups.
  static StatusOr<std::unique_ptr<CoverageService>> Load(
      Db* db, LoadStats* stats) NO_THREAD_SAFETY_ANALYSIS;

  // Calls fn(hierarchy, index) under a shared lock and returns its result.
  template <typename Fn>
  auto Read(Fn&& fn) const {
    ReaderLock lock(&mu_);
    return fn(hierarchy_, index_);
  }

  // Records a batch of connections all-or-nothing.  With a request id that
  // was used before for the same content, writes nothing and returns the
  // first result; for other content, returns a conflict.  Errors name the
  // field as "connections[i].date" when `batch_form`, else as "date".
  StatusOr<RecordResult> RecordConnections(
      const BatchRow& meta, const std::vector<ConnectionInput>& items,
      Date today, bool batch_form);
  // The same without waiting: `done` is called on the service's committer
  // thread once the request is written or refused.  Requests that arrive
  // together are checked in order and written in one transaction.
  using RecordDone = std::function<void(StatusOr<RecordResult>)>;
  void RecordConnectionsAsync(BatchRow meta, std::vector<ConnectionInput> items,
                              Date today, bool batch_form, RecordDone done);

  ~CoverageService();

  // Writes an import plan in one transaction, with its audit row, and
  // applies it to the roll-ups.  The caller has checked the plan while
  // holding write_mutex().
  Status ApplyPlan(const ImportPlan& plan) REQUIRES(write_mu_);

  // Writes many ledger events in one transaction under one batch, for bulk
  // imports.  Reference checks are off while it is open: the caller holds
  // write_mutex() and has checked every event.  Rolls back unless committed.
  class LedgerAppender {
   public:
    ~LedgerAppender();
    LedgerAppender(const LedgerAppender&) = delete;
    LedgerAppender& operator=(const LedgerAppender&) = delete;

    int64_t batch_id() const { return batch_id_; }
    // Appends one event; its batch is this appender's.
    Status Add(EventRow event);
    // Commits, then gives each village in `timelines` its new timeline
    // (the old one plus its events).  Once committed the roll-ups follow
    // even if turning reference checks on again then fails (that error is
    // returned).
    //
    // Only a holder of write_mutex() has an appender (BeginLedger requires
    // it); clang cannot tie appender->svc_ to the caller's service, so the
    // analysis is off for these two.
    Status Commit(std::vector<std::pair<UnitId, VillageTimeline>> timelines)
        NO_THREAD_SAFETY_ANALYSIS;
    // Commits, then puts `rebuilt` (from PrepareIndex) in place.
    Status Commit(std::unique_ptr<CoverageIndex> rebuilt)
        NO_THREAD_SAFETY_ANALYSIS;

   private:
    friend class CoverageService;
    explicit LedgerAppender(CoverageService* svc) : svc_(svc) {}
    // Turns reference checks on again.
    Status Close();
    CoverageService* svc_;
    std::unique_ptr<BulkInsert> bulk_;
    BatchRow batch_;
    int64_t batch_id_ = 0;
    size_t added_ = 0;
    bool open_ = false;
    bool committed_ = false;
  };
  StatusOr<std::unique_ptr<LedgerAppender>> BeginLedger(const BatchRow& batch)
      REQUIRES(write_mu_);
  // Builds the roll-ups as they will be once `timelines` replace the
  // villages' timelines, while readers go on with the current ones.  For
  // the holder of write_mutex() about to commit a large change.
  std::unique_ptr<CoverageIndex> PrepareIndex(
      std::vector<std::pair<UnitId, VillageTimeline>> timelines) const
      REQUIRES(write_mu_);

  // Keeps the roll-ups current with what other processes write to the same
  // database (another jjm serve on PostgreSQL, or an import from the
  // command line): reads it every `interval` on a connection of its own.
  // Writes by this process are applied at once, and every write first
  // catches up, so checks always see everything committed.
  Status StartFollowing(std::chrono::milliseconds interval);

  // Called after every change of the roll-ups with the villages whose
  // figures may have changed (`all`: any village may have, after a large
  // import), on the writing thread, with write_mutex() held and the
  // roll-ups' lock released: a listener may Read() but must not write to
  // the ledger.  Register listeners before serving; they stay for the
  // service's life.  (Other modules' roll-ups that depend on the coverage
  // figures, such as Har Ghar Jal status, follow them this way.)
  using ChangeListener =
      std::function<void(const std::vector<UnitId>& villages, bool all)>;
  void AddChangeListener(ChangeListener fn) EXCLUDES(listeners_mu_);

  // Held by anyone who checks and then writes, so that the check stays
  // true until the write is done:
  //   MutexLock lock(&svc->write_mutex());
  // Lock order: write_mutex() before the roll-ups' lock (mu_), which
  // writers take only to apply a committed change; never the other way.
  Mutex& write_mutex() RETURN_CAPABILITY(write_mu_) { return write_mu_; }

  // The path of codes from India down to `unit` ("IN/S36/D532"), for audit
  // rows.  Callers hold a read lock or write_mutex().
  // (Either lock keeps the hierarchy still, which clang cannot express: the
  // analysis is off for this one.)
  std::string PathOf(UnitId unit) const NO_THREAD_SAFETY_ANALYSIS;

  // What the store holds about one village beyond the roll-ups, read on
  // `reader` (a connection of the caller's, never the writer's): the
  // latest value of each fact, and the `limit` most recent ledger rows,
  // newest first.
  StatusOr<VillageFacts> LatestFacts(Db* reader, UnitId village) const;
  StatusOr<std::vector<LedgerEntry>> RecentLedger(Db* reader, UnitId village,
                                                  int limit) const;

  // Changes every time the places or the roll-ups change: answers computed
  // at one version stay true until it moves.
  uint64_t version() const { return version_.load(std::memory_order_acquire); }

  CoverageStore* store() { return &store_; }
  // Closed periods and their unlocks.
  Periods& periods() { return periods_; }
  const Periods& periods() const { return periods_; }
  // Read-only access for holders of write_mutex(): nothing changes the
  // hierarchy or the roll-ups without it, so they hold still meanwhile even
  // without the read lock (which clang cannot see: the analysis is off here).
  const Hierarchy& hierarchy_for_writer() const
      REQUIRES(write_mu_) NO_THREAD_SAFETY_ANALYSIS {
    return hierarchy_;
  }
  const CoverageIndex& index_for_writer() const
      REQUIRES(write_mu_) NO_THREAD_SAFETY_ANALYSIS {
    return index_;
  }

 private:
  struct WriteJob;
  explicit CoverageService(Db* db);
  void ApplyVillages(std::vector<std::pair<UnitId, VillageTimeline>> changes)
      REQUIRES(write_mu_);
  // Checks one request against the roll-ups plus `working` (the villages
  // earlier requests of the group changed), and adds its changes there.
  Status CheckJob(WriteJob* job, std::map<UnitId, VillageTimeline>* working)
      REQUIRES(write_mu_);
  // The audit row of one recorded request.
  // Called inside ProcessGroup's transaction lambda, with write_mu_ held
  // (clang does not follow the lock into the lambda: analysis off).
  AuditRow LedgerAudit(const WriteJob& job, const BatchRow& batch,
                       const RecordResult& r,
                       const std::map<UnitId, VillageTimeline>& working) const
      NO_THREAD_SAFETY_ANALYSIS;
  // Checks and writes a group of requests in one transaction.
  void ProcessGroup(const std::vector<std::unique_ptr<WriteJob>>& group)
      EXCLUDES(write_mu_);

  CoverageStore store_;
  AuditStore audit_;
  Periods periods_;
  void CommitterLoop();
  // Requests waiting for the committer thread, which writes them in groups.
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::vector<std::unique_ptr<WriteJob>> queue_;
  bool stopping_ = false;
  std::thread committer_;
  Mutex write_mu_ ACQUIRED_BEFORE(mu_);
  // What the roll-ups hold of the store: the largest place id, fact id and
  // ledger sequence number applied.
  CoverageStore::Marks marks_ GUARDED_BY(write_mu_);
  // Reads what other processes committed after marks_ and applies it.
  // Needs write_mu_; `store` is the writer connection inside a transaction,
  // or any connection outside one.  Sets *applied if anything was new.
  Status CatchUpLocked(CoverageStore* store, bool* applied) REQUIRES(write_mu_);
  // For imports checked before their transaction: catches up, and refuses
  // if anything was new (the checks may be out of date).
  Status RefuseIfChangedMeanwhile() REQUIRES(write_mu_);
  // Commits the open bulk transaction of `a` with its audit row and moves
  // marks_ on; rolls back on failure.  Reference checks are on again
  // afterwards either way.
  Status CommitLedger(LedgerAppender* a) REQUIRES(write_mu_);
  Poller follower_;
  // Tells the listeners; called with write_mu_ held, mu_ not held.
  void NotifyChanged(const std::vector<UnitId>& villages, bool all)
      EXCLUDES(listeners_mu_);
  Mutex listeners_mu_;
  std::vector<ChangeListener> listeners_ GUARDED_BY(listeners_mu_);
  mutable SharedMutex mu_;
  std::atomic<uint64_t> version_{0};
  Hierarchy hierarchy_ GUARDED_BY(mu_);
  CoverageIndex index_ GUARDED_BY(mu_);
};

// Converts a stored fact row to the figures the index keeps.
VillageTimeline::FactRecord ToFactRecord(const FactRow& f);

}  // namespace jjm

#endif  // JJM_COVERAGE_COVERAGE_SERVICE_H_
