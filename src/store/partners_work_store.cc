// The partners store, second part: plans, progress, trainers, trainings,
// knowledge and social audits (rounds to partners: partners_store.cc).
#include <string_view>
#include <utility>

#include "store/partners_store.h"
#include "store/sql_values.h"

namespace jjm {
namespace {

// How each kind of row is read, from column 0.
void ReadTargetInForce(Statement& s, TargetInForceRow* t) {
  sql::Read(s, 0, t->plan_id, t->partner_id, t->activity, t->measure, t->theme,
            t->level, t->state_id, t->target, t->partner_name);
}

void ReadFigure(Statement& s, ProgressFigureRow* f) {
  sql::Read(s, 0, f->progress_version_id, f->activity, f->measure, f->achieved);
}

void ReadTrainer(Statement& s, TrainerRow* t) {
  sql::Read(s, 0, t->id, t->partner_id, t->name, t->gender, t->phone,
            t->details, t->active, t->created_at, t->created_by);
}

void ReadTraining(Statement& s, TrainingRow* t) {
  sql::Read(s, 0, t->id, t->partner_id, t->trainer_id, t->trainer_name, t->kind,
            t->day, t->unit_id, t->village_id, t->topic, t->female, t->male,
            t->other, t->vwsc_members, t->ftk_women, t->pri_members,
            t->frontline_workers, t->note, t->created_at, t->created_by);
}

void ReadVillageTrainings(Statement& s, VillageTrainingRow* v) {
  sql::Read(s, 0, v->village_id, v->trainings, v->participants, v->women,
            v->ftk_women);
}

void ReadKnowledge(Statement& s, KnowledgeRow* k) {
  sql::Read(s, 0, k->id, k->partner_id, k->partner_name, k->kind, k->title,
            k->unit_id, k->theme, k->day, k->participants, k->body,
            k->created_at, k->created_by);
}

void ReadSocialAudit(Statement& s, SocialAuditRow* a) {
  sql::Read(s, 0, a->id, a->partner_id, a->village_id, a->day, a->findings,
            a->created_at, a->created_by);
}

// Reads the columns of kActionColumns, from 0.
void ReadAction(Statement& s, AuditActionRow* a) {
  sql::Read(s, 0, a->id, a->social_audit_id, a->action, a->owner, a->due_on,
            a->status, a->updated_at, a->updated_by);
}
constexpr char kActionColumns[] =
    "SELECT a.id, a.social_audit_id, a.action, a.owner, a.due_on, a.status, "
    "a.updated_at, a.updated_by";

}  // namespace

// --- plans ------------------------------------------------------------------

StatusOr<std::vector<int64_t>> PartnersStore::PlanIdsOf(int64_t partner_id) {
  return sql::Numbers(
      db_, "SELECT id FROM plan WHERE partner_id = $1 ORDER BY fy DESC",
      partner_id);
}

StatusOr<PlanRow> PartnersStore::GetPlan(int64_t id) {
  JJM_ASSIGN_OR_RETURN(auto s,
                       sql::Prepare(db_,
                                    "SELECT id, partner_id, fy, created_at, "
                                    "created_by FROM plan WHERE id = $1",
                                    id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound("no plan " + std::to_string(id));
  PlanRow p;
  sql::Read(*s, 0, p.id, p.partner_id, p.fy, p.created_at, p.created_by);
  return p;
}

StatusOr<bool> PartnersStore::PlanExists(int64_t partner_id,
                                         const std::string& fy) {
  return sql::Exists(db_,
                     "SELECT 1 FROM plan WHERE partner_id = $1 AND fy = $2",
                     partner_id, fy);
}

StatusOr<int64_t> PartnersStore::AddPlan(const PlanRow& p) {
  return sql::InsertRow(db_, "plan", "partner_id, fy, created_at, created_by",
                        p.partner_id, p.fy, p.created_at, p.created_by);
}

Status PartnersStore::ForEachPlanVersion(
    int64_t plan_id, const std::function<void(PlanVersionRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   "SELECT id, revision, status, activities, comment, at, "
                   "actor FROM plan_version WHERE plan_id = $1 ORDER BY id",
                   plan_id));
  return s->ForEachRow([&](Statement& row) {
    PlanVersionRow v;
    v.plan_id = plan_id;
    sql::Read(row, 0, v.id, v.revision, v.status, v.activities, v.comment, v.at,
              v.actor);
    fn(v);
  });
}

StatusOr<int64_t> PartnersStore::AddPlanVersion(const PlanVersionRow& v) {
  return sql::InsertRow(
      db_, "plan_version",
      "plan_id, revision, status, activities, comment, at, actor", v.plan_id,
      v.revision, v.status, v.activities, sql::OrNull{v.comment}, v.at,
      v.actor);
}

Status PartnersStore::AddPlanTarget(const PlanTargetRow& t) {
  return sql::AddRow(
      db_, "plan_target",
      "plan_version_id, activity, level, unit_id, state_id, theme, "
      "measure, q1, q2, q3, q4",
      t.plan_version_id, t.activity, t.level, t.unit_id, t.state_id, t.theme,
      t.measure, t.q[0], t.q[1], t.q[2], t.q[3]);
}

Status PartnersStore::ForEachTargetInForce(
    const std::string& fy,
    const std::function<void(const TargetInForceRow&)>& fn) {
  return sql::EachRow(
      db_, ReadTargetInForce, fn,
      "SELECT p.id, p.partner_id, t.activity, t.measure, t.theme, "
      "t.level, t.state_id, t.q1 + t.q2 + t.q3 + t.q4, n.name FROM "
      "plan p JOIN partner n ON n.id = p.partner_id JOIN plan_target "
      "t ON t.plan_version_id = (SELECT MAX(v.id) FROM plan_version v "
      "WHERE v.plan_id = p.id AND v.status = 'approved') WHERE p.fy = "
      "$1",
      fy);
}

Status PartnersStore::ForEachAcceptedFigure(
    const std::string& fy,
    const std::function<void(const ProgressFigureRow&)>& fn) {
  return sql::EachRow(
      db_, ReadFigure, fn,
      "SELECT v.plan_id, f.activity, f.measure, f.achieved FROM "
      "progress_figure f JOIN progress_version v ON v.id = "
      "f.progress_version_id JOIN plan p ON p.id = v.plan_id WHERE "
      "p.fy = $1 AND v.id = (SELECT MAX(w.id) FROM progress_version w "
      "WHERE w.plan_id = v.plan_id AND w.quarter = v.quarter AND "
      "w.status = 'accepted')",
      fy);
}

Status PartnersStore::ForEachApprovedPlan(
    const std::string& fy,
    const std::function<void(int64_t, const std::string&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   "SELECT p.id, n.name FROM plan p JOIN partner n ON n.id = "
                   "p.partner_id WHERE p.fy = $1 AND EXISTS (SELECT 1 FROM "
                   "plan_version v WHERE v.plan_id = p.id AND v.status = "
                   "'approved') ORDER BY n.name",
                   fy));
  return s->ForEachRow(
      [&](Statement& row) { fn(row.ColumnInt(0), sql::Text(row, 1)); });
}

namespace {

void ReadQueued(Statement& s, QueuedRow* q) {
  sql::Read(s, 0, q->plan_id, q->fy, q->partner_id, q->partner_name,
            q->revision_or_quarter, q->submitted_at);
}

Status EachQueued(Db* db, std::string_view sql,
                  const std::function<void(const QueuedRow&)>& fn) {
  return sql::EachRow(db, ReadQueued, fn, sql);
}

}  // namespace

Status PartnersStore::ForEachSubmittedPlan(
    const std::function<void(const QueuedRow&)>& fn) {
  return EachQueued(
      db_,
      "SELECT p.id, p.fy, n.id, n.name, v.revision, v.at FROM plan p JOIN "
      "partner n ON n.id = p.partner_id JOIN plan_version v ON v.id = (SELECT "
      "MAX(w.id) FROM plan_version w WHERE w.plan_id = p.id) WHERE v.status = "
      "'submitted' ORDER BY v.at",
      fn);
}

Status PartnersStore::ForEachSubmittedReport(
    const std::function<void(const QueuedRow&)>& fn) {
  return EachQueued(
      db_,
      "SELECT p.id, p.fy, n.id, n.name, v.quarter, v.at FROM progress_version "
      "v JOIN plan p ON p.id = v.plan_id JOIN partner n ON n.id = "
      "p.partner_id WHERE v.status = 'submitted' AND v.id = (SELECT MAX(w.id) "
      "FROM progress_version w WHERE w.plan_id = v.plan_id AND w.quarter = "
      "v.quarter) ORDER BY v.at",
      fn);
}

// --- progress ---------------------------------------------------------------

Status PartnersStore::ForEachProgressVersion(
    int64_t plan_id, const std::function<void(ProgressVersionRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   "SELECT id, quarter, status, body, comment, at, actor "
                   "FROM progress_version WHERE plan_id = $1 ORDER BY id",
                   plan_id));
  return s->ForEachRow([&](Statement& row) {
    ProgressVersionRow v;
    v.plan_id = plan_id;
    sql::Read(row, 0, v.id, v.quarter, v.status, v.body, v.comment, v.at,
              v.actor);
    fn(v);
  });
}

