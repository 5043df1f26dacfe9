// Schemes, their assets and the assets' conditions, and service levels.
#include <algorithm>

#include "base/strings.h"
#include "supply/supply_internal.h"

namespace jjm {
namespace {

const std::vector<std::string> kSchemeKinds = {"single_village",
                                               "multi_village"};
const std::vector<std::string> kSchemeStatuses = {"sanctioned", "in_progress",
                                                  "commissioned", "closed"};
const std::vector<std::string> kAssetTypes = {"source_work",
                                              "pump",
                                              "rising_main",
                                              "treatment_unit",
                                              "overhead_tank",
                                              "ground_storage",
                                              "distribution_pipeline",
                                              "household_connections",
                                              "chlorinator"};
const std::vector<std::string> kConditions = {"working", "partly_working",
                                              "not_working", "abandoned"};

bool In(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string Joined(const std::vector<std::string>& list) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == list.size() ? " or " : ", ") + list[i];
  }
  return out;
}

StatusOr<std::string> Choice(const Json& body, const char* key, bool required,
                             const std::vector<std::string>& list,
                             const std::string& otherwise = "") {
  JJM_ASSIGN_OR_RETURN(std::string v,
                       TextField(body, "", key, required, 1, 40));
  if (v.empty()) return otherwise;
  if (!In(list, v)) {
    return InvalidArgument(std::string(key) + " must be " + Joined(list), key);
  }
  return v;
}

StatusOr<std::optional<int64_t>> OptionalDay(const Json& body,
                                             const char* key) {
  if (!body.contains(key) || body[key].is_null() ||
      (body[key].is_string() && body[key].get<std::string>().empty())) {
    return std::optional<int64_t>();
  }
  JJM_ASSIGN_OR_RETURN(Date d, DateField(body, "", key, true));
  return std::optional<int64_t>(d.days());
}

Json AssetJson(const AssetRow& a, const std::vector<AssetConditionRow>& conds,
               const Json& village, bool names) {
  Json history = Json::array();
  const AssetConditionRow* latest = nullptr;
  for (const AssetConditionRow& c : conds) {
    if (c.asset_id != a.id) continue;
    Json h{{"on", DayString(c.day)}, {"condition", c.condition}};
    if (!c.note.empty()) h["note"] = c.note;
    if (names) h["by"] = c.recorded_by;
    history.push_back(h);
    if (latest == nullptr || c.day >= latest->day) latest = &c;
  }
  return Json{
      {"id", a.id},
      {"type", a.type},
      {"name", a.name},
      {"village", village},
      {"capacity", a.capacity ? Json(*a.capacity) : Json()},
      {"capacity_unit", a.capacity_unit},
      {"commissioned_on",
       a.commissioned_day ? Json(DayString(*a.commissioned_day)) : Json()},
      {"condition", latest ? Json(latest->condition) : Json()},
      {"condition_on", latest ? Json(DayString(latest->day)) : Json()},
      {"history", history}};
}

// A scheme in the store that this process has not loaded: registered by
// another jjm process on the same database since this one started.
Status NotLoadedHere(int64_t id) {
  return Status(StatusCode::kUnavailable,
                "scheme " + std::to_string(id) +
                    " was registered by another jjm process; this one "
                    "knows it once restarted");
}

}  // namespace

