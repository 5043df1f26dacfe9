// Sources, sampling points, trained testers, and the village view.
#include <algorithm>
#include <charconv>
#include <set>

#include "quality/quality_internal.h"

namespace jjm {
namespace {

StatusOr<std::optional<double>> Coordinate(const std::string& text,
                                           const char* field, double limit) {
  if (text.empty()) return std::optional<double>();
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < -limit ||
      v > limit) {
    return InvalidArgument(std::string(field) + " must be a number from " +
                               std::to_string(-limit) + " to " +
                               std::to_string(limit),
                           field);
  }
  return std::optional<double>(v);
}

std::string CoordinateText(const Json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return "";
  if (body[key].is_number()) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.7f", body[key].get<double>());
    return buf;
  }
  return body[key].is_string() ? body[key].get<std::string>() : "x";
}

}  // namespace

StatusOr<SourceRow> QualityService::Impl::CheckSource(const QCaller& c,
                                                      const SourceInput& in,
                                                      Date today) const {
  SourceRow r;
  if (in.code.empty() || in.code.size() > 60) {
    return InvalidArgument("code is required (up to 60 characters)", "code");
  }
  if (SourceByCode(in.code)) {
    return Conflict("source code " + in.code + " is taken", "code");
  }
  r.code = in.code;
  JJM_ASSIGN_OR_RETURN(UnitId village,
                       PlaceOf(in.village, "village", Level::kVillage));
  r.village_id = village;
  JJM_ASSIGN_OR_RETURN(UnitId hab,
                       HabitationOf(in.habitation, village, "habitation"));
  r.habitation_id = hab == kNoUnit ? 0 : hab;
  if (!In(kSourceTypes, in.type)) {
    return InvalidArgument("type must be one of " + Joined(kSourceTypes),
                           "type");
  }
  r.type = in.type;
  if (in.name.size() > 200) {
    return InvalidArgument("name is longer than 200 characters", "name");
  }
  if (in.scheme.size() > 200) {
    return InvalidArgument("scheme is longer than 200 characters", "scheme");
  }
  r.name = in.name;
  r.scheme = in.scheme;
  const std::string& a = in.has_alternate;
  if (a.empty() || a == "no" || a == "0" || a == "false" || a == "n") {
    r.has_alternate = false;
  } else if (a == "yes" || a == "1" || a == "true" || a == "y") {
    r.has_alternate = true;
  } else {
    return InvalidArgument("has_alternate must be yes or no", "has_alternate");
  }
  JJM_ASSIGN_OR_RETURN(r.latitude, Coordinate(in.latitude, "latitude", 90));
  JJM_ASSIGN_OR_RETURN(r.longitude, Coordinate(in.longitude, "longitude", 180));
  if (in.created_on.empty()) {
    r.created_on = today.days();
  } else {
    JJM_ASSIGN_OR_RETURN(Date d, Date::ParseField(in.created_on, "created_on"));
    if (d > today) {
      return InvalidArgument("created_on is in the future", "created_on");
    }
    r.created_on = d.days();
  }
  JJM_RETURN_IF_ERROR(
      Need(c, Permission::kManageSources, village, "manage sources"));
  return r;
}

StatusOr<Json> QualityService::CreateSource(const Caller& c, const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "",
      {"code", "village", "habitation", "type", "name", "scheme",
       "has_alternate", "latitude", "longitude", "created_on"}));
  SourceInput in;
  JJM_ASSIGN_OR_RETURN(in.code, TextField(body, "", "code", false, 0, 60));
  JJM_ASSIGN_OR_RETURN(in.village, TextField(body, "", "village", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(in.habitation,
                       TextField(body, "", "habitation", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(in.type, TextField(body, "", "type", true, 1, 30));
  JJM_ASSIGN_OR_RETURN(in.name, TextField(body, "", "name", false, 0, 200));
  JJM_ASSIGN_OR_RETURN(in.scheme, TextField(body, "", "scheme", false, 0, 200));
  JJM_ASSIGN_OR_RETURN(bool alternate, FlagField(body, "has_alternate"));
  in.has_alternate = alternate ? "yes" : "no";
  in.latitude = CoordinateText(body, "latitude");
  in.longitude = CoordinateText(body, "longitude");
  JJM_ASSIGN_OR_RETURN(in.created_on,
                       TextField(body, "", "created_on", false, 0, 10));
  MutexLock lock(&I.write_mutex());
  if (in.code.empty()) {
    ReaderLock read(&I.mu_);
    in.code = "WS" + std::to_string(std::max<size_t>(I.sources_.size(), 1));
  }
  JJM_ASSIGN_OR_RETURN(SourceRow r, I.CheckSource(c, in, c.today));
  r.created_at = QualityNow();
  r.created_by = Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("quality.source.create", "wq_source", r.code,
                             static_cast<UnitId>(r.village_id));
  QualityStore& s = I.writer();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddSource(r));
    return Status::Ok();
  }));
  SourceInfo info;
  info.id = r.id;
  info.code = r.code;
  info.village = static_cast<UnitId>(r.village_id);
  info.habitation =
      r.habitation_id > 0 ? static_cast<UnitId>(r.habitation_id) : kNoUnit;
  info.has_alternate = r.has_alternate;
  I.PutSource(info);
  I.Apply([&](const Hierarchy&, QualityIndex& x) {
    x.AddSource(info.id, info.village, info.habitation, DayOf(r.created_on));
  });
  return Json{{"id", r.id},
              {"code", r.code},
              {"village", I.PlaceJson(info.village)},
              {"habitation", info.habitation == kNoUnit
                                 ? Json()
                                 : I.PlaceJson(info.habitation)},
              {"type", r.type},
              {"name", r.name},
              {"scheme", r.scheme},
              {"has_alternate", r.has_alternate},
              {"created_on", DayText(r.created_on)}};
}

