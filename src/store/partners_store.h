// SQL for the Sector Partner programme: rounds, applications and their
// documents, screening, partners, plans, progress, trainers, trainings,
// knowledge and social audits.  The only place where partners SQL is
// written (partners_store.cc: rounds to partners; partners_work_store.cc:
// plans onwards; sql_values.h binds values and reads columns).  Whole documents
// (an application, a plan's activities, a report's rows, rules, profiles) are
// JSON text here; the partners module reads and writes them.  Text columns that
// may be NULL read as "" unless the row says otherwise (std::optional).
#ifndef JJM_STORE_PARTNERS_STORE_H_
#define JJM_STORE_PARTNERS_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace jjm {

struct RoundRow {
  int64_t id = 0;
  std::string name, opens_on, closes_on;  // dates YYYY-MM-DD
  std::string rules;                      // JSON
  std::string created_at, created_by;
};

struct ApplicationRow {
  int64_t id = 0, round_id = 0;
  std::string reference, org_name, name_key, org_type;
  std::string registration_key;  // normalised numbers, space-separated
  std::string email;
  std::string body;  // JSON, as submitted
  std::string submitted_at;
  std::string remote;  // empty: NULL
};

// Which applications a read is about: those of a round, or one.
struct ApplicationScope {
  int64_t round_id = 0;
  int64_t application_id = 0;  // when not 0, only this one
};

struct ReviewRow {
  int64_t id = 0, application_id = 0, account_id = 0;
  std::string assigned_at, assigned_by;
  std::optional<bool> conflict;  // not declared yet
  std::string conflict_note, declared_at;
  std::optional<std::string> scores;  // JSON; not scored yet
  std::string comment, scored_at;
};

struct ModerationRow {
  int64_t id = 0, application_id = 0;
  std::string scores;  // JSON
  std::string note, at, actor;
};

struct DecisionRow {
  int64_t id = 0, application_id = 0;
  bool eligible = false, screened = false, shortlisted = false;
  std::optional<double> score;
  std::string reason, at, actor;
};

struct DocumentRow {
  int64_t id = 0;
  std::string owner;  // "application:12", "progress:7", "knowledge:3"
  std::string name, content_type;
  int64_t size = 0;
  std::string sha256;
  std::string data_base64;  // left empty by listings
  std::string uploaded_at, uploaded_by;
};

struct PartnerRow {
  int64_t id = 0;
  int64_t application_id = 0;  // 0: none
  std::string name, org_type;
  std::string profile;  // JSON
  // Dates, or empty (NULL).
  std::string agreement_signed_on, agreement_from, agreement_to;
  std::string created_at, created_by;
  std::vector<int64_t> units;  // ascending
};

struct PlanRow {
  int64_t id = 0, partner_id = 0;
  std::string fy, created_at, created_by;
};

struct PlanVersionRow {
  int64_t id = 0, plan_id = 0;
  int revision = 0;
  std::string status;
  std::string activities;  // JSON
  std::string comment;     // empty: NULL
  std::string at, actor;
};

struct PlanTargetRow {
  int64_t plan_version_id = 0;
  std::string activity, level;
  int64_t unit_id = 0;
  std::optional<int64_t> state_id;
  std::string theme, measure;
  int64_t q[4] = {0, 0, 0, 0};
};

// A target of the approved revision in force of a plan, with its
// partner's name, summed over the quarters.
struct TargetInForceRow {
  int64_t plan_id = 0, partner_id = 0;
  std::string activity, measure, theme, level;
  std::optional<int64_t> state_id;
  int64_t target = 0;
  std::string partner_name;
};

struct ProgressVersionRow {
  int64_t id = 0, plan_id = 0;
  int quarter = 0;
  std::string status;
  std::string body;     // JSON: rows, evidence
  std::string comment;  // empty: NULL
  std::string at, actor;
};

struct ProgressFigureRow {
  int64_t progress_version_id = 0;  // for ForEachAcceptedFigure: the plan
  std::string activity, measure;
  int64_t achieved = 0;
};

// A plan or a report waiting for the mission.
struct QueuedRow {
  int64_t plan_id = 0;
  std::string fy;
  int64_t partner_id = 0;
  std::string partner_name;
  int64_t revision_or_quarter = 0;
  std::string submitted_at;
};

struct TrainerRow {
  int64_t id = 0, partner_id = 0;
  std::string name, gender, phone;  // phone empty: NULL
  std::string details;              // JSON: skills, languages, districts
  bool active = true;
  std::string created_at, created_by;
};

