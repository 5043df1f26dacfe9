// The committee's Village Action Plan (VAP) and its approval by the Gram
// Sabha; the water-quality module's verdicts on complaints' samples.
#include <cstdio>
#include <random>
#include <set>

#include "accounts/crypto.h"
#include "base/fiscal_year.h"
#include "operations/operations_internal.h"
#include "store/audited_write.h"

namespace jjm {
namespace {

// A plan's document: {"name"?,"content_type","data_base64"}, a PDF, JPEG
// or PNG of at most kMaxActionPlanBytes, its type decided by its bytes.
StatusOr<OpsDocumentRow> PlanDocumentOf(const Json& body,
                                        const std::string& by) {
  if (!body.contains("document") || !body["document"].is_object()) {
    return InvalidArgument(
        "document is required: {\"content_type\", \"data_base64\"}",
        "document");
  }
  static constexpr UploadRule kPlan = {
      "document",
      "an action plan",
      kMaxActionPlanBytes,
      true,
      true,
      "action-plan",
      "an action plan must be a PDF, JPEG or PNG file (its content "
      "decides)"};
  return UploadedFile(body, kPlan, "action_plan", by);
}

}  // namespace

Json ActionPlansJson(const std::vector<ActionPlanRow>& plans, bool names) {
  // The latest plan of each year is the current one.
  std::map<std::string, int64_t> latest;
  for (const ActionPlanRow& p : plans) latest[p.fy] = p.id;
  Json out = Json::array();
  for (const ActionPlanRow& p : plans) {
    Json j{{"id", p.id},
           {"fy", p.fy},
           {"prepared_on", OpsDay(p.prepared_day)},
           {"current", latest[p.fy] == p.id},
           {"document", Json{{"name", p.document_name},
                             {"content_type", p.content_type},
                             {"size", p.document_size},
                             {"href", "/api/v1/action-plans/" +
                                          std::to_string(p.id) + "/document"}}},
           {"approved_on",
            p.approved_day ? Json(OpsDay(*p.approved_day)) : Json()},
           {"resolution", p.approved_day ? Json(p.resolution) : Json()}};
    if (names) {
      j["recorded_by"] = p.recorded_by;
      if (p.approved_day) j["approval_recorded_by"] = p.approved_by;
    }
    out.push_back(j);
  }
  return out;
}

StatusOr<Json> OperationsService::AddActionPlan(const Caller& c,
                                                const std::string& place,
                                                const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"fy", "prepared_on", "document"}));
  JJM_ASSIGN_OR_RETURN(UnitId u, CommitteePlace(I, place));
  ActionPlanRow r;
  JJM_ASSIGN_OR_RETURN(r.fy, TextField(body, "", "fy", true, 7, 7));
  JJM_ASSIGN_OR_RETURN(int fy_start, ParseFy(r.fy, "fy"));
  JJM_ASSIGN_OR_RETURN(Date prepared,
                       PastDateField(body, "prepared_on", c.today));
  // A plan is prepared for the coming year or during it: from a year
  // before the year starts (1 April) to its end.
  const Date fy_opens = Date::FromCivil(fy_start, 4, 1);
  const Date fy_ends = Date::FromCivil(fy_start + 1, 3, 31);
  if (prepared.days() < fy_opens.days() - 366 ||
      prepared.days() > fy_ends.days()) {
    return InvalidArgument("prepared_on " + prepared.ToString() +
                               " is not within a year before or during " + r.fy,
                           "prepared_on");
  }
  r.prepared_day = prepared.days();
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageCommittee, u, "manage the committee"));
  JJM_ASSIGN_OR_RETURN(OpsDocumentRow doc,
                       PlanDocumentOf(body, Impl::ActorOf(c)));
  MutexLock lock(&I.write_mutex());
  r.committee_id = I.CommitteeOf(u);
  if (r.committee_id == 0) {
    return NotFound("the place has no committee on record");
  }
  r.recorded_at = OpsNow();
  r.recorded_by = Impl::ActorOf(c);
  AuditRow audit =
      I.AuditAt("operations.action_plan.add", "vwsc_action_plan", place, u);
  audit.after = Json{
      {"fy", r.fy},
      {"prepared_on", prepared.ToString()},
      {"sha256",
       doc.sha256}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.document_id, s.AddDocument(doc));
    JJM_ASSIGN_OR_RETURN(r.id, s.AddActionPlan(r));
    return Status::Ok();
  }));
  return GetCommittee(c, place, "");
}

