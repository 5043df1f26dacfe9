// Sources and their sustainability: groundwater levels before and after
// the monsoon, yields and dry spells of the water-quality module's sources
// (its register, wq_source: a source is recorded there first); a village's
// source-strengthening and recharge works and greywater structures with
// their cost and the convergence scheme that paid; the roll-up of sources
// whose post-monsoon level fell (source_levels.h) and of works by place.
//
// Levels, works and greywater structures are kept in memory (sources_,
// under mu_) for the roll-ups over places; a village's page is read from
// the store.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "operations/operations_internal.h"

namespace jjm {
namespace {

const std::vector<std::string> kWorkKinds = {"recharge_pit", "check_dam",
                                             "pond_renovation",
                                             "rooftop_harvesting", "other"};
const std::vector<std::string> kGreywaterKinds = {
    "soak_pit", "leach_pit", "magic_pit", "stabilisation_pond", "other"};
const std::vector<std::string> kPaidBy = {"mgnregs", "finance_commission",
                                          "other"};
constexpr int64_t kMaxCostPaise =
    int64_t{100} * 10'000'000 * 100;  // Rs 100 crore

bool OneOf(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += i + 1 == v.size() ? " or " : ", ";
    out += v[i];
  }
  return out;
}

StatusOr<std::string> Choice(const Json& body, const char* key,
                             const std::vector<std::string>& allowed) {
  JJM_ASSIGN_OR_RETURN(std::string v, TextField(body, "", key, true, 1, 40));
  if (!OneOf(allowed, v)) {
    return InvalidArgument(std::string(key) + " must be " + Joined(allowed),
                           key);
  }
  return v;
}

// The convergence scheme that paid, with its note (required for "other").
Status PaidBy(const Json& body, std::string* paid_by, std::string* note) {
  JJM_ASSIGN_OR_RETURN(*paid_by, Choice(body, "paid_by", kPaidBy));
  JJM_ASSIGN_OR_RETURN(*note,
                       TextField(body, "", "paid_by_note", false, 0, 200));
  if (*paid_by == "other" && note->empty()) {
    return InvalidArgument("name the scheme that paid in paid_by_note",
                           "paid_by_note");
  }
  return Status::Ok();
}

LevelReading ToReading(const SourceLevelRow& r) {
  LevelReading x;
  x.source = r.source_id;
  x.day = static_cast<int32_t>(r.day);
  x.season = ParseMonsoonSeason(r.season).value_or(MonsoonSeason::kPre);
  x.depth_m = r.depth_m;
  return x;
}

double Metres(int64_t cm) { return static_cast<double>(cm) / 100.0; }

Json LevelJson(const SourceLevelRow& r, bool names) {
  const std::optional<int> year = MonsoonYear(ToReading(r));
  Json j{{"id", r.id},
         {"day", OpsDay(r.day)},
         {"season", r.season},
         {"depth_m", r.depth_m},
         {"monsoon_year", year ? Json(*year) : Json()},
         {"note", r.note}};
  if (names) j["by"] = r.recorded_by;
  return j;
}

Json YieldJson(const SourceYieldRow& r, bool names) {
  Json j{{"id", r.id},
         {"day", OpsDay(r.day)},
         {"litres_per_hour", r.litres_per_hour},
         {"note", r.note}};
  if (names) j["by"] = r.recorded_by;
  return j;
}

Json SpellJson(const DrySpellRow& r, bool names) {
  Json j{{"id", r.id},
         {"dried_on", OpsDay(r.dried_day)},
         {"revived_on", r.revived_day ? Json(OpsDay(*r.revived_day)) : Json()},
         {"note", r.note}};
  if (names) j["by"] = r.recorded_by;
  return j;
}

Json WorkJson(const RechargeWorkRow& r, const std::string& source, bool names) {
  Json j{{"id", r.id},
         {"kind", r.kind},
         {"source", source.empty() ? Json() : Json(source)},
         {"started_on", OpsDay(r.started_day)},
         {"completed_on",
          r.completed_day ? Json(OpsDay(*r.completed_day)) : Json()},
         {"cost_paise", r.cost_paise},
         {"paid_by", r.paid_by},
         {"paid_by_note", r.paid_by_note},
         {"note", r.note}};
  if (names) j["by"] = r.recorded_by;
  return j;
}

Json GreywaterJson(const GreywaterRow& r, bool names) {
  Json j{{"id", r.id},
         {"kind", r.kind},
         {"count", r.count},
         {"households_served", r.households_served},
         {"completed_on", OpsDay(r.completed_day)},
         {"cost_paise", r.cost_paise},
         {"paid_by", r.paid_by},
         {"paid_by_note", r.paid_by_note},
         {"note", r.note}};
  if (names) j["by"] = r.recorded_by;
  return j;
}

// A query's number (a text from the address, or a number).
StatusOr<std::optional<double>> QueryNumber(const Json& q, const char* key) {
  if (!q.contains(key)) return std::optional<double>();
  const Json& v = q[key];
  if (v.is_number()) return std::optional<double>(v.get<double>());
  const std::string s = v.is_string() ? v.get<std::string>() : "";
  double d = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() ||
      !std::isfinite(d)) {
    return InvalidArgument(std::string(key) + " must be a number", key);
  }
  return std::optional<double>(d);
}

}  // namespace

