// jjm bench reports: the speed targets of the reporting layer, in process:
// the nation's village-wise J7 to XLSX and CSV, and each state's J-formats
// as PDF (JSON lines; bench/reports.mjs adds openpyxl beside it).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/bench.h"
#include "cli/cli_common.h"
#include "reports/reports_service.h"
#include "reports/table_writers.h"

namespace jjm {
namespace {

using Clock = std::chrono::steady_clock;

// Resets the peak (VmHWM) to the current resident size.
void ResetPeak() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
}

}  // namespace

int BenchReports(const BenchReportsOptions& opt) {
  const auto t0 = Clock::now();
  auto opened = OpenAndLoad(opt.db);
  if (!opened.ok()) return Fail(opened.status());
  auto reports = ReportsService::Open(opened->db.get(), opened->svc.get());
  if (!reports.ok()) return Fail(reports.status());
  std::printf("{\"name\":\"start-up\",\"seconds\":%.2f,\"rss_mib\":%.0f}\n",
              SecondsSince(t0), ProcStatusMiB("VmRSS:"));
  std::fflush(stdout);
  ReportsService::Caller c;
  c.command_line = true;
  c.actor = "bench";

  // The nation, village by village.
  ResetPeak();
  const double rss0 = ProcStatusMiB("VmRSS:");
  auto t1 = Clock::now();
  auto j7 = (*reports)->Build(c, "j7", "", opt.as_of);
  if (!j7.ok()) return Fail(j7.status());
  const double build_s = SecondsSince(t1);
  const std::string xlsx =
      opt.out_dir + "/jjm-bench-j7-" + std::to_string(getpid()) + ".xlsx";
  t1 = Clock::now();
  if (Status s = WriteTableXlsx(*j7, opt.lang, xlsx); !s.ok()) return Fail(s);
  const double xlsx_s = SecondsSince(t1);
  const double peak = ProcStatusMiB("VmHWM:");
  const auto xlsx_bytes = std::filesystem::file_size(xlsx);
  std::filesystem::remove(xlsx);
  t1 = Clock::now();
  const std::string csv = TableCsv(*j7, opt.lang);
  const double csv_s = SecondsSince(t1);
  std::printf(
      "{\"name\":\"national j7\",\"rows\":%zu,\"build_s\":%.2f,"
      "\"xlsx_s\":%.2f,\"xlsx_total_s\":%.2f,\"xlsx_bytes\":%ju,"
      "\"csv_s\":%.2f,\"csv_bytes\":%zu,\"table_mib\":%.0f,"
      "\"rss_before_mib\":%.0f,\"rss_peak_mib\":%.0f}\n",
      j7->rows(), build_s, xlsx_s, build_s + xlsx_s,
      static_cast<uintmax_t>(xlsx_bytes), csv_s, csv.size(),
      j7->MemoryBytes() / 1048576.0, rss0, peak);
  std::fflush(stdout);
  // The CSV as a peer's input (bench/reports.mjs).
  {
    std::ofstream out(opt.out_dir + "/jjm-bench-j7.csv", std::ios::binary);
    out << csv;
  }

  // Each state's J-formats as PDF, and the largest state's J7.
  std::vector<std::pair<std::string, int64_t>> states;  // code, villages
  opened->svc->Read([&](const Hierarchy& h, const CoverageIndex& index) {
    for (UnitId s : h.Get(kIndia).children) {
      states.emplace_back(h.Get(s).code, index.Current(s).villages);
    }
  });
  std::sort(states.begin(), states.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  if (opt.states > 0 && static_cast<size_t>(opt.states) < states.size()) {
    states.resize(static_cast<size_t>(opt.states));
  }
  for (const char* name : {"j3", "j5", "j17", "j23"}) {
    std::vector<double> secs;
    std::string slowest;
    for (const auto& [code, villages] : states) {
      t1 = Clock::now();
      auto t = (*reports)->Build(c, name, code, opt.as_of);
      if (!t.ok()) return Fail(t.status());
      auto pdf = RenderTable(*t, TableFormat::kPdf, opt.lang);
      if (!pdf.ok()) return Fail(pdf.status());
      secs.push_back(SecondsSince(t1));
      if (secs.back() >= *std::max_element(secs.begin(), secs.end())) {
        slowest = code;
      }
    }
    std::vector<double> sorted = secs;
    std::sort(sorted.begin(), sorted.end());
    std::printf(
        "{\"name\":\"state %s pdf\",\"states\":%zu,\"median_s\":%.3f,"
        "\"max_s\":%.3f,\"slowest\":\"%s\"}\n",
        name, sorted.size(), sorted.empty() ? 0 : sorted[sorted.size() / 2],
        sorted.empty() ? 0 : sorted.back(), slowest.c_str());
    std::fflush(stdout);
  }
  if (!states.empty()) {
    // Three runs, as a shared machine's timings wander: each the build of
    // the table and its PDF.
    std::vector<double> secs;
    size_t rows = 0, bytes = 0;
    for (int run = 0; run < 3; ++run) {
      t1 = Clock::now();
      auto t = (*reports)->Build(c, "j7", states[0].first, opt.as_of);
      if (!t.ok()) return Fail(t.status());
      auto pdf = RenderTable(*t, TableFormat::kPdf, opt.lang);
      if (!pdf.ok()) return Fail(pdf.status());
      secs.push_back(SecondsSince(t1));
      rows = t->rows();
      bytes = pdf->size();
    }
    std::sort(secs.begin(), secs.end());
    std::printf(
        "{\"name\":\"largest state j7 pdf\",\"state\":\"%s\",\"rows\":%zu,"
        "\"runs\":3,\"min_s\":%.2f,\"median_s\":%.2f,\"max_s\":%.2f,"
        "\"bytes\":%zu}\n",
        states[0].first.c_str(), rows, secs[0], secs[1], secs[2], bytes);
  }
  return 0;
}

}  // namespace jjm