// The scheme's JSON with its assets, read on `s`.
static StatusOr<Json> SchemeJson(const SupplyService::Impl& I, const SCaller& c,
                                 SupplyStore& s, const SchemeRow& r) {
  SchemeInfo info;
  I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    auto it = I.locked_schemes().find(r.id);
    if (it != I.locked_schemes().end()) info = it->second;
    return 0;
  });
  JJM_ASSIGN_OR_RETURN(std::vector<std::string> sources,
                       s.SchemeSourceCodes(r.id));
  JJM_ASSIGN_OR_RETURN(std::vector<AssetRow> assets, s.AssetsOfScheme(r.id));
  JJM_ASSIGN_OR_RETURN(std::vector<AssetConditionRow> conds,
                       s.ConditionsOfScheme(r.id));
  const bool names = !info.villages.empty() && I.Sees(c, info.villages.front());
  return I.Places([&](const Hierarchy& h, const CoverageIndex&) -> Json {
    Json villages = Json::array(), habitations = Json::array(),
         list = Json::array();
    for (UnitId v : info.villages) villages.push_back(I.PlaceJson(v, h));
    for (UnitId v : info.habitations) habitations.push_back(I.PlaceJson(v, h));
    for (const AssetRow& a : assets) {
      list.push_back(AssetJson(
          a, conds, I.PlaceJson(static_cast<UnitId>(a.village_id), h), names));
    }
    return Json{
        {"id", r.id},
        {"code", r.code},
        {"name", r.name},
        {"kind", r.kind},
        {"villages", villages},
        {"habitations", habitations},
        {"sources", sources},
        {"sanctioned_on", DayString(r.sanctioned_day)},
        {"sanction_cost_lakh", r.sanction_cost_lakh},
        {"commissioned_on",
         r.commissioned_day ? Json(DayString(*r.commissioned_day)) : Json()},
        {"agency", r.agency},
        {"status", r.status},
        {"assets", list}};
  });
}

StatusOr<std::vector<int64_t>> SupplyService::PipedVillages(Date day) {
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, impl_->Read());
  SupplyStore s(lease.db());
  return s.PipedVillages(day.days());
}

StatusOr<Json> SupplyService::ListSchemes(const Caller& c, const Json& query) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(query, "", {"place", "village"}));
  JJM_ASSIGN_OR_RETURN(std::string place,
                       TextField(query, "", "place", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(std::string village,
                       TextField(query, "", "village", false, 0, 40));
  UnitId unit = kIndia;
  if (!village.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(village, "village", Level::kVillage));
  } else if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
  }
  std::vector<int64_t> ids =
      I.Shared([&](const Hierarchy& h, const CoverageIndex&) {
        std::vector<int64_t> out;
        for (const auto& [id, s] : I.locked_schemes()) {
          for (UnitId v : s.villages) {
            if (h.IsWithin(v, unit)) {
              out.push_back(id);
              break;
            }
          }
          if (out.size() >= 500) break;
        }
        return out;
      });
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
  SupplyStore s(lease.db());
  Json rows = Json::array();
  for (int64_t id : ids) {
    JJM_ASSIGN_OR_RETURN(auto r, s.GetScheme(id));
    if (!r) continue;
    JJM_ASSIGN_OR_RETURN(Json j, SchemeJson(I, c, s, *r));
    rows.push_back(std::move(j));
  }
  return Json{{"place", I.PlaceJson(unit)}, {"rows", rows}};
}

StatusOr<Json> SupplyService::GetScheme(const Caller& c, int64_t id) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
  SupplyStore s(lease.db());
  JJM_ASSIGN_OR_RETURN(auto r, s.GetScheme(id));
  if (!r) return NotFound("no scheme " + std::to_string(id));
  return SchemeJson(I, c, s, *r);
}

