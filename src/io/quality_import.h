// Water-quality files: imports of labs, sources and lab results (CSV), the
// export of samples and results, and the demo data `jjm generate` writes
// and `jjm serve --demo` loads.
//
// The imports follow the rules of every importer (io/importers.h): each
// row is checked and every rejected row reported with its line, column,
// value and reason; nothing is written without `opt.commit`, nor when a
// row was rejected unless `opt.skip_invalid` (then the valid rows).  The
// rules of labs, sources and samples are the quality service's (its typed
// bulk methods); the file's own faults (a column header naming no
// parameter, a unit the parameter does not take, a value that is not a
// number, a date that cannot be read or lies after `opt.today`, a sample
// twice in one file) are found here.  Writes are audited as `cli:NAME`
// (opt.recorded_by) through a command-line caller.
#ifndef JJM_IO_QUALITY_IMPORT_H_
#define JJM_IO_QUALITY_IMPORT_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "base/status.h"
#include "coverage/coverage_service.h"
#include "io/export.h"
#include "io/import_report.h"
#include "quality/quality_service.h"
#include "store/db.h"

namespace jjm {

// Labs: code,name,level,place[,serves][,parameters][,refers_to]
// [,treatment_plant][,nabl_certificate,nabl_valid_from,nabl_valid_to].
// Lists (serves, parameters) are codes separated by spaces or semicolons.
StatusOr<ImportReport> ImportQualityLabs(QualityService* svc,
                                         const std::string& path,
                                         const ImportOptions& opt);

// Sources: code,village,type[,habitation][,name][,scheme][,has_alternate]
// [,latitude,longitude][,created_on].
StatusOr<ImportReport> ImportQualitySources(QualityService* svc,
                                            const std::string& path,
                                            const ImportOptions& opt);

// Lab results, in either layout labs send:
//   long: one row per sample and parameter, with the columns `parameter`,
//         `value` and (optionally) `unit`;
//   wide: one row per sample, a column per parameter whose header names
//         the parameter and its unit ("fluoride (mg/l)", "Fluoride (as F)
//         mg/L", "pH"; an empty cell: not tested).
// Both have the sample's columns: sample_code (a new code registers the
// sample; the long layout groups its rows by it), lab, source or village
// (+ point_kind), method (lab or ftk), collected_on, tested_on,
// collected_by, tested_by, chlorinated.  Values are numbers, or for
// bacteria absent/present (also nil, not detected, detected, 0, 1); "BDL"
// and "ND" (below detection) are read as 0.  A sample is written whole or
// not at all: in the long layout, a rejected row rejects its sample's
// other rows too.
StatusOr<ImportReport> ImportQualityResults(QualityService* svc,
                                            const std::string& path,
                                            const ImportOptions& opt);

// Writes every result (one row per result) of samples in `place` (empty:
// everywhere), as QualityService::ExportResults gives them.
StatusOr<ExportStats> ExportQualityResults(QualityService* svc,
                                           const std::string& path,
                                           const std::string& place,
                                           const QualityService::Caller& c);

// The caller the command line and demo data write as.
QualityService::Caller CommandLineCaller(const ImportOptions& opt);

// Demo data.  Reads `dir`/villages.csv and habitations.csv (written by
// Generate) and writes labs.csv, sources.csv and quality-results.csv (the
// wide layout; lab and FTK samples of the financial years up to `today`),
// deterministic from `seed`.  At scale 1: about 2,100 labs and 12.7 lakh
// sources.
struct QualityDemoStats {
  int64_t labs = 0, nabl_labs = 0, sources = 0, samples = 0, ftk_samples = 0,
          failing = 0;
};
StatusOr<QualityDemoStats> GenerateQualityDemo(const std::string& dir,
                                               uint64_t seed, Date today);

// Loads a folder GenerateQualityDemo wrote: the three files (as with
// --commit), then remedial actions on a share of the open alerts (some
// completed, some of those followed by a passing retest, which closes the
// alert), trained women for the villages, and, when `db` is given, a few
// demo accounts (lab analysts and FTK testers).  Does nothing when the
// folder has no labs.csv.
Status LoadQualityDemo(const std::string& dir, QualityService* svc, Db* db,
                       CoverageService* coverage, Date today, std::FILE* log);

// For `serve --demo`: opens the quality service on `db` (after coverage)
// and loads `dir` with LoadQualityDemo, saying how long it took.
Status SeedQualityDemo(const std::string& dir, Db* db,
                       CoverageService* coverage, Date today, std::FILE* log);

}  // namespace jjm

#endif  // JJM_IO_QUALITY_IMPORT_H_
