// The partners store, second part: plans, progress, trainers, trainings,
// knowledge and social audits (rounds to partners: partners_store.cc).
#include <string_view>
#include <utility>

#include "store/partners_sql.h"
#include "store/partners_store.h"

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

void ReadTrainer(Statement& s, TrainerRow* t) {
  t->id = s.ColumnInt(0);
  t->partner_id = s.ColumnInt(1);
  t->name = Text(s, 2);
  t->gender = Text(s, 3);
  t->phone = Text(s, 4);
  t->details = Text(s, 5);
  t->active = s.ColumnInt(6) != 0;
  t->created_at = Text(s, 7);
  t->created_by = Text(s, 8);
}

void ReadAction(Statement& s, int from, AuditActionRow* a) {
  a->id = s.ColumnInt(from);
  a->social_audit_id = s.ColumnInt(from + 1);
  a->action = Text(s, from + 2);
  a->owner = Text(s, from + 3);
  a->due_on = s.ColumnIsNull(from + 4) ? std::nullopt
                                       : std::optional(Text(s, from + 4));
  a->status = Text(s, from + 5);
  a->updated_at = Text(s, from + 6);
  a->updated_by = Text(s, from + 7);
}
constexpr char kActionColumns[] =
    "SELECT a.id, a.social_audit_id, a.action, a.owner, a.due_on, a.status, "
    "a.updated_at, a.updated_by";

}  // namespace

// --- plans ------------------------------------------------------------------

StatusOr<std::vector<int64_t>> PartnersStore::PlanIdsOf(int64_t partner_id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      Prepare(db_, "SELECT id FROM plan WHERE partner_id = $1 ORDER BY fy DESC",
              partner_id));
  std::vector<int64_t> ids;
  JJM_RETURN_IF_ERROR(
      s->ForEachRow([&](Statement& row) { ids.push_back(row.ColumnInt(0)); }));
  return ids;
}

