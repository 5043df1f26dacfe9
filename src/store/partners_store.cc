#include "store/partners_store.h"

#include <string_view>
#include <utility>

#include "store/sql_values.h"

namespace jjm {
namespace {

// The WHERE clause on x.application_id for `scope`, bound to $1.
std::string ScopeWhere(const ApplicationScope& scope) {
  return scope.application_id != 0
             ? "x.application_id = $1"
             : "x.application_id IN (SELECT id FROM application WHERE "
               "round_id = $1)";
}
int64_t ScopeKey(const ApplicationScope& scope) {
  return scope.application_id != 0 ? scope.application_id : scope.round_id;
}

void ReadRound(Statement& s, RoundRow* r) {
  sql::Read(s, 0, r->id, r->name, r->opens_on, r->closes_on, r->rules,
            r->created_at, r->created_by);
}
constexpr char kRoundColumns[] =
    "SELECT id, name, opens_on, closes_on, rules, created_at, created_by FROM "
    "partner_round";

void ReadApplication(Statement& s, ApplicationRow* a) {
  sql::Read(s, 0, a->id, a->round_id, a->reference, a->org_name, a->name_key,
            a->org_type, a->registration_key, a->email, a->body,
            a->submitted_at, a->remote);
}
constexpr char kApplicationColumns[] =
    "SELECT a.id, a.round_id, a.reference, a.org_name, a.name_key, "
    "a.org_type, a.registration_key, a.email, a.body, a.submitted_at, "
    "a.remote FROM application a";

void ReadReview(Statement& s, ReviewRow* r) {
  sql::Read(s, 0, r->id, r->application_id, r->account_id, r->assigned_at,
            r->assigned_by, r->conflict, r->conflict_note, r->declared_at,
            r->scores, r->comment, r->scored_at);
}

void ReadModeration(Statement& s, ModerationRow* m) {
  sql::Read(s, 0, m->id, m->application_id, m->scores, m->note, m->at,
            m->actor);
}

void ReadDecision(Statement& s, DecisionRow* d) {
  sql::Read(s, 0, d->id, d->application_id, d->eligible, d->screened, d->score,
            d->shortlisted, d->reason, d->at, d->actor);
}

}  // namespace

// --- rounds -----------------------------------------------------------------

Status PartnersStore::ForEachRound(
    const std::function<void(const RoundRow&)>& fn) {
  return sql::EachRow(db_, ReadRound, fn,
                      std::string(kRoundColumns) + " ORDER BY id DESC");
}

StatusOr<RoundRow> PartnersStore::GetRound(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_, std::string(kRoundColumns) + " WHERE id = $1", id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound("no round " + std::to_string(id));
  RoundRow r;
  ReadRound(*s, &r);
  return r;
}

StatusOr<bool> PartnersStore::RoundNameTaken(const std::string& name) {
  return sql::Exists(db_, "SELECT 1 FROM partner_round WHERE name = $1", name);
}

StatusOr<int64_t> PartnersStore::AddRound(const RoundRow& r) {
  return sql::InsertRow(
      db_, "partner_round",
      "name, opens_on, closes_on, rules, created_at, created_by", r.name,
      r.opens_on, r.closes_on, r.rules, r.created_at, r.created_by);
}

Status PartnersStore::UpdateRound(const RoundRow& r) {
  return sql::Run(
      db_,
      "UPDATE partner_round SET opens_on = $1, closes_on = $2, rules = "
      "$3 WHERE id = $4",
      r.opens_on, r.closes_on, r.rules, r.id);
}

StatusOr<bool> PartnersStore::RoundDecided(int64_t round_id) {
  return sql::Exists(
      db_,
      "SELECT 1 FROM screening_decision d JOIN application a ON a.id "
      "= d.application_id WHERE a.round_id = $1 LIMIT 1",
      round_id);
}

// --- applications -----------------------------------------------------------

StatusOr<std::map<int64_t, int64_t>> PartnersStore::ApplicationCounts() {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(
          db_, "SELECT round_id, COUNT(*) FROM application GROUP BY round_id"));
  std::map<int64_t, int64_t> out;
  JJM_RETURN_IF_ERROR(s->ForEachRow(
      [&](Statement& row) { out[row.ColumnInt(0)] = row.ColumnInt(1); }));
  return out;
}

StatusOr<int64_t> PartnersStore::CountApplications(int64_t round_id) {
  return sql::Number(
      db_, 0, "SELECT COUNT(*) FROM application WHERE round_id = $1", round_id);
}

StatusOr<ApplicationRow> PartnersStore::GetApplication(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_, std::string(kApplicationColumns) + " WHERE a.id = $1",
                   id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound("no application " + std::to_string(id));
  ApplicationRow a;
  ReadApplication(*s, &a);
  return a;
}