Status OperationsService::Impl::LoadSources(OperationsStore& s) {
  SourcesState st;
  JJM_RETURN_IF_ERROR(s.EachLevel([&](const SourceLevelRow& r) {
    st.sources[r.source_id] = {r.source_code,
                               static_cast<UnitId>(r.village_id)};
    st.levels[static_cast<UnitId>(r.village_id)].push_back(ToReading(r));
  }));
  JJM_RETURN_IF_ERROR(s.EachRechargeWork(
      [&](const RechargeWorkRow& r) { st.works.push_back(r); }));
  JJM_RETURN_IF_ERROR(s.EachGreywater(
      [&](const GreywaterRow& r) { st.greywater.push_back(r); }));
  sources_ = std::move(st);
  return Status::Ok();
}

namespace {

// The source of `code` and the caller's right to record for its village;
// the caller holds the write lock.
StatusOr<WqSourceRef> WritableSource(OperationsService::Impl& I,
                                     const OCaller& c, const std::string& code)
    REQUIRES(I.write_mutex()) {
  JJM_ASSIGN_OR_RETURN(std::optional<WqSourceRef> src,
                       I.writer().SourceByCode(code));
  if (!src) {
    return NotFound("no source has the code '" + code +
                    "' (sources are recorded in the water-quality register)");
  }
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kManageCommittee,
                             static_cast<UnitId>(src->village_id),
                             "record the village's sources"));
  return *src;
}

}  // namespace

StatusOr<Json> OperationsService::AddSourceLevel(const Caller& c,
                                                 const std::string& source,
                                                 const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"day", "season", "depth_m", "note"}));
  SourceLevelRow r;
  JJM_ASSIGN_OR_RETURN(Date day, PastDateField(body, "day", c.today));
  r.day = day.days();
  JJM_ASSIGN_OR_RETURN(r.season, TextField(body, "", "season", true, 1, 20));
  const std::optional<MonsoonSeason> season = ParseMonsoonSeason(r.season);
  if (!season) {
    return InvalidArgument("season must be pre_monsoon or post_monsoon",
                           "season");
  }
  if (!body.contains("depth_m") || !body["depth_m"].is_number()) {
    return InvalidArgument("depth_m must be a number of metres", "depth_m");
  }
  r.depth_m = body["depth_m"].get<double>();
  LevelReading reading{0, day.days(), *season, r.depth_m};
  JJM_RETURN_IF_ERROR(CheckReading(reading));
  JJM_ASSIGN_OR_RETURN(r.note, TextField(body, "", "note", false, 0, 500));
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  MutexLock lock(&I.write_mutex());
  JJM_ASSIGN_OR_RETURN(WqSourceRef src, WritableSource(I, c, source));
  r.source_id = src.id;
  r.village_id = src.village_id;
  r.source_code = src.code;
  r.recorded_at = OpsNow();
  r.recorded_by = Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("operations.source.level", "wq_source", src.code,
                             static_cast<UnitId>(src.village_id));
  audit.after = Json{
      {"day", day.ToString()},
      {"season", r.season},
      {"depth_m",
       r.depth_m}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddLevel(r));
    return Status::Ok();
  }));
  reading.source = r.source_id;
  I.Apply([&](Impl& me) {
    SourcesState& st = me.sources_for_apply();
    st.sources[r.source_id] = {r.source_code,
                               static_cast<UnitId>(r.village_id)};
    st.levels[static_cast<UnitId>(r.village_id)].push_back(reading);
  });
  Json j = LevelJson(r, true);
  j["source"] = src.code;
  return j;
}

