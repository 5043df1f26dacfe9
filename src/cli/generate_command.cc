// jjm generate: deterministic synthetic national data as import files.
#include <chrono>
#include <memory>
#include <string>

#include "base/strings.h"
#include "cli/cli_common.h"
#include "io/generate.h"
#include "io/quality_import.h"

namespace jjm {
namespace {

struct GenerateFlags {
  double scale = 1.0;
  std::string out;
  uint64_t seed = 20190815;
  std::string db = "var/jjm.db";
};

int RunGenerate(const GenerateFlags& f) {
  GenerateOptions g;
  g.scale = f.scale;
  g.out_dir = f.out;
  g.seed = f.seed;
  const auto t0 = std::chrono::steady_clock::now();
  auto st = Generate(g);
  if (!st.ok()) return Fail(st.status());
  if (Status s = GeneratePartners(f.out, f.seed); !s.ok()) return Fail(s);
  auto q = GenerateQualityDemo(f.out, f.seed, Date::TodayIst());
  if (!q.ok()) return Fail(q.status());
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  std::printf(
      "wrote %s: %lld states, %s districts, %s blocks, %s gram panchayats, "
      "%s villages, %s habitations, %s households (%s with tap on "
      "2019-08-15, "
      "%s on 2025-07-16), %s ledger rows, %s re-survey rows in %.1f s\n",
      f.out.c_str(), static_cast<long long>(st->states),
      IndianGrouped(st->districts).c_str(), IndianGrouped(st->blocks).c_str(),
      IndianGrouped(st->gps).c_str(), IndianGrouped(st->villages).c_str(),
      IndianGrouped(st->habitations).c_str(),
      IndianShort(st->households).c_str(),
      IndianShort(st->baseline_with_tap).c_str(),
      IndianShort(st->final_with_tap).c_str(),
      IndianGrouped(st->ledger_rows).c_str(),
      IndianGrouped(st->resurvey_rows).c_str(), secs);
  std::printf(
      "water quality: %s labs (%s with a valid NABL certificate), %s "
      "sources, %s samples (%s FTK, %s failing)\n",
      IndianGrouped(q->labs).c_str(), IndianGrouped(q->nabl_labs).c_str(),
      IndianGrouped(q->sources).c_str(), IndianGrouped(q->samples).c_str(),
      IndianGrouped(q->ftk_samples).c_str(), IndianGrouped(q->failing).c_str());
  return 0;
}

}  // namespace

void AddGenerateCommand(CLI::App* app, Commands* out) {
  auto f = std::make_shared<GenerateFlags>();
  auto* gen = app->add_subcommand(
      "generate",
      "Write deterministic synthetic national data as import files");
  gen->add_option("--scale", f->scale, "1 = national size")
      ->capture_default_str()
      ->check(CLI::Range(0.0001, 1.0));
  gen->add_option("--out", f->out, "folder to write")->required();
  gen->add_option("--seed", f->seed, "random seed")->capture_default_str();
  gen->add_option("--db", f->db, "unused; accepted like every subcommand");
  out->push_back({"generate", gen, [f] { return RunGenerate(*f); }});
}

}  // namespace jjm
