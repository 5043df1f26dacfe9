// Labs, their places and parameters, NABL accreditation, treatment plants.
#include <algorithm>
#include <set>

#include "quality/quality_internal.h"

namespace jjm {
namespace {

// Codes separated by spaces, commas or semicolons.
std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : text + " ") {
    if (ch == ' ' || ch == ';' || ch == ',' || ch == '\t') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  return out;
}

// A list of codes in a JSON body as the file form (codes by spaces).
StatusOr<std::string> ListText(const Json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return std::string();
  const Json& v = body[key];
  if (v.is_string()) return v.get<std::string>();
  if (!v.is_array()) {
    return InvalidArgument(std::string(key) + " must be a list of codes", key);
  }
  std::string out;
  for (const Json& item : v) {
    if (!item.is_string()) {
      return InvalidArgument(std::string(key) + " must be a list of codes",
                             key);
    }
    out += item.get<std::string>() + " ";
  }
  return out;
}

std::optional<Level> LevelOfLab(const std::string& level) {
  if (level == "state") return Level::kState;
  if (level == "district") return Level::kDistrict;
  if (level == "block") return Level::kBlock;
  return std::nullopt;  // mobile, wtp: any place
}

}  // namespace

int LabRank(const std::string& level) {
  if (level == "state") return 0;
  if (level == "district") return 1;
  return 2;
}

StatusOr<NewLab> QualityService::Impl::CheckLab(
    const QCaller& c, const LabInput& in, Date today,
    const std::map<std::string, std::string>& batch) const {
  NewLab out;
  LabRow& r = out.row;
  if (in.code.empty() || in.code.size() > 40) {
    return InvalidArgument("code is required (up to 40 characters)", "code");
  }
  if (LabByCode(in.code)) {
    return Conflict("lab code " + in.code + " is taken", "code");
  }
  r.code = in.code;
  if (in.name.size() < 2 || in.name.size() > 200) {
    return InvalidArgument("name must have 2 to 200 characters", "name");
  }
  r.name = in.name;
  if (!In(kLabLevels, in.level)) {
    return InvalidArgument("level must be one of " + Joined(kLabLevels),
                           "level");
  }
  r.level = in.level;
  JJM_ASSIGN_OR_RETURN(UnitId place, PlaceOf(in.place, "place"));
  const Level level =
      Places([&](const Hierarchy& h) { return h.Get(place).level; });
  if (auto want = LevelOfLab(in.level); want && *want != level) {
    return InvalidArgument("place: a " + in.level + " lab belongs to a " +
                               std::string(LevelName(*want)),
                           "place");
  }
  if (level == Level::kNation) {
    return InvalidArgument("place: a lab belongs to a state or below", "place");
  }
  r.unit_id = place;
  JJM_RETURN_IF_ERROR(Need(c, Permission::kManageLabs, place, "manage labs"));
  for (const std::string& code : SplitList(in.serves)) {
    JJM_ASSIGN_OR_RETURN(UnitId u, PlaceOf(code, "serves"));
    if (std::find(out.serves.begin(), out.serves.end(), u) == out.serves.end())
      out.serves.push_back(u);
  }
  const std::vector<std::string> params = SplitList(in.parameters);
  if (params.empty()) {
    for (const Parameter& p : standard_.parameters()) {
      out.parameters.push_back(p.id);
    }
  }
  for (const std::string& code : params) {
    const Parameter* p = standard_.ParameterByCode(code);
    if (p == nullptr) {
      return InvalidArgument("parameters: unknown parameter '" + code + "'",
                             "parameters");
    }
    if (std::find(out.parameters.begin(), out.parameters.end(), p->id) ==
        out.parameters.end())
      out.parameters.push_back(p->id);
  }
  if (!in.refers_to.empty()) {
    std::string to_level;
    if (auto to = LabByCode(in.refers_to)) {
      out.refers_to_id = to->row.id;
      to_level = to->row.level;
    } else if (auto it = batch.find(in.refers_to); it != batch.end()) {
      to_level = it->second;
    } else {
      return InvalidArgument(
          "refers_to: no lab with code '" + in.refers_to + "'", "refers_to");
    }
    if (LabRank(to_level) >= LabRank(in.level)) {
      return InvalidArgument("refers_to: a " + in.level +
                                 " lab refers to a lab above it, not a " +
                                 to_level + " lab",
                             "refers_to");
    }
    out.refers_to = in.refers_to;
  }
  if (in.level == "wtp") {
    if (in.treatment_plant.empty()) {
      return InvalidArgument("treatment_plant: a WTP lab names its plant",
                             "treatment_plant");
    }
    if (auto known = PlantByCode(in.treatment_plant)) {
      r.treatment_plant_id = known->id;
    } else {
      TreatmentPlantRow p;
      p.code = in.treatment_plant;
      p.name = in.name;
      p.unit_id = place;
      out.new_plant = p;
    }
  } else if (!in.treatment_plant.empty()) {
    return InvalidArgument("treatment_plant: only a WTP lab has a plant",
                           "treatment_plant");
  }
  const int given = !in.nabl_certificate.empty() + !in.nabl_valid_from.empty() +
                    !in.nabl_valid_to.empty();
  if (given != 0 && given != 3) {
    return InvalidArgument("give the NABL certificate with both its dates",
                           "nabl_certificate");
  }
  if (given == 3) {
    AccreditationRow a;
    a.certificate_no = in.nabl_certificate;
    JJM_ASSIGN_OR_RETURN(
        Date from, Date::ParseField(in.nabl_valid_from, "nabl_valid_from"));
    JJM_ASSIGN_OR_RETURN(Date to,
                         Date::ParseField(in.nabl_valid_to, "nabl_valid_to"));
    if (to < from) {
      return InvalidArgument("nabl_valid_to is before nabl_valid_from",
                             "nabl_valid_to");
    }
    a.valid_from = from.days();
    a.valid_to = to.days();
    out.accreditation = a;
  }
  (void)today;
  return out;
}

