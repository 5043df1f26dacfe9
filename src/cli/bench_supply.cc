// jjm bench supply: start-up of coverage and water supply together from the
// store, resident memory, and the Har Ghar Jal and functionality questions
// answered in process, as JSON lines (bench/supply.mjs puts them beside the
// same questions over HTTP and asked of PostgreSQL).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "cli/bench.h"
#include "coverage/coverage_service.h"
#include "store/db.h"
#include "supply/supply_service.h"

namespace jjm {
namespace {

using Clock = std::chrono::steady_clock;

double MicrosSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

void PrintTimes(const std::string& name, std::vector<double>& us, int errors) {
  std::sort(us.begin(), us.end());
  auto at = [&](double p) {
    if (us.empty()) return 0.0;
    return us[std::min(us.size() - 1, static_cast<size_t>(p * us.size()))];
  };
  std::printf(
      "{\"name\":\"%s\",\"p50_us\":%.2f,\"p99_us\":%.2f,\"n\":%zu,"
      "\"errors\":%d}\n",
      name.c_str(), at(0.5), at(0.99), us.size(), errors);
}

}  // namespace

int BenchSupply(const BenchSupplyOptions& opt) {
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
  auto supply = SupplyService::Open(db->get(), coverage->get());
  if (!supply.ok()) {
    std::fprintf(stderr, "jjm: %s\n", supply.status().message().c_str());
    return 2;
  }
  const double supply_secs = SecondsSince(t1);
  std::printf(
      "{\"name\":\"startup\",\"coverage_seconds\":%.3f,\"supply_seconds\":"
      "%.3f,\"total_seconds\":%.3f,\"coverage_rss_mib\":%.0f,\"rss_mib\":%.0f,"
      "\"events\":%zu}\n",
      coverage_secs, supply_secs, SecondsSince(t0), coverage_mib, ResidentMiB(),
      ls.events);
  if (opt.iterations <= 0) return 0;

  std::mt19937 rng(opt.seed);
  Date first, last;
  if (Status s = [&]() -> Status {
        JJM_ASSIGN_OR_RETURN(first, Date::Parse(opt.from));
        if (opt.to.empty()) {
          last = Date::TodayIst();
        } else {
          JJM_ASSIGN_OR_RETURN(last, Date::Parse(opt.to));
        }
        return Status::Ok();
      }();
      !s.ok()) {
    std::fprintf(stderr, "jjm: %s\n", s.message().c_str());
    return 2;
  }
  if (last.days() < first.days()) std::swap(first, last);
  auto random_day = [&] {
    return Date::FromDays(
               first.days() +
               static_cast<int32_t>(rng() % (last.days() - first.days() + 1)))
        .ToString();
  };
  // Codes of the places of each level (nation to gp; a gp's summary has a
  // row per village).
  std::vector<std::vector<std::string>> by_level(5);
  (*coverage)->Read([&](const Hierarchy& h, const CoverageIndex&) {
    for (int l = 1; l <= 4; ++l) {
      h.ForEachAtLevel(kIndia, static_cast<Level>(l),
                       [&](UnitId u) { by_level[l].push_back(h.Get(u).code); });
    }
  });
  by_level[0].push_back("IN");
  static const char* kLevels[] = {"nation", "state", "district", "block", "gp"};
  const SupplyService::Caller caller;
  volatile int64_t sink = 0;
  // Times `ask` for random places of each level up to `max_level`.
  auto each_level = [&](const std::string& what, int max_level, int n,
                        auto&& ask) {
    for (int l = 0; l <= max_level; ++l) {
      if (by_level[l].empty()) continue;
      std::vector<double> us;
      us.reserve(n);
      int errors = 0;
      for (int i = 0; i < n; ++i) {
        const std::string& code = by_level[l][rng() % by_level[l].size()];
        const std::string day = random_day();
        const auto q0 = Clock::now();
        StatusOr<Json> j = ask(code, day);
        us.push_back(MicrosSince(q0));
        if (!j.ok()) {
          ++errors;
        } else {
          sink = sink + static_cast<int64_t>(j->size());
        }
      }
      PrintTimes(std::string(kLevels[l]) + "_" + what, us, errors);
    }
  };
  // The Har Ghar Jal summary: the place and one row per child place.
  each_level("hgj_summary", 4, opt.iterations,
             [&](const std::string& code, const std::string& day) {
               // As the HTTP route answers it: written, not a tree.
               StatusOr<std::string> t =
                   (*supply)->HgjSummaryText(caller, code, day);
               if (!t.ok()) return StatusOr<Json>(t.status());
               return StatusOr<Json>(Json(t->size()));
             });
  // The dashboard's headline: coverage, Har Ghar Jal and functionality of
  // one place.
  each_level("headline", 3, opt.iterations,
             [&](const std::string& code, const std::string& day) {
               return (*supply)->Headline(caller, code, day);
             });
  // The first survey round's results, if there is one.
  StatusOr<Json> rounds = (*supply)->ListRounds(caller);
  if (rounds.ok() && rounds->contains("rows") && !(*rounds)["rows"].empty()) {
    const int64_t id = (*rounds)["rows"][0].value("id", int64_t{0});
    each_level("survey_results", 2, std::max(50, opt.iterations / 4),
               [&](const std::string& code, const std::string&) {
                 return (*supply)->Results(caller, id, code);
               });
  } else {
    std::printf("{\"name\":\"survey_results\",\"skipped\":\"no round\"}\n");
  }
  return 0;
}

}  // namespace jjm
