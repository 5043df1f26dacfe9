#include <cmath>
#include <unordered_map>

#include "partners/partner_internal.h"

namespace jjm {

namespace {

Json TrainerJson(const TrainerRow& t) {
  Json details = Json::parse(t.details);
  return Json{{"id", t.id},
              {"partner_id", t.partner_id},
              {"name", t.name},
              {"gender", t.gender},
              {"phone", t.phone},
              {"skills", details["skills"]},
              {"languages", details["languages"]},
              {"districts", details["districts"]},
              {"active", t.active},
              {"created_at", t.created_at}};
}

Json TrainingJson(const TrainingRow& t) {
  return Json{{"id", t.id},
              {"kind", t.kind},
              {"date", Date::FromDays(static_cast<int32_t>(t.day)).ToString()},
              {"unit_id", t.unit_id},
              {"topic", t.topic},
              {"participants",
               {{"female", t.female},
                {"male", t.male},
                {"other", t.other},
                {"total", t.female + t.male + t.other}}},
              {"roles",
               {{"vwsc_members", t.vwsc_members},
                {"ftk_women", t.ftk_women},
                {"pri_members", t.pri_members},
                {"frontline_workers", t.frontline_workers}}},
              {"note", t.note},
              {"trainer", !t.trainer_id ? Json(nullptr)
                                        : Json{{"id", *t.trainer_id},
                                               {"name", t.trainer_name}}}};
}

}  // namespace

StatusOr<Json> PartnerService::ListTrainers(const Caller& c,
                                            int64_t partner_id) {
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->ReadPartner(c, partner_id));
  PartnersStore& S = reading.store();
  Json out{{"trainers", Json::array()}};
  JJM_RETURN_IF_ERROR(S.ForEachTrainer(partner_id, [&](const TrainerRow& t) {
    out["trainers"].push_back(TrainerJson(t));
  }));
  return out;
}

StatusOr<Json> PartnerService::AddTrainer(const Caller& c, int64_t partner_id,
                                          const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::MayEdit(c, partner_id));
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "",
      {"name", "gender", "phone", "skills", "languages", "districts"}));
  JJM_ASSIGN_OR_RETURN(std::string name,
                       TextField(body, "", "name", true, 2, 120));
  JJM_ASSIGN_OR_RETURN(std::string gender,
                       TextField(body, "", "gender", true, 1, 10));
  if (gender != "female" && gender != "male" && gender != "other") {
    return InvalidArgument("gender must be female, male or other", "gender");
  }
  JJM_ASSIGN_OR_RETURN(std::string phone,
                       TextField(body, "", "phone", false, 0, 20));
  if (!phone.empty() && !LooksLikePhone(phone)) {
    return InvalidArgument("phone must have 8 to 15 digits", "phone");
  }
  JJM_ASSIGN_OR_RETURN(auto skills, TextsField(body, "", "skills", 20, 100));
  if (skills.empty()) {
    return InvalidArgument("skills: name at least one skill", "skills");
  }
  JJM_ASSIGN_OR_RETURN(auto languages,
                       TextsField(body, "", "languages", 20, 40));
  if (languages.empty()) {
    return InvalidArgument("languages: name at least one language",
                           "languages");
  }
  JJM_ASSIGN_OR_RETURN(auto districts,
                       TextsField(body, "", "districts", 100, 40));
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Partner partner, LoadPartner(S, partner_id));
  Json dcodes = Json::array();
  for (size_t i = 0; i < districts.size(); ++i) {
    const std::string field = ItemPath("", "districts", i);
    JJM_ASSIGN_OR_RETURN(auto place, I.PlaceAt(districts[i], field,
                                               Level::kDistrict, "district"));
    JJM_RETURN_IF_ERROR(
        NeedWorksAt(I, partner, place.id, field, "in " + place.name));
    dcodes.push_back(place.code);
  }
  const std::string now = NowUtc();
  Json details{
      {"skills", skills}, {"languages", languages}, {"districts", dcodes}};
  int64_t id = 0;
  AuditRow audit;
  audit.action = "trainer.create";
  audit.entity = "trainer";
  audit.after = Json{
      {"partner", partner.name},
      {"name", name},
      {"gender", gender},
      {"details",
       details}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(id,
                         S.AddTrainer({.partner_id = partner_id,
                                       .name = name,
                                       .gender = gender,
                                       .phone = phone,
                                       .details = details.dump(),
                                       .active = true,
                                       .created_at = now,
                                       .created_by = c.principal->username}));
    return Status::Ok();
  }));
  return Json{{"id", id},
              {"partner_id", partner_id},
              {"name", name},
              {"gender", gender},
              {"phone", phone},
              {"skills", skills},
              {"languages", languages},
              {"districts", dcodes},
              {"active", true},
              {"created_at", now}};
}

