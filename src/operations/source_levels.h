// Groundwater levels of a village's sources and the sources whose level is
// falling, as pure rules: no SQL, no HTTP, no I/O.  A reading is the depth
// of the water below ground, in metres, measured before the monsoon
// (pre_monsoon) or after it (post_monsoon), as the Central Ground Water
// Board measures wells; a deeper reading is a lower water level.
//
// The monsoon year.  A reading belongs to the monsoon (June to September)
// of one calendar year Y:
//   - a pre-monsoon reading taken January to July of Y belongs to Y (the
//     monsoon it comes before); one taken August to December is refused;
//   - a post-monsoon reading taken August to December of Y belongs to Y,
//     one taken January to March of Y + 1 belongs to Y too (the monsoon
//     it comes after, as with January measurements); one taken April to
//     July is refused.
// "The year before" of monsoon year Y is monsoon year Y - 1.
//
//   StatusOr<std::vector<FallingSource>> f = FallingSources(readings, 1.0);
//   for (const FallingSource& s : *f) Show(s.source, s.fall_cm);
#ifndef JJM_OPERATIONS_SOURCE_LEVELS_H_
#define JJM_OPERATIONS_SOURCE_LEVELS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jjm {

enum class MonsoonSeason : uint8_t { kPre = 0, kPost = 1 };
inline constexpr int kMonsoonSeasons = 2;

// "pre_monsoon", "post_monsoon"; "" out of range.
std::string_view MonsoonSeasonName(MonsoonSeason s);
std::optional<MonsoonSeason> ParseMonsoonSeason(std::string_view name);

struct LevelReading {
  int64_t source = 0;  // the source's id
  int32_t day = 0;     // days since 1970-01-01
  MonsoonSeason season = MonsoonSeason::kPre;
  double depth_m = 0;  // below ground; negative: above ground (artesian)
};

// The depths accepted: -50 m (a flowing well's head above ground) to
// 2000 m.
inline constexpr double kMinDepthM = -50;
inline constexpr double kMaxDepthM = 2000;

// The monsoon year of `r` (see above), or nullopt when its day does not
// fit its season.
std::optional<int> MonsoonYear(const LevelReading& r);

// InvalidArgument naming the field: "season" (out of range), "day" (does
// not fit the season, see above), "depth_m" (not a finite number in
// kMinDepthM..kMaxDepthM).
Status CheckReading(const LevelReading& r);

// A source whose post-monsoon level fell: `latest` (monsoon year
// `monsoon_year`) is deeper than `previous` (monsoon year - 1) by
// fall_cm > the threshold.
struct FallingSource {
  int64_t source = 0;
  int monsoon_year = 0;
  LevelReading previous;
  LevelReading latest;
  int64_t fall_cm = 0;  // latest - previous, in whole centimetres
};

// The sources whose post-monsoon depth in a monsoon year is deeper than in
// the year before by more than `threshold_m`.  For each source and monsoon
// year the post-monsoon reading taken last counts (by day; on the same day
// the later in `readings`).  Depths and the threshold are compared in
// whole centimetres (each rounded to the nearest, so 10.8 m - 10.3 m is
// exactly 50 cm).  Pre-monsoon readings and readings failing CheckReading
// are ignored.
//
// Without `monsoon_year`: each source's latest monsoon year with a
// post-monsoon reading is compared with the year before (a source with no
// reading the year before is not listed, whatever its earlier years).
// With it: that year and the year before, for every source having both.
// Sorted by fall, largest first, then by source.  InvalidArgument naming
// "threshold_m" when it is not a finite number in 0..kMaxDepthM.
StatusOr<std::vector<FallingSource>> FallingSources(
    std::span<const LevelReading> readings, double threshold_m,
    std::optional<int> monsoon_year = std::nullopt);

}  // namespace jjm

#endif  // JJM_OPERATIONS_SOURCE_LEVELS_H_
