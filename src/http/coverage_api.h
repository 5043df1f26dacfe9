// The coverage API under /api/v1: places, roll-ups, time series and the
// recording of tap connections.
#ifndef JJM_HTTP_COVERAGE_API_H_
#define JJM_HTTP_COVERAGE_API_H_

#include <functional>

#include "base/date.h"
#include "coverage/coverage_service.h"
#include "http/router.h"
#include "store/db.h"

namespace jjm {

struct CoverageApiOptions {
  // Today's date; tests may pin it.
  std::function<Date()> today = [] { return Date::TodayIst(); };
  Date target = DefaultTargetDate();
};

// Adds the coverage routes to `router`.  `reader` is a database connection
// used only for reads (village facts and recent ledger rows); `svc` must
// outlive the router.
void AddCoverageRoutes(Router* router, CoverageService* svc, Db* reader,
                       CoverageApiOptions options);

// The OpenAPI document served at /api/v1/openapi.json.
extern const char* const kOpenApiJson;

}  // namespace jjm

#endif  // JJM_HTTP_COVERAGE_API_H_