StatusOr<Json> SupplyService::CreateScheme(const Caller& c, const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "",
                  {"code", "name", "kind", "villages", "habitations", "sources",
                   "sanctioned_on", "sanction_cost_lakh", "commissioned_on",
                   "agency", "status"}));
  SchemeRow r;
  JJM_ASSIGN_OR_RETURN(r.code, TextField(body, "", "code", true, 1, 60));
  JJM_ASSIGN_OR_RETURN(r.name, TextField(body, "", "name", true, 2, 200));
  JJM_ASSIGN_OR_RETURN(r.kind, Choice(body, "kind", true, kSchemeKinds));
  JJM_ASSIGN_OR_RETURN(
      r.status, Choice(body, "status", false, kSchemeStatuses, "sanctioned"));
  JJM_ASSIGN_OR_RETURN(r.agency, TextField(body, "", "agency", true, 2, 200));
  JJM_ASSIGN_OR_RETURN(Date sanctioned,
                       PastDateField(body, "sanctioned_on", c.today));
  r.sanctioned_day = sanctioned.days();
  JJM_ASSIGN_OR_RETURN(r.sanction_cost_lakh,
                       NumberField(body, "", "sanction_cost_lakh", true, 0));
  if (!(r.sanction_cost_lakh >= 0) || r.sanction_cost_lakh > 1e7) {
    return InvalidArgument(
        "sanction_cost_lakh must be a number of lakh rupees from 0 to "
        "1,00,00,000",
        "sanction_cost_lakh");
  }
  JJM_ASSIGN_OR_RETURN(r.commissioned_day,
                       OptionalDay(body, "commissioned_on"));
  if (r.commissioned_day) {
    if (*r.commissioned_day < r.sanctioned_day) {
      return InvalidArgument("a scheme is commissioned after its sanction",
                             "commissioned_on");
    }
    if (*r.commissioned_day > c.today.days()) {
      return InvalidArgument("commissioned_on is after today",
                             "commissioned_on");
    }
  }
  if (r.status == "commissioned" && !r.commissioned_day) {
    return InvalidArgument("a commissioned scheme needs commissioned_on",
                           "commissioned_on");
  }
  JJM_ASSIGN_OR_RETURN(std::vector<std::string> villages,
                       TextsField(body, "", "villages", 500, 40));
  if (villages.empty()) {
    return InvalidArgument("a scheme serves at least one village", "villages");
  }
  if (r.kind == "single_village" && villages.size() != 1) {
    return InvalidArgument(
        "a single-village scheme serves exactly one village; this one names " +
            std::to_string(villages.size()),
        "villages");
  }
  JJM_ASSIGN_OR_RETURN(std::vector<std::string> habitations,
                       TextsField(body, "", "habitations", 2000, 40));
  JJM_ASSIGN_OR_RETURN(std::vector<std::string> sources,
                       TextsField(body, "", "sources", 200, 60));
  SchemeLinks links;
  std::vector<UnitId> vids, hids;
  for (size_t i = 0; i < villages.size(); ++i) {
    JJM_ASSIGN_OR_RETURN(
        UnitId v, I.PlaceOf(villages[i], "villages[" + std::to_string(i) + "]",
                            Level::kVillage));
    if (std::find(vids.begin(), vids.end(), v) != vids.end()) {
      return InvalidArgument("village " + villages[i] + " is named twice",
                             "villages[" + std::to_string(i) + "]");
    }
    JJM_RETURN_IF_ERROR(
        I.Need(c, Permission::kManageSchemes, v, "manage schemes"));
    vids.push_back(v);
  }
  for (size_t i = 0; i < habitations.size(); ++i) {
    const std::string f = "habitations[" + std::to_string(i) + "]";
    JJM_ASSIGN_OR_RETURN(UnitId hb,
                         I.PlaceOf(habitations[i], f, Level::kHabitation));
    const UnitId parent =
        I.Places([&](const Hierarchy& h, const CoverageIndex&) {
          return h.Get(hb).parent;
        });
    if (std::find(vids.begin(), vids.end(), parent) == vids.end()) {
      return InvalidArgument("habitation " + habitations[i] +
                                 " is not in a village the scheme serves",
                             f);
    }
    hids.push_back(hb);
  }
  MutexLock lock(&I.write_mutex());
  SupplyStore w = I.writer();
  JJM_ASSIGN_OR_RETURN(auto found, w.SourceIds(sources));
  for (size_t i = 0; i < sources.size(); ++i) {
    auto it = std::find_if(found.begin(), found.end(), [&](const auto& p) {
      return p.first == sources[i];
    });
    if (it == found.end()) {
      return InvalidArgument(
          "no drinking-water source has the code '" + sources[i] + "'",
          "sources[" + std::to_string(i) + "]");
    }
    links.sources.push_back(it->second);
  }
  for (UnitId v : vids) links.villages.push_back(v);
  for (UnitId v : hids) links.habitations.push_back(v);
  const bool taken = I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    for (const auto& [id, s] : I.locked_schemes()) {
      if (s.code == r.code) return true;
    }
    return false;
  });
  if (taken) {
    return Conflict("a scheme with the code '" + r.code + "' exists", "code");
  }
  r.created_at = SupplyNow();
  r.created_by = Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("supply.scheme.create", "scheme", r.code,
                             vids.size() == 1 ? vids.front() : kIndia);
  audit.after = Json{
      {"code", r.code},
      {"name", r.name},
      {"kind", r.kind},
      {"villages", villages},
      {"status",
       r.status}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](SupplyStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddScheme(r, links));
    return Status::Ok();
  }));
  I.Apply([&](const Hierarchy&, const CoverageIndex&, SupplyService::Impl& me) {
    me.schemes_for_apply()[r.id] = SchemeInfo{r.id, r.code, vids, hids};
  });
  return SchemeJson(I, c, w, r);
}

