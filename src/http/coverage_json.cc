#include "http/coverage_json.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>
#include <utility>

#include "coverage/report.h"

namespace jjm {
namespace {

// `name` with the value, or null when it has none.
void IntOrNull(JsonWriter& w, const char* name,
               const std::optional<int64_t>& v) {
  w.Key(name);
  if (v) {
    w.Int(*v);
  } else {
    w.Null();
  }
}

// A place's code, name and level as keys of the open object.
void WritePlaceKeys(JsonWriter& w, const Place& p) {
  w.Key("code").String(p.code);
  w.Key("name").String(p.name);
  w.Key("level").String(LevelName(p.level));
}

}  // namespace

void WriteUnitRef(JsonWriter& w, const Place& p) {
  w.BeginObject();
  WritePlaceKeys(w, p);
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

void WriteSearch(JsonWriter& w, const Hierarchy& h, const PlaceSearchResult& r,
                 size_t offset, size_t limit) {
  w.BeginObject().Key("results").BeginArray();
  for (const PlaceMatch& m : r.matches) {
    const UnitId u = m.unit;
    w.BeginObject();
    WritePlaceKeys(w, h.Get(u));
    w.Key("match").String(PlaceMatchKindName(m.kind));
    const std::vector<UnitId> path = h.Path(u);
    std::string text;
    for (UnitId a : path) {
      if (a == kIndia) continue;
      if (!text.empty()) text += " > ";
      text += h.Get(a).name;
    }
    w.Key("path").String(text);
    w.Key("within").BeginArray();
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      if (*it != kIndia) WriteUnitRef(w, h.Get(*it));
    }
    w.EndArray();
    if (!h.FormerNames(u).empty()) {
      w.Key("former_names").BeginArray();
      for (const std::string& n : h.FormerNames(u)) w.String(n);
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("total").Int(static_cast<int64_t>(r.total));
  w.Key("offset").Int(static_cast<int64_t>(offset));
  w.Key("limit").Int(static_cast<int64_t>(limit));
  w.Key("more").Bool(offset + r.matches.size() < r.total);
  w.EndObject();
}

void WriteUnitHead(JsonWriter& w, const Hierarchy& h, UnitId u) {
  const Place& p = h.Get(u);
  w.BeginObject();
  WritePlaceKeys(w, p);
  IntOrNull(w, "lgd_code", p.lgd_code);
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
    w.Key("child_level").String(LevelName(h.ChildLevel(u)));
  }
  w.Key("child_count").Int(static_cast<int64_t>(p.children.size()));
}

void WriteFacts(JsonWriter& w, const VillageFacts& f) {
  const FactRow& l = f.latest;
  w.Key("facts").BeginObject();
  if (f.as_of) {
    w.Key("as_of").String(f.as_of->ToString());
  } else {
    w.Key("as_of").Null();
  }
  IntOrNull(w, "households", l.households);
  IntOrNull(w, "habitations", l.habitations);
  IntOrNull(w, "schools", l.schools);
  IntOrNull(w, "schools_with_tap", l.schools_with_tap);
  IntOrNull(w, "anganwadis", l.anganwadis);
  IntOrNull(w, "anganwadis_with_tap", l.anganwadis_with_tap);
  IntOrNull(w, "sc_population", l.sc_population);
  IntOrNull(w, "st_population", l.st_population);
  IntOrNull(w, "general_population", l.general_population);
  w.Key("service_lpcd");
  if (l.service_lpcd) {
    w.Double(*l.service_lpcd, 2);
  } else {
    w.Null();
  }
  w.EndObject();
}

void WriteRecentLedger(JsonWriter& w, const std::vector<LedgerEntry>& rows) {
  w.Key("recent_ledger").BeginArray();
  for (const auto& [e, b] : rows) {
    w.BeginObject();
    w.Key("seq").Int(e.seq);
    w.Key("date").String(e.date.ToString());
    w.Key("households").Int(e.households);
    w.Key("kind").String(EventKindName(e.kind));
    w.Key("reason").StringOrNull(e.reason);
    w.Key("source").String(b.source);
    w.Key("recorded_by").String(b.recorded_by);
    w.Key("recorded_at").String(b.recorded_at);
    w.EndObject();
  }
  w.EndArray();
}

void WriteChildren(JsonWriter& w, const Hierarchy& h, UnitId u) {
  w.BeginObject();
  w.Key("unit");
  WriteUnitRef(w, h.Get(u));
  std::vector<UnitId> kids = h.Get(u).children;
  std::sort(kids.begin(), kids.end(),
            [&](UnitId a, UnitId b) { return h.Get(a).name < h.Get(b).name; });
  w.Key("children").BeginArray();
  for (UnitId c : kids) WriteUnitRef(w, h.Get(c));
  w.EndArray();
  w.EndObject();
}

void WriteCoverage(JsonWriter& w, const Hierarchy& h,
                   const CoverageIndex& index, UnitId parent, Level level,
                   Date as_of, Date target) {
  const Place& pp = h.Get(parent);
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
    const Metrics m = latest ? index.Current(u) : index.At(u, as_of);
    w.BeginObject();
    WritePlaceKeys(w, h.Get(u));
    IntOrNull(w, "lgd_code", h.Get(u).lgd_code);
    WriteMetrics(w, m);
    w.Key("connections_since_launch")
        .Int(since_ok
                 ? static_cast<int64_t>(m.hh_with_tap) - index.BaselineTap(u)
                 : 0);
    w.EndObject();
  }
  w.EndArray();
  const Figures f = ComputeFigures(index, parent, as_of, target);
  w.Key("total").BeginObject();
  WritePlaceKeys(w, pp);
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
}

void WriteSeries(JsonWriter& w, const Hierarchy& h, const CoverageIndex& index,
                 UnitId u, Date from, Date to, Interval interval) {
  w.BeginObject();
  w.Key("unit");
  WriteUnitRef(w, h.Get(u));
  w.Key("interval").String(interval == Interval::kDay ? "day" : "month");
  w.Key("points").BeginArray();
  for (const auto& [date, m] : index.Series(u, from, to, interval)) {
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
}

void WriteRecorded(JsonWriter& w, const Hierarchy& h,
                   const CoverageIndex& index, const RecordResult& result,
                   const std::vector<std::string>& codes) {
  w.BeginObject();
  w.Key("batch_id").Int(result.batch_id);
  w.Key("recorded_at").String(result.recorded_at);
  w.Key("replayed").Bool(result.replayed);
  w.Key("seqs").BeginArray();
  for (int64_t s : result.seqs) w.Int(s);
  w.EndArray();
  w.Key("villages").BeginArray();
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
  w.EndArray();
  w.EndObject();
}

}  // namespace jjm
