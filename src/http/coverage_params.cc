#include "http/coverage_params.h"

#include <algorithm>

#include "base/strings.h"
#include "http/json_body.h"

namespace jjm {

using nlohmann::json;

Status OnlyParams(const Request& req,
                  std::initializer_list<const char*> allowed) {
  for (const auto& [k, v] : req.query) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || k == a;
    if (!ok) {
      std::string list;
      for (const char* a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
      return InvalidArgument(
          "unknown query parameter '" + k + "'" +
              (list.empty() ? "" : "; this endpoint takes " + list),
          k);
    }
  }
  return Status::Ok();
}

StatusOr<std::optional<Date>> DateParam(const Request& req, const char* name,
                                        Date today) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<Date>();
  JJM_ASSIGN_OR_RETURN(Date d, Date::ParseField(*v, name));
  if (d > today) {
    return InvalidArgument(std::string(name) + " " + d.ToString() +
                               " is after today (" + today.ToString() + ")",
                           name);
  }
  return std::optional<Date>(d);
}

StatusOr<SearchParams> ParseSearchParams(const Request& req) {
  JJM_RETURN_IF_ERROR(
      OnlyParams(req, {"q", "level", "within", "offset", "limit"}));
  SearchParams p;
  const auto number = [&](const char* name, int64_t lo, int64_t hi,
                          size_t* out) -> Status {
    auto v = req.Query(name);
    if (!v) return Status::Ok();
    std::optional<int64_t> n = ParseInt(*v);
    if (!n || *n < lo || *n > hi) {
      return InvalidArgument(
          std::string(name) + " must be a whole number from " +
              std::to_string(lo) + " to " + std::to_string(hi),
          name);
    }
    *out = static_cast<size_t>(*n);
    return Status::Ok();
  };
  JJM_RETURN_IF_ERROR(number("offset", 0, 1000, &p.offset));
  JJM_RETURN_IF_ERROR(number("limit", 1, 100, &p.limit));
  p.within = std::string(req.Query("within").value_or(""));
  p.q = std::string(Trim(req.Query("q").value_or("")));
  if (p.q.size() < 2) {
    return InvalidArgument("give at least 2 characters to search for", "q");
  }
  if (p.q.size() > 100) return InvalidArgument("q is longer than 100", "q");
  if (auto l = req.Query("level")) {
    p.level = ParseLevel(*l);
    if (!p.level || *p.level == Level::kNation) {
      return InvalidArgument(
          "level must be state, district, block, gp, village or habitation",
          "level");
    }
  }
  return p;
}

StatusOr<CoverageParams> ParseCoverageParams(const Request& req, Date today,
                                             Date default_target) {
  JJM_RETURN_IF_ERROR(OnlyParams(req, {"level", "parent", "as_of", "target"}));
  CoverageParams p;
  JJM_ASSIGN_OR_RETURN(std::optional<Date> as_of,
                       DateParam(req, "as_of", today));
  p.as_of = as_of.value_or(today);
  p.target = default_target;
  if (auto t = req.Query("target")) {
    JJM_ASSIGN_OR_RETURN(p.target, Date::ParseField(*t, "target"));
  }
  p.parent_code = std::string(req.Query("parent").value_or("IN"));
  if (auto l = req.Query("level")) p.level = std::string(*l);
  return p;
}

StatusOr<Level> RowLevel(const Hierarchy& h, UnitId parent,
                         const std::optional<std::string>& given) {
  const Place& pp = h.Get(parent);
  Level level = h.ChildLevel(parent);
  if (given) {
    auto parsed = ParseLevel(*given);
    if (!parsed || *parsed == Level::kNation || *parsed == Level::kHabitation) {
      return InvalidArgument(
          "level must be state, district, block, gp or village, not '" +
              *given + "'",
          "level");
    }
    level = *parsed;
  }
  if (level <= pp.level || level > Level::kVillage) {
    if (!given && pp.level == Level::kVillage) {
      return Level::kHabitation;  // a village: no rows, just its total
    }
    return InvalidArgument(std::string(LevelName(level)) + " is not below " +
                               std::string(LevelName(pp.level)) + " " + pp.code,
                           "level");
  }
  return level;
}

