#include "http/coverage_api.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <shared_mutex>
#include <unordered_map>

#include "accounts/roles.h"
#include "base/json_writer.h"
#include "base/strings.h"
#include "coverage/report.h"
#include "http/json_body.h"
#include "store/coverage_store.h"

namespace jjm {
namespace {

using nlohmann::json;

// Refuses query parameters the endpoint does not know, so that a typo
// ("as-of") is an error rather than silently ignored.
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

// Parses an optional date parameter, refusing dates after today.
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

void WriteUnitRef(JsonWriter& w, const Place& p) {
  w.BeginObject();
  w.Key("code").String(p.code);
  w.Key("name").String(p.name);
  w.Key("level").String(LevelName(p.level));
  w.EndObject();
}

void WriteMetrics(JsonWriter& w, const Metrics& m) {
  w.Key("total_hh").Int(m.total_hh);
  w.Key("hh_with_tap").Int(m.hh_with_tap);
  w.Key("pct").Double(Percent(m.hh_with_tap, m.total_hh), 2);
  w.Key("villages").Int(m.villages);
  w.Key("hgj_villages").Int(m.hgj_villages);
  w.Key("schools").Int(m.schools);
  w.Key("schools_with_tap").Int(m.schools_with_tap);
  w.Key("anganwadis").Int(m.anganwadis);
  w.Key("anganwadis_with_tap").Int(m.anganwadis_with_tap);
}

// The level of `unit`'s children: the level of its first child, or the
// next level down when it has none.
Level ChildLevel(const Hierarchy& h, UnitId unit) {
  const Place& p = h.Get(unit);
  if (!p.children.empty()) {
    Level lowest = Level::kHabitation;
    for (UnitId c : p.children) lowest = std::min(lowest, h.Get(c).level);
    return lowest;
  }
  return static_cast<Level>(std::min(6, static_cast<int>(p.level) + 1));
}

bool ContainsIgnoreCase(std::string_view hay, std::string_view needle) {
  if (needle.empty() || needle.size() > hay.size()) return needle.empty();
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() &&
           std::tolower(static_cast<unsigned char>(hay[i + k])) ==
               std::tolower(static_cast<unsigned char>(needle[k]))) {
      ++k;
    }
    if (k == needle.size()) return true;
  }
  return false;
}

// Answers to reads, kept until the data changes: a dashboard asks the same
// few questions again and again.  Keyed by the request target and today's
// date; every entry belongs to one version of the data.
class ResponseCache {
 public:
  std::shared_ptr<const std::string> Get(const std::string& key,
                                         uint64_t version) {
    std::shared_lock lock(mu_);
    if (version != version_) return nullptr;
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : it->second;
  }
  std::shared_ptr<const std::string> Put(const std::string& key,
                                         uint64_t version, std::string body) {
    auto value = std::make_shared<const std::string>(std::move(body));
    std::unique_lock lock(mu_);
    if (version != version_ || map_.size() >= kMaxEntries) {
      map_.clear();
      version_ = version;
    }
    map_[key] = value;
    return value;
  }

 private:
  static constexpr size_t kMaxEntries = 4096;
  std::shared_mutex mu_;
  uint64_t version_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> map_;
};

class CoverageApi {
 public:
  // Runs `compute` unless an answer for this request at this version is
  // cached; only successful answers are kept.
  template <typename Fn>
  Response Cached(Request& req, Fn&& compute) {
    const uint64_t version = svc_->version();
    std::string key = req.target;
    key += '|';
    key += opt_.today().ToString();
    if (auto hit = cache_.Get(key, version)) {
      Response r;
      r.shared_body = std::move(hit);
      return r;
    }
    Response r = compute(req);
    if (r.status == 200) {
      r.shared_body = cache_.Put(key, version, std::move(r.body));
      r.body.clear();
    }
    return r;
  }

  CoverageApi(CoverageService* svc, Db* reader, CoverageApiOptions opt)
      : svc_(svc), reader_(reader), opt_(std::move(opt)) {}

