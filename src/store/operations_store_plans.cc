// SQL of migration 011: Village Action Plans with the Gram Sabha's
// approval, and the water-quality samples taken for complaints.
#include <utility>

#include "store/operations_store.h"
#include "store/sql_values.h"

namespace jjm {
namespace {

constexpr char kPlanColumns[] =
    "SELECT p.id, p.committee_id, p.fy, p.document_id, p.prepared_day, "
    "p.recorded_at, p.recorded_by, a.approved_day, a.resolution, "
    "a.recorded_at, a.recorded_by, d.name, d.content_type, d.size FROM "
    "vwsc_action_plan p JOIN document d ON d.id = p.document_id LEFT JOIN "
    "vwsc_action_plan_approval a ON a.plan_id = p.id";

void ReadPlan(Statement& s, ActionPlanRow* r) {
  std::optional<std::string> resolution, at, by;
  sql::Read(s, 0, r->id, r->committee_id, r->fy, r->document_id,
            r->prepared_day, r->recorded_at, r->recorded_by, r->approved_day,
            resolution, at, by, r->document_name, r->content_type,
            r->document_size);
  r->resolution = resolution.value_or("");
  r->approved_at = at.value_or("");
  r->approved_by = by.value_or("");
}

void ReadSample(Statement& s, ComplaintSampleRow* r) {
  sql::Read(s, 0, r->id, r->complaint_id, r->sample_code, r->linked_at,
            r->linked_by);
}

}  // namespace

StatusOr<int64_t> OperationsStore::AddActionPlan(const ActionPlanRow& r) {
  return sql::InsertRow(db_, "vwsc_action_plan",
                        "committee_id, fy, document_id, prepared_day, "
                        "recorded_at, recorded_by",
                        r.committee_id, r.fy, r.document_id, r.prepared_day,
                        r.recorded_at, r.recorded_by);
}

Status OperationsStore::ApproveActionPlan(int64_t plan_id, int64_t day,
                                          const std::string& resolution,
                                          const std::string& at,
                                          const std::string& by) {
  return sql::Run(db_,
                  "INSERT INTO vwsc_action_plan_approval (plan_id, "
                  "approved_day, resolution, recorded_at, recorded_by) "
                  "VALUES ($1, $2, $3, $4, $5)",
                  plan_id, day, resolution, at, by);
}

StatusOr<std::vector<ActionPlanRow>> OperationsStore::ActionPlansOf(
    int64_t committee_id) {
  std::vector<ActionPlanRow> out;
  JJM_RETURN_IF_ERROR(sql::EachRow<ActionPlanRow>(
      db_, ReadPlan, [&](const ActionPlanRow& r) { out.push_back(r); },
      std::string(kPlanColumns) +
          " WHERE p.committee_id = $1 ORDER BY p.fy, p.id",
      committee_id));
  return out;
}

StatusOr<std::optional<ActionPlanRow>> OperationsStore::GetActionPlan(
    int64_t id) {
  std::optional<ActionPlanRow> out;
  JJM_RETURN_IF_ERROR(sql::EachRow<ActionPlanRow>(
      db_, ReadPlan, [&](const ActionPlanRow& r) { out = r; },
      std::string(kPlanColumns) + " WHERE p.id = $1", id));
  return out;
}

StatusOr<int64_t> OperationsStore::AddComplaintSample(
    const ComplaintSampleRow& r) {
  return sql::InsertRow(db_, "complaint_sample",
                        "complaint_id, sample_code, linked_at, linked_by",
                        r.complaint_id, r.sample_code, r.linked_at,
                        r.linked_by);
}

Status OperationsStore::EachComplaintSample(
    const std::function<void(const ComplaintSampleRow&)>& fn) {
  return sql::EachRow<ComplaintSampleRow>(
      db_, ReadSample, fn,
      "SELECT id, complaint_id, sample_code, linked_at, linked_by FROM "
      "complaint_sample ORDER BY id");
}

}  // namespace jjm
