// Inside the partner service: the state its files share (PartnerService::
// Impl) and the records they load and show.  Only src/partners/*.cc
// include this; everyone else uses partner_service.h.
//
// Each file holds one aggregate of the programme:
//   partner_service.cc       Impl: connections, the write lock, places
//   partner_rules_json.cc    round rules, scores and application facts
//   partner_documents.cc     uploaded files: checks, storing, download
//   partner_rounds.cc        rounds and applying
//   partner_applications.cc  applications with their screening state
//   partner_screening.cc     reviewers, reviews, moderation, shortlist,
//                            funnel
//   partner_profiles.cc      partners: profile, places, agreement
//   partner_plans.cc         annual plans and their versions
//   partner_progress.cc      quarterly progress reports
//   partner_rollups.cc       roll-ups, overdue reports, the mission's queue
//   partner_field_work.cc    master trainers, trainings, village coverage
//   partner_knowledge.cc     knowledge records and social audits
#ifndef JJM_PARTNERS_PARTNER_INTERNAL_H_
#define JJM_PARTNERS_PARTNER_INTERNAL_H_

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <iterator>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/json_fields.h"
#include "base/thread_annotations.h"
#include "partners/partner_service.h"
#include "store/partners_store.h"

namespace jjm {

using Caller = PartnerService::Caller;

// --- fixed lists ------------------------------------------------------------

// Activity themes of a plan: the mission's list of what partners do.
inline constexpr std::string_view kActivityThemes[] = {
    "programme_management",   "iec",
    "community_mobilisation", "capacity_building",
    "replicable_models",      "best_practices",
    "social_audit",           "workshops_conferences"};
// What targets and achievements count.
inline constexpr std::string_view kMeasureUnits[] = {
    "trainings", "participants", "villages",        "iec_events", "documents",
    "audits",    "workshops",    "master_trainers", "vwscs",      "reports"};
inline constexpr std::string_view kPlanLevels[] = {"national", "state",
                                                   "district"};
inline constexpr std::string_view kKnowledgeKinds[] = {
    "best_practice", "replicable_model", "workshop", "conference"};
inline constexpr std::string_view kActionStatuses[] = {"open", "in_progress",
                                                       "done", "dropped"};

template <size_t N>
bool OneOf(const std::string_view (&set)[N], std::string_view v) {
  return std::find(std::begin(set), std::end(set), v) != std::end(set);
}

// "a, b, c" or, with `last_or`, "a, b or c".
template <size_t N>
std::string ListOf(const std::string_view (&set)[N], bool last_or) {
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    if (i > 0) out += (last_or && i + 1 == N) ? " or " : ", ";
    out += set[i];
  }
  return out;
}

// InvalidArgument naming `field` unless `v` is in `set`: "<field> must be
// a, b or c", or with `one_of` "<field> must be one of a, b, c".
template <size_t N>
Status NeedOneOf(const std::string_view (&set)[N], std::string_view v,
                 const std::string& field, bool one_of) {
  if (OneOf(set, v)) return Status::Ok();
  return InvalidArgument(
      field + " must be " + (one_of ? "one of " : "") + ListOf(set, !one_of),
      field);
}

bool LooksLikeEmail(const std::string& s);
bool LooksLikePhone(const std::string& s);
// A person at `prefix` of `j`: {name, designation, email, phone}, each
// checked ("<prefix>.email is not an e-mail address", ...); the phone may be
// left out unless `phone_required`.
StatusOr<Json> ReadPerson(const Json& j, const std::string& prefix,
                          bool phone_required);
// The new status of a plan or report and the comment with it.
struct StatusChange {
  std::string status, comment;
};
StatusOr<StatusChange> ReadStatusChange(const Json& body);
// The current time, ISO 8601 UTC.
std::string NowUtc();

// An uploaded file, checked (partner_documents.cc).
struct NewDocument {
  std::string name, content_type, bytes, sha256;
};

// --- the service's state ----------------------------------------------------

class PartnerService::Impl {
 public:
  // `writer` is the service's own connection (null: `shared`, the caller's,
  // is used for everything, reads included).
  Impl(std::unique_ptr<Db> writer, Db* shared, CoverageService* coverage,
       PartnerOptions opt);

  // A connection for one read call, returned to the pool when destroyed.
  // Reads see what committed before they started each statement.
  class Reading {
   public:
    Reading(Reading&&) = default;
    ~Reading();
    PartnersStore& store() { return store_; }

