#include <map>

#include "partners/partner_internal.h"

namespace jjm {

StatusOr<Json> PartnerService::ListKnowledge(const Caller& c,
                                             const std::string& kind,
                                             int64_t partner_id) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  if (!kind.empty()) {
    JJM_RETURN_IF_ERROR(NeedOneOf(kKnowledgeKinds, kind, "kind", false));
  }
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  Json out{{"records", Json::array()}};
  std::vector<Json> rows;
  JJM_RETURN_IF_ERROR(
      S.ForEachKnowledge(kind, partner_id, 500, [&](const KnowledgeRow& k) {
        Json b = Json::parse(k.body);
        rows.push_back(
            {{"id", k.id},
             {"partner", {{"id", k.partner_id}, {"name", k.partner_name}}},
             {"kind", k.kind},
             {"title", k.title},
             {"unit_id", k.unit_id},
             {"theme", k.theme},
             {"date", Date::FromDays(static_cast<int32_t>(k.day)).ToString()},
             {"participants",
              k.participants ? Json(*k.participants) : Json(nullptr)},
             {"what_was_done", b["what_was_done"]},
             {"results", b["results"]},
             {"evidence", b["evidence"]},
             {"created_at", k.created_at}});
      }));
  I.NamePlaces(&rows, "unit_id", "place", &out["records"]);
  return out;
}

StatusOr<Json> PartnerService::AddKnowledge(const Caller& c, int64_t partner_id,
                                            const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::MayEdit(c, partner_id));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "",
                  {"kind", "title", "place", "theme", "date", "participants",
                   "what_was_done", "results", "evidence"}));
  JJM_ASSIGN_OR_RETURN(std::string kind,
                       TextField(body, "", "kind", true, 1, 30));
  JJM_RETURN_IF_ERROR(NeedOneOf(kKnowledgeKinds, kind, "kind", false));
  JJM_ASSIGN_OR_RETURN(std::string title,
                       TextField(body, "", "title", true, 3, 300));
  JJM_ASSIGN_OR_RETURN(std::string code,
                       TextField(body, "", "place", false, 1, 40));
  JJM_ASSIGN_OR_RETURN(std::string theme,
                       TextField(body, "", "theme", true, 1, 40));
  if (!OneOf(kActivityThemes, theme)) {
    return InvalidArgument("theme is not one of the mission's thematic areas",
                           "theme");
  }
  JJM_ASSIGN_OR_RETURN(Date day, PastDateField(body, "date", c.today));
  const bool event = kind == "workshop" || kind == "conference";
  JJM_ASSIGN_OR_RETURN(int64_t participants, IntField(body, "", "participants",
                                                      event, 1, 1000000, 0));
  JJM_ASSIGN_OR_RETURN(std::string what,
                       TextField(body, "", "what_was_done", true, 10, 8000));
  JJM_ASSIGN_OR_RETURN(std::string results,
                       TextField(body, "", "results", false, 0, 8000));
  JJM_ASSIGN_OR_RETURN(auto docs,
                       ReadDocuments(body, "", "evidence", impl_->opt_));
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Partner partner, LoadPartner(S, partner_id));
  JJM_ASSIGN_OR_RETURN(auto place,
                       I.Place(code.empty() ? "IN" : code, "place"));
  JJM_RETURN_IF_ERROR(
      NeedWorksAt(I, partner, place.id, "place", "in " + place.name));
  const std::string now = NowUtc();
  Json evidence = Json::array();
  int64_t id = 0;
  AuditRow audit = I.AuditAt("knowledge.create", "knowledge", place.id);
  audit.after = Json{{"kind", kind},
                     {"title", title},
                     {"place", place.code},
                     {"date", day.ToString()}}
                    .dump();
  JJM_RETURN_IF_ERROR(
      I.Write(c, audit, [&]() REQUIRES(I.write_mutex()) -> Status {
        JJM_RETURN_IF_ERROR(
            I.StoreDocuments(docs, "knowledge:" + std::to_string(partner_id),
                             now, c.principal->username, &evidence));
        Json b{{"what_was_done", what},
               {"results", results},
               {"evidence", evidence}};
        KnowledgeRow k;
        k.partner_id = partner_id;
        k.kind = kind;
        k.title = title;
        k.unit_id = static_cast<int64_t>(place.id);
        k.theme = theme;
        k.day = day.days();
        if (participants > 0) k.participants = participants;
        k.body = b.dump();
        k.created_at = now;
        k.created_by = c.principal->username;
        JJM_ASSIGN_OR_RETURN(id, S.AddKnowledge(k));
        return Status::Ok();
      }));
  return Json{
      {"id", id},
      {"partner", {{"id", partner_id}, {"name", partner.name}}},
      {"kind", kind},
      {"title", title},
      {"place", I.PlaceJson(place.id)},
      {"theme", theme},
      {"date", day.ToString()},
      {"participants", participants > 0 ? Json(participants) : Json(nullptr)},
      {"what_was_done", what},
      {"results", results},
      {"evidence", evidence},
      {"created_at", now}};
}

