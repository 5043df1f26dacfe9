// The village runs its water: its water and sanitation committee (VWSC,
// Paani Samiti) with members, the guidelines' composition check and
// meetings; complaints from anyone, with deadlines and an escalation
// ladder (both data) applied by the server's own clock; and supply
// breakdowns with the days each village went without water; sources'
// groundwater levels and yields, recharge works and greywater structures.
//
// Requests and answers are JSON documents checked field by field; errors
// name the field.  Every write runs in one transaction with its audit row
// and is in memory before the call returns.
//
// Who may do what (accounts/roles.h):
//   - anyone: file a complaint (limited per address and per village), follow
//     it by its reference and secret, confirm or reopen it with the secret;
//     a committee's page (members without contacts), the complaint summary
//     by place;
//   - officers of the place and the village's vwsc_operator
//     (kManageCommittee): the committee, members, meetings, breakdowns,
//     sources' levels, yields, dry spells, recharge and greywater works;
//     (kHandleComplaints): assign, work on, resolve, close as spam the
//     complaints of their places; the queue.
// A complaint's contact is never in a public answer, and never echoed.
//
// Thread-safe.  Locks, in this order: the write lock (one write at a time,
// guards the write connection), the coverage read lock, the state lock
// (mu_: committees and complaints in memory; shared by readers).  The
// clock thread takes the write lock like any writer.
#ifndef JJM_OPERATIONS_OPERATIONS_SERVICE_H_
#define JJM_OPERATIONS_OPERATIONS_SERVICE_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "base/date.h"
#include "base/status.h"
#include "coverage/coverage_service.h"
#include "store/db.h"

namespace jjm {

using Json = nlohmann::json;

inline constexpr size_t kMaxComplaintPhotoBytes = 2u << 20;  // 2 MiB
inline constexpr size_t kMaxActionPlanBytes = 8u << 20;      // 8 MiB
inline constexpr size_t kMaxBillBytes = 2u << 20;            // 2 MiB

class OperationsService {
 public:
  static StatusOr<std::unique_ptr<OperationsService>> Open(
      Db* db, CoverageService* coverage, std::FILE* log = nullptr);
  ~OperationsService();

  struct Caller {
    const Principal* principal = nullptr;  // null: the public
    std::string remote;
    Date today = Date::TodayIst();
    // Seconds since 1970-01-01 UTC; 0: now.
    int64_t now = 0;
    bool command_line = false;
    std::string actor;
  };

  // --- committees ---------------------------------------------------------
  // {"village","name"?,"formed_on"}
  StatusOr<Json> CreateCommittee(const Caller& c, const Json& body);
  // The committee of a village (or GP) on `as_of`: members serving, the
  // composition check with every shortfall, meetings.  Public.
  StatusOr<Json> GetCommittee(const Caller& c, const std::string& place,
                              const std::string& as_of);
  // {"name","role","gender","social_group","elected_member"?,"joined_on"}
  StatusOr<Json> AddMember(const Caller& c, const std::string& place,
                           const Json& body);
  // {"left_on"}
  StatusOr<Json> EndMembership(const Caller& c, int64_t member_id,
                               const Json& body);
  // {"on","attendance","decisions"}
  StatusOr<Json> AddMeeting(const Caller& c, const std::string& place,
                            const Json& body);
  // Committees of `place` and whether each meets the guidelines today;
  // {"place"?, "failing"?: "true"}.  Public.
  StatusOr<Json> ListCommittees(const Caller& c, const Json& query);

  // --- complaints ---------------------------------------------------------
  // {"request_id"?,"village","category","description","contact"?,
  //  "photo"?: {"content_type","data_base64"}} -> {"reference","secret",
  //  "status","deadline"}.  Anyone.
  StatusOr<Json> FileComplaint(const Caller& c, const Json& body);
  // The complaint as the filer sees it, by reference and secret.
  StatusOr<Json> TrackComplaint(const Caller& c, const std::string& reference,
                                const std::string& secret);
  // {"secret","action":"confirm"|"reopen","note"?}: the filer.
  StatusOr<Json> FilerAction(const Caller& c, const std::string& reference,
                             const Json& body);
  // {"kind":"assigned"|"in_progress"|"resolved"|"spam","note"?,
  //  "photo"?}: officers and the village's committee.
  StatusOr<Json> ComplaintStep(const Caller& c, int64_t id, const Json& body);
  // {"place"?,"status"?: open|overdue|all,"limit"?}: the caller's queue,
  // overdue first.
  StatusOr<Json> ComplaintQueue(const Caller& c, const Json& query);
  // As of a day, for a place and each place below: received, open,
  // overdue, resolved, median hours to resolve, by category.  Public.
  StatusOr<Json> ComplaintSummary(const Caller& c, const std::string& place,
                                  const std::string& as_of);
  // The categories with their deadlines and the escalation ladder.
  StatusOr<Json> ComplaintRulesJson(const Caller& c);
  // Records every escalation and automatic close due by `now` (seconds)
  // that is not recorded yet.  Returns how many events it wrote.  The
  // clock thread calls it; tests may too.
  StatusOr<int64_t> RunClock(int64_t now);
  // Starts the clock thread (every `interval`).
  Status StartClock(std::chrono::milliseconds interval);

