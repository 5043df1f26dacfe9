// The Sector Partner programme's API under /api/v1: rounds and
// applications, screening, partners, plans, progress, trainers, trainings,
// knowledge and social audits.  The rules live in PartnerService; this
// file maps requests to it.
#ifndef JJM_HTTP_PARTNERS_API_H_
#define JJM_HTTP_PARTNERS_API_H_

#include "http/router.h"
#include "partners/partner_service.h"

namespace jjm {

void AddPartnerRoutes(Router* router, PartnerService* partners);

}  // namespace jjm

#endif  // JJM_HTTP_PARTNERS_API_H_
