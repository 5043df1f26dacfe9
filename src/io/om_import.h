// A committee's monthly O&M figures from CSV, with the rules of every
// importer (io/importers.h): each row checked, every rejected row reported
// with its line, column, value and reason; nothing written without
// `opt.commit`, nor when a row was rejected unless `opt.skip_invalid`
// (then the valid rows).  The figures' rules are the operations service's
// (OperationsService::ImportAccounts); the file's own faults (a missing
// column, an amount that is not rupees) are found here.
//
// Columns (a header row; names as written, any case):
//   village (or committee, place): the committee's village or GP code;
//   month: YYYY-MM; households; tariff (rupees per household for the
//   month); collected (rupees); optional operator_pay, electricity,
//   repairs, chemicals, other (rupees spent; empty: 0) and note.
// Rupees may have up to two decimals ("1250.50") and Indian grouping
// ("1,250").  A month recorded before is corrected (a new version).
#ifndef JJM_IO_OM_IMPORT_H_
#define JJM_IO_OM_IMPORT_H_

#include <string>
#include <string_view>

#include "base/status.h"
#include "io/import_report.h"
#include "operations/operations_service.h"

namespace jjm {

// `text` is the file's content; `c` the caller the service judges (its
// scope decides which committees' rows are accepted).
StatusOr<ImportReport> ImportOmAccountsText(OperationsService* svc,
                                            std::string_view text,
                                            const OperationsService::Caller& c,
                                            const ImportOptions& opt);

// The file as sent (CSV text, or a workbook's bytes whose sheet
// `opt.sheet` names, empty: the first); `name` names it in errors, and a
// workbook's rejections name its cells ("Sheet1!D17").
StatusOr<ImportReport> ImportOmAccountsFile(OperationsService* svc,
                                            const std::string& bytes,
                                            const std::string& name,
                                            const OperationsService::Caller& c,
                                            const ImportOptions& opt);

// The file at `path`, as the command line (`jjm import om-accounts`).
StatusOr<ImportReport> ImportOmAccounts(OperationsService* svc,
                                        const std::string& path,
                                        const ImportOptions& opt);

// "1,250.50" -> 125050 paise; InvalidArgument otherwise.
StatusOr<int64_t> ParseRupees(std::string_view text);

}  // namespace jjm

#endif  // JJM_IO_OM_IMPORT_H_