Status PartnersStore::ForEachApplication(
    const ApplicationScope& scope,
    const std::function<void(ApplicationRow&)>& fn) {
  const std::string where =
      scope.application_id != 0 ? "a.id = $1" : "a.round_id = $1";
  return sql::EachRow(
      db_, ReadApplication, fn,
      std::string(kApplicationColumns) + " WHERE " + where + " ORDER BY a.id",
      ScopeKey(scope));
}

Status PartnersStore::ForEachApplicationKey(
    int64_t round_id, const std::function<void(const ApplicationRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   "SELECT reference, registration_key, name_key, email "
                   "FROM application WHERE round_id = $1",
                   round_id));
  ApplicationRow a;
  a.round_id = round_id;
  return s->ForEachRow([&](Statement& row) {
    sql::Read(row, 0, a.reference, a.registration_key, a.name_key, a.email);
    fn(a);
  });
}

StatusOr<int64_t> PartnersStore::AddApplication(const ApplicationRow& a) {
  return sql::InsertRow(db_, "application",
                        "round_id, reference, org_name, name_key, org_type, "
                        "registration_key, email, body, submitted_at, remote",
                        a.round_id, a.reference, a.org_name, a.name_key,
                        a.org_type, a.registration_key, a.email, a.body,
                        a.submitted_at, sql::OrNull{a.remote});
}

Status PartnersStore::AddApplicationState(int64_t application_id,
                                          int64_t state_id) {
  return sql::AddRow(db_, "application_state", "application_id, state_id",
                     application_id, state_id);
}

// --- screening --------------------------------------------------------------

Status PartnersStore::ForEachReview(const ApplicationScope& scope,
                                    const std::function<void(ReviewRow&)>& fn) {
  return sql::EachRow(db_, ReadReview, fn,
                      "SELECT x.id, x.application_id, x.account_id, "
                      "x.assigned_at, x.assigned_by, x.conflict, "
                      "x.conflict_note, x.declared_at, x.scores, x.comment, "
                      "x.scored_at FROM review x WHERE " +
                          ScopeWhere(scope) + " ORDER BY x.id",
                      ScopeKey(scope));
}

Status PartnersStore::ForEachModeration(
    const ApplicationScope& scope,
    const std::function<void(ModerationRow&)>& fn) {
  return sql::EachRow(db_, ReadModeration, fn,
                      "SELECT x.id, x.application_id, x.scores, x.note, x.at, "
                      "x.actor FROM moderation x WHERE " +
                          ScopeWhere(scope) + " ORDER BY x.id",
                      ScopeKey(scope));
}

Status PartnersStore::ForEachDecision(
    const ApplicationScope& scope,
    const std::function<void(DecisionRow&)>& fn) {
  return sql::EachRow(db_, ReadDecision, fn,
                      "SELECT x.id, x.application_id, x.eligible, x.screened, "
                      "x.score, x.shortlisted, x.reason, x.at, x.actor FROM "
                      "screening_decision x WHERE " +
                          ScopeWhere(scope) + " ORDER BY x.id",
                      ScopeKey(scope));
}

Status PartnersStore::ForEachPartnerOf(
    const ApplicationScope& scope,
    const std::function<void(int64_t, int64_t)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   "SELECT x.application_id, x.id FROM partner x WHERE " +
                       ScopeWhere(scope),
                   ScopeKey(scope)));
  return s->ForEachRow(
      [&](Statement& row) { fn(row.ColumnInt(0), row.ColumnInt(1)); });
}

Status PartnersStore::AddReview(int64_t application_id, int64_t account_id,
                                const std::string& at, const std::string& by) {
  return sql::AddRow(db_, "review",
                     "application_id, account_id, assigned_at, assigned_by",
                     application_id, account_id, at, by);
}

Status PartnersStore::DeclareConflict(int64_t review_id, bool conflict,
                                      const std::string& note,
                                      const std::string& at) {
  return sql::Run(
      db_,
      "UPDATE review SET conflict = $1, conflict_note = $2, declared_at "
      "= $3 WHERE id = $4",
      conflict ? 1 : 0, sql::OrNull{note}, at, review_id);
}

Status PartnersStore::ScoreReview(int64_t review_id, const std::string& scores,
                                  const std::string& comment,
                                  const std::string& at) {
  return sql::Run(db_,
                  "UPDATE review SET scores = $1, comment = $2, scored_at = $3 "
                  "WHERE id = $4",
                  scores, sql::OrNull{comment}, at, review_id);
}

Status PartnersStore::AddModeration(const ModerationRow& m) {
  return sql::AddRow(db_, "moderation",
                     "application_id, scores, note, at, actor",
                     m.application_id, m.scores, m.note, m.at, m.actor);
}

