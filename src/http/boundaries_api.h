// The map's official boundaries over HTTP: GET /api/v1/boundaries?parent=
// CODE gives the boundary of each place one level below `parent` that the
// operator's file has ({"features": [{code, name, lgd_code, geometry}]}),
// and lists the places it lacks ("missing"), so that the page can say which
// are not drawn.  "available" is false when the file has no boundaries at
// that level (the page then shows its tile grid).  Public, like the
// figures the map is coloured by.
#ifndef JJM_HTTP_BOUNDARIES_API_H_
#define JJM_HTTP_BOUNDARIES_API_H_

#include "coverage/boundaries.h"
#include "coverage/coverage_service.h"
#include "http/router.h"

namespace jjm {

// `boundaries` may be null (none loaded); not owned; must outlive `router`.
void AddBoundariesRoutes(Router* router, CoverageService* svc,
                         const Boundaries* boundaries);

}  // namespace jjm

#endif  // JJM_HTTP_BOUNDARIES_API_H_