struct TrainingRow {
  int64_t id = 0, partner_id = 0;
  std::optional<int64_t> trainer_id;
  std::string trainer_name;  // read only
  std::string kind;
  int64_t day = 0;  // days since the epoch
  int64_t unit_id = 0, village_id = 0;
  std::string topic;
  int64_t female = 0, male = 0, other = 0;
  int64_t vwsc_members = 0, ftk_women = 0, pri_members = 0,
          frontline_workers = 0;
  std::string note;  // empty: NULL
  std::string created_at, created_by;
};

// Trainings summed per village.
struct VillageTrainingRow {
  int64_t village_id = 0;
  int64_t trainings = 0, participants = 0, women = 0, ftk_women = 0;
};

struct KnowledgeRow {
  int64_t id = 0, partner_id = 0;
  std::string partner_name;  // read only
  std::string kind, title;
  int64_t unit_id = 0;
  std::string theme;
  int64_t day = 0;
  std::optional<int64_t> participants;
  std::string body;  // JSON: what was done, results, evidence
  std::string created_at, created_by;
};

struct SocialAuditRow {
  int64_t id = 0, partner_id = 0, village_id = 0;
  int64_t day = 0;
  std::string findings, created_at, created_by;
};

struct AuditActionRow {
  int64_t id = 0, social_audit_id = 0;
  std::string action, owner;
  std::optional<std::string> due_on;
  std::string status, updated_at, updated_by;
  // Of its social audit; filled by GetAuditAction.
  int64_t partner_id = 0, village_id = 0;
};

// Not thread-safe: one caller at a time on `db`, like Statement.  Callbacks
// of ForEach* run while the statement streams its rows: they must not use
// the store (or the connection) themselves.
class PartnersStore {
 public:
  explicit PartnersStore(Db* db) : db_(db) {}
  Db* db() { return db_; }

  // Rounds, newest first.
  Status ForEachRound(const std::function<void(const RoundRow&)>& fn);
  // NotFound "no round N".
  StatusOr<RoundRow> GetRound(int64_t id);
  StatusOr<bool> RoundNameTaken(const std::string& name);
  StatusOr<int64_t> AddRound(const RoundRow& r);
  // Dates and rules.
  Status UpdateRound(const RoundRow& r);
  // True once a shortlist decision exists for an application of the round.
  StatusOr<bool> RoundDecided(int64_t round_id);

  // Applications per round id.
  StatusOr<std::map<int64_t, int64_t>> ApplicationCounts();
  StatusOr<int64_t> CountApplications(int64_t round_id);
  // NotFound "no application N".
  StatusOr<ApplicationRow> GetApplication(int64_t id);
  // In id order.
  Status ForEachApplication(const ApplicationScope& scope,
                            const std::function<void(ApplicationRow&)>& fn);
  // The round's applications with only reference, registration_key,
  // name_key and email filled: what duplicates are found by.
  Status ForEachApplicationKey(
      int64_t round_id, const std::function<void(const ApplicationRow&)>& fn);
  StatusOr<int64_t> AddApplication(const ApplicationRow& a);
  Status AddApplicationState(int64_t application_id, int64_t state_id);

  // Screening of the applications in `scope`, in id order.
  Status ForEachReview(const ApplicationScope& scope,
                       const std::function<void(ReviewRow&)>& fn);
  Status ForEachModeration(const ApplicationScope& scope,
                           const std::function<void(ModerationRow&)>& fn);
  Status ForEachDecision(const ApplicationScope& scope,
                         const std::function<void(DecisionRow&)>& fn);
  // fn(application id, partner id) for the partners made of them.
  Status ForEachPartnerOf(const ApplicationScope& scope,
                          const std::function<void(int64_t, int64_t)>& fn);
  Status AddReview(int64_t application_id, int64_t account_id,
                   const std::string& at, const std::string& by);
  Status DeclareConflict(int64_t review_id, bool conflict,
                         const std::string& note, const std::string& at);
  Status ScoreReview(int64_t review_id, const std::string& scores,
                     const std::string& comment, const std::string& at);
  Status AddModeration(const ModerationRow& m);
  Status AddDecision(const DecisionRow& d);

  // Documents: listings leave data_base64 empty.
  StatusOr<int64_t> AddDocument(const DocumentRow& d);
  Status ForEachDocumentOf(const std::string& owner,
                           const std::function<void(const DocumentRow&)>& fn);
  // With its data; nullopt if there is none.
  StatusOr<std::optional<DocumentRow>> GetDocument(int64_t id);