   private:
    friend class Impl;
    Reading() = default;
    Impl* impl_ = nullptr;
    std::unique_ptr<Db> conn_;  // from the pool, or
    // The write connection, locked (outside clang's analysis: no guarded
    // member is read through it, only db_).
    std::unique_lock<std::mutex> lock_;
    PartnersStore store_{nullptr};
  };
  // Reads never wait for writes (each has a connection of its own, up to
  // kMaxReaders at once), unless the service has no connection of its own.
  StatusOr<Reading> Read() EXCLUDES(pool_mu_);
  // A read of partner `partner_id`'s records: PermissionDenied unless the
  // caller may read them (MayRead), NotFound if there is no such partner.
  StatusOr<Reading> ReadPartner(const Caller& c, int64_t partner_id)
      EXCLUDES(pool_mu_);

  // Every write call holds the write lock from its first check to its
  // commit, so that what it checked (a name not taken, a plan's status, a
  // duplicate application) still holds when it writes.
  //   MutexLock write_lock(&I.write_mutex());
  // Lock order: the write lock, then the coverage service's locks (place
  // look-ups); pool_mu_ is never held with either.
  Mutex& write_mutex() RETURN_CAPABILITY(write_mu_) { return write_mu_; }
  PartnersStore& writer() REQUIRES(write_mu_) { return store_; }
  // Runs `write` in a transaction with `audit`, signed by the caller.
  Status Write(const Caller& c, AuditRow audit,
               const std::function<Status()>& write) REQUIRES(write_mu_);
  // Stores uploaded files under `owner` ("progress:<partner id>", ...);
  // appends {id, name, content_type, size} of each to `listed`.
  Status StoreDocuments(const std::vector<NewDocument>& docs,
                        const std::string& owner, const std::string& now,
                        const std::string& by, Json* listed)
      REQUIRES(write_mu_);

  // Who may do what: the rules are in accounts/roles.h; these say no.
  static Status SignedIn(const Caller& c);
  static Status NeedAdmin(const Caller& c, const char* what);
  static Status NeedNational(const Caller& c);
  // Reads of a partner's records: the mission and the partner's own users.
  static Status MayRead(const Caller& c, int64_t partner_id);
  // Writes of a partner's own records: its users only.
  static Status MayEdit(const Caller& c, int64_t partner_id);

  // Places, from the coverage service's hierarchy (no lock of ours).
  struct PlaceRef {
    UnitId id = kNoUnit;
    Level level = Level::kNation;
    std::string code, name;
    UnitId state = kNoUnit;
    UnitId village = kNoUnit;
  };
  // InvalidArgument naming `field` if no place has the code.
  StatusOr<PlaceRef> Place(const std::string& code, const std::string& field);
  // The same for a place that must be at `level`: "<field>: <code> is not a
  // <what>".  The JSON form must be text: "<field> must be a <what> code".
  StatusOr<PlaceRef> PlaceAt(const std::string& code, const std::string& field,
                             Level level, const char* what);
  StatusOr<PlaceRef> PlaceAt(const Json& code, const std::string& field,
                             Level level, const char* what);
  // {code, name, level}, or null.
  Json PlaceJson(UnitId id);
  // Moves `rows` into `out`, each with the place its `id_key` names as
  // `name_key` ({code, name, level}) in place of the id.
  void NamePlaces(std::vector<Json>* rows, const char* id_key,
                  const char* name_key, Json* out);
  std::string CodeOf(UnitId id);
  // "IN/S36/D532/..." for the audit trail.
  std::string UnitPath(UnitId unit);
  // An audit row of `action` on a record of `entity` at place `unit` (its
  // id and path).
  AuditRow AuditAt(std::string action, std::string entity, UnitId unit);

  CoverageService* const coverage_;
  const PartnerOptions opt_;

 private:
  static constexpr int kMaxReaders = 4;

  // Guards the write connection: one write call at a time in this process
  // (see write_mutex).  Reads take it only when there is no other connection.
  Mutex write_mu_;
  std::unique_ptr<Db> own_;  // the write connection, if the service has one
  Db* const db_;             // own_, or the caller's
  PartnersStore store_ GUARDED_BY(write_mu_);

  // The idle read connections.
  Mutex pool_mu_;
  CondVar pool_cv_;
  std::vector<std::unique_ptr<Db>> idle_ GUARDED_BY(pool_mu_);
  int readers_ GUARDED_BY(pool_mu_) = 0;  // opened, idle or in use
};

// --- uploaded files (partner_documents.cc) ----------------------------------

// The files of `j`[key]: type by their first bytes, each size, their count
// and total size.
StatusOr<std::vector<NewDocument>> ReadDocuments(const Json& j,
                                                 const std::string& prefix,
                                                 const char* key,
                                                 const PartnerOptions& opt);

// --- rules, scores and facts (partner_rules_json.cc) ------------------------

Json RulesToJson(const RoundRules& r);
StatusOr<RoundRules> RulesFromJson(const Json& j, const std::string& p);
StatusOr<Scores> ScoresFromJson(const Json& j, const std::string& field,
                                const RoundRules& rules);
