#include "store/supply_store.h"

#include <utility>

#include "store/sql_values.h"

namespace jjm {
namespace {

using sql::IdOrNull;
using sql::OrNull;

void ReadEvent(Statement& s, HgjEventRow* r) {
  sql::Read(s, 0, r->id, r->village_id, r->status, r->day, r->reason,
            r->gram_sabha_day, r->resolution_no, r->resolution_document_id,
            r->video_document_id, r->recorded_at, r->recorded_by);
}
constexpr char kEventColumns[] =
    "SELECT id, village_id, status, day, reason, gram_sabha_day, "
    "resolution_no, resolution_document_id, video_document_id, recorded_at, "
    "recorded_by FROM hgj_event";

void ReadScheme(Statement& s, SchemeRow* r) {
  sql::Read(s, 0, r->id, r->code, r->name, r->kind, r->sanctioned_day,
            r->sanction_cost_lakh, r->commissioned_day, r->agency, r->status,
            r->created_at, r->created_by, r->updated_at, r->updated_by);
}
constexpr char kSchemeColumns[] =
    "SELECT id, code, name, kind, sanctioned_day, sanction_cost_lakh, "
    "commissioned_day, agency, status, created_at, created_by, updated_at, "
    "updated_by FROM scheme";

void ReadAsset(Statement& s, AssetRow* r) {
  sql::Read(s, 0, r->id, r->scheme_id, r->village_id, r->type, r->name,
            r->capacity, r->capacity_unit, r->commissioned_day, r->created_at,
            r->created_by);
}
constexpr char kAssetColumns[] =
    "SELECT id, scheme_id, village_id, type, name, capacity, capacity_unit, "
    "commissioned_day, created_at, created_by FROM scheme_asset";

void ReadCondition(Statement& s, AssetConditionRow* r) {
  sql::Read(s, 0, r->id, r->asset_id, r->day, r->condition, r->note,
            r->recorded_at, r->recorded_by);
}

void ReadLevel(Statement& s, ServiceLevelRow* r) {
  sql::Read(s, 0, r->id, r->village_id, r->day, r->lpcd, r->note,
            r->recorded_at, r->recorded_by);
}

void ReadRound(Statement& s, SurveyRoundRow* r) {
  sql::Read(s, 0, r->id, r->name, r->period_from, r->period_to, r->methodology,
            r->place_id, r->seed, r->villages_per_district,
            r->households_per_village, r->frame, r->frame_day, r->created_at,
            r->created_by);
}

void ReadRoundVillage(Statement& s, SurveyVillageRow* r) {
  sql::Read(s, 0, r->round_id, r->village_id, r->district_id, r->households,
            r->probability, r->weight);
}

void ReadRoundHousehold(Statement& s, SurveyHouseholdRow* r) {
  sql::Read(s, 0, r->round_id, r->village_id, r->household_no, r->weight);
}

void ReadResponse(Statement& s, SurveyResponseRow* r) {
  sql::Read(s, 0, r->id, r->round_id, r->village_id, r->household_no,
            r->request_id, r->tap_present, r->water_last_7_days,
            r->litres_per_day, r->household_size, r->days_per_week,
            r->hours_per_day, r->promised_days, r->promised_hours,
            r->quality_method, r->quality_result, r->sample_id, r->day,
            r->recorded_at, r->recorded_by);
}
constexpr char kResponseColumns[] =
    "SELECT id, round_id, village_id, household_no, request_id, tap_present, "
    "water_last_7_days, litres_per_day, household_size, days_per_week, "
    "hours_per_day, promised_days, promised_hours, quality_method, "
    "quality_result, sample_id, day, recorded_at, recorded_by FROM "
    "fa_response";

template <typename Row>
StatusOr<std::vector<Row>> Rows(Db* db, void (*read)(Statement&, Row*),
                                const std::string& sql, int64_t arg) {
  std::vector<Row> out;
  JJM_RETURN_IF_ERROR(sql::EachRow<Row>(
      db, read, [&](const Row& r) { out.push_back(r); }, sql, arg));
  return out;
}

template <typename Row>
StatusOr<std::optional<Row>> OneRow(Db* db, void (*read)(Statement&, Row*),
                                    const std::string& sql, int64_t arg) {
  JJM_ASSIGN_OR_RETURN(auto rows, Rows<Row>(db, read, sql, arg));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

}  // namespace

// --- Har Ghar Jal
// -------------------------------------------------------------

StatusOr<int64_t> SupplyStore::AddHgjEvent(const HgjEventRow& r) {
  return sql::InsertRow(
      db_, "hgj_event",
      "village_id, status, day, reason, gram_sabha_day, resolution_no, "
      "resolution_document_id, video_document_id, recorded_at, recorded_by",
      r.village_id, r.status, r.day, OrNull{r.reason}, r.gram_sabha_day,
      OrNull{r.resolution_no}, IdOrNull{r.resolution_document_id},
      IdOrNull{r.video_document_id}, r.recorded_at, r.recorded_by);
}

Status SupplyStore::EachHgjEvent(
    const std::function<void(const HgjEventRow&)>& fn) {
  return sql::EachRow<HgjEventRow>(db_, ReadEvent, fn,
                                   std::string(kEventColumns) + " ORDER BY id");
}

StatusOr<std::vector<HgjEventRow>> SupplyStore::HgjEventsOf(
    int64_t village_id) {
  return Rows<HgjEventRow>(
      db_, ReadEvent,
      std::string(kEventColumns) + " WHERE village_id = $1 ORDER BY id",
      village_id);
}

StatusOr<int64_t> SupplyStore::AddDocument(const SupplyDocumentRow& r) {
  return sql::InsertRow(db_, "document",
                        "owner, name, content_type, size, sha256, data, "
                        "uploaded_at, uploaded_by",
                        r.owner, r.name, r.content_type, r.size, r.sha256,
                        r.data_base64, r.uploaded_at, r.uploaded_by);
}

StatusOr<std::optional<SupplyDocumentRow>> SupplyStore::GetDocument(
    int64_t id, bool with_data) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_,
                   with_data ? "SELECT id, owner, name, content_type, size, "
                               "sha256, uploaded_at, uploaded_by, data FROM "
                               "document WHERE id = $1"
                             : "SELECT id, owner, name, content_type, size, "
                               "sha256, uploaded_at, uploaded_by FROM "
                               "document WHERE id = $1",
                   id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<SupplyDocumentRow>();
  SupplyDocumentRow d;
  sql::Read(*s, 0, d.id, d.owner, d.name, d.content_type, d.size, d.sha256,
            d.uploaded_at, d.uploaded_by);
  if (with_data) d.data_base64 = sql::Text(*s, 8);
  return std::optional<SupplyDocumentRow>(std::move(d));
}

// --- schemes
// ------------------------------------------------------------------

StatusOr<int64_t> SupplyStore::AddScheme(const SchemeRow& r,
                                         const SchemeLinks& links) {
  JJM_ASSIGN_OR_RETURN(
      int64_t id,
      sql::InsertRow(db_, "scheme",
                     "code, name, kind, sanctioned_day, sanction_cost_lakh, "
                     "commissioned_day, agency, status, created_at, "
                     "created_by, updated_at, updated_by",
                     r.code, r.name, r.kind, r.sanctioned_day,
                     r.sanction_cost_lakh, r.commissioned_day, r.agency,
                     r.status, r.created_at, r.created_by, r.created_at,
                     r.created_by));
  for (int64_t v : links.villages) {
    JJM_RETURN_IF_ERROR(
        sql::AddRow(db_, "scheme_village", "scheme_id, village_id", id, v));
  }
  for (int64_t h : links.habitations) {
    JJM_RETURN_IF_ERROR(sql::AddRow(db_, "scheme_habitation",
                                    "scheme_id, habitation_id", id, h));
  }
  for (int64_t s : links.sources) {
    JJM_RETURN_IF_ERROR(
        sql::AddRow(db_, "scheme_source", "scheme_id, source_id", id, s));
  }
  return id;
}

Status SupplyStore::UpdateScheme(int64_t id, const std::string& status,
                                 std::optional<int64_t> commissioned_day,
                                 const std::string& at, const std::string& by) {
  return sql::Run(db_,
                  "UPDATE scheme SET status = $1, commissioned_day = $2, "
                  "updated_at = $3, updated_by = $4 WHERE id = $5",
                  status, commissioned_day, at, by, id);
}

Status SupplyStore::EachScheme(
    const std::function<void(const SchemeRow&)>& fn) {
  return sql::EachRow<SchemeRow>(db_, ReadScheme, fn,
                                 std::string(kSchemeColumns) + " ORDER BY id");
}

StatusOr<std::vector<int64_t>> SupplyStore::PipedVillages(int64_t day) {
  return sql::Numbers(
      db_,
      "SELECT DISTINCT v.village_id FROM scheme_village v JOIN scheme s ON "
      "s.id = v.scheme_id WHERE s.commissioned_day IS NOT NULL AND "
      "s.commissioned_day <= $1 AND s.status <> 'closed' ORDER BY "
      "v.village_id",
      day);
}

Status SupplyStore::EachSchemeLinks(
    const std::function<void(const SchemeLinks&)>& fn) {
  // Three ordered scans merged by scheme id.
  std::vector<SchemeLinks> all;
  auto at = [&](int64_t id) -> SchemeLinks& {
    if (all.empty() || all.back().scheme_id != id) {
      for (auto& l : all) {
        if (l.scheme_id == id) return l;
      }
      all.push_back(SchemeLinks{id, {}, {}, {}});
    }
    return all.back();
  };
  struct Pair {
    int64_t a = 0, b = 0;
  };
  auto read = [](Statement& s, Pair* p) { sql::Read(s, 0, p->a, p->b); };
  void (*reader)(Statement&, Pair*) = read;
  JJM_RETURN_IF_ERROR(sql::EachRow<Pair>(
      db_, reader, [&](const Pair& p) { at(p.a).villages.push_back(p.b); },
      "SELECT scheme_id, village_id FROM scheme_village ORDER BY scheme_id, "
      "village_id"));
  JJM_RETURN_IF_ERROR(sql::EachRow<Pair>(
      db_, reader, [&](const Pair& p) { at(p.a).habitations.push_back(p.b); },
      "SELECT scheme_id, habitation_id FROM scheme_habitation ORDER BY "
      "scheme_id, habitation_id"));
  JJM_RETURN_IF_ERROR(sql::EachRow<Pair>(
      db_, reader, [&](const Pair& p) { at(p.a).sources.push_back(p.b); },
      "SELECT scheme_id, source_id FROM scheme_source ORDER BY scheme_id, "
      "source_id"));
  for (const SchemeLinks& l : all) fn(l);
  return Status::Ok();
}

StatusOr<std::optional<SchemeRow>> SupplyStore::GetScheme(int64_t id) {
  return OneRow<SchemeRow>(db_, ReadScheme,
                           std::string(kSchemeColumns) + " WHERE id = $1", id);
}

StatusOr<std::vector<std::string>> SupplyStore::SchemeSourceCodes(
    int64_t scheme_id) {
  JJM_ASSIGN_OR_RETURN(
      auto s, sql::Prepare(db_,
                           "SELECT w.code FROM scheme_source x JOIN wq_source "
                           "w ON w.id = x.source_id WHERE x.scheme_id = $1 "
                           "ORDER BY w.code",
                           scheme_id));
  std::vector<std::string> out;
  JJM_RETURN_IF_ERROR(
      s->ForEachRow([&](Statement& r) { out.push_back(sql::Text(r, 0)); }));
  return out;
}

StatusOr<std::vector<std::pair<std::string, int64_t>>> SupplyStore::SourceIds(
    const std::vector<std::string>& codes) {
  std::vector<std::pair<std::string, int64_t>> out;
  JJM_ASSIGN_OR_RETURN(
      auto s, db_->Prepare("SELECT id FROM wq_source WHERE code = $1"));
  for (const std::string& c : codes) {
    s->Reset();
    s->BindText(1, c);
    JJM_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) out.emplace_back(c, s->ColumnInt(0));
  }
  return out;
}