StatusOr<Json> OperationsService::ApproveActionPlan(const Caller& c,
                                                    int64_t plan_id,
                                                    const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"approved_on", "resolution"}));
  JJM_ASSIGN_OR_RETURN(Date approved,
                       PastDateField(body, "approved_on", c.today));
  JJM_ASSIGN_OR_RETURN(std::string resolution,
                       TextField(body, "", "resolution", true, 3, 2000));
  MutexLock lock(&I.write_mutex());
  OperationsStore w = I.writer();
  JJM_ASSIGN_OR_RETURN(std::optional<ActionPlanRow> plan,
                       w.GetActionPlan(plan_id));
  if (!plan) return NotFound("no action plan " + std::to_string(plan_id));
  UnitId u = kNoUnit;
  I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    auto it = I.locked_committees().find(plan->committee_id);
    if (it != I.locked_committees().end()) {
      u = static_cast<UnitId>(it->second.row.unit_id);
    }
    return 0;
  });
  if (u == kNoUnit)
    return NotFound("no action plan " + std::to_string(plan_id));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageCommittee, u, "manage the committee"));
  if (plan->approved_day) {
    return Status(StatusCode::kConflict,
                  "the Gram Sabha's approval of this plan was recorded on " +
                      OpsDay(*plan->approved_day),
                  "approved_on");
  }
  if (approved.days() < plan->prepared_day) {
    return InvalidArgument("approved_on " + approved.ToString() +
                               " is before the plan was prepared (" +
                               OpsDay(plan->prepared_day) + ")",
                           "approved_on");
  }
  const std::string code = I.Places(
      [&](const Hierarchy& h, const CoverageIndex&) { return h.Get(u).code; });
  AuditRow audit = I.AuditAt("operations.action_plan.approve",
                             "vwsc_action_plan", std::to_string(plan_id), u);
  audit.after = Json{
      {"approved_on", approved.ToString()},
      {"resolution",
       resolution}}.dump();
  const std::string at = OpsNow(), by = Impl::ActorOf(c);
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    return s.ApproveActionPlan(plan_id, approved.days(), resolution, at, by);
  }));
  return GetCommittee(c, code, "");
}

StatusOr<OperationsService::Document> OperationsService::ActionPlanDocument(
    const Caller&, int64_t plan_id) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
  OperationsStore s(lease.db());
  JJM_ASSIGN_OR_RETURN(std::optional<ActionPlanRow> plan,
                       s.GetActionPlan(plan_id));
  if (!plan) return NotFound("no action plan " + std::to_string(plan_id));
  JJM_ASSIGN_OR_RETURN(std::optional<OpsDocumentRow> d,
                       s.GetDocument(plan->document_id));
  if (!d) return NotFound("no action plan " + std::to_string(plan_id));
  JJM_ASSIGN_OR_RETURN(std::string bytes, DecodeBase64(d->data_base64));
  return Document{d->name, d->content_type, d->sha256, std::move(bytes)};
}

void OperationsService::SetSampleVerdict(SampleVerdictFn fn) {
  impl_->sample_verdict = std::move(fn);
}

void AddSampleVerdicts(const OperationsService::Impl& I, Json& complaint) {
  if (!complaint.contains("samples")) return;
  for (Json& s : complaint["samples"]) {
    if (!I.sample_verdict) {
      s["status"] = "unknown";
      continue;
    }
    auto v = I.sample_verdict(s["code"].get<std::string>());
    if (!v.ok()) {
      s["status"] = "unknown";
    } else if (!v->final) {
      s["status"] = "pending";
    } else {
      s["status"] = v->safe ? "safe" : "unsafe";
    }
  }
}