  // --- breakdowns ---------------------------------------------------------
  // {"village","scheme"?,"asset"?,"started_on","ended_on"?,"reason",
  //  "households_affected","note"?}: an asset names the scheme (and must
  //  be of the scheme given); the scheme must serve the village.
  StatusOr<Json> AddBreakdown(const Caller& c, const Json& body);
  // {"ended_on"}
  StatusOr<Json> EndBreakdown(const Caller& c, int64_t id, const Json& body);
  // A village's breakdowns and days without supply per month.  Public.
  StatusOr<Json> VillageBreakdowns(const Caller& c, const std::string& village);
  // A scheme's breakdowns (with their villages) and each asset's repair
  // history: breakdowns, days down, last repaired, down since.  Public.
  StatusOr<Json> SchemeBreakdowns(const Caller& c, int64_t scheme_id);

  // --- Village Action Plan and complaint samples (operations_plans.cc) ---
  // {"fy":"2025-26","prepared_on","document":{"name"?,"content_type",
  //  "data_base64"}}: a PDF, JPEG or PNG (checked by its bytes) of at
  // most kMaxActionPlanBytes.  A revised plan for a year is a new plan.
  StatusOr<Json> AddActionPlan(const Caller& c, const std::string& place,
                               const Json& body);
  // {"approved_on","resolution"}: the Gram Sabha's approval, once; not
  // before the plan was prepared, not in the future.
  StatusOr<Json> ApproveActionPlan(const Caller& c, int64_t plan_id,
                                   const Json& body);
  struct Document {
    std::string name, content_type, sha256, bytes;
  };
  // A plan's document (public, like the committee).
  StatusOr<Document> ActionPlanDocument(const Caller& c, int64_t plan_id);
  // A complaint's photo `photo` (its filing photo or a resolution's, by
  // the id its JSON gives): for the filer by `secret`, or, without one,
  // for whoever may handle the complaint.  NotFound for a wrong secret or
  // a photo of another complaint.
  StatusOr<Document> ComplaintPhoto(const Caller& c,
                                    const std::string& reference,
                                    const std::string& secret, int64_t photo);
  // {"sample": code}: a water-quality sample taken for the complaint (of
  // its village); kHandleComplaints.  Its verdict shows on the complaint.
  StatusOr<Json> LinkComplaintSample(const Caller& c, int64_t id,
                                     const Json& body);
  // The water-quality module's word on a sample, by its code.
  struct SampleVerdict {
    std::string village;  // its code
    bool final = false;
    bool safe = false;  // final and opened no alert
  };
  using SampleVerdictFn =
      std::function<StatusOr<SampleVerdict>(const std::string& code)>;
  // Before serving; without it samples cannot be linked.
  void SetSampleVerdict(SampleVerdictFn fn);

