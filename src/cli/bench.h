// `jjm bench`: measurements of jjm itself, in process and over HTTP, that
// bench/run.sh puts beside the same questions asked of PostgreSQL, SQLite
// and nginx.
#ifndef JJM_CLI_BENCH_H_
#define JJM_CLI_BENCH_H_

#include <chrono>
#include <string>
#include <vector>

namespace jjm {

// What the in-process benchmarks share: a line of /proc/self/status in MiB
// ("VmRSS:" resident now, "VmHWM:" its peak), or -1; and seconds since t0.
double ProcStatusMiB(const char* key);
inline double ResidentMiB() { return ProcStatusMiB("VmRSS:"); }
inline double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
      .count();
}

struct BenchQueriesOptions {
  std::string db;
  int iterations = 2000;
  unsigned seed = 1;
  // A file whose first line is an API key for the writers (writes need
  // one); empty: none.
  std::string api_key_file;
};
// Times the roll-up questions against the in-memory index and prints one
// JSON object per question (name, p50_us, p99_us, n), plus load figures.
int BenchQueries(const BenchQueriesOptions& opt);

struct BenchHttpOptions {
  std::string url;                   // http://127.0.0.1:8080
  std::vector<std::string> targets;  // paths to pick from at random
  std::string name;
  int connections = 4;
  double seconds = 10;
  // Ask for each target once, in random order, instead of at random for
  // `seconds`: every answer is then computed afresh, none cached.
  bool once = false;
  unsigned seed = 1;
  // A file whose first line is an API key for the writers (writes need
  // one); empty: none.
  std::string api_key_file;
};
// Sends GET requests for random targets over keep-alive connections and
// prints {"name","requests","rps","p50_us","p99_us","errors"}.
int BenchHttp(const BenchHttpOptions& opt);

struct BenchMixedOptions {
  std::string url;
  std::vector<std::string> villages;  // codes with households to connect
  std::vector<std::string> reads;     // targets the readers pick from
  int writers = 64;
  int readers = 64;
  double seconds = 60;
  int batch = 10;         // half the writers send batches of this size
  double read_rate = 0;   // reads per second per reader; 0: back to back
  double write_rate = 0;  // requests per second per writer; 0: back to back
  unsigned seed = 1;
  // A file whose first line is an API key for the writers (writes need
  // one); empty: none.
  std::string api_key_file;
};
// Writers record connections (single and batched) while readers read
// roll-ups; prints writes/s, read p99, errors, and whether the national
// total moved by exactly what was acknowledged.  Returns 1 if it did not
// or if there were errors.
int BenchMixed(const BenchMixedOptions& opt);

struct BenchQualityOptions {
  std::string db;
  int iterations = 2000;  // per question; 0: start-up only
  unsigned seed = 1;
  std::string from = "2022-04-01", to = "2025-03-31";  // days asked about
};
// Loads coverage and then water quality from `db` and prints their
// start-up seconds and resident memory, then times QualityService::SummaryOf
// for random places of each level and random days (JSON lines).
int BenchQuality(const BenchQualityOptions& opt);

struct BenchSupplyOptions {
  std::string db;
  int iterations = 2000;  // per question; 0: start-up only
  unsigned seed = 1;
  // Days asked about; `to` empty: today.
  std::string from = "2019-08-15", to;
};
// Loads coverage and then water supply from `db` and prints their start-up
// seconds and resident memory, then times SupplyService::HgjSummary (the
// place and one row per child place) and Headline for random places of
// each level and random days, and Results of the first survey round for
// random places, if there is a round (JSON lines {name,p50_us,p99_us,n,
// errors}).
int BenchSupply(const BenchSupplyOptions& opt);

struct BenchReportsOptions {
  std::string db;
  std::string out_dir = "/tmp";  // where the files are written (then removed)
  std::string as_of;             // default: today
  std::string lang = "en";
  int states = 0;  // states whose PDFs are timed (0: all)
};
// Loads coverage, then times the reports the speed targets name: the
// village-wise J7 of the whole nation built and written as XLSX and CSV
// (seconds, rows, bytes, resident memory before and at its peak), and each
// state's J3, J5, J17 and J23 as PDF, and the largest state's J7 as PDF.
// JSON lines (bench/reports.mjs puts them beside openpyxl writing the same
// rows).
int BenchReports(const BenchReportsOptions& opt);

}  // namespace jjm

#endif  // JJM_CLI_BENCH_H_