StatusOr<Json> PartnerService::ListTrainings(const Caller& c,
                                             int64_t partner_id) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(auto reading, I.ReadPartner(c, partner_id));
  PartnersStore& S = reading.store();
  Json out{{"trainings", Json::array()}};
  std::vector<Json> rows;
  JJM_RETURN_IF_ERROR(S.ForEachTraining(
      partner_id, 1000,
      [&](const TrainingRow& t) { rows.push_back(TrainingJson(t)); }));
  I.NamePlaces(&rows, "unit_id", "place", &out["trainings"]);
  return out;
}

StatusOr<Json> PartnerService::AddTraining(const Caller& c, int64_t partner_id,
                                           const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::MayEdit(c, partner_id));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "",
                  {"kind", "date", "place", "topic", "trainer_id",
                   "participants", "roles", "note"}));
  JJM_ASSIGN_OR_RETURN(std::string kind,
                       TextField(body, "", "kind", true, 1, 20));
  if (kind != "training" && kind != "community_event") {
    return InvalidArgument("kind must be training or community_event", "kind");
  }
  JJM_ASSIGN_OR_RETURN(Date day, PastDateField(body, "date", c.today));
  if (day < Date::FromCivil(2019, 8, 15)) {
    return InvalidArgument("date is before the mission began (2019-08-15)",
                           "date");
  }
  JJM_ASSIGN_OR_RETURN(std::string code,
                       TextField(body, "", "place", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(std::string topic,
                       TextField(body, "", "topic", true, 3, 300));
  JJM_ASSIGN_OR_RETURN(int64_t trainer, IntField(body, "", "trainer_id", false,
                                                 1, INT64_MAX, 0));
  JJM_ASSIGN_OR_RETURN(std::string note,
                       TextField(body, "", "note", false, 0, 2000));
  if (!body.contains("participants")) {
    return InvalidArgument("participants is required", "participants");
  }
  const Json& pj = body["participants"];
  JJM_RETURN_IF_ERROR(
      CheckFields(pj, "participants", {"female", "male", "other"}));
  JJM_ASSIGN_OR_RETURN(int64_t female,
                       IntField(pj, "participants", "female", true, 0, 100000));
  JJM_ASSIGN_OR_RETURN(int64_t male,
                       IntField(pj, "participants", "male", true, 0, 100000));
  JJM_ASSIGN_OR_RETURN(int64_t other, IntField(pj, "participants", "other",
                                               false, 0, 100000, 0));
  const int64_t total = female + male + other;
  if (total == 0) {
    return InvalidArgument("participants: nobody took part", "participants");
  }
  Json rj = body.contains("roles") ? body["roles"] : Json::object();
  JJM_RETURN_IF_ERROR(CheckFields(
      rj, "roles",
      {"vwsc_members", "ftk_women", "pri_members", "frontline_workers"}));
  int64_t roles[4];
  const char* role_names[4] = {"vwsc_members", "ftk_women", "pri_members",
                               "frontline_workers"};
  for (int i = 0; i < 4; ++i) {
    JJM_ASSIGN_OR_RETURN(
        roles[i], IntField(rj, "roles", role_names[i], false, 0, 100000, 0));
    if (roles[i] > total) {
      return InvalidArgument(std::string("roles.") + role_names[i] +
                                 " is more than the participants (" +
                                 std::to_string(total) + ")",
                             std::string("roles.") + role_names[i]);
    }
  }
  if (roles[1] > female) {
    return InvalidArgument(
        "roles.ftk_women is more than the women taking part (" +
            std::to_string(female) + ")",
        "roles.ftk_women");
  }
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Partner partner, LoadPartner(S, partner_id));
  JJM_ASSIGN_OR_RETURN(auto place, I.Place(code, "place"));
  if (place.level != Level::kVillage && place.level != Level::kHabitation) {
    return InvalidArgument(
        "place: " + place.code + " is not a village or habitation", "place");
  }
  JJM_RETURN_IF_ERROR(
      NeedWorksAt(I, partner, place.id, "place",
                  "where " + place.name + " (" + place.code + ") is"));
  if (trainer != 0) {
    JJM_ASSIGN_OR_RETURN(int64_t owner, S.TrainerPartner(trainer));
    if (owner != partner_id) {
      return InvalidArgument("trainer_id: no master trainer " +
                                 std::to_string(trainer) + " of " +
                                 partner.name,
                             "trainer_id");
    }
  }
  const std::string now = NowUtc();
  Json record{{"kind", kind},
              {"date", day.ToString()},
              {"place", place.code},
              {"topic", topic},
              {"participants",
               {{"female", female},
                {"male", male},
                {"other", other},
                {"total", total}}},
              {"roles",
               {{"vwsc_members", roles[0]},
                {"ftk_women", roles[1]},
                {"pri_members", roles[2]},
                {"frontline_workers", roles[3]}}}};
  int64_t id = 0;
  AuditRow audit = I.AuditAt("training.create", "training", place.id);
  audit.after = record.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    TrainingRow t;
    t.partner_id = partner_id;
    if (trainer != 0) t.trainer_id = trainer;
    t.kind = kind;
    t.day = day.days();
    t.unit_id = static_cast<int64_t>(place.id);
    t.village_id = static_cast<int64_t>(place.village);
    t.topic = topic;
    t.female = female;
    t.male = male;
    t.other = other;
    t.vwsc_members = roles[0];
    t.ftk_women = roles[1];
    t.pri_members = roles[2];
    t.frontline_workers = roles[3];
    t.note = note;
    t.created_at = now;
    t.created_by = c.principal->username;
    JJM_ASSIGN_OR_RETURN(id, S.AddTraining(t));
    return Status::Ok();
  }));
  record["id"] = id;
  record["place"] = I.PlaceJson(place.id);
  return record;
}