StatusOr<int64_t> SupplyStore::AddAsset(const AssetRow& r) {
  return sql::InsertRow(db_, "scheme_asset",
                        "scheme_id, village_id, type, name, capacity, "
                        "capacity_unit, commissioned_day, created_at, "
                        "created_by",
                        r.scheme_id, r.village_id, r.type, OrNull{r.name},
                        r.capacity, OrNull{r.capacity_unit}, r.commissioned_day,
                        r.created_at, r.created_by);
}

StatusOr<std::optional<AssetRow>> SupplyStore::GetAsset(int64_t id) {
  return OneRow<AssetRow>(db_, ReadAsset,
                          std::string(kAssetColumns) + " WHERE id = $1", id);
}

StatusOr<std::vector<AssetRow>> SupplyStore::AssetsOfScheme(int64_t scheme_id) {
  return Rows<AssetRow>(
      db_, ReadAsset,
      std::string(kAssetColumns) + " WHERE scheme_id = $1 ORDER BY id",
      scheme_id);
}

StatusOr<int64_t> SupplyStore::AddAssetCondition(const AssetConditionRow& r) {
  return sql::InsertRow(db_, "scheme_asset_condition",
                        "asset_id, day, condition, note, recorded_at, "
                        "recorded_by",
                        r.asset_id, r.day, r.condition, OrNull{r.note},
                        r.recorded_at, r.recorded_by);
}