  Response Health(Request& req) {
    if (Status s = OnlyParams(req, {}); !s.ok()) return Response::Error(s);
    JsonWriter w;
    svc_->Read([&](const Hierarchy& h, const CoverageIndex& index) {
      w.BeginObject();
      w.Key("status").String("ok");
      w.Key("database").String(reader_->Kind());
      w.Key("schema_version").Int(LatestSchemaVersion());
      w.Key("states").Int(static_cast<int64_t>(h.count(Level::kState)));
      w.Key("districts").Int(static_cast<int64_t>(h.count(Level::kDistrict)));
      w.Key("blocks").Int(static_cast<int64_t>(h.count(Level::kBlock)));
      w.Key("gps").Int(static_cast<int64_t>(h.count(Level::kGp)));
      w.Key("villages").Int(static_cast<int64_t>(h.count(Level::kVillage)));
      w.Key("latest_change").String(index.LastChange().ToString());
      w.Key("today").String(opt_.today().ToString());
      w.EndObject();
    });
    return Response::Json(200, w.Take());
  }

  Response Search(Request& req) {
    if (Status s = OnlyParams(req, {"q", "level"}); !s.ok()) {
      return Response::Error(s);
    }
    const std::string q(Trim(req.Query("q").value_or("")));
    if (q.size() < 2) {
      return Response::Error(
          InvalidArgument("give at least 2 characters to search for", "q"));
    }
    if (q.size() > 100) {
      return Response::Error(InvalidArgument("q is longer than 100", "q"));
    }
    std::optional<Level> only;
    if (auto l = req.Query("level")) {
      only = ParseLevel(*l);
      if (!only || *only == Level::kNation) {
        return Response::Error(InvalidArgument(
            "level must be state, district, block, gp, village or habitation",
            "level"));
      }
    }
    constexpr size_t kMax = 20;
    JsonWriter w;
    svc_->Read([&](const Hierarchy& h, const CoverageIndex&) {
      // Shallow levels first; within one, names that start with q first.
      std::vector<std::pair<int, UnitId>> found;
      for (int lvl = 1; lvl <= 6 && found.size() < 200; ++lvl) {
        if (only && static_cast<int>(*only) != lvl) continue;
        h.ForEachAtLevel(kIndia, static_cast<Level>(lvl), [&](UnitId u) {
          if (found.size() >= 200) return;
          const Place& p = h.Get(u);
          bool hit = ContainsIgnoreCase(p.name, q);
          for (const std::string& old : h.FormerNames(u)) {
            hit = hit || ContainsIgnoreCase(old, q);
          }
          if (!hit) return;
          const bool prefix = p.name.size() >= q.size() &&
                              ContainsIgnoreCase(p.name.substr(0, q.size()), q);
          found.emplace_back(lvl * 2 + (prefix ? 0 : 1), u);
        });
      }
      std::stable_sort(
          found.begin(), found.end(),
          [](const auto& a, const auto& b) { return a.first < b.first; });
      w.BeginObject().Key("results").BeginArray();
      for (size_t i = 0; i < found.size() && i < kMax; ++i) {
        const UnitId u = found[i].second;
        const Place& p = h.Get(u);
        w.BeginObject();
        w.Key("code").String(p.code);
        w.Key("name").String(p.name);
        w.Key("level").String(LevelName(p.level));
        std::string path;
        for (UnitId a : h.Path(u)) {
          if (a == kIndia) continue;
          if (!path.empty()) path += " > ";
          path += h.Get(a).name;
        }
        w.Key("path").String(path);
        if (!h.FormerNames(u).empty()) {
          w.Key("former_names").BeginArray();
          for (const std::string& n : h.FormerNames(u)) w.String(n);
          w.EndArray();
        }
        w.EndObject();
      }
      w.EndArray().EndObject();
    });
    return Response::Json(200, w.Take());
  }