  // Partners, by name.
  StatusOr<std::vector<int64_t>> PartnerIds();
  // With its units; NotFound "no partner N".
  StatusOr<PartnerRow> GetPartner(int64_t id);
  StatusOr<int64_t> AddPartner(const PartnerRow& p);
  Status AddPartnerUnit(int64_t partner_id, int64_t unit_id);
  // Profile and agreement dates.
  Status UpdatePartner(const PartnerRow& p);
  Status ReplacePartnerUnits(int64_t partner_id,
                             const std::vector<int64_t>& units);

  // Plans of a partner, newest year first.
  StatusOr<std::vector<int64_t>> PlanIdsOf(int64_t partner_id);
  // NotFound "no plan N".
  StatusOr<PlanRow> GetPlan(int64_t id);
  StatusOr<bool> PlanExists(int64_t partner_id, const std::string& fy);
  StatusOr<int64_t> AddPlan(const PlanRow& p);
  // Oldest first.
  Status ForEachPlanVersion(int64_t plan_id,
                            const std::function<void(PlanVersionRow&)>& fn);
  StatusOr<int64_t> AddPlanVersion(const PlanVersionRow& v);
  Status AddPlanTarget(const PlanTargetRow& t);
  // Targets of the approved revisions in force of the plans of `fy`.
  Status ForEachTargetInForce(
      const std::string& fy,
      const std::function<void(const TargetInForceRow&)>& fn);
  // Figures of the latest accepted report of each plan of `fy` and
  // quarter; progress_version_id holds the plan id.
  Status ForEachAcceptedFigure(
      const std::string& fy,
      const std::function<void(const ProgressFigureRow&)>& fn);
  // Plans of `fy` with an approved revision: fn(plan id, partner name), by
  // partner name.
  Status ForEachApprovedPlan(
      const std::string& fy,
      const std::function<void(int64_t, const std::string&)>& fn);
  // Plans whose latest version is submitted (revision_or_quarter: the
  // revision), and reports whose latest version for a quarter is submitted
  // (the quarter), oldest submission first.
  Status ForEachSubmittedPlan(const std::function<void(const QueuedRow&)>& fn);
  Status ForEachSubmittedReport(
      const std::function<void(const QueuedRow&)>& fn);

  // Progress of a plan, oldest first.
  Status ForEachProgressVersion(
      int64_t plan_id, const std::function<void(ProgressVersionRow&)>& fn);
  StatusOr<int64_t> AddProgressVersion(const ProgressVersionRow& v);
  Status AddProgressFigure(const ProgressFigureRow& f);

  // Trainers of a partner, by name.
  Status ForEachTrainer(int64_t partner_id,
                        const std::function<void(const TrainerRow&)>& fn);
  StatusOr<int64_t> AddTrainer(const TrainerRow& t);
  // The partner of a trainer, or 0 if there is no such trainer.
  StatusOr<int64_t> TrainerPartner(int64_t trainer_id);

  // A partner's trainings, newest first, at most `limit`.
  Status ForEachTraining(int64_t partner_id, int limit,
                         const std::function<void(const TrainingRow&)>& fn);
  StatusOr<int64_t> AddTraining(const TrainingRow& t);
  Status ForEachVillageTrainings(
      const std::function<void(const VillageTrainingRow&)>& fn);

  // Knowledge records, newest first, at most `limit`; `kind` "" and
  // `partner_id` 0 for all.
  Status ForEachKnowledge(const std::string& kind, int64_t partner_id,
                          int limit,
                          const std::function<void(const KnowledgeRow&)>& fn);
  StatusOr<int64_t> AddKnowledge(const KnowledgeRow& k);

  // Social audits of a partner, newest first, and their actions in id
  // order.
  Status ForEachSocialAudit(
      int64_t partner_id, const std::function<void(const SocialAuditRow&)>& fn);
  Status ForEachAuditActionOfPartner(
      int64_t partner_id, const std::function<void(const AuditActionRow&)>& fn);
  Status ForEachAuditActionOf(
      int64_t social_audit_id,
      const std::function<void(const AuditActionRow&)>& fn);
  StatusOr<int64_t> AddSocialAudit(const SocialAuditRow& s);
  Status AddAuditAction(const AuditActionRow& a);
  // With its audit's partner and village; nullopt if there is none.
  StatusOr<std::optional<AuditActionRow>> GetAuditAction(int64_t id);
  Status SetAuditActionStatus(int64_t id, const std::string& status,
                              const std::string& at, const std::string& by);

 private:
  Db* db_;
};

}  // namespace jjm

#endif  // JJM_STORE_PARTNERS_STORE_H_
