#include "store/dump.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string_view>
#include <vector>

namespace jjm {
namespace {

// A column's type decides how its values are read and written.
enum class Type { kInt, kReal, kText };

struct Column {
  const char* name;
  Type type;
};

struct Table {
  const char* name;
  const char* order;  // the key the rows are written in
  const char* id;     // the generated id column, or nullptr
  std::vector<Column> columns;
};

constexpr Type I = Type::kInt;
constexpr Type R = Type::kReal;
constexpr Type T = Type::kText;

// Every table, in an order where rows refer only to tables before them
// (and a place to its parent, which one COPY or transaction settles).
const std::vector<Table>& Tables() {
  static const std::vector<Table>* tables = new std::vector<Table>{
      {"batch",
       "id",
       "id",
       {{"id", I},
        {"kind", T},
        {"source", T},
        {"recorded_by", T},
        {"recorded_at", T},
        {"request_id", T},
        {"request_hash", T},
        {"note", T},
        {"remote", T}}},
      {"unit",
       "id",
       "id",
       {{"id", I},
        {"code", T},
        {"level", I},
        {"parent_id", I},
        {"name", T},
        {"lgd_code", I},
        {"batch_id", I}}},
      {"unit_former_name",
       "unit_id, valid_until, batch_id, name",
       nullptr,
       {{"unit_id", I},
        {"name", T},
        {"name_key", T},
        {"valid_until", T},
        {"batch_id", I}}},
      {"unit_alias",
       "scheme, value",
       nullptr,
       {{"scheme", T}, {"value", T}, {"unit_id", I}, {"batch_id", I}}},
      {"village_fact",
       "id",
       "id",
       {{"id", I},
        {"village_id", I},
        {"day", I},
        {"households", I},
        {"habitations", I},
        {"schools", I},
        {"schools_with_tap", I},
        {"anganwadis", I},
        {"anganwadis_with_tap", I},
        {"sc_population", I},
        {"st_population", I},
        {"general_population", I},
        {"service_lpcd", R},
        {"batch_id", I}}},
      {"tap_event",
       "seq",
       "seq",
       {{"seq", I},
        {"village_id", I},
        {"day", I},
        {"households", I},
        {"kind", I},
        {"reason", T},
        {"batch_id", I}}},
      {"name_alias",
       "id",
       "id",
       {{"id", I},
        {"level", I},
        {"parent_id", I},
        {"source_name", T},
        {"match_key", T},
        {"unit_id", I},
        {"created_by", T},
        {"created_at", T},
        {"revoked_by", T},
        {"revoked_at", T},
        {"revoke_reason", T}}},
      {"name_alias_use",
       "id",
       "id",
       {{"id", I},
        {"alias_id", I},
        {"batch_id", I},
        {"village_id", I},
        {"line", I}}},
      // Water quality (006).  The standard's tables and wq_rule are data of
      // the migration, in every database: not dumped.  Labs come before
      // account_role (its lab_id), state labs first (refers_to points up).
      {"wq_treatment_plant",
       "id",
       "id",
       {{"id", I},
        {"code", T},
        {"name", T},
        {"unit_id", I},
        {"latitude", R},
        {"longitude", R},
        {"linked_lab_id", I},
        {"created_at", T},
        {"created_by", T}}},
      {"wq_lab",
       "CASE level WHEN 'state' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, id",
       "id",
       {{"id", I},
        {"code", T},
        {"name", T},
        {"level", T},
        {"unit_id", I},
        {"treatment_plant_id", I},
        {"refers_to_lab_id", I},
        {"created_at", T},
        {"created_by", T},
        {"closed_on", I}}},
      {"account",
       "id",
       "id",
       {{"id", I},
        {"username", T},
        {"display_name", T},
        {"password_hash", T},
        {"disabled", I},
        {"failed_signins", I},
        {"locked_until", T},
        {"created_at", T},
        {"created_by", T}}},
      {"account_role",
       "id",
       "id",
       {{"id", I},
        {"account_id", I},
        {"role", T},
        {"unit_id", I},
        {"partner_id", I},
        {"lab_id", I},
        {"granted_at", T},
        {"granted_by", T},
        {"revoked_at", T},
        {"revoked_by", T}}},
      {"session",
       "token_hash",
       nullptr,
       {{"token_hash", T},
        {"account_id", I},
        {"created_at", T},
        {"expires_at", T},
        {"revoked_at", T},
        {"remote", T}}},
      {"api_key",
       "id",
       "id",
       {{"id", I},
        {"account_id", I},
        {"prefix", T},
        {"key_hash", T},
        {"label", T},
        {"created_at", T},
        {"created_by", T},
        {"revoked_at", T}}},
      {"partner_round",
       "id",
       "id",
       {{"id", I},
        {"name", T},
        {"opens_on", T},
        {"closes_on", T},
        {"rules", T},
        {"created_at", T},
        {"created_by", T}}},
      {"application",
       "id",
       "id",
       {{"id", I},
        {"round_id", I},
        {"reference", T},
        {"org_name", T},
        {"name_key", T},
        {"org_type", T},
        {"registration_key", T},
        {"email", T},
        {"body", T},
        {"submitted_at", T},
        {"remote", T}}},
      {"application_state",
       "application_id, state_id",
       nullptr,
       {{"application_id", I}, {"state_id", I}}},
      {"document",
       "id",
       "id",
       {{"id", I},
        {"owner", T},
        {"name", T},
        {"content_type", T},
        {"size", I},
        {"sha256", T},
        {"data", T},
        {"uploaded_at", T},
        {"uploaded_by", T}}},
      {"review",
       "id",
       "id",
       {{"id", I},
        {"application_id", I},
        {"account_id", I},
        {"assigned_at", T},
        {"assigned_by", T},
        {"conflict", I},
        {"conflict_note", T},
        {"declared_at", T},
        {"scores", T},
        {"comment", T},
        {"scored_at", T}}},
      {"moderation",
       "id",
       "id",
       {{"id", I},
        {"application_id", I},
        {"scores", T},
        {"note", T},
        {"at", T},
        {"actor", T}}},
      {"screening_decision",
       "id",
       "id",
       {{"id", I},
        {"application_id", I},
        {"eligible", I},
        {"screened", I},
        {"score", R},
        {"shortlisted", I},
        {"reason", T},
        {"at", T},
        {"actor", T}}},
      {"partner",
       "id",
       "id",
       {{"id", I},
        {"application_id", I},
        {"name", T},
        {"org_type", T},
        {"profile", T},
        {"agreement_signed_on", T},
        {"agreement_from", T},
        {"agreement_to", T},
        {"created_at", T},
        {"created_by", T}}},
      {"partner_unit",
       "partner_id, unit_id",
       nullptr,
       {{"partner_id", I}, {"unit_id", I}}},
      {"plan",
       "id",
       "id",
       {{"id", I},
        {"partner_id", I},
        {"fy", T},
        {"created_at", T},
        {"created_by", T}}},
      {"plan_version",
       "id",
       "id",
       {{"id", I},
        {"plan_id", I},
        {"revision", I},
        {"status", T},
        {"activities", T},
        {"comment", T},
        {"at", T},
        {"actor", T}}},
      {"plan_target",
       "plan_version_id, activity, measure",
       nullptr,
       {{"plan_version_id", I},
        {"activity", T},
        {"level", T},
        {"unit_id", I},
        {"state_id", I},
        {"theme", T},
        {"measure", T},
        {"q1", I},
        {"q2", I},
        {"q3", I},
        {"q4", I}}},
      {"progress_version",
       "id",
       "id",
       {{"id", I},
        {"plan_id", I},
        {"quarter", I},
        {"status", T},
        {"body", T},
        {"comment", T},
        {"at", T},
        {"actor", T}}},
      {"progress_figure",
       "progress_version_id, activity, measure",
       nullptr,
       {{"progress_version_id", I},
        {"activity", T},
        {"measure", T},
        {"achieved", I}}},
      {"trainer",
       "id",
       "id",
       {{"id", I},
        {"partner_id", I},
        {"name", T},
        {"gender", T},
        {"phone", T},
        {"details", T},
        {"active", I},
        {"created_at", T},
        {"created_by", T}}},
      {"training",
       "id",
       "id",
       {{"id", I},
        {"partner_id", I},
        {"trainer_id", I},
        {"kind", T},
        {"day", I},
        {"unit_id", I},
        {"village_id", I},
        {"topic", T},
        {"female", I},
        {"male", I},
        {"other", I},
        {"vwsc_members", I},
        {"ftk_women", I},
        {"pri_members", I},
        {"frontline_workers", I},
        {"note", T},
        {"created_at", T},
        {"created_by", T}}},
      {"knowledge",
       "id",
       "id",
       {{"id", I},
        {"partner_id", I},
        {"kind", T},
        {"title", T},
        {"unit_id", I},
        {"theme", T},
        {"day", I},
        {"participants", I},
        {"body", T},
        {"created_at", T},
        {"created_by", T}}},
      {"social_audit",
       "id",
       "id",
       {{"id", I},
        {"partner_id", I},
        {"village_id", I},
        {"day", I},
        {"findings", T},
        {"created_at", T},
        {"created_by", T}}},
      {"audit_action",
       "id",
       "id",
       {{"id", I},
        {"social_audit_id", I},
        {"action", T},
        {"owner", T},
        {"due_on", T},
        {"status", T},
        {"updated_at", T},
        {"updated_by", T}}},
      {"wq_lab_serves",
       "lab_id, unit_id",
       nullptr,
       {{"lab_id", I}, {"unit_id", I}}},
      {"wq_lab_parameter",
       "lab_id, parameter_id",
       nullptr,
       {{"lab_id", I}, {"parameter_id", I}}},
      {"wq_accreditation",
       "id",
       "id",
       {{"id", I},
        {"lab_id", I},
        {"certificate_no", T},
        {"valid_from", I},
        {"valid_to", I},
        {"recorded_at", T},
        {"recorded_by", T}}},
      {"wq_source",
       "id",
       "id",
       {{"id", I},
        {"code", T},
        {"village_id", I},
        {"habitation_id", I},
        {"type", T},
        {"name", T},
        {"scheme", T},
        {"has_alternate", I},
        {"latitude", R},
        {"longitude", R},
        {"created_on", I},
        {"created_at", T},
        {"created_by", T}}},
      {"wq_sampling_point",
       "id",
       "id",
       {{"id", I},
        {"village_id", I},
        {"habitation_id", I},
        {"source_id", I},
        {"kind", T},
        {"treatment_plant_id", I},
        {"description", T},
        {"latitude", R},
        {"longitude", R},
        {"created_at", T},
        {"created_by", T}}},
      {"wq_sample",
       "id",
       "id",
       {{"id", I},
        {"code", T},
        {"request_id", T},
        {"method", T},
        {"lab_id", I},
        {"village_id", I},
        {"habitation_id", I},
        {"source_id", I},
        {"point_id", I},
        {"point_kind", T},
        {"chlorinated", I},
        {"collected_day", I},
        {"collected_by", T},
        {"latitude", R},
        {"longitude", R},
        {"parent_sample_id", I},
        {"reason", T},
        {"registered_at", T},
        {"registered_by", T}}},
      {"wq_sample_event",
       "id",
       "id",
       {{"id", I},
        {"sample_id", I},
        {"kind", T},
        {"day", I},
        {"lab_id", I},
        {"related_sample_id", I},
        {"note", T},
        {"at", T},
        {"actor", T}}},
      {"wq_result",
       "event_id, parameter_id",
       nullptr,
       {{"event_id", I},
        {"parameter_id", I},
        {"standard_id", I},
        {"value", R},
        {"detected", I},
        {"grade", I}}},
      {"wq_alert",
       "id",
       "id",
       {{"id", I},
        {"sample_id", I},
        {"village_id", I},
        {"habitation_id", I},
        {"source_id", I},
        {"contaminant", T},
        {"opened_day", I},
        {"opened_at", T},
        {"repeat_due_day", I},
        {"closed_day", I},
        {"closed_by_sample_id", I},
        {"closed_at", T},
        {"closed_by", T}}},
      {"wq_remedial_action",
       "id",
       "id",
       {{"id", I},
        {"alert_id", I},
        {"kind", T},
        {"started_day", I},
        {"done_day", I},
        {"note", T},
        {"recorded_at", T},
        {"recorded_by", T},
        {"done_at", T},
        {"done_by", T}}},
      {"wq_trained_tester",
       "id",
       "id",
       {{"id", I},
        {"village_id", I},
        {"name", T},
        {"trained_day", I},
        {"account_id", I},
        {"recorded_at", T},
        {"recorded_by", T}}},
      // Water supply (007), after the documents, places and samples its
      // rows refer to.
      {"hgj_event",
       "id",
       "id",
       {{"id", I},
        {"village_id", I},
        {"status", T},
        {"day", I},
        {"reason", T},
        {"gram_sabha_day", I},
        {"resolution_no", T},
        {"resolution_document_id", I},
        {"video_document_id", I},
        {"recorded_at", T},
        {"recorded_by", T}}},
      {"scheme",
       "id",
       "id",
       {{"id", I},
        {"code", T},
        {"name", T},
        {"kind", T},
        {"sanctioned_day", I},
        {"sanction_cost_lakh", R},
        {"commissioned_day", I},
        {"agency", T},
        {"status", T},
        {"created_at", T},
        {"created_by", T},
        {"updated_at", T},
        {"updated_by", T}}},
      {"scheme_village",
       "scheme_id, village_id",
       nullptr,
       {{"scheme_id", I}, {"village_id", I}}},
      {"scheme_habitation",
       "scheme_id, habitation_id",
       nullptr,
       {{"scheme_id", I}, {"habitation_id", I}}},
      {"scheme_source",
       "scheme_id, source_id",
       nullptr,
       {{"scheme_id", I}, {"source_id", I}}},
      {"scheme_asset",
       "id",
       "id",
       {{"id", I},
        {"scheme_id", I},
        {"village_id", I},
        {"type", T},
        {"name", T},
        {"capacity", R},
        {"capacity_unit", T},
        {"commissioned_day", I},
        {"created_at", T},
        {"created_by", T}}},
      {"scheme_asset_condition",
       "id",
       "id",
       {{"id", I},
        {"asset_id", I},
        {"day", I},
        {"condition", T},
        {"note", T},
        {"recorded_at", T},
        {"recorded_by", T}}},
      {"service_level",
       "id",
       "id",
       {{"id", I},
        {"village_id", I},
        {"day", I},
        {"lpcd", R},
        {"note", T},
        {"recorded_at", T},
        {"recorded_by", T}}},
      {"fa_round",
       "id",
       "id",
       {{"id", I},
        {"name", T},
        {"period_from", I},
        {"period_to", I},
        {"methodology", T},
        {"place_id", I},
        {"seed", I},
        {"villages_per_district", I},
        {"households_per_village", I},
        {"frame", T},
        {"frame_day", I},
        {"created_at", T},
        {"created_by", T}}},
      {"fa_village",
       "round_id, village_id",
       nullptr,
       {{"round_id", I},
        {"village_id", I},
        {"district_id", I},
        {"households", I},
        {"probability", R},
        {"weight", R}}},
      {"fa_household",
       "round_id, village_id, household_no",
       nullptr,
       {{"round_id", I},
        {"village_id", I},
        {"household_no", I},
        {"weight", R}}},
      {"fa_response",
       "id",
       "id",
       {{"id", I},
        {"round_id", I},
        {"village_id", I},
        {"household_no", I},
        {"request_id", T},
        {"tap_present", I},
        {"water_last_7_days", I},
        {"litres_per_day", R},
        {"household_size", I},
        {"days_per_week", I},
        {"hours_per_day", R},
        {"promised_days", I},
        {"promised_hours", R},
        {"quality_method", T},
        {"quality_result", T},
        {"sample_id", I},
        {"day", I},
        {"recorded_at", T},
        {"recorded_by", T}}},
      // The village's own side (008).  Categories and the escalation
      // ladder are data of the migration: not dumped.
      {"vwsc_committee",
       "id",
       "id",
       {{"id", I},
        {"unit_id", I},
        {"name", T},
        {"formed_day", I},
        {"created_at", T},
        {"created_by", T}}},
      {"vwsc_member",
       "id",
       "id",
       {{"id", I},
        {"committee_id", I},
        {"name", T},
        {"role", T},
        {"gender", T},
        {"social_group", T},
        {"elected_member", I},
        {"joined_day", I},
        {"left_day", I},
        {"created_at", T},
        {"created_by", T},
        {"left_recorded_at", T},
        {"left_recorded_by", T}}},
      {"vwsc_meeting",
       "id",
       "id",
       {{"id", I},
        {"committee_id", I},
        {"day", I},
        {"attendance", I},
        {"decisions", T},
        {"recorded_at", T},
        {"recorded_by", T}}},
      {"complaint",
       "id",
       "id",
       {{"id", I},
        {"reference", T},
        {"secret_sha256", T},
        {"request_id", T},
        {"village_id", I},
        {"category", T},
        {"description", T},
        {"photo_document_id", I},
        {"contact", T},
        {"filed_at", I},
        {"filed_by", T},
        {"remote", T}}},
      {"complaint_event",
       "id",
       "id",
       {{"id", I},
        {"complaint_id", I},
        {"at", I},
        {"kind", T},
        {"level", T},
        {"note", T},
        {"document_id", I},
        {"actor", T}}},
      {"breakdown",
       "id",
       "id",
       {{"id", I},
        {"village_id", I},
        {"scheme_id", I},
        {"asset_id", I},
        {"started_day", I},
        {"ended_day", I},
        {"reason", T},
        {"households_affected", I},
        {"note", T},
        {"recorded_at", T},
        {"recorded_by", T},
        {"ended_recorded_at", T},
        {"ended_recorded_by", T}}},
      {"audit",
       "id",
       "id",
       {{"id", I},
        {"at", T},
        {"actor", T},
        {"remote", T},
        {"action", T},
        {"entity", T},
        {"entity_id", T},
        {"unit_id", I},
        {"unit_path", T},
        {"before", T},
        {"after", T}}},
      {"period_unlock",
       "id",
       "id",
       {{"id", I},
        {"unit_id", I},
        {"month", T},
        {"reason", T},
        {"granted_by", T},
        {"granted_at", T},
        {"expires_at", T}}},
  };
  return *tables;
}

constexpr char kManifest[] = "MANIFEST";

void AppendEscaped(std::string* out, std::string_view v) {
  for (char ch : v) {
    switch (ch) {
      case '\\':
        *out += "\\\\";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      default:
        *out += ch;
    }
  }
}

// The shortest text that reads back as the same double.
void AppendReal(std::string* out, double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, end);
}

std::string HeaderOf(const Table& t) {
  std::string h;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i > 0) h += '\t';
    h += t.columns[i].name;
  }
  return h;
}