StatusOr<Json> PartnerService::TrainingCoverage(const Caller& c,
                                                const std::string& parent,
                                                const std::string& level) {
  Impl& I = *impl_;
  auto found = I.Place(parent.empty() ? "IN" : parent, "parent");
  if (!found.ok()) {
    return NotFound("no place has code '" + parent + "'", "parent");
  }
  const auto top = *found;
  // By default, the level below the parent.
  auto lv = level.empty() ? std::optional<Level>(static_cast<Level>(
                                static_cast<int>(top.level) + 1))
                          : ParseLevel(level);
  if (!lv || *lv == Level::kNation || *lv > Level::kVillage) {
    return InvalidArgument(
        "level must be state, district, block, gp or village", "level");
  }
  if (*lv <= top.level) {
    return InvalidArgument("level must lie below the parent's", "level");
  }
  struct VillageTraining {
    int64_t trainings = 0, participants = 0, women = 0, ftk_women = 0;
  };
  std::unordered_map<UnitId, VillageTraining> by_village;
  {
    JJM_ASSIGN_OR_RETURN(auto reading, I.Read());
    JJM_RETURN_IF_ERROR(reading.store().ForEachVillageTrainings(
        [&](const VillageTrainingRow& v) {
          by_village[static_cast<UnitId>(v.village_id)] = {
              v.trainings, v.participants, v.women, v.ftk_women};
        }));
  }
  const Date today = c.today;
  return I.coverage_->Read([&](const Hierarchy& h, const CoverageIndex& idx) {
    Json out{{"parent", I.PlaceJson(top.id)},
             {"level", std::string(LevelName(*lv))},
             {"as_of", today.ToString()},
             {"rows", Json::array()}};
    int64_t tv = 0, tt = 0, tp = 0, tw = 0, tf = 0;
    Metrics total;
    h.ForEachAtLevel(top.id, *lv, [&](UnitId u) {
      int64_t villages_trained = 0, trainings = 0, participants = 0, women = 0,
              ftk = 0;
      h.ForEachVillage(u, [&](UnitId v) {
        auto it = by_village.find(v);
        if (it == by_village.end()) return;
        ++villages_trained;
        trainings += it->second.trainings;
        participants += it->second.participants;
        women += it->second.women;
        ftk += it->second.ftk_women;
      });
      const Metrics m = idx.At(u, today);
      total += m;
      tv += villages_trained;
      tt += trainings;
      tp += participants;
      tw += women;
      tf += ftk;
      const auto& p = h.Get(u);
      out["rows"].push_back(
          {{"code", p.code},
           {"name", p.name},
           {"villages", m.villages},
           {"villages_trained", villages_trained},
           {"pct_villages_trained",
            m.villages > 0
                ? std::round(1000.0 * villages_trained / m.villages) / 10
                : 0.0},
           {"trainings", trainings},
           {"participants", participants},
           {"women", women},
           {"ftk_women", ftk},
           {"total_hh", m.total_hh},
           {"hh_with_tap", m.hh_with_tap},
           {"pct_hh_with_tap",
            m.total_hh > 0
                ? std::round(1000.0 * m.hh_with_tap / m.total_hh) / 10
                : 0.0}});
    });
    out["total"] = {
        {"villages", total.villages},
        {"villages_trained", tv},
        {"pct_villages_trained",
         total.villages > 0 ? std::round(1000.0 * tv / total.villages) / 10
                            : 0.0},
        {"trainings", tt},
        {"participants", tp},
        {"women", tw},
        {"ftk_women", tf},
        {"total_hh", total.total_hh},
        {"hh_with_tap", total.hh_with_tap},
        {"pct_hh_with_tap",
         total.total_hh > 0
             ? std::round(1000.0 * total.hh_with_tap / total.total_hh) / 10
             : 0.0}};
    return StatusOr<Json>(out);
  });
}

}  // namespace jjm