StatusOr<Json> QualityService::CreateSamplingPoint(const Caller& c,
                                                   const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "",
      {"village", "habitation", "source", "kind", "treatment_plant",
       "description", "latitude", "longitude"}));
  SamplingPointRow p;
  JJM_ASSIGN_OR_RETURN(std::string village,
                       TextField(body, "", "village", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(std::string habitation,
                       TextField(body, "", "habitation", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(std::string source,
                       TextField(body, "", "source", false, 0, 60));
  JJM_ASSIGN_OR_RETURN(p.kind, TextField(body, "", "kind", true, 1, 30));
  JJM_ASSIGN_OR_RETURN(std::string plant,
                       TextField(body, "", "treatment_plant", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(p.description,
                       TextField(body, "", "description", false, 0, 500));
  JJM_ASSIGN_OR_RETURN(p.latitude, OptionalNumber(body, "latitude", -90, 90));
  JJM_ASSIGN_OR_RETURN(p.longitude,
                       OptionalNumber(body, "longitude", -180, 180));
  if (!In(kPointKinds, p.kind)) {
    return InvalidArgument("kind must be one of " + Joined(kPointKinds),
                           "kind");
  }
  MutexLock lock(&I.write_mutex());
  JJM_ASSIGN_OR_RETURN(UnitId v, I.PlaceOf(village, "village", Level::kVillage));
  p.village_id = v;
  JJM_ASSIGN_OR_RETURN(UnitId h, I.HabitationOf(habitation, v, "habitation"));
  p.habitation_id = h == kNoUnit ? 0 : h;
  if (!source.empty()) {
    auto src = I.SourceByCode(source);
    if (!src) {
      return InvalidArgument("source: no source with code '" + source + "'",
                             "source");
    }
    p.source_id = src->id;
  }
  if (!plant.empty()) {
    auto pl = I.PlantByCode(plant);
    if (!pl) {
      return InvalidArgument(
          "treatment_plant: no plant with code '" + plant + "'",
          "treatment_plant");
    }
    p.treatment_plant_id = pl->id;
  }
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageSources, v, "manage sampling points"));
  p.created_at = QualityNow();
  p.created_by = Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("quality.point.create", "wq_sampling_point", "", v);
  QualityStore& s = I.writer();
  JJM_RETURN_IF_ERROR(I.WriteMany(c, [&]() -> StatusOr<std::vector<AuditRow>> {
    JJM_ASSIGN_OR_RETURN(p.id, s.AddSamplingPoint(p));
    audit.entity_id = std::to_string(p.id);
    return std::vector<AuditRow>{audit};
  }));
  return Json{{"id", p.id},
              {"village", I.PlaceJson(v)},
              {"habitation", h == kNoUnit ? Json() : I.PlaceJson(h)},
              {"source", source.empty() ? Json() : Json(source)},
              {"kind", p.kind},
              {"description", p.description}};
}

// --- trained testers --------------------------------------------------------

StatusOr<Json> QualityService::AddTrainedTester(const Caller& c,
                                                const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"village", "name", "trained_on", "username"}));
  TrainedTesterRow t;
  JJM_ASSIGN_OR_RETURN(std::string village,
                       TextField(body, "", "village", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(t.name, TextField(body, "", "name", true, 2, 120));
  JJM_ASSIGN_OR_RETURN(Date trained, PastDateField(body, "trained_on", c.today));
  JJM_ASSIGN_OR_RETURN(std::string username,
                       TextField(body, "", "username", false, 0, 80));
  MutexLock lock(&I.write_mutex());
  JJM_ASSIGN_OR_RETURN(UnitId v, I.PlaceOf(village, "village", Level::kVillage));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageSources, v, "record trained testers"));
  QualityStore& s = I.writer();
  if (!username.empty()) {
    JJM_ASSIGN_OR_RETURN(t.account_id, s.AccountIdOf(username));
    if (t.account_id == 0) {
      return InvalidArgument("username: no user " + username, "username");
    }
  }
  t.village_id = v;
  t.trained_day = trained.days();
  t.recorded_at = QualityNow();
  t.recorded_by = Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("quality.tester.add", "wq_trained_tester", "", v);
  JJM_RETURN_IF_ERROR(I.WriteMany(c, [&]() -> StatusOr<std::vector<AuditRow>> {
    JJM_ASSIGN_OR_RETURN(t.id, s.AddTrainedTester(t));
    audit.entity_id = std::to_string(t.id);
    return std::vector<AuditRow>{audit};
  }));
  I.Apply([&](const Hierarchy&, QualityIndex& x) { x.TesterTrained(v, trained); });
  return Json{{"id", t.id},
              {"village", I.PlaceJson(v)},
              {"name", t.name},
              {"trained_on", trained.ToString()},
              {"username", username.empty() ? Json() : Json(username)}};
}