std::string SelectOf(const Table& t) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += t.columns[i].name;
  }
  sql += " FROM ";
  sql += t.name;
  sql += " ORDER BY ";
  sql += t.order;
  return sql;
}

class Writer {
 public:
  Status Open(const std::string& path) {
    path_ = path;
    f_ = std::fopen(path.c_str(), "wb");
    if (f_ == nullptr) {
      return InvalidArgument("cannot write " + path + ": " +
                             std::strerror(errno));
    }
    return Status::Ok();
  }
  ~Writer() {
    if (f_ != nullptr) std::fclose(f_);
  }
  Status Write(std::string_view s) {
    if (std::fwrite(s.data(), 1, s.size(), f_) != s.size()) {
      return InvalidArgument("cannot write " + path_ + ": " +
                             std::strerror(errno));
    }
    return Status::Ok();
  }
  Status Close() {
    FILE* f = f_;
    f_ = nullptr;
    if (std::fflush(f) != 0 || std::fclose(f) != 0) {
      return InvalidArgument("cannot write " + path_ + ": " +
                             std::strerror(errno));
    }
    return Status::Ok();
  }

 private:
  std::string path_;
  FILE* f_ = nullptr;
};

StatusOr<int64_t> DumpTable(Db* db, const Table& t, const std::string& path) {
  Writer w;
  JJM_RETURN_IF_ERROR(w.Open(path));
  std::string buf = HeaderOf(t);
  buf += '\n';
  JJM_ASSIGN_OR_RETURN(auto stmt, db->Prepare(SelectOf(t)));
  int64_t rows = 0;
  JJM_RETURN_IF_ERROR(stmt->ForEachRow([&](Statement&) -> Status {
    ++rows;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (c > 0) buf += '\t';
      const int col = static_cast<int>(c);
      if (stmt->ColumnIsNull(col)) {
        buf += "\\N";
        continue;
      }
      switch (t.columns[c].type) {
        case Type::kInt:
          buf += std::to_string(stmt->ColumnInt(col));
          break;
        case Type::kReal:
          AppendReal(&buf, stmt->ColumnDouble(col));
          break;
        case Type::kText:
          AppendEscaped(&buf, stmt->ColumnText(col));
          break;
      }
    }
    buf += '\n';
    if (buf.size() >= (1 << 20)) {
      JJM_RETURN_IF_ERROR(w.Write(buf));
      buf.clear();
    }
    return Status::Ok();
  }));
  JJM_RETURN_IF_ERROR(w.Write(buf));
  JJM_RETURN_IF_ERROR(w.Close());
  return rows;
}