StatusOr<PlanRow> PartnersStore::GetPlan(int64_t id) {
  JJM_ASSIGN_OR_RETURN(auto s, Prepare(db_,
                                       "SELECT id, partner_id, fy, created_at, "
                                       "created_by FROM plan WHERE id = $1",
                                       id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound("no plan " + std::to_string(id));
  PlanRow p;
  p.id = s->ColumnInt(0);
  p.partner_id = s->ColumnInt(1);
  p.fy = Text(*s, 2);
  p.created_at = Text(*s, 3);
  p.created_by = Text(*s, 4);
  return p;
}

StatusOr<bool> PartnersStore::PlanExists(int64_t partner_id,
                                         const std::string& fy) {
  return Exists(db_, "SELECT 1 FROM plan WHERE partner_id = $1 AND fy = $2",
                partner_id, fy);
}

StatusOr<int64_t> PartnersStore::AddPlan(const PlanRow& p) {
  return Insert(db_,
                "INSERT INTO plan (partner_id, fy, created_at, created_by) "
                "VALUES ($1, $2, $3, $4) RETURNING id",
                p.partner_id, p.fy, p.created_at, p.created_by);
}

Status PartnersStore::ForEachPlanVersion(
    int64_t plan_id, const std::function<void(PlanVersionRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      "SELECT id, revision, status, activities, comment, at, "
                      "actor FROM plan_version WHERE plan_id = $1 ORDER BY id",
                      plan_id));
  return s->ForEachRow([&](Statement& row) {
    PlanVersionRow v;
    v.id = row.ColumnInt(0);
    v.plan_id = plan_id;
    v.revision = static_cast<int>(row.ColumnInt(1));
    v.status = Text(row, 2);
    v.activities = Text(row, 3);
    v.comment = Text(row, 4);
    v.at = Text(row, 5);
    v.actor = Text(row, 6);
    fn(v);
  });
}

StatusOr<int64_t> PartnersStore::AddPlanVersion(const PlanVersionRow& v) {
  return Insert(db_,
                "INSERT INTO plan_version (plan_id, revision, status, "
                "activities, comment, at, actor) VALUES ($1, $2, $3, $4, $5, "
                "$6, $7) RETURNING id",
                v.plan_id, v.revision, v.status, v.activities,
                OrNull{v.comment}, v.at, v.actor);
}

Status PartnersStore::AddPlanTarget(const PlanTargetRow& t) {
  return Run(db_,
             "INSERT INTO plan_target (plan_version_id, activity, level, "
             "unit_id, state_id, theme, measure, q1, q2, q3, q4) VALUES ($1, "
             "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
             t.plan_version_id, t.activity, t.level, t.unit_id, t.state_id,
             t.theme, t.measure, t.q[0], t.q[1], t.q[2], t.q[3]);
}

Status PartnersStore::ForEachTargetInForce(
    const std::string& fy,
    const std::function<void(const TargetInForceRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      Prepare(db_,
              "SELECT p.id, p.partner_id, t.activity, t.measure, t.theme, "
              "t.level, t.state_id, t.q1 + t.q2 + t.q3 + t.q4, n.name FROM "
              "plan p JOIN partner n ON n.id = p.partner_id JOIN plan_target "
              "t ON t.plan_version_id = (SELECT MAX(v.id) FROM plan_version v "
              "WHERE v.plan_id = p.id AND v.status = 'approved') WHERE p.fy = "
              "$1",
              fy));
  TargetInForceRow t;
  return s->ForEachRow([&](Statement& row) {
    t.plan_id = row.ColumnInt(0);
    t.partner_id = row.ColumnInt(1);
    t.activity = Text(row, 2);
    t.measure = Text(row, 3);
    t.theme = Text(row, 4);
    t.level = Text(row, 5);
    t.state_id = OptInt(row, 6);
    t.target = row.ColumnInt(7);
    t.partner_name = Text(row, 8);
    fn(t);
  });
}

Status PartnersStore::ForEachAcceptedFigure(
    const std::string& fy,
    const std::function<void(const ProgressFigureRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      Prepare(db_,
              "SELECT v.plan_id, f.activity, f.measure, f.achieved FROM "
              "progress_figure f JOIN progress_version v ON v.id = "
              "f.progress_version_id JOIN plan p ON p.id = v.plan_id WHERE "
              "p.fy = $1 AND v.id = (SELECT MAX(w.id) FROM progress_version w "
              "WHERE w.plan_id = v.plan_id AND w.quarter = v.quarter AND "
              "w.status = 'accepted')",
              fy));
  ProgressFigureRow f;
  return s->ForEachRow([&](Statement& row) {
    f.progress_version_id = row.ColumnInt(0);
    f.activity = Text(row, 1);
    f.measure = Text(row, 2);
    f.achieved = row.ColumnInt(3);
    fn(f);
  });
}

Status PartnersStore::ForEachApprovedPlan(
    const std::string& fy,
    const std::function<void(int64_t, const std::string&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      Prepare(db_,
              "SELECT p.id, n.name FROM plan p JOIN partner n ON n.id = "
              "p.partner_id WHERE p.fy = $1 AND EXISTS (SELECT 1 FROM "
              "plan_version v WHERE v.plan_id = p.id AND v.status = "
              "'approved') ORDER BY n.name",
              fy));
  return s->ForEachRow(
      [&](Statement& row) { fn(row.ColumnInt(0), Text(row, 1)); });
}

namespace {

Status EachQueued(Db* db, std::string_view sql,
                  const std::function<void(const QueuedRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(auto s, Prepare(db, sql));
  QueuedRow q;
  return s->ForEachRow([&](Statement& row) {
    q.plan_id = row.ColumnInt(0);
    q.fy = Text(row, 1);
    q.partner_id = row.ColumnInt(2);
    q.partner_name = Text(row, 3);
    q.revision_or_quarter = row.ColumnInt(4);
    q.submitted_at = Text(row, 5);
    fn(q);
  });
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
      auto s, Prepare(db_,
                      "SELECT id, quarter, status, body, comment, at, actor "
                      "FROM progress_version WHERE plan_id = $1 ORDER BY id",
                      plan_id));
  return s->ForEachRow([&](Statement& row) {
    ProgressVersionRow v;
    v.id = row.ColumnInt(0);
    v.plan_id = plan_id;
    v.quarter = static_cast<int>(row.ColumnInt(1));
    v.status = Text(row, 2);
    v.body = Text(row, 3);
    v.comment = Text(row, 4);
    v.at = Text(row, 5);
    v.actor = Text(row, 6);
    fn(v);
  });
}

StatusOr<int64_t> PartnersStore::AddProgressVersion(
    const ProgressVersionRow& v) {
  return Insert(db_,
                "INSERT INTO progress_version (plan_id, quarter, status, body, "
                "comment, at, actor) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                "RETURNING id",
                v.plan_id, v.quarter, v.status, v.body, OrNull{v.comment}, v.at,
                v.actor);
}

Status PartnersStore::AddProgressFigure(const ProgressFigureRow& f) {
  return Run(db_,
             "INSERT INTO progress_figure (progress_version_id, activity, "
             "measure, achieved) VALUES ($1, $2, $3, $4)",
             f.progress_version_id, f.activity, f.measure, f.achieved);
}

// --- trainers and trainings -------------------------------------------------

Status PartnersStore::ForEachTrainer(
    int64_t partner_id, const std::function<void(const TrainerRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      "SELECT id, partner_id, name, gender, phone, details, "
                      "active, created_at, created_by FROM trainer WHERE "
                      "partner_id = $1 ORDER BY name, id",
                      partner_id));
  TrainerRow t;
  return s->ForEachRow([&](Statement& row) {
    ReadTrainer(row, &t);
    fn(t);
  });
}

StatusOr<int64_t> PartnersStore::AddTrainer(const TrainerRow& t) {
  return Insert(db_,
                "INSERT INTO trainer (partner_id, name, gender, phone, "
                "details, active, created_at, created_by) VALUES ($1, $2, $3, "
                "$4, $5, $6, $7, $8) RETURNING id",
                t.partner_id, t.name, t.gender, OrNull{t.phone}, t.details,
                t.active ? 1 : 0, t.created_at, t.created_by);
}

StatusOr<int64_t> PartnersStore::TrainerPartner(int64_t trainer_id) {
  return Number(db_, 0, "SELECT partner_id FROM trainer WHERE id = $1",
                trainer_id);
}

Status PartnersStore::ForEachTraining(
    int64_t partner_id, int limit,
    const std::function<void(const TrainingRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      Prepare(db_,
              "SELECT t.id, t.partner_id, t.trainer_id, r.name, t.kind, t.day, "
              "t.unit_id, t.village_id, t.topic, t.female, t.male, t.other, "
              "t.vwsc_members, t.ftk_women, t.pri_members, "
              "t.frontline_workers, t.note, t.created_at, t.created_by FROM "
              "training t LEFT JOIN trainer r ON r.id = t.trainer_id WHERE "
              "t.partner_id = $1 ORDER BY t.day DESC, t.id DESC LIMIT " +
                  std::to_string(limit),
              partner_id));
  TrainingRow t;
  return s->ForEachRow([&](Statement& row) {
    t.id = row.ColumnInt(0);
    t.partner_id = row.ColumnInt(1);
    t.trainer_id = OptInt(row, 2);
    t.trainer_name = Text(row, 3);
    t.kind = Text(row, 4);
    t.day = row.ColumnInt(5);
    t.unit_id = row.ColumnInt(6);
    t.village_id = row.ColumnInt(7);
    t.topic = Text(row, 8);
    t.female = row.ColumnInt(9);
    t.male = row.ColumnInt(10);
    t.other = row.ColumnInt(11);
    t.vwsc_members = row.ColumnInt(12);
    t.ftk_women = row.ColumnInt(13);
    t.pri_members = row.ColumnInt(14);
    t.frontline_workers = row.ColumnInt(15);
    t.note = Text(row, 16);
    t.created_at = Text(row, 17);
    t.created_by = Text(row, 18);
    fn(t);
  });
}

StatusOr<int64_t> PartnersStore::AddTraining(const TrainingRow& t) {
  return Insert(db_,
                "INSERT INTO training (partner_id, trainer_id, kind, day, "
                "unit_id, village_id, topic, female, male, other, "
                "vwsc_members, ftk_women, pri_members, frontline_workers, "
                "note, created_at, created_by) VALUES ($1, $2, $3, $4, $5, "
                "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) "
                "RETURNING id",
                t.partner_id, t.trainer_id, t.kind, t.day, t.unit_id,
                t.village_id, t.topic, t.female, t.male, t.other,
                t.vwsc_members, t.ftk_women, t.pri_members, t.frontline_workers,
                OrNull{t.note}, t.created_at, t.created_by);
}

Status PartnersStore::ForEachVillageTrainings(
    const std::function<void(const VillageTrainingRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      "SELECT village_id, COUNT(*), SUM(female + male + "
                      "other), SUM(female), SUM(ftk_women) FROM training "
                      "GROUP BY village_id"));
  VillageTrainingRow v;
  return s->ForEachRow([&](Statement& row) {
    v.village_id = row.ColumnInt(0);
    v.trainings = row.ColumnInt(1);
    v.participants = row.ColumnInt(2);
    v.women = row.ColumnInt(3);
    v.ftk_women = row.ColumnInt(4);
    fn(v);
  });
}

