// SQL for the village's own side (migration 008): committees, members and
// meetings; complaint categories and the escalation ladder (data);
// complaints and their events; breakdowns.  The only place where this SQL
// is written.  Days are whole days since 1970-01-01; a complaint's times
// are seconds since 1970-01-01 UTC; ids of 0 and empty texts are NULL.
//
// Meetings, complaints and complaint events are only inserted; a member's
// leaving and a breakdown's end are set once (EndMembership, EndBreakdown);
// the migration's triggers refuse anything else.
#ifndef JJM_STORE_OPERATIONS_STORE_H_
#define JJM_STORE_OPERATIONS_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace jjm {

struct CommitteeRow {
  int64_t id = 0, unit_id = 0;
  std::string name;
  int64_t formed_day = 0;
  std::string created_at, created_by;
};

struct MemberRow {
  int64_t id = 0, committee_id = 0;
  std::string name, role, gender, social_group;
  bool elected_member = false;
  int64_t joined_day = 0;
  std::optional<int64_t> left_day;
  std::string created_at, created_by;
};

struct MeetingRow {
  int64_t id = 0, committee_id = 0, day = 0, attendance = 0;
  std::string decisions, recorded_at, recorded_by;
};

struct CategoryRow {
  std::string code;
  int64_t deadline_hours = 0;
  std::string name_en, name_hi;
};

struct EscalationStepRow {
  int64_t ordinal = 0;
  std::string level;
  std::optional<int64_t> hours;
};

struct ComplaintRow {
  int64_t id = 0;
  std::string reference, secret_sha256, request_id;
  int64_t village_id = 0;
  std::string category, description;
  int64_t photo_document_id = 0;
  std::string contact;
  int64_t filed_at = 0;
  std::string filed_by, remote;
};

struct ComplaintEventRow {
  int64_t id = 0, complaint_id = 0, at = 0;
  std::string kind, level, note;
  int64_t document_id = 0;
  std::string actor;
};

struct BreakdownRow {
  int64_t id = 0, village_id = 0, scheme_id = 0, asset_id = 0;
  int64_t started_day = 0;
  std::optional<int64_t> ended_day;
  std::string reason;
  int64_t households_affected = 0;
  std::string note, recorded_at, recorded_by;
};

struct OpsDocumentRow {
  int64_t id = 0;
  std::string owner, name, content_type;
  int64_t size = 0;
  std::string sha256, data_base64, uploaded_at, uploaded_by;
};

// A Village Action Plan (migration 011) with the Gram Sabha's approval, if
// recorded, and its document's name, type and size.
struct ActionPlanRow {
  int64_t id = 0, committee_id = 0;
  std::string fy;
  int64_t document_id = 0, prepared_day = 0;
  std::string recorded_at, recorded_by;
  std::optional<int64_t> approved_day;
  std::string resolution, approved_at, approved_by;
  std::string document_name, content_type;
  int64_t document_size = 0;
};

// A water-quality sample (by its code) taken for a complaint.
struct ComplaintSampleRow {
  int64_t id = 0, complaint_id = 0;
  std::string sample_code;
  int64_t linked_at = 0;
  std::string linked_by;
};

// --- O&M money (migration 009): one version of a committee's month, a bill
// attached to a month and head, a version of the fund's opening balance.
// Amounts in paise; month as year * 12 + month - 1.
struct OmAccountRow {
  int64_t id = 0, committee_id = 0, month = 0, version = 0;
  int64_t households = 0, tariff_paise = 0, collected_paise = 0;
  // operator_pay, electricity, repairs, chemicals, other (ExpenseHead).
  int64_t spent_paise[5] = {0, 0, 0, 0, 0};
  std::string note, recorded_at, recorded_by;
};

struct OmBillRow {
  int64_t id = 0, committee_id = 0, month = 0;
  std::string head;
  int64_t document_id = 0;
  std::optional<int64_t> amount_paise;
  std::string note, attached_at, attached_by;
  // From the document (read only).
  std::string name, content_type;
  int64_t size = 0;
};

