// Official boundaries an operator supplies for the dashboard's map: a
// GeoJSON FeatureCollection of states and/or districts keyed by LGD code
// (`jjm serve --boundaries FILE`).  Each feature is a Polygon or
// MultiPolygon whose properties name its LGD code ("lgd_code", or
// "state_code"/"st_code" for a state, "district_code"/"dt_code" for a
// district) and, with "lgd_code", its "level" ("state" or "district").
// The file is checked whole when loaded: a feature without a code or with
// another geometry is refused naming the feature, so that a map never
// shows a place silently missing.  No SQL, no HTTP.
//
// Thread safety: not changed once shared (the reports service swaps in a
// new one); any number of threads may read.
#ifndef JJM_COVERAGE_BOUNDARIES_H_
#define JJM_COVERAGE_BOUNDARIES_H_

#include <climits>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "base/status.h"
#include "coverage/hierarchy.h"

namespace jjm {

class Boundaries {
 public:
  // Files larger than this are refused.
  static constexpr size_t kMaxBytes = size_t{256} << 20;

  static StatusOr<Boundaries> Parse(std::string_view geojson);
  static StatusOr<Boundaries> Load(const std::string& path);

  // The geometry (GeoJSON text) of the place at `level` with LGD code
  // `lgd`, or null.
  const std::string* Find(Level level, int64_t lgd) const;
  // Whether the file has any feature at `level`.
  bool HasLevel(Level level) const;
  // The levels it has features at ("state", "district" or
  // "state,district").
  std::string LevelNames() const;
  // `newer`'s levels take the place of these boundaries' own: districts
  // laid over a file of states and districts leave its states as they
  // were.
  void Layer(const Boundaries& newer);
  // Calls fn(lgd_code) for each feature at `level`, in code order.
  template <typename Fn>
  void ForEachCode(Level level, Fn&& fn) const {
    const int k = static_cast<int>(level);
    for (auto it = geometry_.lower_bound({k, INT64_MIN});
         it != geometry_.end() && it->first.first == k; ++it) {
      fn(it->first.second);
    }
  }
  size_t size() const { return geometry_.size(); }

 private:
  std::map<std::pair<int, int64_t>, std::string> geometry_;
};

}  // namespace jjm

#endif  // JJM_COVERAGE_BOUNDARIES_H_