  Response Unit(Request& req) {
    if (Status s = OnlyParams(req, {}); !s.ok()) return Response::Error(s);
    const std::string& code = req.params[0];
    JsonWriter w;
    UnitId village = kNoUnit;
    Status st = svc_->Read([&](const Hierarchy& h, const CoverageIndex&) {
      const UnitId u = h.Find(code);
      if (u == kNoUnit)
        return NotFound("no place has code '" + code + "'", "code");
      const Place& p = h.Get(u);
      w.BeginObject();
      w.Key("code").String(p.code);
      w.Key("name").String(p.name);
      w.Key("level").String(LevelName(p.level));
      if (p.lgd_code) {
        w.Key("lgd_code").Int(*p.lgd_code);
      } else {
        w.Key("lgd_code").Null();
      }
      w.Key("former_names").BeginArray();
      for (const std::string& n : h.FormerNames(u)) w.String(n);
      w.EndArray();
      w.Key("parent");
      if (p.parent == kNoUnit) {
        w.Null();
      } else {
        WriteUnitRef(w, h.Get(p.parent));
      }
      w.Key("path").BeginArray();
      for (UnitId a : h.Path(u)) WriteUnitRef(w, h.Get(a));
      w.EndArray();
      if (p.children.empty()) {
        w.Key("child_level").Null();
      } else {
        w.Key("child_level").String(LevelName(ChildLevel(h, u)));
      }
      w.Key("child_count").Int(static_cast<int64_t>(p.children.size()));
      if (p.level == Level::kVillage) village = u;
      return Status::Ok();
    });
    if (!st.ok()) return Response::Error(st);
    if (village != kNoUnit) {
      // Facts as of today, from the store: the latest value of each.
      CoverageStore store(reader_);
      std::optional<Date> as_of;
      std::optional<int64_t> vals[9];
      std::optional<double> lpcd;
      Status fs = store.ForEachFactOfVillage(village, [&](const FactRow& f) {
        as_of = f.as_of;
        const std::optional<int64_t>* in[9] = {
            &f.households,       &f.habitations,   &f.schools,
            &f.schools_with_tap, &f.anganwadis,    &f.anganwadis_with_tap,
            &f.sc_population,    &f.st_population, &f.general_population};
        for (int i = 0; i < 9; ++i) {
          if (*in[i]) vals[i] = *in[i];
        }
        if (f.service_lpcd) lpcd = f.service_lpcd;
      });
      if (!fs.ok()) return Response::Error(fs);
      static const char* kNames[9] = {
          "households",       "habitations",   "schools",
          "schools_with_tap", "anganwadis",    "anganwadis_with_tap",
          "sc_population",    "st_population", "general_population"};
      w.Key("facts").BeginObject();
      if (as_of) {
        w.Key("as_of").String(as_of->ToString());
      } else {
        w.Key("as_of").Null();
      }
      for (int i = 0; i < 9; ++i) {
        w.Key(kNames[i]);
        if (vals[i]) {
          w.Int(*vals[i]);
        } else {
          w.Null();
        }
      }
      w.Key("service_lpcd");
      if (lpcd) {
        w.Double(*lpcd, 2);
      } else {
        w.Null();
      }
      w.EndObject();
      // Who recorded what is for people working on this place.
      const bool may_see =
          req.principal != nullptr &&
          svc_->Read([&](const Hierarchy& h, const CoverageIndex&) {
            return InScope(*req.principal, village, h);
          });
      if (!may_see) {
        w.EndObject();
        return Response::Json(200, w.Take());
      }
      w.Key("recent_ledger").BeginArray();
      Status es = store.RecentEventsOfVillage(
          village, 20, [&](const EventRow& e, const BatchRow& b) {
            w.BeginObject();
            w.Key("seq").Int(e.seq);
            w.Key("date").String(e.date.ToString());
            w.Key("households").Int(e.households);
            w.Key("kind").String(EventKindName(e.kind));
            if (e.reason.empty()) {
              w.Key("reason").Null();
            } else {
              w.Key("reason").String(e.reason);
            }
            w.Key("source").String(b.source);
            w.Key("recorded_by").String(b.recorded_by);
            w.Key("recorded_at").String(b.recorded_at);
            w.EndObject();
          });
      if (!es.ok()) return Response::Error(es);
      w.EndArray();
    }
    w.EndObject();
    return Response::Json(200, w.Take());
  }