Status QualityService::Impl::WriteLab(QualityStore& s, NewLab* lab,
                                      const std::string& now,
                                      const std::string& by) const {
  if (lab->new_plant) {
    lab->new_plant->created_at = now;
    lab->new_plant->created_by = by;
    JJM_ASSIGN_OR_RETURN(lab->new_plant->id,
                         s.AddTreatmentPlant(*lab->new_plant));
    lab->row.treatment_plant_id = lab->new_plant->id;
  }
  lab->row.refers_to_lab_id = lab->refers_to_id;
  lab->row.created_at = now;
  lab->row.created_by = by;
  JJM_ASSIGN_OR_RETURN(lab->row.id, s.AddLab(lab->row));
  JJM_RETURN_IF_ERROR(s.ReplaceLabServes(lab->row.id, lab->serves));
  JJM_RETURN_IF_ERROR(s.ReplaceLabParameters(lab->row.id, lab->parameters));
  if (lab->accreditation) {
    lab->accreditation->lab_id = lab->row.id;
    lab->accreditation->recorded_at = now;
    lab->accreditation->recorded_by = by;
    JJM_ASSIGN_OR_RETURN(lab->accreditation->id,
                         s.AddAccreditation(*lab->accreditation));
  }
  return Status::Ok();
}

Json QualityService::Impl::LabJson(const Lab& lab, Date day) const {
  const LabRow& r = lab.row;
  Json serves = Json::array();
  for (int64_t u : lab.serves)
    serves.push_back(PlaceJson(static_cast<UnitId>(u)));
  Json params = Json::array();
  for (int64_t p : lab.parameters) {
    const Parameter* par = standard_.ParameterById(p);
    if (par != nullptr) params.push_back(par->code);
  }
  Json j{{"id", r.id},
         {"code", r.code},
         {"name", r.name},
         {"level", r.level},
         {"place", PlaceJson(static_cast<UnitId>(r.unit_id))},
         {"serves", std::move(serves)},
         {"parameters", std::move(params)},
         {"open", !r.closed_on || *r.closed_on > day.days()},
         {"closed_on", r.closed_on ? Json(DayText(*r.closed_on)) : Json()}};
  if (r.refers_to_lab_id > 0) {
    auto to = LabById(r.refers_to_lab_id);
    j["refers_to"] = to ? to->row.code : "";
  } else {
    j["refers_to"] = nullptr;
  }
  if (r.treatment_plant_id > 0) {
    ReaderLock lock(&mu_);
    auto it = plants_.find(r.treatment_plant_id);
    if (it != plants_.end()) j["treatment_plant"] = it->second.code;
  }
  bool valid = false;
  const AccreditationRow* a = lab.CertificateOn(day, &valid);
  Json nabl{{"status", a == nullptr ? "none"
                       : valid      ? "accredited"
                                    : "expired"}};
  if (a != nullptr) {
    nabl["certificate_no"] = a->certificate_no;
    nabl["valid_from"] = DayText(a->valid_from);
    nabl["valid_to"] = DayText(a->valid_to);
  }
  j["nabl"] = std::move(nabl);
  return j;
}