namespace {

// A one-page PDF saying `lines`, with a correct cross-reference table (the
// demo's stand-in for a scanned plan).
std::string DemoPdf(const std::vector<std::string>& lines) {
  std::string text = "BT /F1 14 Tf 72 760 Td 18 TL";
  for (const std::string& l : lines) {
    std::string esc;
    for (char ch : l) {
      if (ch == '(' || ch == ')' || ch == '\\') esc += '\\';
      esc += ch;
    }
    text += " (" + esc + ") '";
  }
  text += " ET";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(text.size()) + " >>\nstream\n" + text +
          "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) +
         "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", off);
    pdf += buf;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

}  // namespace

Status SeedActionPlanDemo(OperationsService::Impl& I, uint64_t seed,
                          Date today) {
  std::mt19937_64 rng(seed ^ 0x7a9ULL);
  // The financial year today falls in, and its start.
  const int fy = today.month() >= 4 ? today.year() : today.year() - 1;
  struct Plan {
    ActionPlanRow row;
    OpsDocumentRow doc;
    std::optional<int64_t> approved;
  };
  std::vector<Plan> plans;
  I.Shared([&](const Hierarchy& h, const CoverageIndex&) {
    for (const auto& [id, cs] : I.locked_committees()) {
      // Seven in ten committees have this year's plan; three in four of
      // those are approved by the Gram Sabha.
      if (rng() % 10 >= 7) continue;
      Plan p;
      p.row.committee_id = id;
      p.row.fy = FyName(fy);
      const int64_t opens = Date::FromCivil(fy, 4, 1).days();
      p.row.prepared_day = std::min<int64_t>(
          opens - 60 + static_cast<int64_t>(rng() % 90), today.days());
      p.row.recorded_at = OpsNow();
      p.row.recorded_by = "system:demo";
      const std::string pdf =
          DemoPdf({"Village Action Plan " + p.row.fy,
                   h.Get(static_cast<UnitId>(cs.row.unit_id)).name, cs.row.name,
                   "Prepared " + OpsDay(p.row.prepared_day),
                   "Source sustainability, in-village supply, greywater, O&M"});
      p.doc.owner = "action_plan";
      p.doc.name = "action-plan-" + p.row.fy + ".pdf";
      p.doc.content_type = "application/pdf";
      p.doc.size = static_cast<int64_t>(pdf.size());
      p.doc.sha256 = Sha256Hex(pdf);
      p.doc.data_base64 = EncodeBase64(pdf);
      p.doc.uploaded_at = p.row.recorded_at;
      p.doc.uploaded_by = p.row.recorded_by;
      if (rng() % 4 != 0) {
        p.approved = std::min<int64_t>(
            p.row.prepared_day + 7 + static_cast<int64_t>(rng() % 40),
            today.days());
      }
      plans.push_back(std::move(p));
    }
    return 0;
  });
  if (plans.empty()) return Status::Ok();
  AuditRow audit;
  audit.actor = "system:demo";
  audit.action = "operations.demo.action_plans";
  audit.entity = "vwsc_action_plan";
  audit.unit_path = "IN";
  audit.after = Json{{"plans", plans.size()}}.dump();
  MutexLock lock(&I.write_mutex());
  OperationsStore s = I.writer();
  return WriteWithAudit(s.db(), audit, [&]() -> Status {
    for (Plan& p : plans) {
      JJM_ASSIGN_OR_RETURN(p.row.document_id, s.AddDocument(p.doc));
      JJM_ASSIGN_OR_RETURN(p.row.id, s.AddActionPlan(p.row));
      if (p.approved) {
        JJM_RETURN_IF_ERROR(s.ApproveActionPlan(
            p.row.id, *p.approved,
            "The Gram Sabha approved the Village Action Plan for " + p.row.fy,
            p.row.recorded_at, p.row.recorded_by));
      }
    }
    return Status::Ok();
  });
}

}  // namespace jjm