struct OmOpeningRow {
  int64_t id = 0, committee_id = 0, version = 0, opening_paise = 0;
  std::string recorded_at, recorded_by;
};

// Sources and their sustainability (migration 010,
// operations_store_sources.cc).  Sources are the quality module's
// register (wq_source); levels, yields and greywater structures are only
// inserted, a dry spell's revival and a work's completion are set once.
struct WqSourceRef {
  int64_t id = 0;
  std::string code;
  int64_t village_id = 0;
  std::string type, name;
};
struct SourceLevelRow {
  int64_t id = 0, source_id = 0, day = 0;
  std::string season;  // pre_monsoon, post_monsoon
  double depth_m = 0;
  std::string note, recorded_at, recorded_by;
  int64_t village_id = 0;   // read only: the source's village
  std::string source_code;  // read only: the source's code
};
struct SourceYieldRow {
  int64_t id = 0, source_id = 0, day = 0, litres_per_hour = 0;
  std::string note, recorded_at, recorded_by;
};
struct DrySpellRow {
  int64_t id = 0, source_id = 0, dried_day = 0;
  std::optional<int64_t> revived_day;
  std::string note, recorded_at, recorded_by;
  int64_t village_id = 0;   // read only: the source's village
  std::string source_code;  // read only: the source's code
};
struct RechargeWorkRow {
  int64_t id = 0, village_id = 0, source_id = 0;
  std::string kind;
  int64_t started_day = 0;
  std::optional<int64_t> completed_day;
  int64_t cost_paise = 0;
  std::string paid_by, paid_by_note, note, recorded_at, recorded_by;
};
struct GreywaterRow {
  int64_t id = 0, village_id = 0;
  std::string kind;
  int64_t count = 0, households_served = 0, completed_day = 0, cost_paise = 0;
  std::string paid_by, paid_by_note, note, recorded_at, recorded_by;
};

class OperationsStore {
 public:
  explicit OperationsStore(Db* db) : db_(db) {}
  Db* db() const { return db_; }

  // Data of the migration.
  StatusOr<std::vector<CategoryRow>> Categories();
  StatusOr<std::vector<EscalationStepRow>> EscalationSteps();

  // Committees.
  StatusOr<int64_t> AddCommittee(const CommitteeRow& r);
  Status EachCommittee(const std::function<void(const CommitteeRow&)>& fn);
  StatusOr<int64_t> AddMember(const MemberRow& r);
  Status EndMembership(int64_t member_id, int64_t day, const std::string& at,
                       const std::string& by);
  Status EachMember(const std::function<void(const MemberRow&)>& fn);
  StatusOr<int64_t> AddMeeting(const MeetingRow& r);
  StatusOr<std::vector<MeetingRow>> MeetingsOf(int64_t committee_id);

  // Complaints.
  StatusOr<int64_t> AddComplaint(const ComplaintRow& r);
  StatusOr<int64_t> AddComplaintEvent(const ComplaintEventRow& r);
  Status EachComplaint(const std::function<void(const ComplaintRow&)>& fn);
  Status EachComplaintEvent(
      const std::function<void(const ComplaintEventRow&)>& fn);
  StatusOr<std::optional<ComplaintRow>> ComplaintByRequestId(
      const std::string& request_id);
  StatusOr<int64_t> AddDocument(const OpsDocumentRow& r);
  StatusOr<std::optional<OpsDocumentRow>> GetDocument(int64_t id);