StatusOr<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read " + path);
  std::string s((std::istreambuf_iterator<char>(in)),
                std::istreambuf_iterator<char>());
  if (in.bad()) return Internal("cannot read " + path);
  return s;
}

// Undoes AppendEscaped; false on an escape COPY text format does not have.
bool Unescape(std::string_view v, std::string* out) {
  out->clear();
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\') {
      *out += v[i];
      continue;
    }
    if (++i == v.size()) return false;
    switch (v[i]) {
      case '\\':
        *out += '\\';
        break;
      case 't':
        *out += '\t';
        break;
      case 'n':
        *out += '\n';
        break;
      case 'r':
        *out += '\r';
        break;
      default:
        return false;
    }
  }
  return true;
}

StatusOr<int64_t> LoadTable(Db* db, const Table& t, const std::string& path) {
  JJM_ASSIGN_OR_RETURN(std::string data, ReadWhole(path));
  std::string_view rest = data;
  auto next_line = [&rest](std::string_view* line) {
    if (rest.empty()) return false;
    const size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) {
      *line = rest;
      rest = {};
    } else {
      *line = rest.substr(0, nl);
      rest.remove_prefix(nl + 1);
    }
    return true;
  };
  std::string_view line;
  if (!next_line(&line) || line != HeaderOf(t)) {
    return InvalidArgument(path + ": line 1 should name the columns " +
                           HeaderOf(t));
  }
  std::vector<std::string> names;
  for (const Column& c : t.columns) names.emplace_back(c.name);
  JJM_ASSIGN_OR_RETURN(auto bulk, db->BeginBulkInsert(t.name, names));
  int64_t rows = 0;
  std::string text;
  std::vector<std::string_view> fields;
  while (next_line(&line)) {
    ++rows;
    const std::string where =
        path + ": line " + std::to_string(rows + 1) + ": ";
    fields.clear();
    size_t start = 0;
    while (true) {
      const size_t tab = line.find('\t', start);
      if (tab == std::string_view::npos) {
        fields.push_back(line.substr(start));
        break;
      }
      fields.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    if (fields.size() != t.columns.size()) {
      return InvalidArgument(where + std::to_string(fields.size()) +
                             " values, expected " +
                             std::to_string(t.columns.size()));
    }
    for (size_t c = 0; c < fields.size(); ++c) {
      const std::string_view f = fields[c];
      const Column& col = t.columns[c];
      if (f == "\\N") {
        bulk->Null();
        continue;
      }
      switch (col.type) {
        case Type::kInt: {
          int64_t v = 0;
          auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
          if (ec != std::errc() || p != f.data() + f.size() || f.empty()) {
            return InvalidArgument(where + col.name +
                                   " is not a whole number: " + std::string(f));
          }
          bulk->Int(v);
          break;
        }
        case Type::kReal: {
          double v = 0;
          auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
          if (ec != std::errc() || p != f.data() + f.size() || f.empty()) {
            return InvalidArgument(where + col.name +
                                   " is not a number: " + std::string(f));
          }
          bulk->Real(v);
          break;
        }
        case Type::kText:
          if (!Unescape(f, &text)) {
            return InvalidArgument(where + col.name +
                                   " has an unknown backslash escape");
          }
          bulk->Text(text);
          break;
      }
    }
    JJM_RETURN_IF_ERROR(bulk->EndRow());
  }
  JJM_RETURN_IF_ERROR(bulk->Finish());
  return rows;
}