StatusOr<Json> OperationsService::AddSourceYield(const Caller& c,
                                                 const std::string& source,
                                                 const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"day", "litres_per_hour", "note"}));
  SourceYieldRow r;
  JJM_ASSIGN_OR_RETURN(Date day, PastDateField(body, "day", c.today));
  r.day = day.days();
  JJM_ASSIGN_OR_RETURN(r.litres_per_hour, IntField(body, "", "litres_per_hour",
                                                   true, 0, 100'000'000));
  JJM_ASSIGN_OR_RETURN(r.note, TextField(body, "", "note", false, 0, 500));
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  MutexLock lock(&I.write_mutex());
  JJM_ASSIGN_OR_RETURN(WqSourceRef src, WritableSource(I, c, source));
  r.source_id = src.id;
  r.recorded_at = OpsNow();
  r.recorded_by = Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("operations.source.yield", "wq_source", src.code,
                             static_cast<UnitId>(src.village_id));
  audit.after =
      Json{{"day", day.ToString()}, {"litres_per_hour", r.litres_per_hour}}
          .dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddYield(r));
    return Status::Ok();
  }));
  Json j = YieldJson(r, true);
  j["source"] = src.code;
  return j;
}

StatusOr<Json> OperationsService::AddDrySpell(const Caller& c,
                                              const std::string& source,
                                              const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"dried_on", "revived_on", "note"}));
  DrySpellRow r;
  JJM_ASSIGN_OR_RETURN(Date dried, PastDateField(body, "dried_on", c.today));
  r.dried_day = dried.days();
  if (body.contains("revived_on") && !body["revived_on"].is_null()) {
    JJM_ASSIGN_OR_RETURN(Date revived,
                         PastDateField(body, "revived_on", c.today));
    if (revived < dried) {
      return InvalidArgument("revived_on is before dried_on", "revived_on");
    }
    r.revived_day = revived.days();
  }
  JJM_ASSIGN_OR_RETURN(r.note, TextField(body, "", "note", false, 0, 500));
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  MutexLock lock(&I.write_mutex());
  JJM_ASSIGN_OR_RETURN(WqSourceRef src, WritableSource(I, c, source));
  JJM_ASSIGN_OR_RETURN(std::vector<DrySpellRow> spells,
                       I.writer().DrySpellsOfVillage(src.village_id));
  for (const DrySpellRow& d : spells) {
    if (d.source_id != src.id) continue;
    const int64_t end = d.revived_day.value_or(INT64_MAX);
    const int64_t new_end = r.revived_day.value_or(INT64_MAX);
    if (r.dried_day <= end && d.dried_day <= new_end) {
      return Conflict(d.revived_day
                          ? "the source was dry from " + OpsDay(d.dried_day) +
                                " to " + OpsDay(*d.revived_day)
                          : "the source is dry since " + OpsDay(d.dried_day) +
                                "; record its revival first",
                      "dried_on");
    }
  }
  r.source_id = src.id;
  r.recorded_at = OpsNow();
  r.recorded_by = Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("operations.source.dried", "wq_source", src.code,
                             static_cast<UnitId>(src.village_id));
  audit.after = Json{{"dried_on", dried.ToString()}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddDrySpell(r));
    return Status::Ok();
  }));
  Json j = SpellJson(r, true);
  j["source"] = src.code;
  return j;
}