StatusOr<std::vector<AssetConditionRow>> SupplyStore::ConditionsOfScheme(
    int64_t scheme_id) {
  return Rows<AssetConditionRow>(
      db_, ReadCondition,
      "SELECT c.id, c.asset_id, c.day, c.condition, c.note, c.recorded_at, "
      "c.recorded_by FROM scheme_asset_condition c JOIN scheme_asset a ON "
      "a.id = c.asset_id WHERE a.scheme_id = $1 ORDER BY c.asset_id, c.day, "
      "c.id",
      scheme_id);
}

StatusOr<int64_t> SupplyStore::AddServiceLevel(const ServiceLevelRow& r) {
  return sql::InsertRow(db_, "service_level",
                        "village_id, day, lpcd, note, recorded_at, recorded_by",
                        r.village_id, r.day, r.lpcd, OrNull{r.note},
                        r.recorded_at, r.recorded_by);
}

StatusOr<std::vector<ServiceLevelRow>> SupplyStore::ServiceLevelsOf(
    int64_t village_id) {
  return Rows<ServiceLevelRow>(
      db_, ReadLevel,
      "SELECT id, village_id, day, lpcd, note, recorded_at, recorded_by FROM "
      "service_level WHERE village_id = $1 ORDER BY day, id",
      village_id);
}