StatusOr<Json> SupplyService::UpdateScheme(const Caller& c, int64_t id,
                                           const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"status", "commissioned_on"}));
  JJM_ASSIGN_OR_RETURN(std::string status,
                       Choice(body, "status", true, kSchemeStatuses));
  JJM_ASSIGN_OR_RETURN(auto commissioned, OptionalDay(body, "commissioned_on"));
  MutexLock lock(&I.write_mutex());
  SupplyStore w = I.writer();
  JJM_ASSIGN_OR_RETURN(auto r, w.GetScheme(id));
  if (!r) return NotFound("no scheme " + std::to_string(id));
  std::optional<std::vector<UnitId>> villages =
      I.Shared([&](const Hierarchy&,
                   const CoverageIndex&) -> std::optional<std::vector<UnitId>> {
        auto it = I.locked_schemes().find(id);
        if (it == I.locked_schemes().end()) return std::nullopt;
        return it->second.villages;
      });
  if (!villages) return NotLoadedHere(id);
  for (UnitId v : *villages) {
    JJM_RETURN_IF_ERROR(
        I.Need(c, Permission::kManageSchemes, v, "manage schemes"));
  }
  if (!commissioned) commissioned = r->commissioned_day;
  if (status == "commissioned" && !commissioned) {
    return InvalidArgument("a commissioned scheme needs commissioned_on",
                           "commissioned_on");
  }
  if (commissioned &&
      (*commissioned < r->sanctioned_day || *commissioned > c.today.days())) {
    return InvalidArgument(
        "commissioned_on must lie between the sanction and today",
        "commissioned_on");
  }
  AuditRow audit = I.AuditAt("supply.scheme.update", "scheme", r->code,
                             villages->size() == 1 ? (*villages)[0] : kIndia);
  audit.before = Json{{"status", r->status}}.dump();
  audit.after = Json{{"status", status}}.dump();
  const std::string now = SupplyNow();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](SupplyStore& s) {
    return s.UpdateScheme(id, status, commissioned, now, Impl::ActorOf(c));
  }));
  r->status = status;
  r->commissioned_day = commissioned;
  return SchemeJson(I, c, w, *r);
}

