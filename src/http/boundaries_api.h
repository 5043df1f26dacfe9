// The map's official boundaries over HTTP: GET /api/v1/boundaries?parent=
// CODE gives the boundary of each place one level below `parent` that the
// operator's file has ({"features": [{code, name, lgd_code, geometry}]}),
// and lists the places it lacks ("missing"), so that the page can say which
// are not drawn.  "available" is false when the file has no boundaries at
// that level (the page then shows its tile grid).  Public, like the
// figures the map is coloured by.
//
// GET /api/v1/boundary-files lists the uploaded files (public);
// POST /api/v1/boundary-files {"file": GeoJSON text, "filename"} uploads
// one (national administrators; ReportsService::UploadBoundaries), in
// force at once and after a restart.
#ifndef JJM_HTTP_BOUNDARIES_API_H_
#define JJM_HTTP_BOUNDARIES_API_H_

#include "coverage/coverage_service.h"
#include "http/router.h"
#include "reports/reports_service.h"

namespace jjm {

// Uploads larger than this are refused (413).
inline constexpr size_t kBoundaryUploadLimit = size_t{64} << 20;

// Not owned; must outlive `router`.
void AddBoundariesRoutes(Router* router, CoverageService* svc,
                         ReportsService* reports);

}  // namespace jjm

#endif  // JJM_HTTP_BOUNDARIES_API_H_