  Response Children(Request& req) {
    if (Status s = OnlyParams(req, {}); !s.ok()) return Response::Error(s);
    const std::string& code = req.params[0];
    JsonWriter w;
    Status st = svc_->Read([&](const Hierarchy& h, const CoverageIndex&) {
      const UnitId u = h.Find(code);
      if (u == kNoUnit)
        return NotFound("no place has code '" + code + "'", "code");
      w.BeginObject();
      w.Key("unit");
      WriteUnitRef(w, h.Get(u));
      std::vector<UnitId> kids = h.Get(u).children;
      std::sort(kids.begin(), kids.end(), [&](UnitId a, UnitId b) {
        return h.Get(a).name < h.Get(b).name;
      });
      w.Key("children").BeginArray();
      for (UnitId c : kids) WriteUnitRef(w, h.Get(c));
      w.EndArray();
      w.EndObject();
      return Status::Ok();
    });
    if (!st.ok()) return Response::Error(st);
    return Response::Json(200, w.Take());
  }

  Response Coverage(Request& req) {
    if (Status s = OnlyParams(req, {"level", "parent", "as_of", "target"});
        !s.ok()) {
      return Response::Error(s);
    }
    const Date today = opt_.today();
    auto as_of_param = DateParam(req, "as_of", today);
    if (!as_of_param.ok()) return Response::Error(as_of_param.status());
    const Date as_of = as_of_param->value_or(today);
    Date target = opt_.target;
    if (auto t = req.Query("target")) {
      auto d = Date::ParseField(*t, "target");
      if (!d.ok()) return Response::Error(d.status());
      target = *d;
    }
    const std::string parent_code(req.Query("parent").value_or("IN"));
    JsonWriter w;
    Status st = svc_->Read([&](const Hierarchy& h, const CoverageIndex& index) {
      const UnitId parent = h.Find(parent_code);
      if (parent == kNoUnit) {
        return NotFound("no place has code '" + parent_code + "'", "parent");
      }
      const Place& pp = h.Get(parent);
      Level level = ChildLevel(h, parent);
      if (auto l = req.Query("level")) {
        auto parsed = ParseLevel(*l);
        if (!parsed || *parsed == Level::kNation ||
            *parsed == Level::kHabitation) {
          return InvalidArgument(
              "level must be state, district, block, gp or village, not '" +
                  std::string(*l) + "'",
              "level");
        }
        level = *parsed;
      }
      if (level <= pp.level || level > Level::kVillage) {
        if (!req.Query("level") && pp.level == Level::kVillage) {
          level = Level::kHabitation;  // a village: no rows, just its total
        } else {
          return InvalidArgument(
              std::string(LevelName(level)) + " is not below " +
                  std::string(LevelName(pp.level)) + " " + pp.code,
              "level");
        }
      }
      std::vector<UnitId> rows;
      if (level <= Level::kVillage) {
        h.ForEachAtLevel(parent, level, [&](UnitId u) { rows.push_back(u); });
      }
      std::sort(rows.begin(), rows.end(), [&](UnitId a, UnitId b) {
        const Place& x = h.Get(a);
        const Place& y = h.Get(b);
        return x.name != y.name ? x.name < y.name : x.code < y.code;
      });
      const bool latest = as_of >= index.LastChange();
      const bool since_ok = as_of >= JjmBaseline();
      w.BeginObject();
      w.Key("as_of").String(as_of.ToString());
      w.Key("level").String(LevelName(level));
      w.Key("parent");
      WriteUnitRef(w, pp);
      w.Key("rows").BeginArray();
      for (UnitId u : rows) {
        const Place& p = h.Get(u);
        const Metrics m = latest ? index.Current(u) : index.At(u, as_of);
        w.BeginObject();
        w.Key("code").String(p.code);
        w.Key("name").String(p.name);
        w.Key("level").String(LevelName(p.level));
        WriteMetrics(w, m);
        w.Key("connections_since_launch")
            .Int(since_ok ? static_cast<int64_t>(m.hh_with_tap) -
                                index.BaselineTap(u)
                          : 0);
        w.EndObject();
      }
      w.EndArray();
      const Figures f = ComputeFigures(index, parent, as_of, target);
      w.Key("total").BeginObject();
      w.Key("code").String(pp.code);
      w.Key("name").String(pp.name);
      w.Key("level").String(LevelName(pp.level));
      WriteMetrics(w, f.m);
      w.Key("connections_since_launch").Int(f.connections_since_launch);
      w.Key("remaining").Int(f.remaining);
      w.Key("target_date").String(target.ToString());
      w.Key("days_to_target").Int(f.days_to_target);
      w.Key("hh_per_day_needed");
      if (f.hh_per_day_needed) {
        w.Double(*f.hh_per_day_needed, 1);
      } else {
        w.Null();
      }
      w.EndObject();
      w.EndObject();
      return Status::Ok();
    });
    if (!st.ok()) return Response::Error(st);
    return Response::Json(200, w.Take());
  }

