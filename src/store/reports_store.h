// SQL of the reporting layer: each state's own target date for Har Ghar
// Jal (migration 012) and the map's uploaded boundary files (013).  The
// only place where this SQL is written.
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

// One uploaded boundary file; `levels` is "state", "district" or
// "state,district".
struct BoundaryFileRow {
  int64_t id = 0;
  std::string source_name, levels;
  int64_t features = 0;
  std::string geojson, recorded_at, recorded_by;
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

  // Every boundary file in id order, without its GeoJSON (geojson empty).
  Status EachBoundaryFile(
      const std::function<void(const BoundaryFileRow&)>& fn);
  // The GeoJSON of boundary file `id`; NotFound when there is none.
  StatusOr<std::string> BoundaryGeojson(int64_t id);
  // Appends a boundary file; returns its id.  Callers wrap it with its
  // audit row.
  StatusOr<int64_t> AddBoundaryFile(const BoundaryFileRow& r);

 private:
  Db* db_;
};

}  // namespace jjm

#endif  // JJM_STORE_REPORTS_STORE_H_