StatusOr<Json> SupplyService::AddAsset(const Caller& c, int64_t scheme_id,
                                       const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "",
                  {"type", "village", "name", "capacity", "capacity_unit",
                   "commissioned_on", "condition"}));
  AssetRow a;
  a.scheme_id = scheme_id;
  JJM_ASSIGN_OR_RETURN(a.type, Choice(body, "type", true, kAssetTypes));
  JJM_ASSIGN_OR_RETURN(std::string village,
                       TextField(body, "", "village", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(UnitId v,
                       I.PlaceOf(village, "village", Level::kVillage));
  JJM_ASSIGN_OR_RETURN(a.name, TextField(body, "", "name", false, 0, 200));
  if (body.contains("capacity") && !body["capacity"].is_null()) {
    JJM_ASSIGN_OR_RETURN(double cap,
                         NumberField(body, "", "capacity", true, 0));
    if (!(cap >= 0) || cap > 1e9) {
      return InvalidArgument("capacity must be a number from 0", "capacity");
    }
    a.capacity = cap;
  }
  JJM_ASSIGN_OR_RETURN(a.capacity_unit,
                       TextField(body, "", "capacity_unit", false, 0, 20));
  JJM_ASSIGN_OR_RETURN(a.commissioned_day,
                       OptionalDay(body, "commissioned_on"));
  if (a.commissioned_day && *a.commissioned_day > c.today.days()) {
    return InvalidArgument("commissioned_on is after today", "commissioned_on");
  }
  JJM_ASSIGN_OR_RETURN(std::string condition,
                       Choice(body, "condition", false, kConditions));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageSchemes, v, "manage schemes"));
  MutexLock lock(&I.write_mutex());
  // 1: serves the village, 0: does not, -1: not known to this process.
  const int serves = I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    auto it = I.locked_schemes().find(scheme_id);
    if (it == I.locked_schemes().end()) return -1;
    const auto& vs = it->second.villages;
    return std::find(vs.begin(), vs.end(), v) != vs.end() ? 1 : 0;
  });
  SupplyStore w = I.writer();
  JJM_ASSIGN_OR_RETURN(auto scheme, w.GetScheme(scheme_id));
  if (!scheme) return NotFound("no scheme " + std::to_string(scheme_id));
  if (serves < 0) return NotLoadedHere(scheme_id);
  if (serves == 0) {
    return InvalidArgument("the scheme does not serve village " + village,
                           "village");
  }
  if (a.commissioned_day && *a.commissioned_day < scheme->sanctioned_day) {
    return InvalidArgument("the scheme was sanctioned on " +
                               DayString(scheme->sanctioned_day) +
                               ", after commissioned_on",
                           "commissioned_on");
  }
  a.village_id = v;
  a.created_at = SupplyNow();
  a.created_by = Impl::ActorOf(c);
  AuditRow audit =
      I.AuditAt("supply.asset.create", "scheme_asset", scheme->code, v);
  audit.after = Json{{"type", a.type}, {"scheme", scheme->code}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](SupplyStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(a.id, s.AddAsset(a));
    if (!condition.empty()) {
      AssetConditionRow cr;
      cr.asset_id = a.id;
      cr.day = a.commissioned_day.value_or(c.today.days());
      cr.condition = condition;
      cr.recorded_at = a.created_at;
      cr.recorded_by = a.created_by;
      JJM_ASSIGN_OR_RETURN(cr.id, s.AddAssetCondition(cr));
    }
    return Status::Ok();
  }));
  JJM_ASSIGN_OR_RETURN(auto conds, w.ConditionsOfScheme(scheme_id));
  return AssetJson(a, conds, I.PlaceJson(v), true);
}

StatusOr<Json> SupplyService::AddAssetCondition(const Caller& c,
                                                int64_t asset_id,
                                                const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"on", "condition", "note"}));
  AssetConditionRow r;
  r.asset_id = asset_id;
  JJM_ASSIGN_OR_RETURN(Date on, PastDateField(body, "on", c.today));
  r.day = on.days();
  JJM_ASSIGN_OR_RETURN(r.condition,
                       Choice(body, "condition", true, kConditions));
  JJM_ASSIGN_OR_RETURN(r.note, TextField(body, "", "note", false, 0, 1000));
  MutexLock lock(&I.write_mutex());
  SupplyStore w = I.writer();
  JJM_ASSIGN_OR_RETURN(auto a, w.GetAsset(asset_id));
  if (!a) return NotFound("no asset " + std::to_string(asset_id));
  const UnitId v = static_cast<UnitId>(a->village_id);
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kRecordSupply, v,
                             "record the condition of assets"));
  if (a->commissioned_day && r.day < *a->commissioned_day) {
    return InvalidArgument("the asset was commissioned on " +
                               DayString(*a->commissioned_day) +
                               ", after this day",
                           "on");
  }
  r.recorded_at = SupplyNow();
  r.recorded_by = Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("supply.asset.condition", "scheme_asset",
                             std::to_string(asset_id), v);
  audit.after =
      Json{{"on", DayString(r.day)}, {"condition", r.condition}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](SupplyStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddAssetCondition(r));
    return Status::Ok();
  }));
  JJM_ASSIGN_OR_RETURN(auto conds, w.ConditionsOfScheme(a->scheme_id));
  return AssetJson(*a, conds, I.PlaceJson(v), true);
}

