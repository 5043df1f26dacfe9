#include "partners/partner_internal.h"
#include "store/accounts_store.h"

namespace jjm {

StatusOr<Partner> LoadPartner(PartnersStore& S, int64_t id) {
  JJM_ASSIGN_OR_RETURN(PartnerRow row, S.GetPartner(id));
  Partner p;
  p.id = row.id;
  p.name = std::move(row.name);
  p.org_type = std::move(row.org_type);
  p.profile = Json::parse(row.profile);
  p.signed_on = std::move(row.agreement_signed_on);
  p.from = std::move(row.agreement_from);
  p.to = std::move(row.agreement_to);
  p.created_at = std::move(row.created_at);
  for (int64_t u : row.units) p.units.push_back(static_cast<UnitId>(u));
  return p;
}

// True if the partner works at `unit` or a place above it.
bool WorksAt(PartnerService::Impl& I, const Partner& p, UnitId unit) {
  return I.coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    for (UnitId u : p.units) {
      if (h.IsWithin(unit, u)) return true;
    }
    return false;
  });
}

Status NeedWorksAt(PartnerService::Impl& I, const Partner& p, UnitId unit,
                   const std::string& field, const std::string& where) {
  if (WorksAt(I, p, unit)) return Status::Ok();
  return Status(StatusCode::kPermissionDenied,
                field + ": " + p.name + " does not work " + where, field);
}

Json PartnerJson(PartnerService::Impl& I, const Partner& p) {
  Json units = Json::array();
  for (UnitId u : p.units) units.push_back(I.PlaceJson(u));
  auto opt = [](const std::string& s) {
    return s.empty() ? Json(nullptr) : Json(s);
  };
  return Json{{"id", p.id},
              {"name", p.name},
              {"org_type", p.org_type},
              {"profile", p.profile},
              {"units", units},
              {"agreement",
               {{"signed_on", opt(p.signed_on)},
                {"from", opt(p.from)},
                {"to", opt(p.to)}}},
              {"created_at", p.created_at}};
}

StatusOr<Json> PartnerService::ListPartners(const Caller& c) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  JJM_ASSIGN_OR_RETURN(std::vector<int64_t> ids, S.PartnerIds());
  Json out{{"partners", Json::array()}};
  const bool national = MayReadAllPartners(*c.principal);
  if (!MaySeePartners(*c.principal)) {
    return Status(StatusCode::kPermissionDenied,
                  "partners are listed for the mission and partner users");
  }
  for (int64_t id : ids) {
    if (!national && !ActsForPartner(*c.principal, id)) continue;
    JJM_ASSIGN_OR_RETURN(Partner p, LoadPartner(S, id));
    out["partners"].push_back(PartnerJson(I, p));
  }
  return out;
}

StatusOr<Json> PartnerService::GetPartner(const Caller& c, int64_t id) {
  JJM_RETURN_IF_ERROR(Impl::MayRead(c, id));
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  JJM_ASSIGN_OR_RETURN(Partner p, LoadPartner(S, id));
  Json j = PartnerJson(I, p);
  j["users"] = Json::array();
  AccountsStore accounts(S.db());
  JJM_RETURN_IF_ERROR(accounts.ForEachPartnerRoleHolder(
      std::string(RoleName(Role::kPartnerUser)), id, [&](const AccountRow& a) {
        j["users"].push_back(
            {{"username", a.username}, {"display_name", a.display_name}});
      }));
  return j;
}

StatusOr<Json> PartnerService::UpdatePartner(const Caller& c, int64_t id,
                                             const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  const bool admin = MayAdministerPartners(*c.principal);
  if (!admin) JJM_RETURN_IF_ERROR(Impl::MayEdit(c, id));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"profile", "units", "agreement"}));
  for (const char* k : {"agreement", "units"}) {
    if (body.contains(k) && !admin) {
      return Status(StatusCode::kPermissionDenied,
                    std::string(k) == "units"
                        ? "the places a partner works at are agreed with the "
                          "mission: national administrators set them"
                        : "agreement dates are set by national administrators",
                    k);
    }
  }
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Partner p, LoadPartner(S, id));
  Partner after = p;
  if (body.contains("profile")) {
    const Json& pr = body["profile"];
    JJM_RETURN_IF_ERROR(CheckFields(
        pr, "profile", {"about", "website", "address", "focal_persons"}));
    Json np = p.profile;
    for (const char* k : {"about", "website", "address"}) {
      if (pr.contains(k)) {
        JJM_ASSIGN_OR_RETURN(std::string v,
                             TextField(pr, "profile", k, false, 0,
                                       std::string(k) == "about" ? 4000 : 500));
        np[k] = v;
      }
    }
    if (pr.contains("focal_persons")) {
      JJM_ASSIGN_OR_RETURN(
          const Json* fps,
          ArrayField(pr, "profile", "focal_persons", true, 1, 10));
      np["focal_persons"] = Json::array();
      for (size_t i = 0; i < fps->size(); ++i) {
        const std::string q = ItemPath("profile", "focal_persons", i);
        JJM_ASSIGN_OR_RETURN(Json person, ReadPerson((*fps)[i], q, false));
        np["focal_persons"].push_back(std::move(person));
      }
    }
    after.profile = np;
  }
  if (body.contains("units")) {
    JJM_ASSIGN_OR_RETURN(const Json* us,
                         ArrayField(body, "", "units", true, 1, 300));
    after.units.clear();
    for (size_t i = 0; i < us->size(); ++i) {
      const std::string field = ItemPath("", "units", i);
      if (!(*us)[i].is_string()) {
        return InvalidArgument(field + " must be a place code", field);
      }
      JJM_ASSIGN_OR_RETURN(auto place,
                           I.Place((*us)[i].get<std::string>(), field));
      if (place.level > Level::kDistrict) {
        return InvalidArgument(
            field + ": partners work at national, state or district level",
            field);
      }
      if (std::find(after.units.begin(), after.units.end(), place.id) ==
          after.units.end()) {
        after.units.push_back(place.id);
      }
    }
  }
  if (body.contains("agreement")) {
    const Json& a = body["agreement"];
    JJM_RETURN_IF_ERROR(
        CheckFields(a, "agreement", {"signed_on", "from", "to"}));
    JJM_ASSIGN_OR_RETURN(Date s, DateField(a, "agreement", "signed_on", true));
    JJM_ASSIGN_OR_RETURN(Date f, DateField(a, "agreement", "from", true));
    JJM_ASSIGN_OR_RETURN(Date t, DateField(a, "agreement", "to", true));
    if (t < f)
      return InvalidArgument("agreement.to is before agreement.from",
                             "agreement.to");
    after.signed_on = s.ToString();
    after.from = f.ToString();
    after.to = t.ToString();
  }
  AuditRow audit;
  audit.action = "partner.update";
  audit.entity = "partner";
  audit.entity_id = std::to_string(id);
  audit.before = PartnerJson(I, p).dump();
  audit.after = PartnerJson(I, after).dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    PartnerRow row;
    row.id = id;
    row.profile = after.profile.dump();
    row.agreement_signed_on = after.signed_on;
    row.agreement_from = after.from;
    row.agreement_to = after.to;
    JJM_RETURN_IF_ERROR(S.UpdatePartner(row));
    if (body.contains("units")) {
      JJM_RETURN_IF_ERROR(S.ReplacePartnerUnits(
          id, std::vector<int64_t>(after.units.begin(), after.units.end())));
    }
    return Status::Ok();
  }));
  return PartnerJson(I, after);
}

}  // namespace jjm
