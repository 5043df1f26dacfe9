#include "operations/source_levels.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "base/date.h"

namespace jjm {

std::string_view MonsoonSeasonName(MonsoonSeason s) {
  switch (s) {
    case MonsoonSeason::kPre:
      return "pre_monsoon";
    case MonsoonSeason::kPost:
      return "post_monsoon";
  }
  return "";
}

std::optional<MonsoonSeason> ParseMonsoonSeason(std::string_view name) {
  for (int i = 0; i < kMonsoonSeasons; ++i) {
    auto s = static_cast<MonsoonSeason>(i);
    if (MonsoonSeasonName(s) == name) return s;
  }
  return std::nullopt;
}

std::optional<int> MonsoonYear(const LevelReading& r) {
  const Date d = Date::FromDays(r.day);
  const int month = d.month();
  switch (r.season) {
    case MonsoonSeason::kPre:
      if (month <= 7) return d.year();
      return std::nullopt;
    case MonsoonSeason::kPost:
      if (month >= 8) return d.year();
      if (month <= 3) return d.year() - 1;
      return std::nullopt;
  }
  return std::nullopt;
}

Status CheckReading(const LevelReading& r) {
  if (static_cast<int>(r.season) >= kMonsoonSeasons) {
    return InvalidArgument("season must be pre_monsoon or post_monsoon",
                           "season");
  }
  if (!MonsoonYear(r).has_value()) {
    return InvalidArgument(
        r.season == MonsoonSeason::kPre
            ? "a pre-monsoon reading is taken January to July"
            : "a post-monsoon reading is taken August to March",
        "day");
  }
  if (!std::isfinite(r.depth_m) || r.depth_m < kMinDepthM ||
      r.depth_m > kMaxDepthM) {
    return InvalidArgument("the depth below ground must be -50 to 2000 metres",
                           "depth_m");
  }
  return Status::Ok();
}

namespace {

int64_t Centimetres(double metres) { return std::llround(metres * 100); }

}  // namespace

StatusOr<std::vector<FallingSource>> FallingSources(
    std::span<const LevelReading> readings, double threshold_m,
    std::optional<int> monsoon_year) {
  if (!std::isfinite(threshold_m) || threshold_m < 0 ||
      threshold_m > kMaxDepthM) {
    return InvalidArgument("the threshold must be 0 to 2000 metres",
                           "threshold_m");
  }
  const int64_t threshold_cm = Centimetres(threshold_m);
  // (source, monsoon year) -> the post-monsoon reading taken last.
  std::map<std::pair<int64_t, int>, LevelReading> post;
  for (const LevelReading& r : readings) {
    if (r.season != MonsoonSeason::kPost || !CheckReading(r).ok()) continue;
    const std::pair<int64_t, int> key(r.source, *MonsoonYear(r));
    auto [it, added] = post.try_emplace(key, r);
    if (!added && r.day >= it->second.day) it->second = r;
  }
  std::vector<FallingSource> out;
  auto compare = [&](int64_t source, int year) {
    auto latest = post.find({source, year});
    auto previous = post.find({source, year - 1});
    if (latest == post.end() || previous == post.end()) return;
    const int64_t fall = Centimetres(latest->second.depth_m) -
                         Centimetres(previous->second.depth_m);
    if (fall <= threshold_cm) return;
    out.push_back({source, year, previous->second, latest->second, fall});
  };
  for (auto it = post.begin(); it != post.end(); ++it) {
    const int64_t source = it->first.first;
    auto next = std::next(it);
    const bool last_of_source =
        next == post.end() || next->first.first != source;
    if (monsoon_year.has_value()) {
      if (it->first.second == *monsoon_year) compare(source, *monsoon_year);
    } else if (last_of_source) {
      compare(source, it->first.second);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const FallingSource& a, const FallingSource& b) {
              if (a.fall_cm != b.fall_cm) return a.fall_cm > b.fall_cm;
              return a.source < b.source;
            });
  return out;
}

}  // namespace jjm
