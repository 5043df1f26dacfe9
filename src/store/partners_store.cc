#include "store/partners_store.h"

#include <string_view>
#include <utility>

#include "store/partners_sql.h"

namespace jjm {
namespace {

using partners_sql::Exists;
using partners_sql::Insert;
using partners_sql::Number;
using partners_sql::OptInt;
using partners_sql::OrNull;
using partners_sql::Prepare;
using partners_sql::Run;
using partners_sql::Text;

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
  r->id = s.ColumnInt(0);
  r->name = Text(s, 1);
  r->opens_on = Text(s, 2);
  r->closes_on = Text(s, 3);
  r->rules = Text(s, 4);
  r->created_at = Text(s, 5);
  r->created_by = Text(s, 6);
}
constexpr char kRoundColumns[] =
    "SELECT id, name, opens_on, closes_on, rules, created_at, created_by FROM "
    "partner_round";

void ReadApplication(Statement& s, ApplicationRow* a) {
  a->id = s.ColumnInt(0);
  a->round_id = s.ColumnInt(1);
  a->reference = Text(s, 2);
  a->org_name = Text(s, 3);
  a->name_key = Text(s, 4);
  a->org_type = Text(s, 5);
  a->registration_key = Text(s, 6);
  a->email = Text(s, 7);
  a->body = Text(s, 8);
  a->submitted_at = Text(s, 9);
  a->remote = Text(s, 10);
}
constexpr char kApplicationColumns[] =
    "SELECT a.id, a.round_id, a.reference, a.org_name, a.name_key, "
    "a.org_type, a.registration_key, a.email, a.body, a.submitted_at, "
    "a.remote FROM application a";

}  // namespace

// --- rounds -----------------------------------------------------------------

Status PartnersStore::ForEachRound(
    const std::function<void(const RoundRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_, std::string(kRoundColumns) + " ORDER BY id DESC"));
  RoundRow r;
  return s->ForEachRow([&](Statement& row) {
    ReadRound(row, &r);
    fn(r);
  });
}

StatusOr<RoundRow> PartnersStore::GetRound(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_, std::string(kRoundColumns) + " WHERE id = $1", id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound("no round " + std::to_string(id));
  RoundRow r;
  ReadRound(*s, &r);
  return r;
}

StatusOr<bool> PartnersStore::RoundNameTaken(const std::string& name) {
  return Exists(db_, "SELECT 1 FROM partner_round WHERE name = $1", name);
}

StatusOr<int64_t> PartnersStore::AddRound(const RoundRow& r) {
  return Insert(db_,
                "INSERT INTO partner_round (name, opens_on, closes_on, rules, "
                "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) "
                "RETURNING id",
                r.name, r.opens_on, r.closes_on, r.rules, r.created_at,
                r.created_by);
}

Status PartnersStore::UpdateRound(const RoundRow& r) {
  return Run(db_,
             "UPDATE partner_round SET opens_on = $1, closes_on = $2, rules = "
             "$3 WHERE id = $4",
             r.opens_on, r.closes_on, r.rules, r.id);
}

StatusOr<bool> PartnersStore::RoundDecided(int64_t round_id) {
  return Exists(db_,
                "SELECT 1 FROM screening_decision d JOIN application a ON a.id "
                "= d.application_id WHERE a.round_id = $1 LIMIT 1",
                round_id);
}

// --- applications -----------------------------------------------------------

StatusOr<std::map<int64_t, int64_t>> PartnersStore::ApplicationCounts() {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      Prepare(db_,
              "SELECT round_id, COUNT(*) FROM application GROUP BY round_id"));
  std::map<int64_t, int64_t> out;
  JJM_RETURN_IF_ERROR(s->ForEachRow(
      [&](Statement& row) { out[row.ColumnInt(0)] = row.ColumnInt(1); }));
  return out;
}

StatusOr<int64_t> PartnersStore::CountApplications(int64_t round_id) {
  return Number(db_, 0, "SELECT COUNT(*) FROM application WHERE round_id = $1",
                round_id);
}

