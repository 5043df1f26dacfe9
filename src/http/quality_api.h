// The water-quality API under /api/v1/quality: the standard and grading,
// labs and their accreditation, treatment plants, sources and sampling
// points, samples and their steps, field test kit tests, alerts and
// remedial actions, trained testers, the roll-ups, surveillance, reports
// and the results export (CSV).  One route per method of QualityService,
// which holds every rule (who may, what is valid); this file maps
// requests to it.
//
// Access: reads the service calls public (the standard, grading, the labs
// register, sources, the summary, a village's view, surveillance and the
// reports) are open to everyone; a signed-in caller's principal still
// reaches the service, which shows names of collectors and testers only to
// those who may see them.  Every write and the other reads need a
// signed-in caller (a write made with the session cookie also needs its
// X-CSRF-Token, which the router checks).
//
// Answers are the service's JSON; a registration or field test that a
// request id makes a replay answers 200 with "replayed": true instead of
// 201.  A request id comes in the body ("request_id") or the
// Idempotency-Key header.  Query parameters other than a route's own are
// refused (400 naming the parameter).
#ifndef JJM_HTTP_QUALITY_API_H_
#define JJM_HTTP_QUALITY_API_H_

#include "http/router.h"
#include "quality/quality_service.h"

namespace jjm {

void AddQualityRoutes(Router* router, QualityService* quality);

}  // namespace jjm

#endif  // JJM_HTTP_QUALITY_API_H_