  Response Timeseries(Request& req) {
    if (Status s = OnlyParams(req, {"unit", "from", "to", "interval"});
        !s.ok()) {
      return Response::Error(s);
    }
    const Date today = opt_.today();
    auto from = DateParam(req, "from", today);
    if (!from.ok()) return Response::Error(from.status());
    auto to = DateParam(req, "to", today);
    if (!to.ok()) return Response::Error(to.status());
    const Date f = from->value_or(JjmBaseline());
    const Date t = to->value_or(today);
    if (t < f) {
      return Response::Error(InvalidArgument(
          "to " + t.ToString() + " is before from " + f.ToString(), "to"));
    }
    Interval interval = Interval::kMonth;
    if (auto i = req.Query("interval")) {
      if (*i == "day") {
        interval = Interval::kDay;
      } else if (*i != "month") {
        return Response::Error(InvalidArgument(
            "interval must be 'day' or 'month', not '" + std::string(*i) + "'",
            "interval"));
      }
    }
    if (interval == Interval::kDay && t - f > 4000) {
      return Response::Error(InvalidArgument(
          "a daily series is limited to 4000 days; use interval=month",
          "interval"));
    }
    auto unit_code = req.Query("unit");
    if (!unit_code || unit_code->empty()) {
      return Response::Error(InvalidArgument("unit is required", "unit"));
    }
    JsonWriter w;
    Status st = svc_->Read([&](const Hierarchy& h, const CoverageIndex& index) {
      const UnitId u = h.Find(*unit_code);
      if (u == kNoUnit) {
        return NotFound("no place has code '" + std::string(*unit_code) + "'",
                        "unit");
      }
      w.BeginObject();
      w.Key("unit");
      WriteUnitRef(w, h.Get(u));
      w.Key("interval").String(interval == Interval::kDay ? "day" : "month");
      w.Key("points").BeginArray();
      for (const auto& [date, m] : index.Series(u, f, t, interval)) {
        w.BeginObject();
        w.Key("date").String(date.ToString());
        w.Key("total_hh").Int(m.total_hh);
        w.Key("hh_with_tap").Int(m.hh_with_tap);
        w.Key("pct").Double(Percent(m.hh_with_tap, m.total_hh), 2);
        w.Key("hgj_villages").Int(m.hgj_villages);
        w.Key("villages").Int(m.villages);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
      return Status::Ok();
    });
    if (!st.ok()) return Response::Error(st);
    return Response::Json(200, w.Take());
  }

  Response PostConnections(Request& req) {
    if (Status s = OnlyParams(req, {}); !s.ok()) return Response::Error(s);
    const std::string_view ctype = req.Header("content-type");
    if (ctype.substr(0, 16) != "application/json") {
      return Response::Error(
          InvalidArgument("send the body as application/json", "content-type"));
    }
    json body;
    if (Status s = ParseJsonBody(req.body, &body); !s.ok()) {
      return Response::Error(s);
    }
    if (!body.is_object()) {
      return Response::Error(
          InvalidArgument("the body must be a JSON object", "body"));
    }
    std::string request_id(req.Header("idempotency-key"));
    std::vector<ConnectionInput> items;
    const bool batch = body.contains("connections");
    auto read_item = [&](const json& o, const std::string& p,
                         bool allow_request_id) -> Status {
      if (!o.is_object()) return InvalidArgument("must be an object", p);
      ConnectionInput c;
      bool has_code = false, has_date = false, has_hh = false;
      for (auto it = o.begin(); it != o.end(); ++it) {
        const std::string& k = it.key();
        const json& v = it.value();
        const std::string f = p.empty() ? k : p + "." + k;
        if (k == "village_code" || k == "date" || k == "kind" ||
            k == "reason" || (k == "request_id" && allow_request_id)) {
          if (!v.is_string())
            return InvalidArgument(k + " must be a string", f);
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
              return InvalidArgument("request_id must be 1 to 100 characters",
                                     f);
            }
            request_id = s;
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
      if (!has_code)
        return InvalidArgument("village_code is required",
                               pre + "village_code");
      if (!has_date) return InvalidArgument("date is required", pre + "date");
      if (!has_hh)
        return InvalidArgument("households is required", pre + "households");
      items.push_back(std::move(c));
      return Status::Ok();
    };
    if (batch) {
      for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() == "request_id") {
          if (!it.value().is_string() ||
              it.value().get<std::string>().empty() ||
              it.value().get<std::string>().size() > 100) {
            return Response::Error(InvalidArgument(
                "request_id must be a string of 1 to 100 characters",
                "request_id"));
          }
          request_id = it.value().get<std::string>();
        } else if (it.key() != "connections") {
          return Response::Error(
              InvalidArgument("unknown field '" + it.key() + "'", it.key()));
        }
      }
      const json& list = body["connections"];
      if (!list.is_array() || list.empty()) {
        return Response::Error(InvalidArgument(
            "connections must be a non-empty array", "connections"));
      }
      if (list.size() > 10000) {
        return Response::Error(InvalidArgument(
            "at most 10000 connections in one request", "connections"));
      }
      for (size_t i = 0; i < list.size(); ++i) {
        Status s =
            read_item(list[i], "connections[" + std::to_string(i) + "]", false);
        if (!s.ok()) return Response::Error(s);
      }
    } else {
      Status s = read_item(body, "", true);
      if (!s.ok()) return Response::Error(s);
    }
    BatchRow meta;
    meta.kind = "api";
    meta.source =
        req.principal && req.principal->via_api_key ? "api key" : "api";
    meta.recorded_by =
        req.principal ? req.principal->username : "anonymous@" + req.remote;
    meta.remote = req.remote;
    meta.request_id = request_id;
    Response out;
    CoverageService* svc = svc_;
    const Date today = opt_.today();
    out.deferred = [svc, meta = std::move(meta), items = std::move(items),
                    today, batch](Response::Reply reply) mutable {
      std::vector<std::string> codes;
      for (const ConnectionInput& c : items) codes.push_back(c.village_code);
      svc->RecordConnectionsAsync(
          std::move(meta), std::move(items), today, batch,
          [svc, codes = std::move(codes),
           reply = std::move(reply)](StatusOr<RecordResult> result) {
            reply(RecordedResponse(svc, codes, result));
          });
    };
    return out;
  }

