// Deterministic synthetic national data in the project's own import
// formats, for demos, tests and benchmarks.
//
// At scale 1: 36 states and UTs (real LGD state codes and names), ~763
// districts, ~7,200 blocks, ~2.55 lakh gram panchayats, ~6.77 lakh villages
// and ~19.36 crore rural households; village sizes skewed like real ones;
// state coverage varying (some states at 100%); a ledger whose national
// total follows the published national series from 3.23 crore households
// with tap on 2019-08-15 to 15.67 crore on 2025-07-16; and household
// re-surveys so that the denominator moves as the published one does.
// Places other than states get project codes (DX.., BX.., GX.., VX..): the
// data is synthetic and must not pass for LGD codes.
#ifndef JJM_IO_GENERATE_H_
#define JJM_IO_GENERATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "coverage/coverage_service.h"
#include "io/import_report.h"

namespace jjm {

struct GenerateOptions {
  double scale = 1.0;  // 1 = national size; 0 < scale <= 1
  std::string out_dir;
  uint64_t seed = 20190815;
};

struct GenerateStats {
  int64_t states = 0, districts = 0, blocks = 0, gps = 0, villages = 0,
          habitations = 0;
  int64_t households = 0, baseline_with_tap = 0, final_with_tap = 0;
  int64_t ledger_rows = 0, resurvey_rows = 0;
  std::vector<std::string> files;
};

// Writes villages.csv (as of the baseline), habitations.csv,
// resurvey-DATE.csv files,
// connections.csv and manifest.txt (the import order) into opt.out_dir.
StatusOr<GenerateStats> Generate(const GenerateOptions& opt);

// Imports a generated folder in the order its manifest gives.  Stops at
// the first file with rejected rows.
Status ImportGenerated(CoverageService* svc, const std::string& dir,
                       const ImportOptions& opt, std::FILE* log);

// The published national series the generated ledger follows: date,
// rural households, households with tap.
struct NationalPoint {
  Date date;
  int64_t households;
  int64_t with_tap;
};
std::vector<NationalPoint> PublishedNationalSeries();

}  // namespace jjm

#endif  // JJM_IO_GENERATE_H_