  // Breakdowns.
  StatusOr<int64_t> AddBreakdown(const BreakdownRow& r);
  Status EndBreakdown(int64_t id, int64_t day, const std::string& at,
                      const std::string& by);
  StatusOr<std::optional<BreakdownRow>> GetBreakdown(int64_t id);
  StatusOr<std::vector<BreakdownRow>> BreakdownsOf(int64_t village_id);
  // Whether scheme `scheme_id` exists and serves village `village_id`.
  StatusOr<bool> SchemeServes(int64_t scheme_id, int64_t village_id);
  // The scheme and village of asset `asset_id` (migration 007), if any.
  struct AssetPlace {
    int64_t scheme_id = 0, village_id = 0;
    std::string type, name;
  };
  StatusOr<std::optional<AssetPlace>> AssetOf(int64_t asset_id);
  StatusOr<bool> SchemeExists(int64_t scheme_id);
  // A scheme's breakdowns, by start.
  StatusOr<std::vector<BreakdownRow>> BreakdownsOfScheme(int64_t scheme_id);

  // Village Action Plans and their approval (operations_store_plans.cc).
  StatusOr<int64_t> AddActionPlan(const ActionPlanRow& r);
  Status ApproveActionPlan(int64_t plan_id, int64_t day,
                           const std::string& resolution, const std::string& at,
                           const std::string& by);
  StatusOr<std::vector<ActionPlanRow>> ActionPlansOf(int64_t committee_id);
  StatusOr<std::optional<ActionPlanRow>> GetActionPlan(int64_t id);
  // Samples taken for complaints.
  StatusOr<int64_t> AddComplaintSample(const ComplaintSampleRow& r);
  Status EachComplaintSample(
      const std::function<void(const ComplaintSampleRow&)>& fn);

  // O&M money (operations_store_money.cc).  Only inserted; every version
  // of every account and opening balance, in id order.
  StatusOr<int64_t> AddOmAccount(const OmAccountRow& r);
  Status EachOmAccount(const std::function<void(const OmAccountRow&)>& fn);
  StatusOr<int64_t> AddOmOpening(const OmOpeningRow& r);
  Status EachOmOpening(const std::function<void(const OmOpeningRow&)>& fn);
  StatusOr<int64_t> AddOmBill(const OmBillRow& r);
  // A committee's bills (with their documents' name, type and size).
  StatusOr<std::vector<OmBillRow>> OmBillsOf(int64_t committee_id);
  StatusOr<std::optional<OmBillRow>> GetOmBill(int64_t id);

  // Sources (operations_store_sources.cc).
  StatusOr<std::optional<WqSourceRef>> SourceByCode(const std::string& code);
  StatusOr<std::vector<WqSourceRef>> SourcesOf(int64_t village_id);
  StatusOr<std::vector<WqSourceRef>> AllSources();  // by id
  StatusOr<int64_t> AddLevel(const SourceLevelRow& r);
  // Every level, in id order, with its source's village.
  Status EachLevel(const std::function<void(const SourceLevelRow&)>& fn);
  StatusOr<int64_t> AddYield(const SourceYieldRow& r);
  StatusOr<int64_t> AddDrySpell(const DrySpellRow& r);
  Status ReviveDrySpell(int64_t id, int64_t day, const std::string& at,
                        const std::string& by);
  StatusOr<std::optional<DrySpellRow>> GetDrySpell(int64_t id);
  StatusOr<int64_t> AddRechargeWork(const RechargeWorkRow& r);
  Status EachRechargeWork(
      const std::function<void(const RechargeWorkRow&)>& fn);
  Status CompleteRechargeWork(int64_t id, int64_t day, const std::string& at,
                              const std::string& by);
  StatusOr<int64_t> AddGreywater(const GreywaterRow& r);
  Status EachGreywater(const std::function<void(const GreywaterRow&)>& fn);
  // Of the sources of one village, by day then id.
  StatusOr<std::vector<SourceLevelRow>> LevelsOfVillage(int64_t village_id);
  StatusOr<std::vector<SourceYieldRow>> YieldsOfVillage(int64_t village_id);
  StatusOr<std::vector<DrySpellRow>> DrySpellsOfVillage(int64_t village_id);

 private:
  Db* db_;
};

}  // namespace jjm

#endif  // JJM_STORE_OPERATIONS_STORE_H_
