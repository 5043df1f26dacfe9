// SQL of the reporting layer (migration 012): each state's own target
// date for Har Ghar Jal.  The only place where this SQL is written.
#ifndef JJM_STORE_REPORTS_STORE_H_
#define JJM_STORE_REPORTS_STORE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "base/status.h"
#include "store/db.h"

namespace jjm {

// One recorded target date; the latest row of a state counts.
struct StateTargetRow {
  int64_t id = 0;
  int64_t unit_id = 0;
  int64_t target_day = 0;
  std::string reason, recorded_at, recorded_by;
};

class ReportsStore {
 public:
  explicit ReportsStore(Db* db) : db_(db) {}

  // Every recorded target date in id order (later rows supersede earlier
  // rows of the same state).
  Status EachStateTarget(const std::function<void(const StateTargetRow&)>& fn);
  // Appends a target date; returns its id.  Callers wrap it with its audit
  // row (WriteWithAudit).
  StatusOr<int64_t> AddStateTarget(const StateTargetRow& r);

 private:
  Db* db_;
};

}  // namespace jjm

#endif  // JJM_STORE_REPORTS_STORE_H_