StatusOr<SeriesParams> ParseSeriesParams(const Request& req, Date today) {
  JJM_RETURN_IF_ERROR(OnlyParams(req, {"unit", "from", "to", "interval"}));
  SeriesParams p;
  JJM_ASSIGN_OR_RETURN(std::optional<Date> from, DateParam(req, "from", today));
  JJM_ASSIGN_OR_RETURN(std::optional<Date> to, DateParam(req, "to", today));
  p.from = from.value_or(JjmBaseline());
  p.to = to.value_or(today);
  if (p.to < p.from) {
    return InvalidArgument(
        "to " + p.to.ToString() + " is before from " + p.from.ToString(), "to");
  }
  if (auto i = req.Query("interval")) {
    if (*i == "day") {
      p.interval = Interval::kDay;
    } else if (*i != "month") {
      return InvalidArgument(
          "interval must be 'day' or 'month', not '" + std::string(*i) + "'",
          "interval");
    }
  }
  if (p.interval == Interval::kDay && p.to - p.from > 4000) {
    return InvalidArgument(
        "a daily series is limited to 4000 days; use interval=month",
        "interval");
  }
  auto unit = req.Query("unit");
  if (!unit || unit->empty()) {
    return InvalidArgument("unit is required", "unit");
  }
  p.unit = std::string(*unit);
  return p;
}

namespace {

// Reads one connection at `p` ("" for a single one, "connections[i]" in a
// batch) into `out`; a single one may carry the request id.
Status ReadConnection(const json& o, const std::string& p,
                      bool allow_request_id, ConnectionsBody* out) {
  if (!o.is_object()) return InvalidArgument("must be an object", p);
  ConnectionInput c;
  bool has_code = false, has_date = false, has_hh = false;
  for (auto it = o.begin(); it != o.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    const std::string f = p.empty() ? k : p + "." + k;
    if (k == "village_code" || k == "date" || k == "kind" || k == "reason" ||
        (k == "request_id" && allow_request_id)) {
      if (!v.is_string()) return InvalidArgument(k + " must be a string", f);
      const std::string s = v.get<std::string>();
      if (s.size() > 500) return InvalidArgument(k + " is too long", f);
      if (k == "village_code") {
        c.village_code = s;
        has_code = true;
      } else if (k == "date") {
        c.date = s;
        has_date = true;
      } else if (k == "kind") {
        c.kind = s;
      } else if (k == "reason") {
        c.reason = s;
      } else {
        if (s.empty() || s.size() > 100) {
          return InvalidArgument("request_id must be 1 to 100 characters", f);
        }
        out->request_id = s;
      }
    } else if (k == "households") {
      if (!v.is_number_integer()) {
        return InvalidArgument("households must be a whole number", f);
      }
      c.households = v.get<int64_t>();
      has_hh = true;
    } else {
      return InvalidArgument("unknown field '" + k + "'", f);
    }
  }
  const std::string pre = p.empty() ? "" : p + ".";
  if (!has_code) {
    return InvalidArgument("village_code is required", pre + "village_code");
  }
  if (!has_date) return InvalidArgument("date is required", pre + "date");
  if (!has_hh) {
    return InvalidArgument("households is required", pre + "households");
  }
  out->items.push_back(std::move(c));
  return Status::Ok();
}

}  // namespace

StatusOr<ConnectionsBody> ParseConnectionsBody(const Request& req) {
  JJM_ASSIGN_OR_RETURN(json body, JsonObjectBody(req));
  ConnectionsBody out;
  out.request_id = std::string(req.Header("idempotency-key"));
  out.batch = body.contains("connections");
  if (!out.batch) {
    JJM_RETURN_IF_ERROR(ReadConnection(body, "", true, &out));
    return out;
  }
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it.key() == "request_id") {
      if (!it.value().is_string() || it.value().get<std::string>().empty() ||
          it.value().get<std::string>().size() > 100) {
        return InvalidArgument(
            "request_id must be a string of 1 to 100 characters", "request_id");
      }
      out.request_id = it.value().get<std::string>();
    } else if (it.key() != "connections") {
      return InvalidArgument("unknown field '" + it.key() + "'", it.key());
    }
  }
  const json& list = body["connections"];
  if (!list.is_array() || list.empty()) {
    return InvalidArgument("connections must be a non-empty array",
                           "connections");
  }
  if (list.size() > 10000) {
    return InvalidArgument("at most 10000 connections in one request",
                           "connections");
  }
  for (size_t i = 0; i < list.size(); ++i) {
    JJM_RETURN_IF_ERROR(ReadConnection(
        list[i], "connections[" + std::to_string(i) + "]", false, &out));
  }
  return out;
}

std::vector<std::string> VillageCodesOf(const json& body) {
  std::vector<std::string> codes;
  auto take = [&](const json& o) {
    if (o.is_object() && o.contains("village_code") &&
        o["village_code"].is_string()) {
      codes.push_back(o["village_code"].get<std::string>());
    }
  };
  if (body.contains("connections") && body["connections"].is_array()) {
    for (const json& o : body["connections"]) take(o);
  } else {
    take(body);
  }
  return codes;
}

}  // namespace jjm
