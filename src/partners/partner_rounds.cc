#include <cctype>
#include <cstdio>

#include "base/strings.h"
#include "partners/partner_internal.h"

namespace jjm {

namespace {

std::string NormaliseRegistration(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

StatusOr<Round> LoadRound(PartnersStore& S, int64_t id) {
  JJM_ASSIGN_OR_RETURN(RoundRow row, S.GetRound(id));
  Round r;
  r.id = row.id;
  r.name = row.name;
  JJM_ASSIGN_OR_RETURN(r.opens, Date::ParseField(row.opens_on, "opens_on"));
  JJM_ASSIGN_OR_RETURN(r.closes, Date::ParseField(row.closes_on, "closes_on"));
  JJM_ASSIGN_OR_RETURN(r.rules, RulesFromJson(Json::parse(row.rules), "rules"));
  return r;
}

App AppOf(const ApplicationRow& row) {
  App a;
  a.id = row.id;
  a.round_id = row.round_id;
  a.reference = row.reference;
  a.org_name = row.org_name;
  a.org_type = row.org_type;
  a.email = row.email;
  a.body = Json::parse(row.body);
  a.submitted_at = row.submitted_at;
  return a;
}

StatusOr<App> LoadApp(PartnersStore& S, int64_t id) {
  JJM_ASSIGN_OR_RETURN(ApplicationRow row, S.GetApplication(id));
  return AppOf(row);
}

Json RoundJson(const Round& r, Date today, int64_t applications) {
  return Json{{"id", r.id},
              {"name", r.name},
              {"opens_on", r.opens.ToString()},
              {"closes_on", r.closes.ToString()},
              {"open", today >= r.opens && today <= r.closes},
              {"closed", today > r.closes},
              {"rules", RulesToJson(r.rules)},
              {"applications", applications}};
}

StatusOr<Json> PartnerService::ListRounds(const Caller& c) {
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  std::vector<int64_t> ids;
  JJM_RETURN_IF_ERROR(
      S.ForEachRound([&](const RoundRow& r) { ids.push_back(r.id); }));
  JJM_ASSIGN_OR_RETURN(auto counts, S.ApplicationCounts());
  Json out{{"rounds", Json::array()}};
  for (int64_t id : ids) {
    JJM_ASSIGN_OR_RETURN(Round r, LoadRound(S, id));
    out["rounds"].push_back(RoundJson(r, c.today, counts[id]));
  }
  return out;
}

StatusOr<Json> PartnerService::CreateRound(const Caller& c, const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::NeedAdmin(c, "open rounds"));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"name", "opens_on", "closes_on", "rules"}));
  Round r;
  JJM_ASSIGN_OR_RETURN(r.name, TextField(body, "", "name", true, 3, 200));
  JJM_ASSIGN_OR_RETURN(r.opens, DateField(body, "", "opens_on", true));
  JJM_ASSIGN_OR_RETURN(r.closes, DateField(body, "", "closes_on", true));
  if (r.closes < r.opens) {
    return InvalidArgument("closes_on is before opens_on", "closes_on");
  }
  if (body.contains("rules") && !body["rules"].is_null()) {
    JJM_ASSIGN_OR_RETURN(r.rules, RulesFromJson(body["rules"], "rules"));
  } else {
    r.rules = DefaultRules();
  }
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(bool taken, S.RoundNameTaken(r.name));
  if (taken) {
    return Conflict("a round named '" + r.name + "' exists", "name");
  }
  const std::string rules = RulesToJson(r.rules).dump();
  AuditRow audit;
  audit.action = "round.create";
  audit.entity = "partner_round";
  audit.after = Json{{"name", r.name},
                     {"opens_on", r.opens.ToString()},
                     {"closes_on", r.closes.ToString()},
                     {"rules", RulesToJson(r.rules)}}
                    .dump();
  JJM_RETURN_IF_ERROR(
      I.Write(c, audit, [&]() REQUIRES(I.write_mutex()) -> Status {
        RoundRow row;
        row.name = r.name;
        row.opens_on = r.opens.ToString();
        row.closes_on = r.closes.ToString();
        row.rules = rules;
        row.created_at = NowUtc();
        row.created_by = c.principal->username;
        JJM_ASSIGN_OR_RETURN(r.id, S.AddRound(row));
        return Status::Ok();
      }));
  return RoundJson(r, c.today, 0);
}