// --- knowledge and social audits --------------------------------------------

Status PartnersStore::ForEachKnowledge(
    const std::string& kind, int64_t partner_id, int limit,
    const std::function<void(const KnowledgeRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      Prepare(db_,
              "SELECT k.id, k.partner_id, n.name, k.kind, k.title, k.unit_id, "
              "k.theme, k.day, k.participants, k.body, k.created_at, "
              "k.created_by FROM knowledge k LEFT JOIN partner n ON n.id = "
              "k.partner_id WHERE ($1 = '' OR k.kind = $1) AND ($2 = 0 OR "
              "k.partner_id = $2) ORDER BY k.day DESC, k.id DESC LIMIT " +
                  std::to_string(limit),
              kind, partner_id));
  KnowledgeRow k;
  return s->ForEachRow([&](Statement& row) {
    k.id = row.ColumnInt(0);
    k.partner_id = row.ColumnInt(1);
    k.partner_name = Text(row, 2);
    k.kind = Text(row, 3);
    k.title = Text(row, 4);
    k.unit_id = row.ColumnInt(5);
    k.theme = Text(row, 6);
    k.day = row.ColumnInt(7);
    k.participants = OptInt(row, 8);
    k.body = Text(row, 9);
    k.created_at = Text(row, 10);
    k.created_by = Text(row, 11);
    fn(k);
  });
}