StatusOr<ApplicationRow> PartnersStore::GetApplication(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      Prepare(db_, std::string(kApplicationColumns) + " WHERE a.id = $1", id));
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
  JJM_ASSIGN_OR_RETURN(auto s, Prepare(db_,
                                       std::string(kApplicationColumns) +
                                           " WHERE " + where + " ORDER BY a.id",
                                       ScopeKey(scope)));
  ApplicationRow a;
  return s->ForEachRow([&](Statement& row) {
    ReadApplication(row, &a);
    fn(a);
  });
}

Status PartnersStore::ForEachApplicationKey(
    int64_t round_id, const std::function<void(const ApplicationRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      "SELECT reference, registration_key, name_key, email "
                      "FROM application WHERE round_id = $1",
                      round_id));
  ApplicationRow a;
  a.round_id = round_id;
  return s->ForEachRow([&](Statement& row) {
    a.reference = Text(row, 0);
    a.registration_key = Text(row, 1);
    a.name_key = Text(row, 2);
    a.email = Text(row, 3);
    fn(a);
  });
}

StatusOr<int64_t> PartnersStore::AddApplication(const ApplicationRow& a) {
  return Insert(db_,
                "INSERT INTO application (round_id, reference, org_name, "
                "name_key, org_type, registration_key, email, body, "
                "submitted_at, remote) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                "$8, $9, $10) RETURNING id",
                a.round_id, a.reference, a.org_name, a.name_key, a.org_type,
                a.registration_key, a.email, a.body, a.submitted_at,
                OrNull{a.remote});
}

Status PartnersStore::AddApplicationState(int64_t application_id,
                                          int64_t state_id) {
  return Run(db_,
             "INSERT INTO application_state (application_id, state_id) VALUES "
             "($1, $2)",
             application_id, state_id);
}

// --- screening --------------------------------------------------------------

Status PartnersStore::ForEachReview(const ApplicationScope& scope,
                                    const std::function<void(ReviewRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      "SELECT x.id, x.application_id, x.account_id, "
                      "x.assigned_at, x.assigned_by, x.conflict, "
                      "x.conflict_note, x.declared_at, x.scores, x.comment, "
                      "x.scored_at FROM review x WHERE " +
                          ScopeWhere(scope) + " ORDER BY x.id",
                      ScopeKey(scope)));
  return s->ForEachRow([&](Statement& row) {
    ReviewRow r;
    r.id = row.ColumnInt(0);
    r.application_id = row.ColumnInt(1);
    r.account_id = row.ColumnInt(2);
    r.assigned_at = Text(row, 3);
    r.assigned_by = Text(row, 4);
    if (!row.ColumnIsNull(5)) r.conflict = row.ColumnInt(5) != 0;
    r.conflict_note = Text(row, 6);
    r.declared_at = Text(row, 7);
    if (!row.ColumnIsNull(8)) r.scores = Text(row, 8);
    r.comment = Text(row, 9);
    r.scored_at = Text(row, 10);
    fn(r);
  });
}

Status PartnersStore::ForEachModeration(
    const ApplicationScope& scope,
    const std::function<void(ModerationRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      "SELECT x.id, x.application_id, x.scores, x.note, x.at, "
                      "x.actor FROM moderation x WHERE " +
                          ScopeWhere(scope) + " ORDER BY x.id",
                      ScopeKey(scope)));
  return s->ForEachRow([&](Statement& row) {
    ModerationRow m;
    m.id = row.ColumnInt(0);
    m.application_id = row.ColumnInt(1);
    m.scores = Text(row, 2);
    m.note = Text(row, 3);
    m.at = Text(row, 4);
    m.actor = Text(row, 5);
    fn(m);
  });
}