StatusOr<int64_t> PartnersStore::AddProgressVersion(
    const ProgressVersionRow& v) {
  return sql::InsertRow(db_, "progress_version",
                        "plan_id, quarter, status, body, comment, at, actor",
                        v.plan_id, v.quarter, v.status, v.body,
                        sql::OrNull{v.comment}, v.at, v.actor);
}

Status PartnersStore::AddProgressFigure(const ProgressFigureRow& f) {
  return sql::AddRow(db_, "progress_figure",
                     "progress_version_id, activity, measure, achieved",
                     f.progress_version_id, f.activity, f.measure, f.achieved);
}

// --- trainers and trainings -------------------------------------------------

Status PartnersStore::ForEachTrainer(
    int64_t partner_id, const std::function<void(const TrainerRow&)>& fn) {
  return sql::EachRow(db_, ReadTrainer, fn,
                      "SELECT id, partner_id, name, gender, phone, details, "
                      "active, created_at, created_by FROM trainer WHERE "
                      "partner_id = $1 ORDER BY name, id",
                      partner_id);
}

StatusOr<int64_t> PartnersStore::AddTrainer(const TrainerRow& t) {
  return sql::InsertRow(db_, "trainer",
                        "partner_id, name, gender, phone, details, active, "
                        "created_at, created_by",
                        t.partner_id, t.name, t.gender, sql::OrNull{t.phone},
                        t.details, t.active ? 1 : 0, t.created_at,
                        t.created_by);
}

