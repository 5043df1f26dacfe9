// The rules every write to the ledger and to village facts must keep.
#ifndef JJM_COVERAGE_LEDGER_RULES_H_
#define JJM_COVERAGE_LEDGER_RULES_H_

#include <string>

#include "base/date.h"
#include "base/status.h"
#include "coverage/metrics.h"
#include "store/coverage_store.h"

namespace jjm {

// Largest count one ledger event may carry (a village has at most a few
// tens of thousands of households).
inline constexpr int64_t kMaxEventHouseholds = 1000000;
// Largest figure a village fact may carry.
inline constexpr int64_t kMaxVillageFigure = 10000000;

// Checks one event on its own: date not before the baseline nor after
// `today`, a non-zero count within limits, a kind that fits the sign and a
// reason for corrections.  Errors name `field_prefix` + the field.
Status CheckEvent(Date date, int64_t households, EventKind kind,
                  const std::string& reason, Date today,
                  const std::string& field_prefix);

// Checks that on every day from `from_day` on, the village has no fewer
// than 0 and no more than its households with tap.  `label` names the
// village in the error.
Status CheckVillage(const VillageTimeline& t, int32_t from_day,
                    const std::string& label);

}  // namespace jjm

#endif  // JJM_COVERAGE_LEDGER_RULES_H_