Json ScoresToJson(const Scores& s);
// Scores stored as JSON text ("" for none).
Scores ParseScores(std::string_view text);
// The measures of an application that eligibility checks look at.
ApplicationFacts FactsOf(const Json& app);

// --- rounds and applications (partner_rounds.cc) ----------------------------

struct Round {
  int64_t id = 0;
  std::string name;
  Date opens, closes;
  RoundRules rules;
};

struct App {
  int64_t id = 0, round_id = 0;
  std::string reference, org_name, org_type, email, submitted_at;
  Json body;
};

StatusOr<Round> LoadRound(PartnersStore& s, int64_t id);
StatusOr<App> LoadApp(PartnersStore& s, int64_t id);
App AppOf(const ApplicationRow& row);
Json RoundJson(const Round& r, Date today, int64_t applications);

// --- screening state (partner_applications.cc) ------------------------------

struct ReviewState {
  int64_t id = 0, account_id = 0;
  std::string username, assigned_at, conflict_note, comment, scored_at;
  std::optional<bool> conflict;
  std::optional<Scores> scores;
};

struct ModerationState {
  Scores scores;
  std::string note, at, actor;
};

struct DecisionState {
  bool eligible = false, screened = false, shortlisted = false;
  std::optional<double> score;
  std::string reason, at, actor;
};

struct AppState {
  App app;
  std::vector<std::string> states;  // codes
  std::vector<ReviewState> reviews;
  std::optional<ModerationState> moderation;
  std::optional<DecisionState> decision;
  std::optional<int64_t> partner_id;
};

// One application with its round and screening state.
struct OneApp {
  App app;
  Round round;
  AppState state;
};
StatusOr<OneApp> LoadOneApp(PartnersStore& s, int64_t application_id);

// Applications of a round (or one application), with their screening.
StatusOr<std::vector<AppState>> LoadStates(PartnersStore& s, int64_t round_id,
                                           int64_t only_app = 0);
const ReviewState* MyReview(const AppState& st, const Principal* p);
// Reviews that count: assigned, no conflict declared.
std::vector<Scores> CountedScores(const AppState& st);
bool IsEligible(const RoundRules& rules, const AppState& st);
Json ReviewJson(const ReviewState& r);

// --- partners (partner_profiles.cc) -----------------------------------------

struct Partner {
  int64_t id = 0;
  std::string name, org_type, signed_on, from, to, created_at;
  Json profile;
  std::vector<UnitId> units;
};

StatusOr<Partner> LoadPartner(PartnersStore& s, int64_t id);
// True if the partner works at `unit` or a place above it.
bool WorksAt(PartnerService::Impl& I, const Partner& p, UnitId unit);
// PermissionDenied naming `field` unless the partner works at `unit`:
// "<field>: <partner name> does not work <where>".
Status NeedWorksAt(PartnerService::Impl& I, const Partner& p, UnitId unit,
                   const std::string& field, const std::string& where);
Json PartnerJson(PartnerService::Impl& I, const Partner& p);

// --- plans (partner_plans.cc) -----------------------------------------------

// What every version of a plan or of a report has.
struct VersionStamp {
  int64_t id = 0;
  std::string status, comment, at, actor;
};

// The stamp of a version, moved from its store row (PlanVersionRow,
// ProgressVersionRow).
template <typename Row>
VersionStamp StampOf(Row& row) {
  return VersionStamp{row.id, std::move(row.status), std::move(row.comment),
                      std::move(row.at), std::move(row.actor)};
}

struct PlanVersion : VersionStamp {
  int revision = 0;
  Json activities;
};

struct Plan {
  int64_t id = 0, partner_id = 0;
  std::string fy, created_at;
  std::vector<PlanVersion> versions;  // oldest first
  const PlanVersion& current() const { return versions.back(); }
  const PlanVersion* in_force() const {
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      if (it->status == "approved") return &*it;
    }
    return nullptr;
  }
};

StatusOr<Plan> LoadPlan(PartnersStore& s, int64_t id);
// The same, if the caller may read the plan's partner's records (with
// `edit`: write them); PermissionDenied otherwise.
StatusOr<Plan> LoadPlanFor(PartnersStore& s, const Caller& c, int64_t id,
                           bool edit);

// --- progress (partner_progress.cc) -----------------------------------------

struct ProgressVersion : VersionStamp {
  int quarter = 0;
  Json body;
};

StatusOr<std::vector<ProgressVersion>> LoadProgress(PartnersStore& s,
                                                    int64_t plan_id);
// The latest version of quarter `q` (with `status`, if given).
const ProgressVersion* Latest(const std::vector<ProgressVersion>& all, int q,
                              const char* status = nullptr);

}  // namespace jjm

#endif  // JJM_PARTNERS_PARTNER_INTERNAL_H_