// --- functionality survey
// -------------------------------------------------------

StatusOr<int64_t> SupplyStore::AddRound(const SurveyRoundRow& r) {
  return sql::InsertRow(
      db_, "fa_round",
      "name, period_from, period_to, methodology, place_id, seed, "
      "villages_per_district, households_per_village, frame, frame_day, "
      "created_at, created_by",
      r.name, r.period_from, r.period_to, r.methodology, IdOrNull{r.place_id},
      r.seed, r.villages_per_district, r.households_per_village, r.frame,
      r.frame_day, r.created_at, r.created_by);
}

Status SupplyStore::AddRoundVillages(
    const std::vector<SurveyVillageRow>& rows) {
  JJM_ASSIGN_OR_RETURN(auto s,
                       db_->Prepare(sql::InsertSql(
                           "fa_village",
                           "round_id, village_id, district_id, households, "
                           "probability, weight",
                           6)));
  for (const SurveyVillageRow& r : rows) {
    s->Reset();
    sql::Bind(*s, r.round_id, r.village_id, r.district_id, r.households,
              r.probability, r.weight);
    JJM_RETURN_IF_ERROR(s->Run());
  }
  return Status::Ok();
}

Status SupplyStore::AddRoundHouseholds(
    const std::vector<SurveyHouseholdRow>& rows) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      db_->Prepare(sql::InsertSql(
          "fa_household", "round_id, village_id, household_no, weight", 4)));
  for (const SurveyHouseholdRow& r : rows) {
    s->Reset();
    sql::Bind(*s, r.round_id, r.village_id, r.household_no, r.weight);
    JJM_RETURN_IF_ERROR(s->Run());
  }
  return Status::Ok();
}