StatusOr<Json> QualityService::ListTrainedTesters(const Caller& c,
                                                  const std::string& village) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(UnitId v, I.PlaceOf(village, "village", Level::kVillage));
  const bool names = I.SeesTesters(c, v, 0);
  JJM_ASSIGN_OR_RETURN(auto reading, I.Read());
  Json rows = Json::array();
  JJM_RETURN_IF_ERROR(reading.store().ForEachTrainedTester(
      v, [&](const TrainedTesterRow& t) {
        Json j{{"id", t.id}, {"trained_on", DayText(t.trained_day)}};
        if (names) j["name"] = t.name;
        rows.push_back(std::move(j));
      }));
  const int64_t count = static_cast<int64_t>(rows.size());
  return Json{{"village", I.PlaceJson(v)},
              {"count", count},
              {"testers", std::move(rows)}};
}

// --- the village view -------------------------------------------------------

StatusOr<Json> QualityService::ListSources(const Caller& c,
                                           const std::string& village) {
  JJM_ASSIGN_OR_RETURN(Json view, VillageView(c, village, ""));
  return Json{{"village", view["village"]},
              {"sources", view["sources"]},
              {"points", view["points"]}};
}

StatusOr<Json> QualityService::VillageView(const Caller& c,
                                           const std::string& village,
                                           const std::string& as_of) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(UnitId v, I.PlaceOf(village, "village", Level::kVillage));
  Date day = c.today;
  if (!as_of.empty()) {
    JJM_ASSIGN_OR_RETURN(day, Date::ParseField(as_of, "as_of"));
  }
  JJM_ASSIGN_OR_RETURN(auto reading, I.Read());
  QualityStore& s = reading.store();
  // The latest final sample (as of the day) of each source and point.
  std::vector<SampleRow> samples;
  SampleFilter f;
  f.village_ids = {v};
  f.limit = 5000;
  JJM_RETURN_IF_ERROR(
      s.ForEachSampleWhere(f, [&](const SampleRow& r) { samples.push_back(r); }));
  std::map<int64_t, Json> by_source, by_point;
  Json others = Json::array();
  for (const SampleRow& r : samples) {
    if (r.collected_day > day.days()) continue;
    const bool want = r.source_id > 0 ? by_source.count(r.source_id) == 0
                      : r.point_id > 0 ? by_point.count(r.point_id) == 0
                                       : others.size() < 10;
    if (!want) continue;
    JJM_ASSIGN_OR_RETURN(std::vector<SampleEventRow> events, s.EventsOf(r.id));
    const SampleEventRow* final_event = nullptr;
    const SampleEventRow* tested_event = nullptr;
    for (const SampleEventRow& e : events) {
      if (e.day > day.days()) continue;
      if (e.kind == "final") final_event = &e;
      if (e.kind == "tested") tested_event = &e;
    }
    if (final_event == nullptr) continue;
    JJM_ASSIGN_OR_RETURN(std::vector<ResultRow> results, s.ResultsOf(r.id));
    const Verdict verdict = I.VerdictOf(results, I.HasAlternate(r));
    Json rs = Json::array();
    for (const ResultRow& res : results) rs.push_back(I.ResultJson(res));
    Json j{{"code", r.code},
           {"method", r.method},
           {"point_kind", r.point_kind},
           {"collected_on", DayText(r.collected_day)},
           {"final_on", DayText(final_event->day)},
           {"failing", verdict.AnyFailing()},
           {"results", std::move(rs)}};
    if (r.lab_id > 0) {
      auto lab = I.LabById(r.lab_id);
      if (lab) j["lab"] = lab->row.code;
    }
    if (I.SeesTesters(c, v, r.lab_id)) {
      j["collected_by"] = r.collected_by;
      if (tested_event != nullptr) j["tested_by"] = tested_event->actor;
    }
    if (r.source_id > 0) {
      by_source[r.source_id] = std::move(j);
    } else if (r.point_id > 0) {
      by_point[r.point_id] = std::move(j);
    } else {
      others.push_back(std::move(j));
    }
  }
  Json sources = Json::array();
  JJM_RETURN_IF_ERROR(s.ForEachSourceOf(v, [&](const SourceRow& r) {
    if (r.created_on > day.days()) return;
    Json j{{"code", r.code},
           {"type", r.type},
           {"name", r.name},
           {"scheme", r.scheme},
           {"has_alternate", r.has_alternate},
           {"created_on", DayText(r.created_on)}};
    if (r.habitation_id > 0) j["habitation_id"] = r.habitation_id;
    if (r.latitude) j["latitude"] = *r.latitude;
    if (r.longitude) j["longitude"] = *r.longitude;
    auto it = by_source.find(r.id);
    j["latest"] = it == by_source.end() ? Json() : it->second;
    sources.push_back(std::move(j));
  }));
  Json points = Json::array();
  JJM_RETURN_IF_ERROR(
      s.ForEachSamplingPointOf(v, [&](const SamplingPointRow& p) {
        Json j{{"id", p.id}, {"kind", p.kind}, {"description", p.description}};
        if (p.habitation_id > 0) j["habitation_id"] = p.habitation_id;
        auto it = by_point.find(p.id);
        j["latest"] = it == by_point.end() ? Json() : it->second;
        points.push_back(std::move(j));
      }));
  for (Json* list : {&sources, &points}) {
    for (Json& j : *list) {
      if (!j.contains("habitation_id")) continue;
      j["habitation"] =
          I.PlaceJson(static_cast<UnitId>(j["habitation_id"].get<int64_t>()));
      j.erase("habitation_id");
    }
  }
  std::vector<AlertRow> alerts;
  JJM_RETURN_IF_ERROR(
      s.ForEachOpenAlertOf(v, [&](const AlertRow& a) { alerts.push_back(a); }));
  Json open = Json::array();
  for (const AlertRow& a : alerts) {
    if (a.opened_day > day.days()) continue;
    Json j{{"id", a.id},
           {"contaminant", a.contaminant},
           {"opened_on", DayText(a.opened_day)},
           {"days_open", day.days() - a.opened_day}};
    if (a.habitation_id > 0) {
      j["habitation"] = I.PlaceJson(static_cast<UnitId>(a.habitation_id));
    }
    if (a.source_id > 0) {
      auto src = I.SourceById(a.source_id);
      if (src) j["source"] = src->code;
    }
    open.push_back(std::move(j));
  }
  // Affected places and the village's figures from the roll-ups.
  Json affected = Json::array();
  Json summary = I.Shared([&](const Hierarchy& h) {
    std::vector<UnitId> places = {v};
    for (UnitId child : h.Get(v).children) places.push_back(child);
    for (UnitId p : places) {
      if (!h.Contains(p)) continue;
      std::vector<Contaminant> by = I.locked_index().AffectedBy(p, day);
      if (by.empty()) continue;
      Json names = Json::array();
      for (Contaminant k : by) names.push_back(std::string(ContaminantName(k)));
      affected.push_back(Json{{"code", h.Get(p).code},
                              {"name", h.Get(p).name},
                              {"level", std::string(LevelName(h.Get(p).level))},
                              {"contaminants", std::move(names)}});
    }
    return I.SummaryJson(I.locked_index().Summary(v, day));
  });
  return Json{{"village", I.PlaceJson(v)},
              {"as_of", day.ToString()},
              {"summary", std::move(summary)},
              {"sources", std::move(sources)},
              {"points", std::move(points)},
              {"other_samples", std::move(others)},
              {"affected", std::move(affected)},
              {"alerts_open", std::move(open)}};
}

}  // namespace jjm