StatusOr<Json> OperationsService::ReviveDrySpell(const Caller& c, int64_t id,
                                                 const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"revived_on"}));
  JJM_ASSIGN_OR_RETURN(Date revived,
                       PastDateField(body, "revived_on", c.today));
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  MutexLock lock(&I.write_mutex());
  JJM_ASSIGN_OR_RETURN(std::optional<DrySpellRow> d,
                       I.writer().GetDrySpell(id));
  if (!d) return NotFound("no dry spell " + std::to_string(id));
  const UnitId v = static_cast<UnitId>(d->village_id);
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kManageCommittee, v,
                             "record the village's sources"));
  if (d->revived_day) {
    return FailedPrecondition("the source revived on " +
                              OpsDay(*d->revived_day));
  }
  if (revived.days() < d->dried_day) {
    return InvalidArgument(
        "revived_on is before the source dried on " + OpsDay(d->dried_day),
        "revived_on");
  }
  const std::string now = OpsNow();
  AuditRow audit = I.AuditAt("operations.source.revived", "source_dry_spell",
                             std::to_string(id), v);
  audit.after =
      Json{{"source", d->source_code}, {"revived_on", revived.ToString()}}
          .dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) {
    return s.ReviveDrySpell(id, revived.days(), now, Impl::ActorOf(c));
  }));
  d->revived_day = revived.days();
  Json j = SpellJson(*d, true);
  j["source"] = d->source_code;
  return j;
}

namespace {

// The village of a work (a village, field "village"), and its source of
// that village, if named (field "source"); the caller holds the write
// lock.
struct WorkPlace {
  UnitId village = kNoUnit;
  std::string code;
  int64_t source_id = 0;
  std::string source;
  int32_t households = 0;
};

StatusOr<WorkPlace> PlaceOfWork(OperationsService::Impl& I, const Json& body,
                                bool with_source, Date day)
    REQUIRES(I.write_mutex()) {
  WorkPlace w;
  JJM_ASSIGN_OR_RETURN(w.code, TextField(body, "", "village", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(w.village,
                       I.PlaceOf(w.code, "village", Level::kVillage));
  w.households = I.Places([&](const Hierarchy&, const CoverageIndex& x) {
    return x.At(w.village, day).total_hh;
  });
  if (!with_source) return w;
  JJM_ASSIGN_OR_RETURN(w.source, TextField(body, "", "source", false, 0, 60));
  if (w.source.empty()) return w;
  JJM_ASSIGN_OR_RETURN(std::optional<WqSourceRef> src,
                       I.writer().SourceByCode(w.source));
  if (!src) {
    return InvalidArgument("no source has the code '" + w.source + "'",
                           "source");
  }
  if (static_cast<UnitId>(src->village_id) != w.village) {
    return InvalidArgument(
        "source " + w.source + " is not a source of " + w.code, "source");
  }
  w.source_id = src->id;
  return w;
}

StatusOr<int64_t> Cost(const Json& body) {
  return IntField(body, "", "cost_paise", true, 0, kMaxCostPaise);
}

}  // namespace

StatusOr<Json> OperationsService::AddRechargeWork(const Caller& c,
                                                  const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "",
                  {"village", "source", "kind", "started_on", "completed_on",
                   "cost_paise", "paid_by", "paid_by_note", "note"}));
  RechargeWorkRow r;
  JJM_ASSIGN_OR_RETURN(r.kind, Choice(body, "kind", kWorkKinds));
  JJM_ASSIGN_OR_RETURN(Date start, PastDateField(body, "started_on", c.today));
  r.started_day = start.days();
  if (body.contains("completed_on") && !body["completed_on"].is_null()) {
    JJM_ASSIGN_OR_RETURN(Date done,
                         PastDateField(body, "completed_on", c.today));
    if (done < start) {
      return InvalidArgument("completed_on is before started_on",
                             "completed_on");
    }
    r.completed_day = done.days();
  }
  JJM_ASSIGN_OR_RETURN(r.cost_paise, Cost(body));
  JJM_RETURN_IF_ERROR(PaidBy(body, &r.paid_by, &r.paid_by_note));
  JJM_ASSIGN_OR_RETURN(r.note, TextField(body, "", "note", false, 0, 500));
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  MutexLock lock(&I.write_mutex());
  JJM_ASSIGN_OR_RETURN(WorkPlace w, PlaceOfWork(I, body, true, start));
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kManageCommittee, w.village,
                             "record the village's works"));
  r.village_id = w.village;
  r.source_id = w.source_id;
  r.recorded_at = OpsNow();
  r.recorded_by = Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("operations.recharge_work.add", "recharge_work",
                             w.code, w.village);
  audit.after = Json{
      {"kind", r.kind},
      {"started_on", start.ToString()},
      {"cost_paise", r.cost_paise},
      {"paid_by",
       r.paid_by}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddRechargeWork(r));
    return Status::Ok();
  }));
  I.Apply([&](Impl& me) { me.sources_for_apply().works.push_back(r); });
  return WorkJson(r, w.source, true);
}