Status SupplyStore::EachRound(
    const std::function<void(const SurveyRoundRow&)>& fn) {
  return sql::EachRow<SurveyRoundRow>(
      db_, ReadRound, fn,
      "SELECT id, name, period_from, period_to, methodology, place_id, seed, "
      "villages_per_district, households_per_village, frame, frame_day, "
      "created_at, created_by FROM fa_round ORDER BY id");
}

Status SupplyStore::EachRoundVillage(
    const std::function<void(const SurveyVillageRow&)>& fn) {
  return sql::EachRow<SurveyVillageRow>(
      db_, ReadRoundVillage, fn,
      "SELECT round_id, village_id, district_id, households, probability, "
      "weight FROM fa_village ORDER BY round_id, district_id, village_id");
}

Status SupplyStore::EachRoundHousehold(
    const std::function<void(const SurveyHouseholdRow&)>& fn) {
  return sql::EachRow<SurveyHouseholdRow>(
      db_, ReadRoundHousehold, fn,
      "SELECT round_id, village_id, household_no, weight FROM fa_household "
      "ORDER BY round_id, village_id, household_no");
}

StatusOr<int64_t> SupplyStore::AddResponse(const SurveyResponseRow& r) {
  return sql::InsertRow(
      db_, "fa_response",
      "round_id, village_id, household_no, request_id, tap_present, "
      "water_last_7_days, litres_per_day, household_size, days_per_week, "
      "hours_per_day, promised_days, promised_hours, quality_method, "
      "quality_result, sample_id, day, recorded_at, recorded_by",
      r.round_id, r.village_id, r.household_no, OrNull{r.request_id},
      int64_t{r.tap_present}, int64_t{r.water_last_7_days}, r.litres_per_day,
      r.household_size, r.days_per_week, r.hours_per_day, r.promised_days,
      r.promised_hours, r.quality_method, r.quality_result,
      IdOrNull{r.sample_id}, r.day, r.recorded_at, r.recorded_by);
}

Status SupplyStore::EachResponse(
    const std::function<void(const SurveyResponseRow&)>& fn) {
  return sql::EachRow<SurveyResponseRow>(
      db_, ReadResponse, fn, std::string(kResponseColumns) + " ORDER BY id");
}

StatusOr<std::optional<SurveyResponseRow>> SupplyStore::ResponseByRequestId(
    const std::string& request_id) {
  JJM_ASSIGN_OR_RETURN(
      auto s, sql::Prepare(
                  db_, std::string(kResponseColumns) + " WHERE request_id = $1",
                  request_id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<SurveyResponseRow>();
  SurveyResponseRow r;
  ReadResponse(*s, &r);
  return std::optional<SurveyResponseRow>(std::move(r));
}

StatusOr<int64_t> SupplyStore::SampleId(const std::string& code) {
  return sql::Number(db_, 0, "SELECT id FROM wq_sample WHERE code = $1", code);
}

StatusOr<std::string> SupplyStore::SampleCode(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_, "SELECT code FROM wq_sample WHERE id = $1", id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? sql::Text(*s, 0) : std::string();
}

}  // namespace jjm
