// The certification queue: the villages in a place at each step towards
// Har Ghar Jal, and those the figures say are ready but not yet reported.
#include <algorithm>
#include <map>

#include "supply/supply_internal.h"

namespace jjm {

StatusOr<Json> SupplyService::HgjQueue(const Caller& c, const Json& query) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(query, "", {"place", "status", "limit"}));
  JJM_ASSIGN_OR_RETURN(std::string place,
                       TextField(query, "", "place", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(std::string status,
                       TextField(query, "", "status", false, 0, 20));
  int64_t limit = 200;
  if (query.contains("limit")) {
    if (!query["limit"].is_number_integer() ||
        query["limit"].get<int64_t>() < 1 ||
        query["limit"].get<int64_t>() > 1000) {
      return InvalidArgument("limit must be a whole number from 1 to 1000",
                             "limit");
    }
    limit = query["limit"].get<int64_t>();
  }
  if (status.empty()) status = "submitted";
  std::optional<HgjStatus> want = ParseHgjStatus(status);
  if (!want && status != "ready") {
    return InvalidArgument(
        "status must be ready, reported, submitted, returned, certified or "
        "in_progress",
        "status");
  }
  // The places: the one asked for (which must be in scope), else the
  // caller's own.
  std::vector<UnitId> places;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(UnitId u, I.PlaceOf(place, "place"));
    if (!I.Sees(c, u)) {
      return Status(StatusCode::kPermissionDenied,
                    "the place is outside your roles", "place");
    }
    places.push_back(u);
  } else if (c.command_line) {
    places.push_back(kIndia);
  } else {
    places = PlacesWith(*c.principal, Permission::kReadInternal);
    if (places.empty()) {
      return Status(StatusCode::kPermissionDenied,
                    "your roles do not include a place");
    }
  }
  const int32_t today = c.today.days();
  return I.Shared([&](const Hierarchy& h, const CoverageIndex& x) -> Json {
    const HgjIndex& idx = I.locked_hgj();
    Json rows = Json::array();
    Json counts = Json::object();
    int64_t ready = 0;
    std::map<std::string, int64_t> by;
    auto within = [&](UnitId v) {
      for (UnitId p : places) {
        if (h.IsWithin(v, p)) return true;
      }
      return false;
    };
    auto add = [&](UnitId v, const StatusSpan* s) {
      if (static_cast<int64_t>(rows.size()) >= limit) return;
      Json r{
          {"village", I.PlaceJson(v, h)},
          {"path", h.PathCodes(v)},
          {"status",
           std::string(HgjStatusName(s ? s->status : HgjStatus::kInProgress))}};
      if (s) r["since"] = DayString(s->day);
      if (s && s->reverted) r["reason"] = ReversalReason(s->figures);
      rows.push_back(r);
    };
    std::vector<UnitId> tracked = idx.Villages();
    std::sort(tracked.begin(), tracked.end());
    for (UnitId v : tracked) {
      if (!within(v)) continue;
      const StatusSpan* s = SpanAt(idx.Spans(v), today);
      const HgjStatus st = s ? s->status : HgjStatus::kInProgress;
      ++by[std::string(HgjStatusName(st))];
      if (want && st == *want) add(v, s);
    }
    // Ready: full coverage by the figures, not reported (never, or fallen
    // back and covered again).
    for (UnitId p : places) {
      h.ForEachVillage(p, [&](UnitId v) {
        const StatusSpan* s = SpanAt(idx.Spans(v), today);
        if (s != nullptr && CountsAsReported(s->status)) return;
        if (!ReadinessOf(x.Current(v)).ready) return;
        ++ready;
        if (!want) add(v, s);
      });
    }
    for (const char* n :
         {"reported", "submitted", "returned", "certified", "in_progress"}) {
      counts[n] = by.count(n) ? by[n] : 0;
    }
    counts["ready"] = ready;
    return Json{{"status", status}, {"rows", rows}, {"counts", counts}};
  });
}

}  // namespace jjm