StatusOr<Json> OperationsService::CompleteRechargeWork(const Caller& c,
                                                       int64_t id,
                                                       const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"completed_on"}));
  JJM_ASSIGN_OR_RETURN(Date done, PastDateField(body, "completed_on", c.today));
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  MutexLock lock(&I.write_mutex());
  // Works change only under the write lock: a copy read here stays true.
  std::optional<RechargeWorkRow> w =
      I.Shared([&](const Hierarchy&, const CoverageIndex&) {
        for (const RechargeWorkRow& r : I.locked_sources().works) {
          if (r.id == id) return std::optional<RechargeWorkRow>(r);
        }
        return std::optional<RechargeWorkRow>();
      });
  if (!w) return NotFound("no recharge work " + std::to_string(id));
  const UnitId v = static_cast<UnitId>(w->village_id);
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageCommittee, v, "record the village's works"));
  if (w->completed_day) {
    return FailedPrecondition("the work was completed on " +
                              OpsDay(*w->completed_day));
  }
  if (done.days() < w->started_day) {
    return InvalidArgument(
        "completed_on is before the work started on " + OpsDay(w->started_day),
        "completed_on");
  }
  std::string source;
  if (w->source_id > 0) {
    JJM_ASSIGN_OR_RETURN(std::vector<WqSourceRef> srcs,
                         I.writer().SourcesOf(w->village_id));
    for (const WqSourceRef& s : srcs) {
      if (s.id == w->source_id) source = s.code;
    }
  }
  const std::string now = OpsNow();
  AuditRow audit = I.AuditAt("operations.recharge_work.complete",
                             "recharge_work", std::to_string(id), v);
  audit.after = Json{{"completed_on", done.ToString()}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) {
    return s.CompleteRechargeWork(id, done.days(), now, Impl::ActorOf(c));
  }));
  w->completed_day = done.days();
  I.Apply([&](Impl& me) {
    for (RechargeWorkRow& r : me.sources_for_apply().works) {
      if (r.id == id) r.completed_day = w->completed_day;
    }
  });
  return WorkJson(*w, source, true);
}

