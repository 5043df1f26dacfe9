// Demo data for the Sector Partner programme, in two steps like the rest
// of `jjm generate`: Generate writes partners.json into a generated folder
// (a round with about 330 expressions of interest, reviewers' scores and
// conflict declarations, and for each organisation what it would do as a
// partner: trainers, plans, progress, trainings in the folder's villages,
// knowledge and social audits); Load feeds it through PartnerService, so
// that the shortlist (about 175) is what the round's criteria give.
#ifndef JJM_PARTNERS_PARTNER_DEMO_H_
#define JJM_PARTNERS_PARTNER_DEMO_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "base/date.h"
#include "base/status.h"
#include "coverage/coverage_service.h"
#include "store/db.h"

namespace jjm {

// Reads `dir`/villages.csv and writes `dir`/partners.json.  `today` dates
// the plans and reports.
Status GeneratePartnerDemo(const std::string& dir, uint64_t seed, Date today);

struct PartnerDemoStats {
  int64_t applications = 0, eligible = 0, shortlisted = 0, plans = 0,
          reports = 0, trainers = 0, trainings = 0;
};

// Loads `dir`/partners.json into the database through the partner service.
StatusOr<PartnerDemoStats> LoadPartnerDemo(const std::string& dir, Db* db,
                                           CoverageService* coverage,
                                           Date today, std::FILE* log);

}  // namespace jjm

#endif  // JJM_PARTNERS_PARTNER_DEMO_H_
