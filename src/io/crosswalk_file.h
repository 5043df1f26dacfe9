// The name crosswalk file: what `jjm crosswalk suggest` writes for a person
// to decide, and what `jjm import villages --crosswalk` and `jjm crosswalk
// apply` read back.
//
//   level,state,district,block,source_name,rows,candidate_code,
//   candidate_name,score,decision,reason
//
// One row per distinct unmatched name and candidate, best candidate first; a
// name with no candidate has one row with the candidate columns empty.
// `state` and `district` are the LGD names of the places above the name.
// `decision` is `accept` where the best candidate is clearly ahead of the
// next, and empty where a person must choose: they write `accept` on the
// row of the right candidate (or `reject`, or leave it empty).
#ifndef JJM_IO_CROSSWALK_FILE_H_
#define JJM_IO_CROSSWALK_FILE_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "coverage/hierarchy.h"
#include "crosswalk/alias_rules.h"
#include "io/import_report.h"

namespace jjm {

// What a suggestion run found, for the closing summary.
struct CrosswalkCounts {
  int64_t names = 0;       // distinct unmatched names
  int64_t accepted = 0;    // ... whose best candidate is clearly ahead
  int64_t for_person = 0;  // ... with candidates, none clearly ahead
  int64_t no_candidate = 0;
};

// Writes `unmatched` to `path`; codes of candidates come from `h`.
StatusOr<CrosswalkCounts> WriteCrosswalk(
    const std::vector<UnmatchedName>& unmatched, const Hierarchy& h,
    const std::string& path);

// Reads the accepted rows of a crosswalk file.  Each must name a level
// (state, district, block) and a candidate code of a place at that level in
// `h`; one source name under one parent may be accepted once.  Every wrong
// row is an error naming its line and column, and nothing is returned.
StatusOr<NameCrosswalk> ReadCrosswalk(const std::string& path,
                                      const Hierarchy& h);
// The same rows with their lines and the file's state and district
// columns, for `jjm crosswalk apply` (crosswalk/alias_rules.h).
StatusOr<std::vector<AliasMapping>> ReadAcceptedMappings(
    const std::string& path, const Hierarchy& h);

}  // namespace jjm

#endif  // JJM_IO_CROSSWALK_FILE_H_
