// File imports.  Each checks every row first and reports every rejected
// row (line, column, value, reason); it writes only with `commit`, in one
// transaction, and only if no row was rejected unless `skip_invalid`.
#ifndef JJM_IO_IMPORTERS_H_
#define JJM_IO_IMPORTERS_H_

#include <string>
#include <string_view>

#include "coverage/coverage_service.h"
#include "io/import_report.h"
#include "io/table_file.h"

namespace jjm {

// Reads a villages CSV: either the public JJM dashboard village profile
// (state_name, district_name, block_name, blcode11, village_name,
// vil_encode, TotalNoofHouseholds, HousesWithTaps, ...) or the project's
// own format (state_code, state_name, ..., village_code, village_name,
// total_hh, hh_with_tap[, habitations, schools, ...]).  Figures are
// recorded as of `opt.as_of` (default today); households with tap that
// differ from the ledger on that date become an adjustment event.
StatusOr<ImportReport> ImportVillages(CoverageService* svc,
                                      const std::string& path,
                                      const ImportOptions& opt);
// The same for a file's contents, `text`; `source` names the file in the
// batch and in adjustment events' reasons.
StatusOr<ImportReport> ImportVillagesFromText(CoverageService* svc,
                                              std::string_view text,
                                              std::string source,
                                              const ImportOptions& opt);

// The same for a file already opened (an upload: CSV or a sheet); the
// report's rejections name the sheet's cells.
StatusOr<ImportReport> ImportVillagesFromTable(CoverageService* svc,
                                               TableFile* file,
                                               std::string source,
                                               const ImportOptions& opt);

// Reads village_code,date,count[,kind][,reason] rows into the ledger.
StatusOr<ImportReport> ImportConnections(CoverageService* svc,
                                         const std::string& path,
                                         const ImportOptions& opt);

// Reads village_code,habitation_code,habitation_name rows: the habitations
// of villages already stored.
StatusOr<ImportReport> ImportHabitations(CoverageService* svc,
                                         const std::string& path,
                                         const ImportOptions& opt);

// Reads the LGD state, district and block lists (1-state.csv,
// 2-district.csv, blocks.csv) from `dir`.
StatusOr<ImportReport> ImportLgd(CoverageService* svc, const std::string& dir,
                                 const ImportOptions& opt);

// Columns of the project's villages CSV, in order.
extern const char* const kVillageColumns[12];
// Optional columns after them.
extern const char* const kVillageExtraColumns[9];

}  // namespace jjm

#endif  // JJM_IO_IMPORTERS_H_