StatusOr<Json> SupplyService::AddServiceLevel(const Caller& c,
                                              const std::string& village,
                                              const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"on", "lpcd", "note"}));
  JJM_ASSIGN_OR_RETURN(UnitId v,
                       I.PlaceOf(village, "village", Level::kVillage));
  ServiceLevelRow r;
  r.village_id = v;
  JJM_ASSIGN_OR_RETURN(Date on, PastDateField(body, "on", c.today));
  r.day = on.days();
  JJM_ASSIGN_OR_RETURN(r.lpcd, NumberField(body, "", "lpcd", true, 0));
  if (!(r.lpcd >= 0) || r.lpcd > 1000) {
    return InvalidArgument(
        "lpcd must be litres per person per day from 0 to 1000", "lpcd");
  }
  JJM_ASSIGN_OR_RETURN(r.note, TextField(body, "", "note", false, 0, 1000));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kRecordSupply, v, "record service levels"));
  MutexLock lock(&I.write_mutex());
  r.recorded_at = SupplyNow();
  r.recorded_by = Impl::ActorOf(c);
  AuditRow audit =
      I.AuditAt("supply.service_level", "service_level", DayString(r.day), v);
  audit.after = Json{{"on", DayString(r.day)}, {"lpcd", r.lpcd}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](SupplyStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddServiceLevel(r));
    return Status::Ok();
  }));
  return Json{{"id", r.id},
              {"on", DayString(r.day)},
              {"lpcd", r.lpcd},
              {"from", "scheme_record"},
              {"note", r.note}};
}

StatusOr<Json> SupplyService::VillageSupply(const Caller& c,
                                            const std::string& village,
                                            const std::string& as_of) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(Date day, I.AsOf(as_of, c.today));
  JJM_ASSIGN_OR_RETURN(UnitId v,
                       I.PlaceOf(village, "village", Level::kVillage));
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
  SupplyStore s(lease.db());
  JJM_ASSIGN_OR_RETURN(Json status, I.VillageStatusJson(c, s, v, day));
  std::vector<int64_t> ids =
      I.Shared([&](const Hierarchy&, const CoverageIndex&) {
        std::vector<int64_t> out;
        for (const auto& [id, sc] : I.locked_schemes()) {
          if (std::find(sc.villages.begin(), sc.villages.end(), v) !=
              sc.villages.end()) {
            out.push_back(id);
          }
        }
        return out;
      });
  Json schemes = Json::array();
  for (int64_t id : ids) {
    JJM_ASSIGN_OR_RETURN(auto r, s.GetScheme(id));
    if (!r) continue;
    JJM_ASSIGN_OR_RETURN(Json j, SchemeJson(I, c, s, *r));
    schemes.push_back(std::move(j));
  }
  // Service level: the scheme's records and each survey round's mean of
  // the village's households.
  JJM_ASSIGN_OR_RETURN(std::vector<ServiceLevelRow> levels,
                       s.ServiceLevelsOf(v));
  Json series = Json::array();
  for (const ServiceLevelRow& l : levels) {
    if (l.day > day.days()) continue;
    series.push_back(Json{{"on", DayString(l.day)},
                          {"lpcd", l.lpcd},
                          {"from", "scheme_record"},
                          {"note", l.note}});
  }
  I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    for (const auto& [id, round] : I.locked_rounds()) {
      auto it = round.villages.find(v);
      if (it == round.villages.end() || it->second.responses.empty()) continue;
      double sum = 0;
      int n = 0;
      int64_t last = 0;
      for (const auto& [no, r] : it->second.responses) {
        if (r.day > day.days()) continue;
        sum += r.household_size > 0 ? r.litres_per_day / r.household_size : 0;
        ++n;
        last = std::max(last, r.day);
      }
      if (n == 0) continue;
      series.push_back(Json{{"on", DayString(last)},
                            {"lpcd", sum / n},
                            {"from", "survey"},
                            {"note", round.row.name + " (" + std::to_string(n) +
                                         " households)"}});
    }
    return 0;
  });
  std::stable_sort(
      series.begin(), series.end(), [](const Json& a, const Json& b) {
        return a["on"].get<std::string>() < b["on"].get<std::string>();
      });
  return Json{{"village", status["village"]},
              {"hgj", status},
              {"schemes", schemes},
              {"service_level", series}};
}

}  // namespace jjm