  // --- O&M money (operations_money.cc) -----------------------------------
  // Amounts in paise, months "YYYY-MM".  Writes: kManageCommittee for the
  // committee's place (its officers and the village's vwsc_operator).
  // Reads: the figures and the roll-up are public; bills and who recorded
  // what are for those whose scope holds the place.
  //
  // {"month","households","tariff_paise","collected_paise",
  //  "spent_paise"?: {"operator_pay"?,"electricity"?,"repairs"?,
  //  "chemicals"?,"other"?},"note"?}: a month's account.  A month recorded
  // before gets a new version (a correction); the old one is kept.
  StatusOr<Json> RecordAccount(const Caller& c, const std::string& place,
                               const Json& body);
  // {"opening_paise"}: the fund's balance before the first account.
  StatusOr<Json> SetFundOpening(const Caller& c, const std::string& place,
                                const Json& body);
  // {"month","head","amount_paise"?,"note"?,"file": {"name"?,
  //  "content_type","data_base64"}}: a JPEG, PNG or PDF (by its bytes) of
  // at most kMaxBillBytes, for a month with an account.
  StatusOr<Json> AttachBill(const Caller& c, const std::string& place,
                            const Json& body);
  // A bill's file {"name","content_type","data_base64"}: signed in, scope.
  StatusOr<Json> GetBill(const Caller& c, int64_t id);
  // {"from"?,"to"?}: the committee's months (latest versions) with demand,
  // collection, efficiency, spending by head and the fund's balance
  // month by month (FundBalance), and the totals of the period.
  StatusOr<Json> CommitteeAccounts(const Caller& c, const std::string& place,
                                   const Json& query);
  // {"place"?,"from"?,"to"?}: demanded, collected, efficiency, spent by
  // head for the place and each place below, from sums kept in memory.
  StatusOr<Json> MoneySummary(const Caller& c, const Json& query);
  // One row of an import (io/om_import.h reads the file).
  struct AccountInput {
    std::string village, month, note;
    int64_t households = 0, tariff_paise = 0, collected_paise = 0;
    int64_t spent_paise[5] = {0, 0, 0, 0, 0};  // by ExpenseHead
  };
  struct AccountRejection {
    size_t index = 0;   // into the rows given
    std::string field;  // "village", "month", "collected_paise", ...
    std::string reason;
  };
  struct ImportOutcome {
    std::vector<AccountRejection> rejected;
    int64_t accepted = 0, corrections = 0;
    bool committed = false;
  };
  // Checks every row as RecordAccount would (and a month twice in the
  // rows); writes them all in one audited transaction only when `commit`
  // and nothing was rejected.
  StatusOr<ImportOutcome> ImportAccounts(const Caller& c,
                                         const std::vector<AccountInput>& rows,
                                         bool commit);

  // --- sources ------------------------------------------------------------
  // Sources are the water-quality module's register (POST
  // /quality/sources); their levels, yields and dry spells are recorded
  // here, as are a village's recharge works and greywater structures.
  // Writes: kManageCommittee of the village (the source's); reads: public.
  // {"day","season","depth_m","note"?}: a groundwater level.
  StatusOr<Json> AddSourceLevel(const Caller& c, const std::string& source,
                                const Json& body);
  // {"day","litres_per_hour","note"?}
  StatusOr<Json> AddSourceYield(const Caller& c, const std::string& source,
                                const Json& body);
  // {"dried_on","revived_on"?,"note"?}; refused while a spell is open.
  StatusOr<Json> AddDrySpell(const Caller& c, const std::string& source,
                             const Json& body);
  // {"revived_on"}: once.
  StatusOr<Json> ReviveDrySpell(const Caller& c, int64_t id, const Json& body);
  // {"village","source"?,"kind","started_on","completed_on"?,"cost_paise",
  //  "paid_by","paid_by_note"?,"note"?}
  StatusOr<Json> AddRechargeWork(const Caller& c, const Json& body);
  // {"completed_on"}: once.
  StatusOr<Json> CompleteRechargeWork(const Caller& c, int64_t id,
                                      const Json& body);
  // {"village","kind","count","households_served","completed_on",
  //  "cost_paise","paid_by","paid_by_note"?,"note"?}
  StatusOr<Json> AddGreywater(const Caller& c, const Json& body);
  // A village's sources with their levels (by monsoon year), yields and
  // dry spells; its recharge works and greywater structures.
  StatusOr<Json> VillageSources(const Caller& c, const std::string& village);
  // {"place"?,"threshold_m"?(default 1),"monsoon_year"?}: the sources of
  // `place` whose post-monsoon level fell by more than the threshold
  // (FallingSources), and works and greywater structures by convergence
  // scheme, for the place and each place below.
  StatusOr<Json> SourcesSummary(const Caller& c, const Json& query);

  // Demo data (before serving): committees, a year of complaints,
  // breakdowns, a year of monthly O&M accounts, made from the database's
  // own places (operations_demo.cc).
  // Refused where any committee or complaint exists.
  Status SeedDemo(uint64_t seed, Date today, std::FILE* log);

  class Impl;

 private:
  explicit OperationsService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jjm

#endif  // JJM_OPERATIONS_OPERATIONS_SERVICE_H_