  // The answer to a recorded (or refused) request.
  static Response RecordedResponse(CoverageService* svc,
                                   const std::vector<std::string>& codes,
                                   const StatusOr<RecordResult>& result) {
    if (!result.ok()) return Response::Error(result.status());
    JsonWriter w;
    w.BeginObject();
    w.Key("batch_id").Int(result->batch_id);
    w.Key("recorded_at").String(result->recorded_at);
    w.Key("replayed").Bool(result->replayed);
    w.Key("seqs").BeginArray();
    for (int64_t s : result->seqs) w.Int(s);
    w.EndArray();
    w.Key("villages").BeginArray();
    svc->Read([&](const Hierarchy& h, const CoverageIndex& index) {
      std::set<std::string> seen;
      for (const std::string& code : codes) {
        if (!seen.insert(code).second) continue;
        const Metrics& m = index.Current(h.Find(code));
        w.BeginObject();
        w.Key("code").String(code);
        w.Key("total_hh").Int(m.total_hh);
        w.Key("hh_with_tap").Int(m.hh_with_tap);
        w.EndObject();
      }
    });
    w.EndArray();
    w.EndObject();
    return Response::Json(result->replayed ? 200 : 201, w.Take());
  }

 private:
  CoverageService* svc_;
  Db* reader_;
  CoverageApiOptions opt_;
  ResponseCache cache_;
};

}  // namespace

