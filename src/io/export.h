// Exports in the project's own import formats.
#ifndef JJM_IO_EXPORT_H_
#define JJM_IO_EXPORT_H_

#include <string>

#include "base/date.h"
#include "coverage/coverage_service.h"

namespace jjm {

struct ExportStats {
  int64_t rows = 0;
};

// Writes one row per village as of `as_of`: the twelve columns of
// kVillageColumns, then kVillageExtraColumns.
StatusOr<ExportStats> ExportVillages(CoverageService* svc,
                                     const std::string& path, Date as_of);

// Writes every dated fact record of every village: the columns of
// ExportVillages after a leading as_of column, one row per village and
// date, with households with tap on the baseline row only.  With the
// connections after the baseline, this carries everything the roll-ups are
// made of, re-surveys included.
StatusOr<ExportStats> ExportVillagesHistory(CoverageService* svc,
                                            const std::string& path);

// Writes village_code,habitation_code,habitation_name for every habitation.
StatusOr<ExportStats> ExportHabitations(CoverageService* svc,
                                        const std::string& path);

// Writes village_code,date,count: the net households connected per village
// and day, for days after `after`.  Should a day's net be negative (a
// correction outweighing that day's connections), a fourth column gives
// the reason that import requires.
StatusOr<ExportStats> ExportConnections(CoverageService* svc,
                                        const std::string& path, Date after);

}  // namespace jjm

#endif  // JJM_IO_EXPORT_H_
