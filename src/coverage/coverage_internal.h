// Helpers shared by the files of the coverage service (coverage_*.cc);
// not for use outside src/coverage/.
#ifndef JJM_COVERAGE_COVERAGE_INTERNAL_H_
#define JJM_COVERAGE_COVERAGE_INTERNAL_H_

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "coverage/coverage_index.h"
#include "coverage/coverage_service.h"
#include "coverage/hierarchy.h"
#include "store/coverage_store.h"

namespace jjm {

// Adds a stored place to `h` (its parent 0 meaning India); the strings of
// `u` are moved from.
inline Status AddStoredUnit(Hierarchy* h, UnitRow& u) {
  return h->Add(static_cast<UnitId>(u.id),
                u.parent_id == 0 ? kIndia : static_cast<UnitId>(u.parent_id),
                static_cast<Level>(u.level), std::move(u.code),
                std::move(u.name), u.lgd_code);
}

// Copies of the timelines of the villages a change touches, each taken
// from `index` when first asked for; Take() gives them for
// CoverageIndex::UpdateVillages.
class TouchedVillages {
 public:
  explicit TouchedVillages(const CoverageIndex& index) : index_(index) {}
  VillageTimeline& Get(UnitId village) {
    auto it = touched_.find(village);
    if (it == touched_.end()) {
      it = touched_.emplace(village, index_.Village(village)).first;
    }
    return it->second;
  }
  std::vector<std::pair<UnitId, VillageTimeline>> Take() {
    std::vector<std::pair<UnitId, VillageTimeline>> out;
    out.reserve(touched_.size());
    for (auto& [v, t] : touched_) out.emplace_back(v, std::move(t));
    touched_.clear();
    return out;
  }

 private:
  const CoverageIndex& index_;
  std::unordered_map<UnitId, VillageTimeline> touched_;
};

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

}  // namespace jjm

#endif  // JJM_COVERAGE_COVERAGE_INTERNAL_H_