StatusOr<Json> PartnerService::UpdateRound(const Caller& c, int64_t round_id,
                                           const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::NeedAdmin(c, "change rounds"));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"opens_on", "closes_on", "rules"}));
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Round r, LoadRound(S, round_id));
  Round after = r;
  JJM_ASSIGN_OR_RETURN(after.opens,
                       DateField(body, "", "opens_on", false, r.opens));
  JJM_ASSIGN_OR_RETURN(after.closes,
                       DateField(body, "", "closes_on", false, r.closes));
  // Closing a round on the day it opened leaves it no day at all: its
  // last day is the day before.
  if (after.closes + 1 < after.opens) {
    return InvalidArgument(
        "closes_on is more than a day before opens_on (to close a round "
        "today, its last day is yesterday)",
        "closes_on");
  }
  JJM_ASSIGN_OR_RETURN(int64_t applications, S.CountApplications(round_id));
  JJM_ASSIGN_OR_RETURN(bool decided, S.RoundDecided(round_id));
  if (decided) {
    return FailedPrecondition("the shortlist of '" + r.name +
                              "' is decided; the round is final");
  }
  if (body.contains("rules") && !body["rules"].is_null()) {
    if (applications > 0) {
      return FailedPrecondition("the rules of '" + r.name +
                                    "' are fixed once anyone has applied (" +
                                    std::to_string(applications) + " have)",
                                "rules");
    }
    JJM_ASSIGN_OR_RETURN(after.rules, RulesFromJson(body["rules"], "rules"));
  }
  AuditRow audit;
  audit.action = "round.update";
  audit.entity = "partner_round";
  audit.entity_id = std::to_string(round_id);
  audit.before = RoundJson(r, c.today, applications).dump();
  audit.after = RoundJson(after, c.today, applications).dump();
  JJM_RETURN_IF_ERROR(
      I.Write(c, audit, [&]() REQUIRES(I.write_mutex()) -> Status {
        RoundRow row;
        row.id = round_id;
        row.opens_on = after.opens.ToString();
        row.closes_on = after.closes.ToString();
        row.rules = RulesToJson(after.rules).dump();
        return S.UpdateRound(row);
      }));
  return RoundJson(after, c.today, applications);
}

