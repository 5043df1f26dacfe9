// jjm bench quality: start-up of coverage and water quality together from
// the store, resident memory, and the quality roll-up questions answered in
// process, as JSON lines (bench/quality.mjs puts them beside the same
// questions asked of PostgreSQL).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "cli/bench.h"
#include "coverage/coverage_service.h"
#include "quality/quality_service.h"
#include "store/db.h"

namespace jjm {
namespace {

using Clock = std::chrono::steady_clock;

void PrintTimes(const char* name, std::vector<double>& us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double p) {
    if (us.empty()) return 0.0;
    return us[std::min(us.size() - 1, static_cast<size_t>(p * us.size()))];
  };
  std::printf("{\"name\":\"%s\",\"p50_us\":%.2f,\"p99_us\":%.2f,\"n\":%zu}\n",
              name, at(0.5), at(0.99), us.size());
}

}  // namespace

int BenchQuality(const BenchQualityOptions& opt) {
  const auto t0 = Clock::now();
  auto db = Db::Open(opt.db);
  if (!db.ok()) {
    std::fprintf(stderr, "jjm: %s\n", db.status().message().c_str());
    return 2;
  }
  if (Status s = Migrate(db->get()); !s.ok()) {
    std::fprintf(stderr, "jjm: %s\n", s.message().c_str());
    return 2;
  }
  LoadStats ls;
  auto coverage = CoverageService::Load(db->get(), &ls);
  if (!coverage.ok()) {
    std::fprintf(stderr, "jjm: %s\n", coverage.status().message().c_str());
    return 2;
  }
  const double coverage_secs = SecondsSince(t0);
  const double coverage_mib = ResidentMiB();
  const auto t1 = Clock::now();
  auto quality = QualityService::Open(db->get(), coverage->get());
  if (!quality.ok()) {
    std::fprintf(stderr, "jjm: %s\n", quality.status().message().c_str());
    return 2;
  }
  const double quality_secs = SecondsSince(t1);
  std::printf(
      "{\"name\":\"startup\",\"coverage_seconds\":%.3f,\"quality_seconds\":"
      "%.3f,\"total_seconds\":%.3f,\"coverage_rss_mib\":%.0f,\"rss_mib\":%.0f,"
      "\"events\":%zu}\n",
      coverage_secs, quality_secs, SecondsSince(t0), coverage_mib,
      ResidentMiB(), ls.events);
  if (opt.iterations <= 0) return 0;

  std::mt19937 rng(opt.seed);
  Date first, last;
  if (Status s = [&]() -> Status {
        JJM_ASSIGN_OR_RETURN(first, Date::Parse(opt.from));
        JJM_ASSIGN_OR_RETURN(last, Date::Parse(opt.to));
        return Status::Ok();
      }();
      !s.ok()) {
    std::fprintf(stderr, "jjm: %s\n", s.message().c_str());
    return 2;
  }
  auto random_day = [&] {
    return Date::FromDays(
        first.days() +
        static_cast<int32_t>(rng() % (last.days() - first.days() + 1)));
  };
  std::vector<std::vector<UnitId>> by_level(6);
  (*coverage)->Read([&](const Hierarchy& h, const CoverageIndex&) {
    for (int l = 1; l <= 5; ++l) {
      h.ForEachAtLevel(kIndia, static_cast<Level>(l),
                       [&](UnitId u) { by_level[l].push_back(u); });
    }
  });
  by_level[0].push_back(kIndia);
  static const char* kNames[] = {"nation_summary",   "state_summary",
                                 "district_summary", "block_summary",
                                 "gp_summary",       "village_summary"};
  volatile int64_t sink = 0;
  for (int l = 0; l <= 5; ++l) {
    if (by_level[l].empty()) continue;
    std::vector<double> us;
    us.reserve(opt.iterations);
    for (int i = 0; i < opt.iterations; ++i) {
      const UnitId u = by_level[l][rng() % by_level[l].size()];
      const Date d = random_day();
      const auto q0 = Clock::now();
      const QualitySummary s = (*quality)->SummaryOf(u, d);
      sink = sink + s.samples + s.failing + s.habitations_affected;
      us.push_back(
          std::chrono::duration<double, std::micro>(Clock::now() - q0).count());
    }
    PrintTimes(kNames[l], us);
  }
  // A state's summary with one row per district, as the page asks.
  std::vector<double> us;
  for (int i = 0; i < std::max(50, opt.iterations / 10); ++i) {
    const UnitId st = by_level[1][rng() % by_level[1].size()];
    const Date d = random_day();
    const auto q0 = Clock::now();
    (*coverage)->Read([&](const Hierarchy& h, const CoverageIndex&) {
      for (UnitId c : h.Get(st).children) {
        sink = sink + (*quality)->SummaryOf(c, d).failing;
      }
    });
    us.push_back(
        std::chrono::duration<double, std::micro>(Clock::now() - q0).count());
  }
  PrintTimes("state_districts_summary", us);
  return 0;
}

}  // namespace jjm