StatusOr<int64_t> PartnersStore::TrainerPartner(int64_t trainer_id) {
  return sql::Number(db_, 0, "SELECT partner_id FROM trainer WHERE id = $1",
                     trainer_id);
}

Status PartnersStore::ForEachTraining(
    int64_t partner_id, int limit,
    const std::function<void(const TrainingRow&)>& fn) {
  return sql::EachRow(
      db_, ReadTraining, fn,
      "SELECT t.id, t.partner_id, t.trainer_id, r.name, t.kind, t.day, "
      "t.unit_id, t.village_id, t.topic, t.female, t.male, t.other, "
      "t.vwsc_members, t.ftk_women, t.pri_members, "
      "t.frontline_workers, t.note, t.created_at, t.created_by FROM "
      "training t LEFT JOIN trainer r ON r.id = t.trainer_id WHERE "
      "t.partner_id = $1 ORDER BY t.day DESC, t.id DESC LIMIT " +
          std::to_string(limit),
      partner_id);
}

StatusOr<int64_t> PartnersStore::AddTraining(const TrainingRow& t) {
  return sql::InsertRow(
      db_, "training",
      "partner_id, trainer_id, kind, day, unit_id, village_id, topic, female, "
      "male, other, vwsc_members, ftk_women, pri_members, frontline_workers, "
      "note, created_at, created_by",
      t.partner_id, t.trainer_id, t.kind, t.day, t.unit_id, t.village_id,
      t.topic, t.female, t.male, t.other, t.vwsc_members, t.ftk_women,
      t.pri_members, t.frontline_workers, sql::OrNull{t.note}, t.created_at,
      t.created_by);
}

Status PartnersStore::ForEachVillageTrainings(
    const std::function<void(const VillageTrainingRow&)>& fn) {
  return sql::EachRow(db_, ReadVillageTrainings, fn,
                      "SELECT village_id, COUNT(*), SUM(female + male + "
                      "other), SUM(female), SUM(ftk_women) FROM training "
                      "GROUP BY village_id");
}