StatusOr<int64_t> PartnersStore::AddKnowledge(const KnowledgeRow& k) {
  return Insert(db_,
                "INSERT INTO knowledge (partner_id, kind, title, unit_id, "
                "theme, day, participants, body, created_at, created_by) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING "
                "id",
                k.partner_id, k.kind, k.title, k.unit_id, k.theme, k.day,
                k.participants, k.body, k.created_at, k.created_by);
}

Status PartnersStore::ForEachSocialAudit(
    int64_t partner_id, const std::function<void(const SocialAuditRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      "SELECT id, partner_id, village_id, day, findings, "
                      "created_at, created_by FROM social_audit WHERE "
                      "partner_id = $1 ORDER BY day DESC, id DESC",
                      partner_id));
  SocialAuditRow a;
  return s->ForEachRow([&](Statement& row) {
    a.id = row.ColumnInt(0);
    a.partner_id = row.ColumnInt(1);
    a.village_id = row.ColumnInt(2);
    a.day = row.ColumnInt(3);
    a.findings = Text(row, 4);
    a.created_at = Text(row, 5);
    a.created_by = Text(row, 6);
    fn(a);
  });
}

Status PartnersStore::ForEachAuditActionOfPartner(
    int64_t partner_id, const std::function<void(const AuditActionRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      std::string(kActionColumns) +
                          " FROM audit_action a JOIN social_audit s ON s.id = "
                          "a.social_audit_id WHERE s.partner_id = $1 ORDER BY "
                          "a.id",
                      partner_id));
  AuditActionRow a;
  a.partner_id = partner_id;
  return s->ForEachRow([&](Statement& row) {
    ReadAction(row, 0, &a);
    fn(a);
  });
}

Status PartnersStore::ForEachAuditActionOf(
    int64_t social_audit_id,
    const std::function<void(const AuditActionRow&)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      std::string(kActionColumns) +
                          " FROM audit_action a WHERE a.social_audit_id = $1 "
                          "ORDER BY a.id",
                      social_audit_id));
  AuditActionRow a;
  return s->ForEachRow([&](Statement& row) {
    ReadAction(row, 0, &a);
    fn(a);
  });
}

StatusOr<int64_t> PartnersStore::AddSocialAudit(const SocialAuditRow& s) {
  return Insert(db_,
                "INSERT INTO social_audit (partner_id, village_id, day, "
                "findings, created_at, created_by) VALUES ($1, $2, $3, $4, "
                "$5, $6) RETURNING id",
                s.partner_id, s.village_id, s.day, s.findings, s.created_at,
                s.created_by);
}

Status PartnersStore::AddAuditAction(const AuditActionRow& a) {
  return Run(db_,
             "INSERT INTO audit_action (social_audit_id, action, owner, "
             "due_on, status, updated_at, updated_by) VALUES ($1, $2, $3, $4, "
             "$5, $6, $7)",
             a.social_audit_id, a.action, a.owner, a.due_on, a.status,
             a.updated_at, a.updated_by);
}

StatusOr<std::optional<AuditActionRow>> PartnersStore::GetAuditAction(
    int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s, Prepare(db_,
                      std::string(kActionColumns) +
                          ", s.partner_id, s.village_id FROM audit_action a "
                          "JOIN social_audit s ON s.id = a.social_audit_id "
                          "WHERE a.id = $1",
                      id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<AuditActionRow>();
  AuditActionRow a;
  ReadAction(*s, 0, &a);
  a.partner_id = s->ColumnInt(8);
  a.village_id = s->ColumnInt(9);
  return std::optional<AuditActionRow>(std::move(a));
}

Status PartnersStore::SetAuditActionStatus(int64_t id,
                                           const std::string& status,
                                           const std::string& at,
                                           const std::string& by) {
  return Run(db_,
             "UPDATE audit_action SET status = $1, updated_at = $2, updated_by "
             "= $3 WHERE id = $4",
             status, at, by, id);
}

}  // namespace jjm
