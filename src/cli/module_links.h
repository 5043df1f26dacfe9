// Where the server links one domain module to another: each module knows
// only its own rules, and these adapters give one what it asks of another.
#ifndef JJM_CLI_MODULE_LINKS_H_
#define JJM_CLI_MODULE_LINKS_H_

#include "quality/quality_service.h"
#include "supply/supply_service.h"

namespace jjm {

// A surveyor's lab sample judged by the water-quality module: its village,
// final or not, and safe when final and it opened no alert.
SupplyService::SampleVerdictFn SampleVerdictsOf(QualityService* quality);

}  // namespace jjm

#endif  // JJM_CLI_MODULE_LINKS_H_