// --- the service's lab methods ----------------------------------------------

StatusOr<Json> QualityService::ListLabs(const Caller& c,
                                        const std::string& place,
                                        const std::string& as_of) {
  Impl& I = *impl_;
  UnitId unit = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
  }
  Date day = c.today;
  if (!as_of.empty()) {
    JJM_ASSIGN_OR_RETURN(day, Date::ParseField(as_of, "as_of"));
  }
  Json rows = Json::array();
  for (const Lab& lab : I.AllLabs()) {
    const bool within = I.Places([&](const Hierarchy& h) {
      if (h.IsWithin(static_cast<UnitId>(lab.row.unit_id), unit)) return true;
      for (int64_t u : lab.serves) {
        if (h.IsWithin(static_cast<UnitId>(u), unit)) return true;
      }
      return false;
    });
    if (within) rows.push_back(I.LabJson(lab, day));
  }
  return Json{{"place", I.PlaceJson(unit)},
              {"as_of", day.ToString()},
              {"labs", std::move(rows)}};
}

StatusOr<Json> QualityService::GetLab(const Caller& c, int64_t lab_id) {
  auto lab = impl_->LabById(lab_id);
  if (!lab) return NotFound("no lab " + std::to_string(lab_id));
  Json j = impl_->LabJson(*lab, c.today);
  Json certs = Json::array();
  for (const AccreditationRow& a : lab->accreditations) {
    certs.push_back(Json{{"id", a.id},
                         {"certificate_no", a.certificate_no},
                         {"valid_from", DayText(a.valid_from)},
                         {"valid_to", DayText(a.valid_to)}});
  }
  j["accreditations"] = std::move(certs);
  return j;
}

