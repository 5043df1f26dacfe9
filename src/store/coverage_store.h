// SQL for the coverage core: places, names, aliases, village facts, the
// ledger and the batches that say who wrote what.  The only place where
// coverage SQL is written.
#ifndef JJM_STORE_COVERAGE_STORE_H_
#define JJM_STORE_COVERAGE_STORE_H_

#include <climits>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "store/db.h"

namespace jjm {

struct BatchRow {
  int64_t id = 0;
  std::string kind;          // "api", "import", "generate", ...
  std::string source;        // file name, or "api"
  std::string recorded_by;   // user or system account
  std::string recorded_at;   // ISO 8601 UTC; filled in when empty
  std::string request_id;    // optional client request id
  std::string request_hash;  // digest of the request, to spot reuse
  std::string note;
  std::string remote;  // client address, or empty
};

struct UnitRow {
  int64_t id = 0;
  std::string code;
  int level = 0;
  int64_t parent_id = 0;  // 0 for a state
  std::string name;
  std::optional<int64_t> lgd_code;
};

// One dated record of facts about a village; absent figures were not
// reported by that record.
struct FactRow {
  int64_t village_id = 0;
  Date as_of;
  std::optional<int64_t> households, habitations, schools, schools_with_tap,
      anganwadis, anganwadis_with_tap, sc_population, st_population,
      general_population;
  std::optional<double> service_lpcd;
};

// Stored as 0..3.
enum class EventKind { kBaseline = 0, kConnection, kCorrection, kAdjustment };
std::string_view EventKindName(EventKind kind);
std::optional<EventKind> ParseEventKind(std::string_view name);

struct EventRow {
  int64_t seq = 0;
  int64_t village_id = 0;
  Date date;
  int64_t households = 0;
  EventKind kind = EventKind::kConnection;
  std::string reason;
  int64_t batch_id = 0;
};

class CoverageStore {
 public:
  explicit CoverageStore(Db* db) : db_(db) {}
  Db* db() { return db_; }

  // Streams stored rows in id (or ledger sequence) order.
  // The callback may move from the row.
  Status ForEachUnit(const std::function<void(UnitRow&)>& fn) {
    return ForEachUnitIn({0, kNoLimit}, fn);
  }
  // Rows whose id (sequence number for the ledger) lies in (after, upto]:
  // for reading what other processes wrote since.
  struct IdRange {
    int64_t after = 0;
    int64_t upto = 0;
  };
  static constexpr int64_t kNoLimit = INT64_MAX;
  Status ForEachUnitIn(IdRange range, const std::function<void(UnitRow&)>& fn);
  // The largest id of each table the roll-ups are made of.
  struct Marks {
    int64_t unit = 0, fact = 0, seq = 0;
  };
  StatusOr<Marks> CurrentMarks();
  Status ForEachFact(const std::function<void(const FactRow&)>& fn);
  Status ForEachEvent(const std::function<void(const EventRow&)>& fn);
  // All fact records ordered by village, then date, then entry.
  Status ForEachFactByVillage(const std::function<void(const FactRow&)>& fn);
  // Fact records of one village, in date order.
  Status ForEachFactOfVillage(int64_t village_id,
                              const std::function<void(const FactRow&)>& fn);
  // Ledger events of one village, in sequence order, at most `limit`,
  // newest first.
  Status RecentEventsOfVillage(
      int64_t village_id, int limit,
      const std::function<void(const EventRow&, const BatchRow&)>& fn);
  // Fact records reduced to what the roll-ups need, in id order: village
  // id, day, households, schools, schools with tap, anganwadis, anganwadis
  // with tap (-1 where not reported).
  Status ForEachFactFigures(
      IdRange range,
      const std::function<void(int64_t, int32_t, const int32_t (&)[5])>& fn);
  // The ledger reduced to what the roll-ups need: (village id, day,
  // households) of every event, in sequence order.
  Status ForEachTap(IdRange range,
                    const std::function<void(int64_t, int32_t, int64_t)>& fn);
  // The largest place id, 0 when there are none.
  StatusOr<int64_t> MaxUnitId();
  // Aliases as (scheme, value, unit id).
  Status ForEachAlias(const std::function<void(std::string_view,
                                               std::string_view, int64_t)>& fn);
  // Names units had before a rename, as (unit id, name, valid until),
  // oldest first.
  Status ForEachFormerName(const std::function<void(int64_t, std::string_view,
                                                    std::string_view)>& fn);

  // Appends a batch and returns its id.  Fills recorded_at when empty.
  StatusOr<int64_t> AddBatch(BatchRow batch);
  // The batch that used `request_id`, if any.
  StatusOr<std::optional<BatchRow>> FindBatchByRequestId(
      std::string_view request_id);
  // Ledger events written by one batch, in sequence order.
  Status ForEachEventInBatch(int64_t batch_id,
                             const std::function<void(const EventRow&)>& fn);

  // Adds a place and returns its id.
  StatusOr<int64_t> AddUnit(const UnitRow& unit, int64_t batch_id);
  // The id the next place will get.  Only for the holder of the write lock
  // (writers are serialised), which may then add places with ids it gives.
  StatusOr<int64_t> NextUnitId();
  // Adds places with the ids they carry, in a bulk write; parents first.
  Status AddUnits(const std::vector<UnitRow>& units, int64_t batch_id);
  Status AddAliases(
      const std::vector<std::tuple<std::string, std::string, int64_t>>& aliases,
      int64_t batch_id);
  Status AddFacts(const std::vector<FactRow>& facts, int64_t batch_id);
  // Gives a place a new name from `valid_from`; the old one goes into the
  // history of former names.
  Status RenameUnit(int64_t unit_id, std::string_view old_name,
                    std::string_view name, Date valid_from, int64_t batch_id);
  Status AddAlias(std::string_view scheme, std::string_view value,
                  int64_t unit_id, int64_t batch_id);
  Status AddFact(const FactRow& fact, int64_t batch_id);
  // Appends a ledger event and returns its sequence number.
  StatusOr<int64_t> AddEvent(const EventRow& event);
  // Starts a bulk write of ledger events (COPY on PostgreSQL); give each
  // with AddEventTo, then Finish().  Sequence numbers are not returned.
  StatusOr<std::unique_ptr<BulkInsert>> BeginEvents();
  static Status AddEventTo(BulkInsert* bulk, const EventRow& e);

 private:
  StatusOr<Statement*> Cached(std::unique_ptr<Statement>* slot,
                              std::string_view sql);
  Db* db_;
  std::unique_ptr<Statement> add_batch_, add_unit_, add_name_, rename_,
      add_alias_, add_fact_, add_event_;
};

// Now as "YYYY-MM-DDTHH:MM:SSZ".
std::string UtcTimestamp();

}  // namespace jjm

#endif  // JJM_STORE_COVERAGE_STORE_H_