StatusOr<Json> OperationsService::AddGreywater(const Caller& c,
                                               const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "",
      {"village", "kind", "count", "households_served", "completed_on",
       "cost_paise", "paid_by", "paid_by_note", "note"}));
  GreywaterRow r;
  JJM_ASSIGN_OR_RETURN(r.kind, Choice(body, "kind", kGreywaterKinds));
  JJM_ASSIGN_OR_RETURN(r.count, IntField(body, "", "count", true, 1, 100000));
  JJM_ASSIGN_OR_RETURN(
      r.households_served,
      IntField(body, "", "households_served", true, 0, 1000000));
  JJM_ASSIGN_OR_RETURN(Date done, PastDateField(body, "completed_on", c.today));
  r.completed_day = done.days();
  JJM_ASSIGN_OR_RETURN(r.cost_paise, Cost(body));
  JJM_RETURN_IF_ERROR(PaidBy(body, &r.paid_by, &r.paid_by_note));
  JJM_ASSIGN_OR_RETURN(r.note, TextField(body, "", "note", false, 0, 500));
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  MutexLock lock(&I.write_mutex());
  JJM_ASSIGN_OR_RETURN(WorkPlace w, PlaceOfWork(I, body, false, done));
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kManageCommittee, w.village,
                             "record the village's works"));
  if (r.households_served > w.households) {
    return InvalidArgument(
        "the village has " + std::to_string(w.households) + " households; " +
            std::to_string(r.households_served) + " cannot be served",
        "households_served");
  }
  r.village_id = w.village;
  r.recorded_at = OpsNow();
  r.recorded_by = Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("operations.greywater.add", "greywater_structure",
                             w.code, w.village);
  audit.after = Json{
      {"kind", r.kind},
      {"count", r.count},
      {"cost_paise", r.cost_paise},
      {"paid_by",
       r.paid_by}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddGreywater(r));
    return Status::Ok();
  }));
  I.Apply([&](Impl& me) { me.sources_for_apply().greywater.push_back(r); });
  return GreywaterJson(r, true);
}

StatusOr<Json> OperationsService::VillageSources(const Caller& c,
                                                 const std::string& village) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(UnitId v,
                       I.PlaceOf(village, "village", Level::kVillage));
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
  OperationsStore s(lease.db());
  JJM_ASSIGN_OR_RETURN(std::vector<WqSourceRef> sources, s.SourcesOf(v));
  JJM_ASSIGN_OR_RETURN(std::vector<SourceLevelRow> levels,
                       s.LevelsOfVillage(v));
  JJM_ASSIGN_OR_RETURN(std::vector<SourceYieldRow> yields,
                       s.YieldsOfVillage(v));
  JJM_ASSIGN_OR_RETURN(std::vector<DrySpellRow> spells,
                       s.DrySpellsOfVillage(v));
  const bool names = I.Sees(c, v);
  std::map<int64_t, std::string> code_of;
  Json list = Json::array();
  for (const WqSourceRef& src : sources) {
    code_of[src.id] = src.code;
    Json ls = Json::array(), ys = Json::array(), ds = Json::array();
    // Per monsoon year, the reading of each season taken last.
    std::map<int, std::pair<const SourceLevelRow*, const SourceLevelRow*>>
        years;
    for (const SourceLevelRow& l : levels) {
      if (l.source_id != src.id) continue;
      ls.push_back(LevelJson(l, names));
      const std::optional<int> y = MonsoonYear(ToReading(l));
      if (!y) continue;
      auto& slot =
          l.season == "post_monsoon" ? years[*y].second : years[*y].first;
      slot = &l;  // by day, then id: the last one counts
    }
    Json by_year = Json::array();
    std::optional<double> previous_post;
    int previous_year = 0;
    for (const auto& [y, pair] : years) {
      const SourceLevelRow* pre = pair.first;
      const SourceLevelRow* post = pair.second;
      Json one{{"monsoon_year", y},
               {"pre_monsoon_m", pre ? Json(pre->depth_m) : Json()},
               {"post_monsoon_m", post ? Json(post->depth_m) : Json()},
               {"fall_m", Json()}};
      if (post && previous_post && previous_year == y - 1) {
        const int64_t cm = std::llround(post->depth_m * 100) -
                           std::llround(*previous_post * 100);
        one["fall_m"] = Metres(cm);
      }
      if (post) {
        previous_post = post->depth_m;
        previous_year = y;
      }
      by_year.push_back(one);
    }
    bool dry = false;
    for (const SourceYieldRow& y : yields) {
      if (y.source_id == src.id) ys.push_back(YieldJson(y, names));
    }
    for (const DrySpellRow& d : spells) {
      if (d.source_id != src.id) continue;
      ds.push_back(SpellJson(d, names));
      if (!d.revived_day) dry = true;
    }
    list.push_back(Json{{"code", src.code},
                        {"type", src.type},
                        {"name", src.name},
                        {"dry_now", dry},
                        {"levels", ls},
                        {"by_year", by_year},
                        {"yields", ys},
                        {"dry_spells", ds}});
  }
  Json works = Json::array(), grey = Json::array();
  int64_t works_cost = 0, grey_count = 0, grey_hh = 0;
  I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    for (const RechargeWorkRow& w : I.locked_sources().works) {
      if (static_cast<UnitId>(w.village_id) != v) continue;
      const auto it = code_of.find(w.source_id);
      works.push_back(
          WorkJson(w, it == code_of.end() ? "" : it->second, names));
      works_cost += w.cost_paise;
    }
    for (const GreywaterRow& g : I.locked_sources().greywater) {
      if (static_cast<UnitId>(g.village_id) != v) continue;
      grey.push_back(GreywaterJson(g, names));
      grey_count += g.count;
      grey_hh += g.households_served;
    }
    return 0;
  });
  return Json{{"village", I.PlaceJson(v)},
              {"sources", list},
              {"works", works},
              {"greywater", grey},
              {"totals", Json{{"works", works.size()},
                              {"works_cost_paise", works_cost},
                              {"greywater_structures", grey_count},
                              {"greywater_households_served", grey_hh}}}};
}

