#include "supply/certification.h"

#include <algorithm>

namespace jjm {

std::string_view HgjStatusName(HgjStatus s) {
  switch (s) {
    case HgjStatus::kInProgress:
      return "in_progress";
    case HgjStatus::kReported:
      return "reported";
    case HgjStatus::kSubmitted:
      return "submitted";
    case HgjStatus::kReturned:
      return "returned";
    case HgjStatus::kCertified:
      return "certified";
  }
  return "in_progress";
}

std::optional<HgjStatus> ParseHgjStatus(std::string_view name) {
  for (int i = 0; i < kHgjStatuses; ++i) {
    auto s = static_cast<HgjStatus>(i);
    if (HgjStatusName(s) == name) return s;
  }
  return std::nullopt;
}

namespace {

void Short(Readiness* r, const char* what, const char* plural, int32_t have,
           int32_t total) {
  if (have >= total) return;
  const int32_t lacking = total - have;
  r->missing.push_back(std::to_string(lacking) + " of " +
                       std::to_string(total) + " " + plural +
                       (lacking == 1 ? " has" : " have") + " no tap");
  r->shortfalls.push_back({what, lacking, total});
}

bool Full(const Metrics& m) {
  return m.total_hh > 0 && m.hh_with_tap >= m.total_hh &&
         m.schools_with_tap >= m.schools &&
         m.anganwadis_with_tap >= m.anganwadis;
}

}  // namespace

Readiness ReadinessOf(const Metrics& v) {
  Readiness r;
  if (v.total_hh <= 0) {
    r.missing.push_back("the village has no households on record");
    r.shortfalls.push_back({"no_households", 0, 0});
    return r;
  }
  Short(&r, "households", "households", v.hh_with_tap, v.total_hh);
  Short(&r, "schools", "schools", v.schools_with_tap, v.schools);
  Short(&r, "anganwadis", "anganwadi centres", v.anganwadis_with_tap,
        v.anganwadis);
  r.ready = r.missing.empty();
  return r;
}

Status CheckStep(HgjStatus current, HgjStatus next) {
  bool ok = false;
  switch (next) {
    case HgjStatus::kReported:
      ok = current == HgjStatus::kInProgress;
      break;
    case HgjStatus::kSubmitted:
      ok = current == HgjStatus::kReported || current == HgjStatus::kReturned;
      break;
    case HgjStatus::kCertified:
    case HgjStatus::kReturned:
      ok = current == HgjStatus::kSubmitted;
      break;
    case HgjStatus::kInProgress:
      ok = false;
      break;
  }
  if (ok) return Status::Ok();
  std::string why;
  switch (next) {
    case HgjStatus::kReported:
      why = "only a village in progress can be reported Har Ghar Jal";
      break;
    case HgjStatus::kSubmitted:
      why =
          "a certification can be submitted only for a reported or "
          "returned village";
      break;
    default:
      why = "only a submitted certification can be reviewed";
      break;
  }
  return Status(StatusCode::kFailedPrecondition,
                why + "; the village is " + std::string(HgjStatusName(current)))
      .With("status", std::string(HgjStatusName(current)));
}

std::vector<StatusSpan> StatusTimeline(const std::vector<HgjStep>& steps,
                                       const VillageTimeline::Steps& coverage) {
  std::vector<StatusSpan> out;
  if (steps.empty()) return out;
  // Figures on a day, from the step function.
  auto figures_at = [&](int32_t day) {
    const auto& s = coverage.steps;
    auto it =
        std::upper_bound(s.begin(), s.end(), day,
                         [](int32_t d, const std::pair<int32_t, Metrics>& p) {
                           return d < p.first;
                         });
    return it == s.begin() ? coverage.base : std::prev(it)->second;
  };
  auto push = [&](StatusSpan span) {
    if (!out.empty() && out.back().day == span.day) {
      out.back() = span;  // the last word on a day
      if (out.size() >= 2 && out[out.size() - 2].status == span.status &&
          out[out.size() - 2].reverted == span.reverted) {
        out.pop_back();
      }
      return;
    }
    if (!out.empty() && out.back().status == span.status) return;
    out.push_back(span);
  };
  HgjStatus cur = HgjStatus::kInProgress;
  size_t cov = 0;  // next coverage step to look at
  const auto& cs = coverage.steps;
  // Checks coverage from day `from` (inclusive) up to `to` (exclusive):
  // the first day on which it is short while the status counts.
  auto check = [&](int32_t from, int32_t to) {
    if (!CountsAsReported(cur)) return;
    // The figures on `from` itself.
    Metrics m = figures_at(from);
    if (!Full(m)) {
      cur = HgjStatus::kInProgress;
      push({from, cur, -1, true, m});
      return;
    }
    while (cov < cs.size() && cs[cov].first <= from) ++cov;
    for (size_t k = cov; k < cs.size() && cs[k].first < to; ++k) {
      if (!Full(cs[k].second)) {
        cur = HgjStatus::kInProgress;
        push({cs[k].first, cur, -1, true, cs[k].second});
        return;
      }
    }
  };
  for (size_t i = 0; i < steps.size(); ++i) {
    const HgjStep& st = steps[i];
    if (!CheckStep(cur, st.status).ok()) continue;
    cur = st.status;
    push({st.day, cur, static_cast<int>(i), false, Metrics()});
    // Look for a fall up to the next step's day (or for ever).
    int32_t next_day = kMaxDay;
    if (i + 1 < steps.size()) next_day = steps[i + 1].day;
    // A step on the same day comes first: coverage is judged after all of
    // a day's steps.
    if (next_day == st.day) continue;
    cov = 0;
    check(st.day, next_day);
  }
  return out;
}

const StatusSpan* SpanAt(const std::vector<StatusSpan>& spans, int32_t day) {
  auto it = std::upper_bound(
      spans.begin(), spans.end(), day,
      [](int32_t d, const StatusSpan& s) { return d < s.day; });
  if (it == spans.begin()) return nullptr;
  return &*std::prev(it);
}

std::string ReversalReason(const Metrics& m) {
  Readiness r = ReadinessOf(m);
  std::string out = "coverage fell";
  for (size_t i = 0; i < r.missing.size(); ++i) {
    out += (i == 0 ? ": " : "; ") + r.missing[i];
  }
  return out;
}

}  // namespace jjm
