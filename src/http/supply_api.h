// The water-supply API: Har Ghar Jal status and certification under
// /api/v1/hgj, schemes and assets under /api/v1/schemes and
// /api/v1/assets, a village's supply under /api/v1/supply, and the
// functionality survey under /api/v1/surveys.  One route per method of
// SupplyService, which holds every rule; this file maps requests to it.
//
// Access: summaries, village views, documents, schemes, rounds and results
// are public; every write and the certification queue need a signed-in
// caller.  Documents are uploaded as the raw request body with their
// Content-Type (up to 5 MiB for a resolution, 48 MiB for a video), and
// served with their type.  Query parameters other than a route's own are
// refused (400 naming the parameter).
#ifndef JJM_HTTP_SUPPLY_API_H_
#define JJM_HTTP_SUPPLY_API_H_

#include "http/router.h"
#include "supply/supply_service.h"

namespace jjm {

void AddSupplyRoutes(Router* router, SupplyService* supply);

}  // namespace jjm

#endif  // JJM_HTTP_SUPPLY_API_H_
