// The reports API: the list of named reports, each report as JSON, CSV,
// XLSX or PDF (by `format=` or the Accept header), and each state's target
// date for Har Ghar Jal.  ReportsService holds every rule.
//
//   GET  /api/v1/reports                        the list (public)
//   GET  /api/v1/reports/{name}?place=&as_of=&format=&lang=   (public)
//   GET  /api/v1/targets                        target dates (public)
//   POST /api/v1/targets/{state}                set one (kSetTargets)
//
// Files are made on a worker thread of their own, never on the threads
// answering requests, and sent as attachments named after the report,
// place and date ("j3-S36-2024-03-31.xlsx").
#ifndef JJM_HTTP_REPORTS_API_H_
#define JJM_HTTP_REPORTS_API_H_

#include "http/router.h"
#include "reports/reports_service.h"

namespace jjm {

void AddReportsRoutes(Router* router, ReportsService* reports);

}  // namespace jjm

#endif  // JJM_HTTP_REPORTS_API_H_