StatusOr<Json> QualityService::CreateLab(const Caller& c, const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "",
                  {"code", "name", "level", "place", "serves", "parameters",
                   "refers_to", "treatment_plant"}));
  LabInput in;
  JJM_ASSIGN_OR_RETURN(in.code, TextField(body, "", "code", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(in.name, TextField(body, "", "name", true, 2, 200));
  JJM_ASSIGN_OR_RETURN(in.level, TextField(body, "", "level", true, 1, 20));
  JJM_ASSIGN_OR_RETURN(in.place, TextField(body, "", "place", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(in.serves, ListText(body, "serves"));
  JJM_ASSIGN_OR_RETURN(in.parameters, ListText(body, "parameters"));
  JJM_ASSIGN_OR_RETURN(in.refers_to,
                       TextField(body, "", "refers_to", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(in.treatment_plant,
                       TextField(body, "", "treatment_plant", false, 0, 40));
  MutexLock lock(&I.write_mutex());
  JJM_ASSIGN_OR_RETURN(NewLab lab, I.CheckLab(c, in, c.today, {}));
  AuditRow audit = I.AuditAt("quality.lab.create", "wq_lab", "",
                             static_cast<UnitId>(lab.row.unit_id));
  QualityStore& s = I.writer();
  JJM_RETURN_IF_ERROR(I.WriteMany(c, [&]() -> StatusOr<std::vector<AuditRow>> {
    JJM_RETURN_IF_ERROR(I.WriteLab(s, &lab, QualityNow(), Impl::ActorOf(c)));
    audit.entity_id = std::to_string(lab.row.id);
    audit.after = Json{{"code", lab.row.code}, {"level", lab.row.level}}.dump();
    return std::vector<AuditRow>{audit};
  }));
  if (lab.new_plant) I.PutPlant(*lab.new_plant);
  Lab held;
  held.row = lab.row;
  held.serves = lab.serves;
  held.parameters = lab.parameters;
  if (lab.accreditation) held.accreditations.push_back(*lab.accreditation);
  I.PutLab(held);
  return I.LabJson(held, c.today);
}

StatusOr<Json> QualityService::UpdateLab(const Caller& c, int64_t lab_id,
                                         const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "", {"serves", "parameters", "refers_to", "closed_on"}));
  MutexLock lock(&I.write_mutex());
  auto found = I.LabById(lab_id);
  if (!found) return NotFound("no lab " + std::to_string(lab_id));
  Lab lab = *found;
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kManageLabs,
                             static_cast<UnitId>(lab.row.unit_id),
                             "manage labs"));
  // The same checks as a new lab, on the fields given.
  if (body.contains("serves")) {
    JJM_ASSIGN_OR_RETURN(std::string serves, ListText(body, "serves"));
    lab.serves.clear();
    for (const std::string& code : SplitList(serves)) {
      JJM_ASSIGN_OR_RETURN(UnitId u, I.PlaceOf(code, "serves"));
      if (std::find(lab.serves.begin(), lab.serves.end(), u) ==
          lab.serves.end())
        lab.serves.push_back(u);
    }
  }
  if (body.contains("parameters")) {
    JJM_ASSIGN_OR_RETURN(std::string params, ListText(body, "parameters"));
    lab.parameters.clear();
    for (const std::string& code : SplitList(params)) {
      const Parameter* p = I.standard().ParameterByCode(code);
      if (p == nullptr) {
        return InvalidArgument("parameters: unknown parameter '" + code + "'",
                               "parameters");
      }
      lab.parameters.push_back(p->id);
    }
    if (lab.parameters.empty()) {
      return InvalidArgument("parameters: a lab tests at least one",
                             "parameters");
    }
  }
  if (body.contains("refers_to")) {
    JJM_ASSIGN_OR_RETURN(std::string to,
                         TextField(body, "", "refers_to", false, 0, 40));
    lab.row.refers_to_lab_id = 0;
    if (!to.empty()) {
      auto target = I.LabByCode(to);
      if (!target) {
        return InvalidArgument("refers_to: no lab with code '" + to + "'",
                               "refers_to");
      }
      if (LabRank(target->row.level) >= LabRank(lab.row.level)) {
        return InvalidArgument("refers_to: a lab refers to a lab above it",
                               "refers_to");
      }
      lab.row.refers_to_lab_id = target->row.id;
    }
  }
  if (body.contains("closed_on")) {
    JJM_ASSIGN_OR_RETURN(Date closed,
                         DateField(body, "", "closed_on", false, Date()));
    if (body["closed_on"].is_null()) {
      lab.row.closed_on.reset();
    } else {
      lab.row.closed_on = closed.days();
    }
  }
  AuditRow audit =
      I.AuditAt("quality.lab.update", "wq_lab", std::to_string(lab_id),
                static_cast<UnitId>(lab.row.unit_id));
  audit.before = I.LabJson(*found, c.today).dump();
  audit.after = I.LabJson(lab, c.today).dump();
  QualityStore& s = I.writer();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_RETURN_IF_ERROR(s.UpdateLab(lab.row));
    JJM_RETURN_IF_ERROR(s.ReplaceLabServes(lab_id, lab.serves));
    return s.ReplaceLabParameters(lab_id, lab.parameters);
  }));
  I.PutLab(lab);
  return I.LabJson(lab, c.today);
}

