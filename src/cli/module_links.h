// Where the server links one domain module to another: each module knows
// only its own rules, and these adapters give one what it asks of another.
#ifndef JJM_CLI_MODULE_LINKS_H_
#define JJM_CLI_MODULE_LINKS_H_

#include "operations/operations_service.h"
#include "quality/quality_service.h"
#include "reports/reports_service.h"
#include "supply/supply_service.h"

namespace jjm {

// A surveyor's lab sample judged by the water-quality module: its village,
// final or not, and safe when final and it opened no alert.
SupplyService::SampleVerdictFn SampleVerdictsOf(QualityService* quality);
// The same, for the samples taken for complaints of contaminated water.
OperationsService::SampleVerdictFn ComplaintSampleVerdictsOf(
    QualityService* quality);

// Water quality's formats (cs1bi, l5) as the reports layer asks for them:
// the public answer of the quality module.
ReportsService::ModuleReportFn QualityReportsOf(QualityService* quality);
// The villages with piped water supply on a day, from the supply module.
ReportsService::PipedVillagesFn PipedVillagesOf(SupplyService* supply);

}  // namespace jjm

#endif  // JJM_CLI_MODULE_LINKS_H_