StatusOr<Json> PartnerService::Apply(const Caller& c, int64_t round_id,
                                     const Json& body) {
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "",
      {"org_name", "org_type", "registration_numbers", "website", "address",
       "years_of_work", "years_rural", "themes", "states", "districts",
       "past_projects", "contact", "documents"}));
  Json app = Json::object();
  JJM_ASSIGN_OR_RETURN(std::string org_name,
                       TextField(body, "", "org_name", true, 3, 200));
  JJM_ASSIGN_OR_RETURN(std::string org_type,
                       TextField(body, "", "org_type", true, 1, 40));
  if (!IsOrgType(org_type)) {
    return InvalidArgument(
        "org_type must be one of un_agency, ngo, trust, foundation, csr, "
        "academic, community, other",
        "org_type");
  }
  app["org_name"] = org_name;
  app["org_type"] = org_type;
  JJM_ASSIGN_OR_RETURN(
      const Json* regs,
      ArrayField(body, "", "registration_numbers", true, 1, 6));
  std::vector<std::string> reg_keys;
  app["registration_numbers"] = Json::array();
  for (size_t i = 0; i < regs->size(); ++i) {
    const std::string p = ItemPath("", "registration_numbers", i);
    JJM_RETURN_IF_ERROR(CheckFields((*regs)[i], p, {"kind", "number"}));
    JJM_ASSIGN_OR_RETURN(std::string kind,
                         TextField((*regs)[i], p, "kind", true, 2, 60));
    JJM_ASSIGN_OR_RETURN(std::string number,
                         TextField((*regs)[i], p, "number", true, 3, 60));
    const std::string key = NormaliseRegistration(number);
    if (key.size() < 3) {
      return InvalidArgument(p + ".number needs letters or digits",
                             p + ".number");
    }
    reg_keys.push_back(key);
    app["registration_numbers"].push_back({{"kind", kind}, {"number", number}});
  }
  JJM_ASSIGN_OR_RETURN(std::string website,
                       TextField(body, "", "website", false, 4, 200));
  JJM_ASSIGN_OR_RETURN(std::string address,
                       TextField(body, "", "address", false, 5, 500));
  app["website"] = website;
  app["address"] = address;
  const int this_year = c.today.year();
  JJM_ASSIGN_OR_RETURN(int64_t years,
                       IntField(body, "", "years_of_work", true, 0, 200));
  JJM_ASSIGN_OR_RETURN(int64_t rural,
                       IntField(body, "", "years_rural", true, 0, 200));
  if (rural > years) {
    return InvalidArgument("years_rural cannot be more than years_of_work",
                           "years_rural");
  }
  app["years_of_work"] = years;
  app["years_rural"] = rural;
  JJM_ASSIGN_OR_RETURN(
      auto themes, ChoicesField(body, "", "themes", 1, 8, IsTheme, "theme"));
  app["themes"] = themes;
  Impl& I = *impl_;
  // States and districts by code.
  JJM_ASSIGN_OR_RETURN(const Json* states,
                       ArrayField(body, "", "states", true, 1, 40));
  std::vector<UnitId> state_ids;
  app["states"] = Json::array();
  for (size_t i = 0; i < states->size(); ++i) {
    const std::string field = ItemPath("", "states", i);
    JJM_ASSIGN_OR_RETURN(
        auto place, I.PlaceAt((*states)[i], field, Level::kState, "state"));
    if (std::find(state_ids.begin(), state_ids.end(), place.id) !=
        state_ids.end()) {
      return InvalidArgument(field + " repeats " + place.code, field);
    }
    state_ids.push_back(place.id);
    app["states"].push_back(place.code);
  }
  JJM_ASSIGN_OR_RETURN(const Json* districts,
                       ArrayField(body, "", "districts", false, 0, 300));
  app["districts"] = Json::array();
  for (size_t i = 0; i < districts->size(); ++i) {
    const std::string field = ItemPath("", "districts", i);
    JJM_ASSIGN_OR_RETURN(auto place, I.PlaceAt((*districts)[i], field,
                                               Level::kDistrict, "district"));
    if (std::find(state_ids.begin(), state_ids.end(), place.state) ==
        state_ids.end()) {
      return InvalidArgument(
          field + ": " + place.code + " is not in one of the states listed",
          field);
    }
    app["districts"].push_back(place.code);
  }
  JJM_ASSIGN_OR_RETURN(const Json* projects,
                       ArrayField(body, "", "past_projects", false, 0, 20));
  app["past_projects"] = Json::array();
  for (size_t i = 0; i < projects->size(); ++i) {
    const std::string p = ItemPath("", "past_projects", i);
    const Json& pj = (*projects)[i];
    JJM_RETURN_IF_ERROR(CheckFields(pj, p,
                                    {"title", "from_year", "to_year", "themes",
                                     "funded_by", "summary", "rural"}));
    Json out;
    JJM_ASSIGN_OR_RETURN(std::string title,
                         TextField(pj, p, "title", true, 3, 200));
    JJM_ASSIGN_OR_RETURN(int64_t from,
                         IntField(pj, p, "from_year", true, 1950, this_year));
    JJM_ASSIGN_OR_RETURN(int64_t to, IntField(pj, p, "to_year", false, 1950,
                                              this_year + 10, from));
    if (to < from) {
      return InvalidArgument(p + ".to_year is before from_year",
                             p + ".to_year");
    }
    JJM_ASSIGN_OR_RETURN(auto pt,
                         ChoicesField(pj, p, "themes", 1, 8, IsTheme, "theme"));
    JJM_ASSIGN_OR_RETURN(std::string funded,
                         TextField(pj, p, "funded_by", false, 0, 200));
    JJM_ASSIGN_OR_RETURN(std::string summary,
                         TextField(pj, p, "summary", false, 0, 2000));
    if (pj.contains("rural") && !pj["rural"].is_boolean()) {
      return InvalidArgument(p + ".rural must be true or false", p + ".rural");
    }
    out["title"] = title;
    out["from_year"] = from;
    out["to_year"] = to;
    out["themes"] = pt;
    out["funded_by"] = funded;
    out["summary"] = summary;
    out["rural"] = pj.value("rural", true);
    app["past_projects"].push_back(out);
  }
  if (!body.contains("contact")) {
    return InvalidArgument("contact is required", "contact");
  }
  JJM_ASSIGN_OR_RETURN(app["contact"],
                       ReadPerson(body["contact"], "contact", true));
  const std::string email = app["contact"]["email"].get<std::string>();
  JJM_ASSIGN_OR_RETURN(auto docs, ReadDocuments(body, "", "documents", I.opt_));

  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Round round, LoadRound(S, round_id));
  if (c.today < round.opens) {
    return FailedPrecondition("the round '" + round.name + "' opens on " +
                              round.opens.ToString());
  }
  if (c.today > round.closes) {
    return FailedPrecondition("the round '" + round.name + "' closed on " +
                              round.closes.ToString() +
                              "; applications are no longer taken");
  }
  // The same organisation twice: a registration number, the name or the
  // contact e-mail seen before in this round.
  const std::string name_key = NameKey(org_name);
  const std::string email_key = Lower(email);
  std::string clash;
  JJM_RETURN_IF_ERROR(
      S.ForEachApplicationKey(round_id, [&](const ApplicationRow& a) {
        if (!clash.empty()) return;
        const std::string& ref = a.reference;
        for (const std::string& k : reg_keys) {
          if ((" " + a.registration_key + " ").find(" " + k + " ") !=
              std::string::npos) {
            clash = ref + " (the same registration number)";
            return;
          }
        }
        if (a.name_key == name_key) {
          clash = ref + " (the same organisation name)";
        } else if (Lower(a.email) == email_key) {
          clash = ref + " (the same contact e-mail)";
        }
      }));
  if (!clash.empty()) {
    return Conflict(
        "this organisation has already applied in this round: " + clash,
        "org_name");
  }
  JJM_ASSIGN_OR_RETURN(int64_t n, S.CountApplications(round_id));
  char ref[48];
  std::snprintf(ref, sizeof ref, "EOI-%lld-%04lld",
                static_cast<long long>(round_id),
                static_cast<long long>(n + 1));
  std::string reg_key;
  for (const std::string& k : reg_keys)
    reg_key += (reg_key.empty() ? "" : " ") + k;
  const std::string now = NowUtc();
  int64_t id = 0;
  AuditRow audit;
  audit.action = "application.submit";
  audit.entity = "application";
  audit.entity_id = ref;
  audit.after = Json{
      {"reference", ref},
      {"org_name", org_name},
      {"org_type", org_type},
      {"states", app["states"]},
      {"documents",
       docs.size()}}.dump();
  JJM_RETURN_IF_ERROR(
      I.Write(c, audit, [&]() REQUIRES(I.write_mutex()) -> Status {
        ApplicationRow row;
        row.round_id = round_id;
        row.reference = ref;
        row.org_name = org_name;
        row.name_key = name_key;
        row.org_type = org_type;
        row.registration_key = reg_key;
        row.email = email;
        row.body = app.dump();
        row.submitted_at = now;
        row.remote = c.remote;
        JJM_ASSIGN_OR_RETURN(id, S.AddApplication(row));
        for (UnitId st : state_ids) {
          JJM_RETURN_IF_ERROR(
              S.AddApplicationState(id, static_cast<int64_t>(st)));
        }
        return I.StoreDocuments(docs, "application:" + std::to_string(id), now,
                                "public", nullptr);
      }));
  return Json{{"id", id},
              {"reference", ref},
              {"round", round.name},
              {"submitted_at", now},
              {"documents", docs.size()}};
}

}  // namespace jjm
