// What the coverage API's requests give, read and checked: query
// parameters (unknown ones refused, so that a typo such as "as-of" is an
// error rather than silently ignored) and the body of a connections
// write.  Every error names the parameter or field.
#ifndef JJM_HTTP_COVERAGE_PARAMS_H_
#define JJM_HTTP_COVERAGE_PARAMS_H_

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "coverage/coverage_index.h"
#include "coverage/coverage_service.h"
#include "coverage/hierarchy.h"
#include "http/http.h"
#include "http/json_body.h"

namespace jjm {

// Refuses query parameters other than `allowed`.
Status OnlyParams(const Request& req,
                  std::initializer_list<const char*> allowed);

// An optional date parameter; dates after `today` are refused.
StatusOr<std::optional<Date>> DateParam(const Request& req, const char* name,
                                        Date today);

// GET /units: q (2 to 100 characters, trimmed) and an optional level.
// GET /units: q (2 to 100 bytes), level, within (a place code: only
// places at or below it), offset (0 to 1,000) and limit (1 to 100,
// default 20).
struct SearchParams {
  std::string q;
  std::optional<Level> level;
  std::string within;
  size_t offset = 0;
  size_t limit = 20;
};
StatusOr<SearchParams> ParseSearchParams(const Request& req);

// GET /coverage: the parent (default India), the date (default today), the
// target date and the level as given (checked against the parent by
// RowLevel, once the parent is known).
struct CoverageParams {
  std::string parent_code;
  Date as_of;
  Date target;
  std::optional<std::string> level;
};
StatusOr<CoverageParams> ParseCoverageParams(const Request& req, Date today,
                                             Date default_target);
// The level of the rows under `parent`: `level` when given (state to
// village, below the parent), else the level of its children; a village
// without `level` gives kHabitation (no rows, only its total).
StatusOr<Level> RowLevel(const Hierarchy& h, UnitId parent,
                         const std::optional<std::string>& level);

// GET /coverage/timeseries: unit (required), from (default the baseline),
// to (default today), interval (month by default; day for up to 4000 days).
struct SeriesParams {
  std::string unit;
  Date from, to;
  Interval interval = Interval::kMonth;
};
StatusOr<SeriesParams> ParseSeriesParams(const Request& req, Date today);

// POST /connections: one connection, or {"request_id", "connections":
// [...]} (`batch`).  The request id may also come in Idempotency-Key.
struct ConnectionsBody {
  std::string request_id;
  std::vector<ConnectionInput> items;
  bool batch = false;
};
StatusOr<ConnectionsBody> ParseConnectionsBody(const Request& req);
// The village codes a connections body names, as far as it can be read;
// for the access check before the handler.
std::vector<std::string> VillageCodesOf(const nlohmann::json& body);

}  // namespace jjm

#endif  // JJM_HTTP_COVERAGE_PARAMS_H_
