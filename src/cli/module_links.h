// Where the server links one domain module to another: each module knows
// only its own rules, and these adapters give one what it asks of another.
#ifndef JJM_CLI_MODULE_LINKS_H_
#define JJM_CLI_MODULE_LINKS_H_

#include "operations/operations_service.h"
#include "quality/quality_service.h"
#include "supply/supply_service.h"

namespace jjm {

// A surveyor's lab sample judged by the water-quality module: its village,
// final or not, and safe when final and it opened no alert.
SupplyService::SampleVerdictFn SampleVerdictsOf(QualityService* quality);
// The same, for the samples taken for complaints of contaminated water.
OperationsService::SampleVerdictFn ComplaintSampleVerdictsOf(
    QualityService* quality);

}  // namespace jjm

#endif  // JJM_CLI_MODULE_LINKS_H_