Status PartnersStore::ForEachDecision(
    const ApplicationScope& scope,
    const std::function<void(DecisionRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      "SELECT x.id, x.application_id, x.eligible, x.screened, "
                      "x.score, x.shortlisted, x.reason, x.at, x.actor FROM "
                      "screening_decision x WHERE " +
                          ScopeWhere(scope) + " ORDER BY x.id",
                      ScopeKey(scope)));
  return s->ForEachRow([&](Statement& row) {
    DecisionRow d;
    d.id = row.ColumnInt(0);
    d.application_id = row.ColumnInt(1);
    d.eligible = row.ColumnInt(2) != 0;
    d.screened = row.ColumnInt(3) != 0;
    if (!row.ColumnIsNull(4)) d.score = row.ColumnDouble(4);
    d.shortlisted = row.ColumnInt(5) != 0;
    d.reason = Text(row, 6);
    d.at = Text(row, 7);
    d.actor = Text(row, 8);
    fn(d);
  });
}

Status PartnersStore::ForEachPartnerOf(
    const ApplicationScope& scope,
    const std::function<void(int64_t, int64_t)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      "SELECT x.application_id, x.id FROM partner x WHERE " +
                          ScopeWhere(scope),
                      ScopeKey(scope)));
  return s->ForEachRow(
      [&](Statement& row) { fn(row.ColumnInt(0), row.ColumnInt(1)); });
}

Status PartnersStore::AddReview(int64_t application_id, int64_t account_id,
                                const std::string& at, const std::string& by) {
  return Run(db_,
             "INSERT INTO review (application_id, account_id, assigned_at, "
             "assigned_by) VALUES ($1, $2, $3, $4)",
             application_id, account_id, at, by);
}

Status PartnersStore::DeclareConflict(int64_t review_id, bool conflict,
                                      const std::string& note,
                                      const std::string& at) {
  return Run(db_,
             "UPDATE review SET conflict = $1, conflict_note = $2, declared_at "
             "= $3 WHERE id = $4",
             conflict ? 1 : 0, OrNull{note}, at, review_id);
}

Status PartnersStore::ScoreReview(int64_t review_id, const std::string& scores,
                                  const std::string& comment,
                                  const std::string& at) {
  return Run(db_,
             "UPDATE review SET scores = $1, comment = $2, scored_at = $3 "
             "WHERE id = $4",
             scores, OrNull{comment}, at, review_id);
}

Status PartnersStore::AddModeration(const ModerationRow& m) {
  return Run(db_,
             "INSERT INTO moderation (application_id, scores, note, at, actor) "
             "VALUES ($1, $2, $3, $4, $5)",
             m.application_id, m.scores, m.note, m.at, m.actor);
}

Status PartnersStore::AddDecision(const DecisionRow& d) {
  return Run(db_,
             "INSERT INTO screening_decision (application_id, eligible, "
             "screened, score, shortlisted, reason, at, actor) VALUES ($1, "
             "$2, $3, $4, $5, $6, $7, $8)",
             d.application_id, d.eligible ? 1 : 0, d.screened ? 1 : 0, d.score,
             d.shortlisted ? 1 : 0, d.reason, d.at, d.actor);
}

// --- documents --------------------------------------------------------------

StatusOr<int64_t> PartnersStore::AddDocument(const DocumentRow& d) {
  return Insert(db_,
                "INSERT INTO document (owner, name, content_type, size, "
                "sha256, data, uploaded_at, uploaded_by) VALUES ($1, $2, $3, "
                "$4, $5, $6, $7, $8) RETURNING id",
                d.owner, d.name, d.content_type, d.size, d.sha256,
                d.data_base64, d.uploaded_at, d.uploaded_by);
}

Status PartnersStore::ForEachDocumentOf(
    const std::string& owner,
    const std::function<void(const DocumentRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      "SELECT id, name, content_type, size, sha256, "
                      "uploaded_at, uploaded_by FROM document WHERE owner = "
                      "$1 ORDER BY id",
                      owner));
  DocumentRow d;
  d.owner = owner;
  return s->ForEachRow([&](Statement& row) {
    d.id = row.ColumnInt(0);
    d.name = Text(row, 1);
    d.content_type = Text(row, 2);
    d.size = row.ColumnInt(3);
    d.sha256 = Text(row, 4);
    d.uploaded_at = Text(row, 5);
    d.uploaded_by = Text(row, 6);
    fn(d);
  });
}

