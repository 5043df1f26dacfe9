// jjm bench: the command line of the benchmarks in bench.cc.
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "cli/bench.h"
#include "cli/cli_common.h"

namespace jjm {
namespace {

// Reads the non-empty lines of `path` into `out`; false if it cannot.
bool ReadLines(const std::string& path, std::vector<std::string>* out) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out->push_back(line);
  }
  return static_cast<bool>(in.eof());
}

struct BenchFlags {
  BenchQueriesOptions bq;
  BenchQualityOptions bw;
  BenchSupplyOptions bs;
  BenchReportsOptions br;
  BenchHttpOptions bh;
  std::string bh_targets;
  BenchMixedOptions bm;
  std::string bm_villages;
  std::string bm_reads;
};

}  // namespace

void AddBenchCommands(CLI::App* app, Commands* out) {
  auto f = std::make_shared<BenchFlags>();
  BenchQueriesOptions& bq = f->bq;
  BenchHttpOptions& bh = f->bh;
  std::string& bh_targets = f->bh_targets;
  BenchMixedOptions& bm = f->bm;
  std::string& bm_villages = f->bm_villages;
  std::string& bm_reads = f->bm_reads;
  auto* bench = app->add_subcommand(
      "bench",
      "Measure jjm (bench/run.sh puts it beside PostgreSQL, SQLite "
      "and nginx)");
  bench->require_subcommand(1);
  auto* bqc = bench->add_subcommand(
      "queries", "Time the roll-up questions in process (JSON lines)");
  AddDbOption(bqc, &bq.db);
  bqc->add_option("--iterations", bq.iterations, "per question")
      ->capture_default_str();
  auto* bhc = bench->add_subcommand(
      "http", "GET random targets over keep-alive connections (JSON line)");
  bhc->add_option("--url", bh.url, "server, http://127.0.0.1:8080")->required();
  bhc->add_option("--targets", bh_targets, "file with one path per line")
      ->required();
  bhc->add_option("--name", bh.name, "label for the result")->required();
  bhc->add_option("--connections", bh.connections, "concurrent connections")
      ->capture_default_str();
  bhc->add_option("--seconds", bh.seconds, "duration")->capture_default_str();
  bhc->add_flag("--once", bh.once,
                "ask for each target once (nothing from the cache) instead "
                "of at random for --seconds");
  auto* bmc = bench->add_subcommand(
      "mixed", "Writers record connections while readers read roll-ups");
  bmc->add_option("--url", bm.url, "server, http://127.0.0.1:8080")->required();
  bmc->add_option("--villages", bm_villages,
                  "file with one village code per line to write to")
      ->required();
  bmc->add_option("--writers", bm.writers, "writing connections")
      ->capture_default_str();
  bmc->add_option("--readers", bm.readers, "reading connections")
      ->capture_default_str();
  bmc->add_option("--seconds", bm.seconds, "duration")->capture_default_str();
  bmc->add_option("--batch", bm.batch, "size of the batched writes")
      ->capture_default_str();
  bmc->add_option("--read-rate", bm.read_rate,
                  "reads per second per reader (0: back to back)")
      ->capture_default_str();
  bmc->add_option("--write-rate", bm.write_rate,
                  "requests per second per writer (0: back to back)")
      ->capture_default_str();
  bmc->add_option("--api-key-file", bm.api_key_file,
                  "file holding an API key of a user who may record "
                  "connections (jjm user apikey)");
  bmc->add_option("--reads", bm_reads,
                  "file with the paths readers pick from (default: states)");
  auto* bwc = bench->add_subcommand(
      "quality",
      "Start-up with water quality, memory, and the quality roll-ups in "
      "process (JSON lines)");
  AddDbOption(bwc, &f->bw.db);
  bwc->add_option("--iterations", f->bw.iterations,
                  "per question (0: start-up only)")
      ->capture_default_str();
  bwc->add_option("--from", f->bw.from, "first day asked about")
      ->capture_default_str();
  bwc->add_option("--to", f->bw.to, "last day asked about")
      ->capture_default_str();
  auto* bsc = bench->add_subcommand(
      "supply",
      "Start-up with water supply, memory, and the Har Ghar Jal and "
      "functionality roll-ups in process (JSON lines)");
  AddDbOption(bsc, &f->bs.db);
  bsc->add_option("--iterations", f->bs.iterations,
                  "per question (0: start-up only)")
      ->capture_default_str();
  bsc->add_option("--from", f->bs.from, "first day asked about")
      ->capture_default_str();
  bsc->add_option("--to", f->bs.to, "last day asked about (default: today)");
  bsc->add_option("--seed", f->bs.seed, "random seed")->capture_default_str();
  auto* brc = bench->add_subcommand(
      "reports",
      "The nation's village-wise J7 to XLSX and CSV, and each state's "
      "J-formats as PDF (JSON lines)");
  AddDbOption(brc, &f->br.db);
  brc->add_option("--out-dir", f->br.out_dir,
                  "where the files are written and removed")
      ->capture_default_str();
  brc->add_option("--as-of", f->br.as_of, "YYYY-MM-DD (default: today)");
  brc->add_option("--lang", f->br.lang, "en or hi")->capture_default_str();
  brc->add_option("--states", f->br.states,
                  "the largest N states' PDFs only (0: all)")
      ->capture_default_str();
  out->push_back({"bench reports", brc, [f] { return BenchReports(f->br); }});
  out->push_back({"bench queries", bqc, [f] { return BenchQueries(f->bq); }});
  out->push_back({"bench quality", bwc, [f] { return BenchQuality(f->bw); }});
  out->push_back({"bench supply", bsc, [f] { return BenchSupply(f->bs); }});
  out->push_back({"bench http", bhc, [f] {
                    if (!ReadLines(f->bh_targets, &f->bh.targets)) {
                      return Fail(
                          InvalidArgument("cannot read " + f->bh_targets));
                    }
                    return BenchHttp(f->bh);
                  }});
  out->push_back(
      {"bench mixed", bmc, [f] {
         if (!ReadLines(f->bm_villages, &f->bm.villages)) {
           return Fail(InvalidArgument("cannot read " + f->bm_villages));
         }
         if (!f->bm_reads.empty() && !ReadLines(f->bm_reads, &f->bm.reads)) {
           return Fail(InvalidArgument("cannot read " + f->bm_reads));
         }
         return BenchMixed(f->bm);
       }});
}

}  // namespace jjm