namespace {

Json ActionJson(const AuditActionRow& a) {
  return Json{{"id", a.id},
              {"action", a.action},
              {"owner", a.owner},
              {"due_on", a.due_on ? Json(*a.due_on) : Json(nullptr)},
              {"status", a.status},
              {"updated_at", a.updated_at},
              {"updated_by", a.updated_by}};
}

}  // namespace

StatusOr<Json> PartnerService::ListSocialAudits(const Caller& c,
                                                int64_t partner_id) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(auto reading, I.ReadPartner(c, partner_id));
  PartnersStore& S = reading.store();
  Json out{{"social_audits", Json::array()}};
  std::map<int64_t, size_t> at;
  std::vector<Json> rows;
  JJM_RETURN_IF_ERROR(
      S.ForEachSocialAudit(partner_id, [&](const SocialAuditRow& a) {
        at[a.id] = rows.size();
        rows.push_back(
            {{"id", a.id},
             {"village_id", a.village_id},
             {"date", Date::FromDays(static_cast<int32_t>(a.day)).ToString()},
             {"findings", a.findings},
             {"created_at", a.created_at},
             {"created_by", a.created_by},
             {"actions", Json::array()}});
      }));
  JJM_RETURN_IF_ERROR(
      S.ForEachAuditActionOfPartner(partner_id, [&](const AuditActionRow& a) {
        auto it = at.find(a.social_audit_id);
        if (it != at.end()) {
          rows[it->second]["actions"].push_back(ActionJson(a));
        }
      }));
  I.NamePlaces(&rows, "village_id", "village", &out["social_audits"]);
  return out;
}