void AddCoverageRoutes(Router* router, CoverageService* svc, Db* reader,
                       CoverageApiOptions options) {
  auto api = std::make_shared<CoverageApi>(svc, reader, std::move(options));
  router->Add("GET", "/api/v1/health", Access::Public(),
              [api](Request& r) { return api->Health(r); });
  router->Add("GET", "/api/v1/openapi.json", Access::Public(), [](Request& r) {
    if (!r.query.empty()) {
      return Response::Error(
          InvalidArgument("this endpoint takes no parameters"));
    }
    return Response::Json(200, kOpenApiJson);
  });
  router->Add("GET", "/api/v1/units", Access::Public(),
              [api](Request& r) { return api->Search(r); });
  router->Add("GET", "/api/v1/units/{code}", Access::Public(),
              [api](Request& r) { return api->Unit(r); });
  router->Add("GET", "/api/v1/units/{code}/children", Access::Public(),
              [api](Request& r) { return api->Children(r); });
  router->Add("GET", "/api/v1/coverage", Access::Public(), [api](Request& r) {
    return api->Cached(r, [&](Request& q) { return api->Coverage(q); });
  });
  router->Add("GET", "/api/v1/coverage/timeseries", Access::Public(), [api](Request& r) {
    return api->Cached(r, [&](Request& q) { return api->Timeseries(q); });
  });
  // Recording needs the permission over every village the body names.
  auto villages = [svc](Request& r) -> StatusOr<std::vector<UnitId>> {
    if (r.Header("content-type").substr(0, 16) != "application/json") {
      return InvalidArgument("send the body as application/json",
                             "content-type");
    }
    json body;
    JJM_RETURN_IF_ERROR(ParseJsonBody(r.body, &body));
    if (!body.is_object()) {
      return InvalidArgument("the body must be a JSON object", "body");
    }
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
    std::vector<UnitId> out;
    Status st = svc->Read([&](const Hierarchy& h, const CoverageIndex&) {
      for (const std::string& c : codes) {
        UnitId u = h.Find(c, Level::kVillage);
        if (u == kNoUnit) u = h.Find(c);
        if (u == kNoUnit)
          return NotFound("no place has code '" + c + "'", "village_code");
        out.push_back(u);
      }
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  };
  router->Add("POST", "/api/v1/connections",
              Access::Needs(Permission::kRecordConnections, villages),
              [api](Request& r) { return api->PostConnections(r); });
}

}  // namespace jjm
