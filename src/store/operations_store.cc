#include "store/operations_store.h"

#include <utility>

#include "store/sql_values.h"

namespace jjm {
namespace {

using sql::IdOrNull;
using sql::OrNull;

void ReadCommittee(Statement& s, CommitteeRow* r) {
  sql::Read(s, 0, r->id, r->unit_id, r->name, r->formed_day, r->created_at,
            r->created_by);
}

void ReadMember(Statement& s, MemberRow* r) {
  sql::Read(s, 0, r->id, r->committee_id, r->name, r->role, r->gender,
            r->social_group, r->elected_member, r->joined_day, r->left_day,
            r->created_at, r->created_by);
}

void ReadMeeting(Statement& s, MeetingRow* r) {
  sql::Read(s, 0, r->id, r->committee_id, r->day, r->attendance, r->decisions,
            r->recorded_at, r->recorded_by);
}

void ReadComplaint(Statement& s, ComplaintRow* r) {
  sql::Read(s, 0, r->id, r->reference, r->secret_sha256, r->request_id,
            r->village_id, r->category, r->description, r->photo_document_id,
            r->contact, r->filed_at, r->filed_by, r->remote);
}
constexpr char kComplaintColumns[] =
    "SELECT id, reference, secret_sha256, request_id, village_id, category, "
    "description, photo_document_id, contact, filed_at, filed_by, remote "
    "FROM complaint";

void ReadEvent(Statement& s, ComplaintEventRow* r) {
  sql::Read(s, 0, r->id, r->complaint_id, r->at, r->kind, r->level, r->note,
            r->document_id, r->actor);
}

void ReadBreakdown(Statement& s, BreakdownRow* r) {
  sql::Read(s, 0, r->id, r->village_id, r->scheme_id, r->asset_id,
            r->started_day, r->ended_day, r->reason, r->households_affected,
            r->note, r->recorded_at, r->recorded_by);
}
constexpr char kBreakdownColumns[] =
    "SELECT id, village_id, scheme_id, asset_id, started_day, ended_day, "
    "reason, households_affected, note, recorded_at, recorded_by FROM "
    "breakdown";

template <typename Row>
StatusOr<std::vector<Row>> Rows(Db* db, void (*read)(Statement&, Row*),
                                const std::string& sql, int64_t arg) {
  std::vector<Row> out;
  JJM_RETURN_IF_ERROR(sql::EachRow<Row>(
      db, read, [&](const Row& r) { out.push_back(r); }, sql, arg));
  return out;
}

}  // namespace

StatusOr<std::vector<CategoryRow>> OperationsStore::Categories() {
  JJM_ASSIGN_OR_RETURN(
      auto s, sql::Prepare(db_,
                           "SELECT code, deadline_hours, name_en, name_hi FROM "
                           "complaint_category ORDER BY ordinal"));
  std::vector<CategoryRow> out;
  JJM_RETURN_IF_ERROR(s->ForEachRow([&](Statement& r) {
    CategoryRow c;
    sql::Read(r, 0, c.code, c.deadline_hours, c.name_en, c.name_hi);
    out.push_back(std::move(c));
  }));
  return out;
}

StatusOr<std::vector<EscalationStepRow>> OperationsStore::EscalationSteps() {
  JJM_ASSIGN_OR_RETURN(
      auto s, sql::Prepare(db_,
                           "SELECT ordinal, level, hours FROM escalation_step "
                           "ORDER BY ordinal"));
  std::vector<EscalationStepRow> out;
  JJM_RETURN_IF_ERROR(s->ForEachRow([&](Statement& r) {
    EscalationStepRow e;
    sql::Read(r, 0, e.ordinal, e.level, e.hours);
    out.push_back(std::move(e));
  }));
  return out;
}

StatusOr<int64_t> OperationsStore::AddCommittee(const CommitteeRow& r) {
  return sql::InsertRow(db_, "vwsc_committee",
                        "unit_id, name, formed_day, created_at, created_by",
                        r.unit_id, r.name, r.formed_day, r.created_at,
                        r.created_by);
}

Status OperationsStore::EachCommittee(
    const std::function<void(const CommitteeRow&)>& fn) {
  return sql::EachRow<CommitteeRow>(
      db_, ReadCommittee, fn,
      "SELECT id, unit_id, name, formed_day, created_at, created_by FROM "
      "vwsc_committee ORDER BY id");
}

StatusOr<int64_t> OperationsStore::AddMember(const MemberRow& r) {
  return sql::InsertRow(
      db_, "vwsc_member",
      "committee_id, name, role, gender, social_group, elected_member, "
      "joined_day, left_day, created_at, created_by",
      r.committee_id, r.name, r.role, r.gender, r.social_group,
      int64_t{r.elected_member}, r.joined_day, r.left_day, r.created_at,
      r.created_by);
}

Status OperationsStore::EndMembership(int64_t member_id, int64_t day,
                                      const std::string& at,
                                      const std::string& by) {
  return sql::Run(db_,
                  "UPDATE vwsc_member SET left_day = $1, left_recorded_at = "
                  "$2, left_recorded_by = $3 WHERE id = $4",
                  day, at, by, member_id);
}

Status OperationsStore::EachMember(
    const std::function<void(const MemberRow&)>& fn) {
  return sql::EachRow<MemberRow>(
      db_, ReadMember, fn,
      "SELECT id, committee_id, name, role, gender, social_group, "
      "elected_member, joined_day, left_day, created_at, created_by FROM "
      "vwsc_member ORDER BY id");
}

StatusOr<int64_t> OperationsStore::AddMeeting(const MeetingRow& r) {
  return sql::InsertRow(db_, "vwsc_meeting",
                        "committee_id, day, attendance, decisions, "
                        "recorded_at, recorded_by",
                        r.committee_id, r.day, r.attendance, r.decisions,
                        r.recorded_at, r.recorded_by);
}

StatusOr<std::vector<MeetingRow>> OperationsStore::MeetingsOf(
    int64_t committee_id) {
  return Rows<MeetingRow>(
      db_, ReadMeeting,
      "SELECT id, committee_id, day, attendance, decisions, recorded_at, "
      "recorded_by FROM vwsc_meeting WHERE committee_id = $1 ORDER BY day, id",
      committee_id);
}

StatusOr<int64_t> OperationsStore::AddComplaint(const ComplaintRow& r) {
  return sql::InsertRow(
      db_, "complaint",
      "reference, secret_sha256, request_id, village_id, category, "
      "description, photo_document_id, contact, filed_at, filed_by, remote",
      r.reference, r.secret_sha256, OrNull{r.request_id}, r.village_id,
      r.category, r.description, IdOrNull{r.photo_document_id},
      OrNull{r.contact}, r.filed_at, r.filed_by, OrNull{r.remote});
}

StatusOr<int64_t> OperationsStore::AddComplaintEvent(
    const ComplaintEventRow& r) {
  return sql::InsertRow(
      db_, "complaint_event",
      "complaint_id, at, kind, level, note, document_id, actor", r.complaint_id,
      r.at, r.kind, OrNull{r.level}, OrNull{r.note}, IdOrNull{r.document_id},
      r.actor);
}

Status OperationsStore::EachComplaint(
    const std::function<void(const ComplaintRow&)>& fn) {
  return sql::EachRow<ComplaintRow>(
      db_, ReadComplaint, fn, std::string(kComplaintColumns) + " ORDER BY id");
}

Status OperationsStore::EachComplaintEvent(
    const std::function<void(const ComplaintEventRow&)>& fn) {
  return sql::EachRow<ComplaintEventRow>(
      db_, ReadEvent, fn,
      "SELECT id, complaint_id, at, kind, level, note, document_id, actor "
      "FROM complaint_event ORDER BY id");
}

StatusOr<std::optional<ComplaintRow>> OperationsStore::ComplaintByRequestId(
    const std::string& request_id) {
  JJM_ASSIGN_OR_RETURN(auto s, sql::Prepare(db_,
                                            std::string(kComplaintColumns) +
                                                " WHERE request_id = $1",
                                            request_id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<ComplaintRow>();
  ComplaintRow r;
  ReadComplaint(*s, &r);
  return std::optional<ComplaintRow>(std::move(r));
}

StatusOr<int64_t> OperationsStore::AddDocument(const OpsDocumentRow& r) {
  return sql::InsertRow(db_, "document",
                        "owner, name, content_type, size, sha256, data, "
                        "uploaded_at, uploaded_by",
                        r.owner, r.name, r.content_type, r.size, r.sha256,
                        r.data_base64, r.uploaded_at, r.uploaded_by);
}

StatusOr<std::optional<OpsDocumentRow>> OperationsStore::GetDocument(
    int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s, sql::Prepare(db_,
                           "SELECT id, owner, name, content_type, size, "
                           "sha256, data, uploaded_at, uploaded_by FROM "
                           "document WHERE id = $1",
                           id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<OpsDocumentRow>();
  OpsDocumentRow d;
  sql::Read(*s, 0, d.id, d.owner, d.name, d.content_type, d.size, d.sha256,
            d.data_base64, d.uploaded_at, d.uploaded_by);
  return std::optional<OpsDocumentRow>(std::move(d));
}

StatusOr<int64_t> OperationsStore::AddBreakdown(const BreakdownRow& r) {
  return sql::InsertRow(
      db_, "breakdown",
      "village_id, scheme_id, asset_id, started_day, ended_day, reason, "
      "households_affected, note, recorded_at, recorded_by",
      r.village_id, IdOrNull{r.scheme_id}, IdOrNull{r.asset_id}, r.started_day,
      r.ended_day, r.reason, r.households_affected, OrNull{r.note},
      r.recorded_at, r.recorded_by);
}

Status OperationsStore::EndBreakdown(int64_t id, int64_t day,
                                     const std::string& at,
                                     const std::string& by) {
  return sql::Run(db_,
                  "UPDATE breakdown SET ended_day = $1, ended_recorded_at = "
                  "$2, ended_recorded_by = $3 WHERE id = $4",
                  day, at, by, id);
}

StatusOr<std::optional<BreakdownRow>> OperationsStore::GetBreakdown(
    int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto rows, Rows<BreakdownRow>(
                     db_, ReadBreakdown,
                     std::string(kBreakdownColumns) + " WHERE id = $1", id));
  if (rows.empty()) return std::optional<BreakdownRow>();
  return std::optional<BreakdownRow>(std::move(rows.front()));
}

StatusOr<std::vector<BreakdownRow>> OperationsStore::BreakdownsOf(
    int64_t village_id) {
  return Rows<BreakdownRow>(db_, ReadBreakdown,
                            std::string(kBreakdownColumns) +
                                " WHERE village_id = $1 ORDER BY started_day, "
                                "id",
                            village_id);
}

StatusOr<bool> OperationsStore::SchemeServes(int64_t scheme_id,
                                             int64_t village_id) {
  return sql::Exists(db_,
                     "SELECT 1 FROM scheme_village WHERE scheme_id = $1 AND "
                     "village_id = $2",
                     scheme_id, village_id);
}

StatusOr<std::optional<OperationsStore::AssetPlace>> OperationsStore::AssetOf(
    int64_t asset_id) {
  JJM_ASSIGN_OR_RETURN(
      auto s, sql::Prepare(db_,
                           "SELECT scheme_id, village_id, type, name FROM "
                           "scheme_asset WHERE id = $1",
                           asset_id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<AssetPlace>();
  AssetPlace a;
  sql::Read(*s, 0, a.scheme_id, a.village_id, a.type, a.name);
  return std::optional<AssetPlace>(std::move(a));
}

StatusOr<bool> OperationsStore::SchemeExists(int64_t scheme_id) {
  return sql::Exists(db_, "SELECT 1 FROM scheme WHERE id = $1", scheme_id);
}

StatusOr<std::vector<BreakdownRow>> OperationsStore::BreakdownsOfScheme(
    int64_t scheme_id) {
  return Rows<BreakdownRow>(db_, ReadBreakdown,
                            std::string(kBreakdownColumns) +
                                " WHERE scheme_id = $1 ORDER BY started_day, "
                                "id",
                            scheme_id);
}

}  // namespace jjm
