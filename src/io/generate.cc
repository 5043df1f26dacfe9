// Generate(): the demo data generator's steps in order.  The national
// series and each state's curve (generate_series.cc), the places, villages
// and their facts (generate_places.cc), and the files (generate_files.cc).
#include "io/generate.h"

#include <filesystem>

#include "io/generate_internal.h"

namespace jjm {

StatusOr<GenerateStats> Generate(const GenerateOptions& opt) {
  if (!(opt.scale > 0 && opt.scale <= 1)) {
    return InvalidArgument("scale must be above 0 and at most 1", "scale");
  }
  std::error_code ec;
  std::filesystem::create_directories(opt.out_dir, ec);
  if (ec) {
    return InvalidArgument(
        "cannot create '" + opt.out_dir + "': " + ec.message(), "out");
  }
  gen::Rng rng(opt.seed);
  GenerateStats stats;
  const gen::StatePlan plan = gen::PlanStates(opt.scale);
  gen::Generated out;
  out.resurveys.resize(std::size(gen::kSurveys));
  for (int s = 0; s < static_cast<int>(std::size(gen::kStates)); ++s) {
    gen::GenerateState(s, plan, opt.scale, rng, &out, &stats);
  }
  JJM_RETURN_IF_ERROR(gen::WriteGenerated(opt.out_dir, &out, &stats));
  return stats;
}

}  // namespace jjm
