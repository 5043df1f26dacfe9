// The village's own side over HTTP: committees under /api/v1/committees,
// complaints under /api/v1/complaints (filing and following are open to
// everyone; the rest needs a signed-in caller), breakdowns under
// /api/v1/breakdowns.  One route per method of OperationsService, which
// holds every rule.  Query parameters other than a route's own are refused.
#ifndef JJM_HTTP_OPERATIONS_API_H_
#define JJM_HTTP_OPERATIONS_API_H_

#include "http/router.h"
#include "operations/operations_service.h"

namespace jjm {

void AddOperationsRoutes(Router* router, OperationsService* ops);

}  // namespace jjm

#endif  // JJM_HTTP_OPERATIONS_API_H_