Status PartnersStore::AddDecision(const DecisionRow& d) {
  return sql::AddRow(db_, "screening_decision",
                     "application_id, eligible, screened, score, shortlisted, "
                     "reason, at, actor",
                     d.application_id, d.eligible ? 1 : 0, d.screened ? 1 : 0,
                     d.score, d.shortlisted ? 1 : 0, d.reason, d.at, d.actor);
}

// --- documents --------------------------------------------------------------

StatusOr<int64_t> PartnersStore::AddDocument(const DocumentRow& d) {
  return sql::InsertRow(
      db_, "document",
      "owner, name, content_type, size, sha256, data, uploaded_at, uploaded_by",
      d.owner, d.name, d.content_type, d.size, d.sha256, d.data_base64,
      d.uploaded_at, d.uploaded_by);
}

Status PartnersStore::ForEachDocumentOf(
    const std::string& owner,
    const std::function<void(const DocumentRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   "SELECT id, name, content_type, size, sha256, "
                   "uploaded_at, uploaded_by FROM document WHERE owner = "
                   "$1 ORDER BY id",
                   owner));
  DocumentRow d;
  d.owner = owner;
  return s->ForEachRow([&](Statement& row) {
    sql::Read(row, 0, d.id, d.name, d.content_type, d.size, d.sha256,
              d.uploaded_at, d.uploaded_by);
    fn(d);
  });
}

StatusOr<std::optional<DocumentRow>> PartnersStore::GetDocument(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   "SELECT id, owner, name, content_type, size, sha256, "
                   "data, uploaded_at, uploaded_by FROM document WHERE id = "
                   "$1",
                   id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<DocumentRow>();
  DocumentRow d;
  sql::Read(*s, 0, d.id, d.owner, d.name, d.content_type, d.size, d.sha256,
            d.data_base64, d.uploaded_at, d.uploaded_by);
  return std::optional<DocumentRow>(std::move(d));
}

// --- partners ---------------------------------------------------------------

StatusOr<std::vector<int64_t>> PartnersStore::PartnerIds() {
  return sql::Numbers(db_, "SELECT id FROM partner ORDER BY name, id");
}

StatusOr<PartnerRow> PartnersStore::GetPartner(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   "SELECT id, application_id, name, org_type, profile, "
                   "agreement_signed_on, agreement_from, agreement_to, "
                   "created_at, created_by FROM partner WHERE id = $1",
                   id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound("no partner " + std::to_string(id));
  PartnerRow p;
  // No application (NULL) reads as 0.
  sql::Read(*s, 0, p.id, p.application_id, p.name, p.org_type, p.profile,
            p.agreement_signed_on, p.agreement_from, p.agreement_to,
            p.created_at, p.created_by);
  // One statement at a time on a connection (PostgreSQL streams rows).
  s->Reset();
  JJM_ASSIGN_OR_RETURN(
      auto u,
      sql::Prepare(db_,
                   "SELECT unit_id FROM partner_unit WHERE partner_id = $1 "
                   "ORDER BY unit_id",
                   id));
  JJM_RETURN_IF_ERROR(u->ForEachRow(
      [&](Statement& row) { p.units.push_back(row.ColumnInt(0)); }));
  return p;
}

StatusOr<int64_t> PartnersStore::AddPartner(const PartnerRow& p) {
  return sql::InsertRow(
      db_, "partner",
      "application_id, name, org_type, profile, created_at, created_by",
      p.application_id, p.name, p.org_type, p.profile, p.created_at,
      p.created_by);
}

Status PartnersStore::AddPartnerUnit(int64_t partner_id, int64_t unit_id) {
  return sql::AddRow(db_, "partner_unit", "partner_id, unit_id", partner_id,
                     unit_id);
}

Status PartnersStore::UpdatePartner(const PartnerRow& p) {
  return sql::Run(db_,
                  "UPDATE partner SET profile = $1, agreement_signed_on = $2, "
                  "agreement_from = $3, agreement_to = $4 WHERE id = $5",
                  p.profile, sql::OrNull{p.agreement_signed_on},
                  sql::OrNull{p.agreement_from}, sql::OrNull{p.agreement_to},
                  p.id);
}

Status PartnersStore::ReplacePartnerUnits(int64_t partner_id,
                                          const std::vector<int64_t>& units) {
  JJM_RETURN_IF_ERROR(sql::Run(
      db_, "DELETE FROM partner_unit WHERE partner_id = $1", partner_id));
  for (int64_t u : units) JJM_RETURN_IF_ERROR(AddPartnerUnit(partner_id, u));
  return Status::Ok();
}

}  // namespace jjm
