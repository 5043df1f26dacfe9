// Importing a villages file from the page, with its place names mapped by a
// person: the crosswalk API under /api/v1.
//
//   POST /imports/villages/check  a dry run of the file that also lists the
//        names no LGD place matches, each with its candidates and scores,
//        grouped by district (the candidate clearly ahead prefilled);
//   POST /imports/villages        the import with the person's decisions as
//        the name crosswalk: a dry run, or with "commit" written.
//
// Both take the file's text (JSON {"file", "filename", "as_of",
// "decisions": [{"level", "parent_code", "source_name", "code"}]}, or the
// check a raw text/csv body) and answer with the import's report.  Only
// holders of Permission::kImportVillages may call them; rows outside the
// caller's places are rejected one by one, and decisions may only name
// places within them.  With "remember_decisions", a committed import then
// stores its decisions as name aliases (CrosswalkService::Apply, audited as
// the caller), so the next file places those names with no decisions.  Imports
// run one at a time on a thread of their own, holding the coverage service's
// write lock as the command line's do, so the running server's roll-ups show a
// committed import at once.
#ifndef JJM_HTTP_CROSSWALK_API_H_
#define JJM_HTTP_CROSSWALK_API_H_

#include <functional>

#include "base/date.h"
#include "coverage/coverage_service.h"
#include "http/router.h"
#include "store/db.h"

namespace jjm {

struct CrosswalkApiOptions {
  // Today's date; tests may pin it.
  std::function<Date()> today = [] { return Date::TodayIst(); };
  // A connection of its own, for storing the decisions of a committed
  // import as name aliases ("remember_decisions"); null: not offered.
  // Not owned; used from the import thread only.
  Db* alias_db = nullptr;
};

// Adds the import routes to `router`; `svc` must outlive it.
void AddCrosswalkRoutes(Router* router, CoverageService* svc,
                        CrosswalkApiOptions options = {});

// The largest body these routes take: a state's village file (Uttar
// Pradesh's, the largest, is about 13 MB).
inline constexpr size_t kImportBodyLimit = 48 << 20;

}  // namespace jjm

#endif  // JJM_HTTP_CROSSWALK_API_H_