StatusOr<Json> PartnerService::AddSocialAudit(const Caller& c,
                                              int64_t partner_id,
                                              const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::MayEdit(c, partner_id));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"village", "date", "findings", "actions"}));
  JJM_ASSIGN_OR_RETURN(std::string code,
                       TextField(body, "", "village", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(Date day, PastDateField(body, "date", c.today));
  JJM_ASSIGN_OR_RETURN(std::string findings,
                       TextField(body, "", "findings", true, 10, 8000));
  JJM_ASSIGN_OR_RETURN(const Json* acts,
                       ArrayField(body, "", "actions", false, 0, 50));
  struct NewAction {
    std::string action, owner, due;
  };
  std::vector<NewAction> actions;
  for (size_t i = 0; i < acts->size(); ++i) {
    const std::string q = ItemPath("", "actions", i);
    const Json& a = (*acts)[i];
    JJM_RETURN_IF_ERROR(CheckFields(a, q, {"action", "owner", "due_on"}));
    NewAction na;
    JJM_ASSIGN_OR_RETURN(na.action, TextField(a, q, "action", true, 3, 1000));
    JJM_ASSIGN_OR_RETURN(na.owner, TextField(a, q, "owner", true, 2, 200));
    JJM_ASSIGN_OR_RETURN(Date due, DateField(a, q, "due_on", false, Date()));
    if (a.contains("due_on") && !a["due_on"].is_null()) na.due = due.ToString();
    actions.push_back(na);
  }
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Partner partner, LoadPartner(S, partner_id));
  JJM_ASSIGN_OR_RETURN(auto place,
                       I.PlaceAt(code, "village", Level::kVillage, "village"));
  JJM_RETURN_IF_ERROR(NeedWorksAt(I, partner, place.id, "village",
                                  "where " + place.name + " is"));
  const std::string now = NowUtc();
  int64_t id = 0;
  AuditRow audit = I.AuditAt("social_audit.create", "social_audit", place.id);
  audit.after = Json{{"village", place.code},
                     {"date", day.ToString()},
                     {"actions", actions.size()}}
                    .dump();
  JJM_RETURN_IF_ERROR(
      I.Write(c, audit, [&]() REQUIRES(I.write_mutex()) -> Status {
        SocialAuditRow audit_row;
        audit_row.partner_id = partner_id;
        audit_row.village_id = static_cast<int64_t>(place.id);
        audit_row.day = day.days();
        audit_row.findings = findings;
        audit_row.created_at = now;
        audit_row.created_by = c.principal->username;
        JJM_ASSIGN_OR_RETURN(id, S.AddSocialAudit(audit_row));
        for (const NewAction& a : actions) {
          AuditActionRow row;
          row.social_audit_id = id;
          row.action = a.action;
          row.owner = a.owner;
          if (!a.due.empty()) row.due_on = a.due;
          row.status = "open";
          row.updated_at = now;
          row.updated_by = c.principal->username;
          JJM_RETURN_IF_ERROR(S.AddAuditAction(row));
        }
        return Status::Ok();
      }));
  Json out{{"id", id},
           {"village", I.PlaceJson(place.id)},
           {"date", day.ToString()},
           {"findings", findings},
           {"actions", Json::array()}};
  JJM_RETURN_IF_ERROR(S.ForEachAuditActionOf(id, [&](const AuditActionRow& a) {
    out["actions"].push_back(ActionJson(a));
  }));
  return out;
}

StatusOr<Json> PartnerService::UpdateAuditAction(const Caller& c,
                                                 int64_t action_id,
                                                 const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"status"}));
  JJM_ASSIGN_OR_RETURN(std::string status,
                       TextField(body, "", "status", true, 1, 20));
  JJM_RETURN_IF_ERROR(NeedOneOf(kActionStatuses, status, "status", false));
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(std::optional<AuditActionRow> found,
                       S.GetAuditAction(action_id));
  if (!found) {
    return NotFound("no follow-up action " + std::to_string(action_id));
  }
  const int64_t partner = found->partner_id, village = found->village_id;
  const std::string before = found->status;
  // The partner, or an official whose scope holds the village, follows up.
  const bool may =
      I.coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
        return MayFollowUpSocialAudit(*c.principal, partner,
                                      static_cast<UnitId>(village), h);
      });
  if (!may) {
    return Status(StatusCode::kPermissionDenied,
                  "only the partner or an official of the village's area may "
                  "update its follow-up");
  }
  const std::string now = NowUtc();
  AuditRow audit = I.AuditAt("audit_action.update", "audit_action",
                             static_cast<UnitId>(village));
  audit.entity_id = std::to_string(action_id);
  audit.before = Json{{"status", before}}.dump();
  audit.after = Json{{"status", status}}.dump();
  JJM_RETURN_IF_ERROR(
      I.Write(c, audit, [&]() REQUIRES(I.write_mutex()) -> Status {
        return S.SetAuditActionStatus(action_id, status, now,
                                      c.principal->username);
      }));
  JJM_ASSIGN_OR_RETURN(found, S.GetAuditAction(action_id));
  if (!found) return Json();
  return ActionJson(*found);
}

}  // namespace jjm