// --- knowledge and social audits --------------------------------------------

Status PartnersStore::ForEachKnowledge(
    const std::string& kind, int64_t partner_id, int limit,
    const std::function<void(const KnowledgeRow&)>& fn) {
  return sql::EachRow(
      db_, ReadKnowledge, fn,
      "SELECT k.id, k.partner_id, n.name, k.kind, k.title, k.unit_id, "
      "k.theme, k.day, k.participants, k.body, k.created_at, "
      "k.created_by FROM knowledge k LEFT JOIN partner n ON n.id = "
      "k.partner_id WHERE ($1 = '' OR k.kind = $1) AND ($2 = 0 OR "
      "k.partner_id = $2) ORDER BY k.day DESC, k.id DESC LIMIT " +
          std::to_string(limit),
      kind, partner_id);
}

StatusOr<int64_t> PartnersStore::AddKnowledge(const KnowledgeRow& k) {
  return sql::InsertRow(db_, "knowledge",
                        "partner_id, kind, title, unit_id, theme, day, "
                        "participants, body, created_at, created_by",
                        k.partner_id, k.kind, k.title, k.unit_id, k.theme,
                        k.day, k.participants, k.body, k.created_at,
                        k.created_by);
}

Status PartnersStore::ForEachSocialAudit(
    int64_t partner_id, const std::function<void(const SocialAuditRow&)>& fn) {
  return sql::EachRow(db_, ReadSocialAudit, fn,
                      "SELECT id, partner_id, village_id, day, findings, "
                      "created_at, created_by FROM social_audit WHERE "
                      "partner_id = $1 ORDER BY day DESC, id DESC",
                      partner_id);
}

Status PartnersStore::ForEachAuditActionOfPartner(
    int64_t partner_id, const std::function<void(const AuditActionRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   std::string(kActionColumns) +
                       " FROM audit_action a JOIN social_audit s ON s.id = "
                       "a.social_audit_id WHERE s.partner_id = $1 ORDER BY "
                       "a.id",
                   partner_id));
  AuditActionRow a;
  a.partner_id = partner_id;
  return s->ForEachRow([&](Statement& row) {
    ReadAction(row, &a);
    fn(a);
  });
}

Status PartnersStore::ForEachAuditActionOf(
    int64_t social_audit_id,
    const std::function<void(const AuditActionRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   std::string(kActionColumns) +
                       " FROM audit_action a WHERE a.social_audit_id = $1 "
                       "ORDER BY a.id",
                   social_audit_id));
  AuditActionRow a;
  return s->ForEachRow([&](Statement& row) {
    ReadAction(row, &a);
    fn(a);
  });
}

StatusOr<int64_t> PartnersStore::AddSocialAudit(const SocialAuditRow& s) {
  return sql::InsertRow(
      db_, "social_audit",
      "partner_id, village_id, day, findings, created_at, created_by",
      s.partner_id, s.village_id, s.day, s.findings, s.created_at,
      s.created_by);
}

Status PartnersStore::AddAuditAction(const AuditActionRow& a) {
  return sql::AddRow(
      db_, "audit_action",
      "social_audit_id, action, owner, due_on, status, updated_at, updated_by",
      a.social_audit_id, a.action, a.owner, a.due_on, a.status, a.updated_at,
      a.updated_by);
}

StatusOr<std::optional<AuditActionRow>> PartnersStore::GetAuditAction(
    int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   std::string(kActionColumns) +
                       ", s.partner_id, s.village_id FROM audit_action a "
                       "JOIN social_audit s ON s.id = a.social_audit_id "
                       "WHERE a.id = $1",
                   id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<AuditActionRow>();
  AuditActionRow a;
  ReadAction(*s, &a);
  sql::Read(*s, 8, a.partner_id, a.village_id);
  return std::optional<AuditActionRow>(std::move(a));
}

Status PartnersStore::SetAuditActionStatus(int64_t id,
                                           const std::string& status,
                                           const std::string& at,
                                           const std::string& by) {
  return sql::Run(
      db_,
      "UPDATE audit_action SET status = $1, updated_at = $2, updated_by "
      "= $3 WHERE id = $4",
      status, at, by, id);
}

}  // namespace jjm