StatusOr<int> SchemaVersion(Db* db) {
  JJM_ASSIGN_OR_RETURN(
      auto stmt,
      db->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migration"));
  JJM_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return 0;
  return static_cast<int>(stmt->ColumnInt(0));
}

}  // namespace

StatusOr<DumpStats> DumpDatabase(Db* db, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return InvalidArgument("cannot create " + dir + ": " + ec.message());
  JJM_ASSIGN_OR_RETURN(int version, SchemaVersion(db));
  DumpStats stats;
  std::string manifest = "jjm dump\nschema " + std::to_string(version) + "\n";
  // One transaction, so that the files agree with each other even while
  // the server writes.
  Transaction tx(db);
  JJM_RETURN_IF_ERROR(tx.Begin());
  for (const Table& t : Tables()) {
    JJM_ASSIGN_OR_RETURN(int64_t rows,
                         DumpTable(db, t, dir + "/" + t.name + ".tsv"));
    manifest += std::string(t.name) + " " + std::to_string(rows) + "\n";
    ++stats.tables;
    stats.rows += rows;
  }
  JJM_RETURN_IF_ERROR(tx.Commit());
  Writer w;
  JJM_RETURN_IF_ERROR(w.Open(dir + "/" + kManifest));
  JJM_RETURN_IF_ERROR(w.Write(manifest));
  JJM_RETURN_IF_ERROR(w.Close());
  return stats;
}