StatusOr<Json> QualityService::AddAccreditation(const Caller& c, int64_t lab_id,
                                                const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"certificate_no", "valid_from", "valid_to"}));
  AccreditationRow a;
  JJM_ASSIGN_OR_RETURN(a.certificate_no,
                       TextField(body, "", "certificate_no", true, 1, 60));
  JJM_ASSIGN_OR_RETURN(Date from, DateField(body, "", "valid_from", true));
  JJM_ASSIGN_OR_RETURN(Date to, DateField(body, "", "valid_to", true));
  if (to < from) {
    return InvalidArgument("valid_to is before valid_from", "valid_to");
  }
  MutexLock lock(&I.write_mutex());
  auto lab = I.LabById(lab_id);
  if (!lab) return NotFound("no lab " + std::to_string(lab_id));
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kManageLabs,
                             static_cast<UnitId>(lab->row.unit_id),
                             "manage labs"));
  a.lab_id = lab_id;
  a.valid_from = from.days();
  a.valid_to = to.days();
  a.recorded_at = QualityNow();
  a.recorded_by = Impl::ActorOf(c);
  AuditRow audit =
      I.AuditAt("quality.lab.accreditation", "wq_lab", std::to_string(lab_id),
                static_cast<UnitId>(lab->row.unit_id));
  audit.after = Json{{"certificate_no", a.certificate_no},
                     {"valid_from", from.ToString()},
                     {"valid_to", to.ToString()}}
                    .dump();
  QualityStore& s = I.writer();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(a.id, s.AddAccreditation(a));
    return Status::Ok();
  }));
  Lab held = *lab;
  held.accreditations.push_back(a);
  I.PutLab(held);
  return I.LabJson(held, c.today);
}

StatusOr<Json> QualityService::CreateTreatmentPlant(const Caller& c,
                                                    const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "",
      {"code", "name", "place", "latitude", "longitude", "linked_lab"}));
  TreatmentPlantRow p;
  JJM_ASSIGN_OR_RETURN(p.code, TextField(body, "", "code", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(p.name, TextField(body, "", "name", true, 2, 200));
  JJM_ASSIGN_OR_RETURN(std::string place,
                       TextField(body, "", "place", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(p.latitude, OptionalNumber(body, "latitude", -90, 90));
  JJM_ASSIGN_OR_RETURN(p.longitude,
                       OptionalNumber(body, "longitude", -180, 180));
  JJM_ASSIGN_OR_RETURN(std::string linked,
                       TextField(body, "", "linked_lab", false, 0, 40));
  MutexLock lock(&I.write_mutex());
  JJM_ASSIGN_OR_RETURN(UnitId unit, I.PlaceOf(place, "place"));
  p.unit_id = unit;
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kManageLabs, unit, "manage labs"));
  if (I.PlantByCode(p.code)) {
    return Conflict("treatment plant code " + p.code + " is taken", "code");
  }
  if (!linked.empty()) {
    auto lab = I.LabByCode(linked);
    if (!lab) {
      return InvalidArgument("linked_lab: no lab with code '" + linked + "'",
                             "linked_lab");
    }
    p.linked_lab_id = lab->row.id;
  }
  p.created_at = QualityNow();
  p.created_by = Impl::ActorOf(c);
  AuditRow audit =
      I.AuditAt("quality.plant.create", "wq_treatment_plant", p.code, unit);
  QualityStore& s = I.writer();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(p.id, s.AddTreatmentPlant(p));
    return Status::Ok();
  }));
  I.PutPlant(p);
  return Json{{"id", p.id},
              {"code", p.code},
              {"name", p.name},
              {"place", I.PlaceJson(unit)},
              {"linked_lab", linked.empty() ? Json() : Json(linked)}};
}

}  // namespace jjm
