// The Sector Partner programme: rounds of expressions of interest,
// screening to a shortlist, partners, annual plans by quarter, quarterly
// progress, master trainers and trainings, and knowledge (best practices,
// replicable models, workshops, social audits).
//
// Requests and answers are JSON documents, checked field by field here;
// errors name the field.  Every write runs in one transaction with one
// audit row.  Who may do what:
//   - anyone: list rounds, apply while a round is open, the trainings'
//     village coverage;
//   - national administrators: rounds, reviewer assignments, moderation,
//     the shortlist, agreements, approving or returning plans and reports;
//   - national roles (administrators and viewers): read everything; those
//     assigned as reviewers declare conflicts and score;
//   - partner users: their own organisation's profile, plans, reports,
//     trainers, trainings and knowledge, and nothing of another's;
//   - every signed-in user: knowledge records (best practices, replicable
//     models, workshops) and their evidence, which are meant to be shared;
//   - officials whose scope holds a village: the status of the follow-up
//     actions of its social audits.
// Those rules are stated in accounts/roles.h (MayAdministerPartners,
// MayReadPartner, ...); SQL is in store/partners_store.h.
//
// Thread-safe.  Concurrency: one mutex (Impl's write lock) serialises the
// write calls of this process, each from its first check to its commit, so
// that what a write checked (a round name not taken, an organisation not
// applied twice, a plan's or report's status) still holds when it writes;
// it guards the service's write connection.  Read calls do not take it:
// each reads on a pooled connection of its own and never waits for a
// write (an in-memory SQLite database, which has one connection, is the
// exception).  Other processes are not serialised by it.
#ifndef JJM_PARTNERS_PARTNER_SERVICE_H_
#define JJM_PARTNERS_PARTNER_SERVICE_H_

#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "accounts/roles.h"
#include "base/date.h"
#include "base/status.h"
#include "coverage/coverage_service.h"
#include "partners/screening.h"
#include "store/audit_store.h"
#include "store/db.h"

namespace jjm {

using Json = nlohmann::json;

struct PartnerOptions {
  // Largest uploaded file, and files per record.
  size_t max_document_bytes = 2 << 20;
  int max_documents = 5;
  // All the files of one request: their base64 must fit in a request body
  // (8 MiB).
  size_t max_total_bytes = 5632 << 10;
  // Days after a quarter ends by which its progress report is due.
  int report_due_days = 30;
};

// A stored file, for download.
struct StoredDocument {
  std::string name, content_type, data;  // data: the bytes
};

class PartnerService {
 public:
  // Opens its own connection to `db`'s database when it can.
  static StatusOr<std::unique_ptr<PartnerService>> Open(
      Db* db, CoverageService* coverage, PartnerOptions options = {});

  // Who acts: null for the public; `remote` is the client address.
  struct Caller {
    const Principal* principal = nullptr;
    std::string remote;
    Date today = Date::TodayIst();
  };

  // Rounds and applications.
  StatusOr<Json> ListRounds(const Caller& c);
  StatusOr<Json> CreateRound(const Caller& c, const Json& body);
  // Dates (to extend a round or close it early), and rules while no one
  // has applied.
  StatusOr<Json> UpdateRound(const Caller& c, int64_t round_id,
                             const Json& body);
  StatusOr<Json> Apply(const Caller& c, int64_t round_id, const Json& body);
  StatusOr<Json> ListApplications(const Caller& c, int64_t round_id);
  StatusOr<Json> GetApplication(const Caller& c, int64_t id);
  StatusOr<StoredDocument> GetDocument(const Caller& c, int64_t id);

  // Screening.
  StatusOr<Json> AssignReviewers(const Caller& c, int64_t round_id,
                                 const Json& body);
  StatusOr<Json> Review(const Caller& c, int64_t application_id,
                        const Json& body);
  StatusOr<Json> Moderate(const Caller& c, int64_t application_id,
                          const Json& body);
  StatusOr<Json> Shortlist(const Caller& c, int64_t round_id);
  // by: "org_type" or "state".
  StatusOr<Json> Funnel(const Caller& c, int64_t round_id,
                        const std::string& by);

  // Partners.
  StatusOr<Json> ListPartners(const Caller& c);
  StatusOr<Json> GetPartner(const Caller& c, int64_t id);
  StatusOr<Json> UpdatePartner(const Caller& c, int64_t id, const Json& body);

  // Plans and progress.
  StatusOr<Json> ListPlans(const Caller& c, int64_t partner_id);
  StatusOr<Json> CreatePlan(const Caller& c, int64_t partner_id,
                            const Json& body);
  StatusOr<Json> GetPlan(const Caller& c, int64_t plan_id);
  StatusOr<Json> SavePlan(const Caller& c, int64_t plan_id, const Json& body);
  StatusOr<Json> SetPlanStatus(const Caller& c, int64_t plan_id,
                               const Json& body);
  StatusOr<Json> GetProgress(const Caller& c, int64_t plan_id);
  StatusOr<Json> SaveProgress(const Caller& c, int64_t plan_id, int quarter,
                              const Json& body);
  StatusOr<Json> SetProgressStatus(const Caller& c, int64_t plan_id,
                                   int quarter, const Json& body);
  // Targets against achievements of approved plans and accepted reports,
  // by "theme", "level", "state" or "partner", for a financial year.
  StatusOr<Json> ProgressRollup(const Caller& c, const std::string& by,
                                const std::string& fy);
  StatusOr<Json> Overdue(const Caller& c, const std::string& fy);
  // Plans and reports waiting for the mission.
  StatusOr<Json> Queue(const Caller& c);

  // Master trainers and trainings.
  StatusOr<Json> ListTrainers(const Caller& c, int64_t partner_id);
  StatusOr<Json> AddTrainer(const Caller& c, int64_t partner_id,
                            const Json& body);
  StatusOr<Json> ListTrainings(const Caller& c, int64_t partner_id);
  StatusOr<Json> AddTraining(const Caller& c, int64_t partner_id,
                             const Json& body);
  // Per place under `parent` at `level` (default: the level below it):
  // villages, villages trained, and households with taps, as of today.
  StatusOr<Json> TrainingCoverage(const Caller& c, const std::string& parent,
                                  const std::string& level);

  // Knowledge and social audits.
  // Knowledge records, newest first (500 at most); `partner_id` 0 for all.
  StatusOr<Json> ListKnowledge(const Caller& c, const std::string& kind,
                               int64_t partner_id);
  StatusOr<Json> AddKnowledge(const Caller& c, int64_t partner_id,
                              const Json& body);
  StatusOr<Json> ListSocialAudits(const Caller& c, int64_t partner_id);
  StatusOr<Json> AddSocialAudit(const Caller& c, int64_t partner_id,
                                const Json& body);
  StatusOr<Json> UpdateAuditAction(const Caller& c, int64_t action_id,
                                   const Json& body);

  class Impl;
  ~PartnerService();

 private:
  explicit PartnerService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jjm

#endif  // JJM_PARTNERS_PARTNER_SERVICE_H_