StatusOr<Json> OperationsService::SourcesSummary(const Caller& c,
                                                 const Json& query) {
  Impl& I = *impl_;
  (void)c;
  JJM_RETURN_IF_ERROR(
      CheckFields(query, "", {"place", "threshold_m", "monsoon_year"}));
  JJM_ASSIGN_OR_RETURN(std::string place,
                       TextField(query, "", "place", false, 0, 40));
  if (place.empty()) place = "IN";
  JJM_ASSIGN_OR_RETURN(UnitId unit, I.PlaceOf(place, "place"));
  JJM_ASSIGN_OR_RETURN(std::optional<double> threshold,
                       QueryNumber(query, "threshold_m"));
  JJM_ASSIGN_OR_RETURN(std::optional<double> year_n,
                       QueryNumber(query, "monsoon_year"));
  std::optional<int> year;
  if (year_n) {
    if (*year_n != std::floor(*year_n) || *year_n < 1900 || *year_n > 2200) {
      return InvalidArgument("monsoon_year must be a year from 1900 to 2200",
                             "monsoon_year");
    }
    year = static_cast<int>(*year_n);
  }
  const double threshold_m = threshold.value_or(1.0);
  return I.Shared([&](const Hierarchy& h,
                      const CoverageIndex&) -> StatusOr<Json> {
    const SourcesState& st = I.locked_sources();
    std::vector<LevelReading> readings;
    for (const auto& [village, levels] : st.levels) {
      if (h.Contains(village) && h.IsWithin(village, unit)) {
        readings.insert(readings.end(), levels.begin(), levels.end());
      }
    }
    JJM_ASSIGN_OR_RETURN(std::vector<FallingSource> falling,
                         FallingSources(readings, threshold_m, year));
    const bool below = h.Get(unit).level < Level::kVillage;
    const Level child = below ? h.ChildLevel(unit) : Level::kVillage;
    struct Money {
      int64_t count = 0, cost_paise = 0, households = 0;
    };
    struct Sums {
      int64_t falling = 0;
      Money works, greywater;
      std::map<std::string, Money> works_by_paid_by, works_by_kind,
          greywater_by_paid_by, greywater_by_kind;
    };
    std::map<UnitId, Sums> sums;
    auto targets = [&](UnitId v) {
      std::vector<UnitId> out = {unit};
      if (below) {
        const UnitId a = h.AncestorAt(v, child);
        if (a != kNoUnit) out.push_back(a);
      }
      return out;
    };
    auto within = [&](int64_t v) {
      const UnitId u = static_cast<UnitId>(v);
      return h.Contains(u) && h.IsWithin(u, unit);
    };
    Json list = Json::array();
    for (const FallingSource& f : falling) {
      const SourcesState::Source& src = st.sources.at(f.source);
      for (UnitId t : targets(src.village)) ++sums[t].falling;
      if (list.size() >= 500) continue;
      list.push_back(Json{{"source", src.code},
                          {"village", I.PlaceJson(src.village, h)},
                          {"monsoon_year", f.monsoon_year},
                          {"previous", Json{{"day", OpsDay(f.previous.day)},
                                            {"depth_m", f.previous.depth_m}}},
                          {"latest", Json{{"day", OpsDay(f.latest.day)},
                                          {"depth_m", f.latest.depth_m}}},
                          {"fall_m", Metres(f.fall_cm)}});
    }
    auto add = [](Money& m, int64_t n, int64_t cost, int64_t hh) {
      m.count += n;
      m.cost_paise += cost;
      m.households += hh;
    };
    for (const RechargeWorkRow& w : st.works) {
      if (!within(w.village_id)) continue;
      for (UnitId t : targets(static_cast<UnitId>(w.village_id))) {
        Sums& x = sums[t];
        add(x.works, 1, w.cost_paise, 0);
        add(x.works_by_paid_by[w.paid_by], 1, w.cost_paise, 0);
        add(x.works_by_kind[w.kind], 1, w.cost_paise, 0);
      }
    }
    for (const GreywaterRow& g : st.greywater) {
      if (!within(g.village_id)) continue;
      for (UnitId t : targets(static_cast<UnitId>(g.village_id))) {
        Sums& x = sums[t];
        add(x.greywater, g.count, g.cost_paise, g.households_served);
        add(x.greywater_by_paid_by[g.paid_by], g.count, g.cost_paise,
            g.households_served);
        add(x.greywater_by_kind[g.kind], g.count, g.cost_paise,
            g.households_served);
      }
    }
    auto money = [](const Money& m, bool hh) {
      Json j{{"count", m.count}, {"cost_paise", m.cost_paise}};
      if (hh) j["households_served"] = m.households;
      return j;
    };
    auto keyed = [&](std::map<std::string, Money>& by,
                     const std::vector<std::string>& keys, bool hh) {
      Json j = Json::object();
      for (const std::string& k : keys) j[k] = money(by[k], hh);
      return j;
    };
    auto json = [&](UnitId u) {
      Sums& x = sums[u];
      Json j = I.PlaceJson(u, h);
      j["falling"] = x.falling;
      j["works"] = money(x.works, false);
      j["works_by_paid_by"] = keyed(x.works_by_paid_by, kPaidBy, false);
      j["works_by_kind"] = keyed(x.works_by_kind, kWorkKinds, false);
      j["greywater"] = money(x.greywater, true);
      j["greywater_by_paid_by"] = keyed(x.greywater_by_paid_by, kPaidBy, true);
      j["greywater_by_kind"] =
          keyed(x.greywater_by_kind, kGreywaterKinds, true);
      return j;
    };
    Json rows = Json::array();
    if (below) {
      h.ForEachAtLevel(unit, child, [&](UnitId u) {
        if (sums.count(u)) rows.push_back(json(u));
      });
    }
    return Json{{"place", I.PlaceJson(unit, h)},
                {"threshold_m", threshold_m},
                {"monsoon_year", year ? Json(*year) : Json()},
                {"falling_count", falling.size()},
                {"falling", list},
                {"totals", json(unit)},
                {"rows", rows}};
  });
}

}  // namespace jjm