StatusOr<DumpStats> LoadDump(Db* db, const std::string& dir, bool commit) {
  JJM_ASSIGN_OR_RETURN(std::string manifest, ReadWhole(dir + "/" + kManifest));
  JJM_ASSIGN_OR_RETURN(int version, SchemaVersion(db));
  const std::string want = "jjm dump\nschema " + std::to_string(version) + "\n";
  if (manifest.rfind("jjm dump\n", 0) != 0) {
    return InvalidArgument(dir + " is not a jjm dump (no MANIFEST)");
  }
  if (manifest.rfind(want, 0) != 0) {
    return InvalidArgument(
        dir + " was dumped from another schema version than this database's (" +
        std::to_string(version) + "); migrate with the matching jjm first");
  }
  for (const Table& t : Tables()) {
    JJM_ASSIGN_OR_RETURN(auto stmt, db->Prepare(std::string("SELECT 1 FROM ") +
                                                t.name + " LIMIT 1"));
    JJM_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (row) {
      return FailedPrecondition(
          std::string("the database already holds data (table ") + t.name +
          "); load a dump only into a new database");
    }
  }
  DumpStats stats;
  Transaction tx(db);
  JJM_RETURN_IF_ERROR(tx.Begin());
  for (const Table& t : Tables()) {
    const std::string path = dir + "/" + t.name + ".tsv";
    JJM_ASSIGN_OR_RETURN(int64_t rows, LoadTable(db, t, path));
    const std::string line =
        std::string("\n") + t.name + " " + std::to_string(rows) + "\n";
    if (manifest.find(line) == std::string::npos) {
      return InvalidArgument(path + " holds " + std::to_string(rows) +
                             " rows, not the number MANIFEST gives");
    }
    if (t.id != nullptr) JJM_RETURN_IF_ERROR(db->SyncIds(t.name, t.id));
    ++stats.tables;
    stats.rows += rows;
  }
  if (commit) JJM_RETURN_IF_ERROR(tx.Commit());
  return stats;
}

}  // namespace jjm