StatusOr<std::optional<DocumentRow>> PartnersStore::GetDocument(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      "SELECT id, owner, name, content_type, size, sha256, "
                      "data, uploaded_at, uploaded_by FROM document WHERE id = "
                      "$1",
                      id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<DocumentRow>();
  DocumentRow d;
  d.id = s->ColumnInt(0);
  d.owner = Text(*s, 1);
  d.name = Text(*s, 2);
  d.content_type = Text(*s, 3);
  d.size = s->ColumnInt(4);
  d.sha256 = Text(*s, 5);
  d.data_base64 = Text(*s, 6);
  d.uploaded_at = Text(*s, 7);
  d.uploaded_by = Text(*s, 8);
  return std::optional<DocumentRow>(std::move(d));
}

// --- partners ---------------------------------------------------------------

StatusOr<std::vector<int64_t>> PartnersStore::PartnerIds() {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_, "SELECT id FROM partner ORDER BY name, id"));
  std::vector<int64_t> ids;
  JJM_RETURN_IF_ERROR(
      s->ForEachRow([&](Statement& row) { ids.push_back(row.ColumnInt(0)); }));
  return ids;
}

StatusOr<PartnerRow> PartnersStore::GetPartner(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      "SELECT id, application_id, name, org_type, profile, "
                      "agreement_signed_on, agreement_from, agreement_to, "
                      "created_at, created_by FROM partner WHERE id = $1",
                      id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound("no partner " + std::to_string(id));
  PartnerRow p;
  p.id = s->ColumnInt(0);
  p.application_id = OptInt(*s, 1).value_or(0);
  p.name = Text(*s, 2);
  p.org_type = Text(*s, 3);
  p.profile = Text(*s, 4);
  p.agreement_signed_on = Text(*s, 5);
  p.agreement_from = Text(*s, 6);
  p.agreement_to = Text(*s, 7);
  p.created_at = Text(*s, 8);
  p.created_by = Text(*s, 9);
  // One statement at a time on a connection (PostgreSQL streams rows).
  s->Reset();
  JJM_ASSIGN_OR_RETURN(
      auto u, Prepare(db_,
                      "SELECT unit_id FROM partner_unit WHERE partner_id = $1 "
                      "ORDER BY unit_id",
                      id));
  JJM_RETURN_IF_ERROR(u->ForEachRow(
      [&](Statement& row) { p.units.push_back(row.ColumnInt(0)); }));
  return p;
}

StatusOr<int64_t> PartnersStore::AddPartner(const PartnerRow& p) {
  return Insert(db_,
                "INSERT INTO partner (application_id, name, org_type, profile, "
                "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) "
                "RETURNING id",
                p.application_id, p.name, p.org_type, p.profile, p.created_at,
                p.created_by);
}

Status PartnersStore::AddPartnerUnit(int64_t partner_id, int64_t unit_id) {
  return Run(db_,
             "INSERT INTO partner_unit (partner_id, unit_id) VALUES ($1, $2)",
             partner_id, unit_id);
}

Status PartnersStore::UpdatePartner(const PartnerRow& p) {
  return Run(db_,
             "UPDATE partner SET profile = $1, agreement_signed_on = $2, "
             "agreement_from = $3, agreement_to = $4 WHERE id = $5",
             p.profile, OrNull{p.agreement_signed_on}, OrNull{p.agreement_from},
             OrNull{p.agreement_to}, p.id);
}

Status PartnersStore::ReplacePartnerUnits(int64_t partner_id,
                                          const std::vector<int64_t>& units) {
  JJM_RETURN_IF_ERROR(
      Run(db_, "DELETE FROM partner_unit WHERE partner_id = $1", partner_id));
  for (int64_t u : units) JJM_RETURN_IF_ERROR(AddPartnerUnit(partner_id, u));
  return Status::Ok();
}

}  // namespace jjm
