// SQL for water supply (migration 007): Har Ghar Jal status steps and the
// Gram Sabha's documents, schemes with the villages, habitations and
// sources they serve, their assets and the assets' conditions, service
// levels, and functionality survey rounds with their draws and responses.
// The only place where supply SQL is written.  Days are whole days since
// 1970-01-01; ids of 0 and empty texts are NULL in the store.
//
// Status steps, conditions, service levels, draws and responses are only
// ever inserted (the migration's triggers refuse any other change); a
// scheme's status and commissioning day may change (UpdateScheme).
// Documents are rows of the shared `document` table, never changed.
#ifndef JJM_STORE_SUPPLY_STORE_H_
#define JJM_STORE_SUPPLY_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace jjm {

struct HgjEventRow {
  int64_t id = 0, village_id = 0;
  std::string status;  // reported, submitted, certified, returned
  int64_t day = 0;
  std::string reason;
  std::optional<int64_t> gram_sabha_day;
  std::string resolution_no;
  int64_t resolution_document_id = 0, video_document_id = 0;
  std::string recorded_at, recorded_by;
};

struct SupplyDocumentRow {
  int64_t id = 0;
  std::string owner;  // "hgj:<village id>"
  std::string name, content_type;
  int64_t size = 0;
  std::string sha256;
  std::string data_base64;  // empty unless asked for
  std::string uploaded_at, uploaded_by;
};

struct SchemeRow {
  int64_t id = 0;
  std::string code, name, kind;  // kind: single_village, multi_village
  int64_t sanctioned_day = 0;
  double sanction_cost_lakh = 0;
  std::optional<int64_t> commissioned_day;
  std::string agency, status;
  std::string created_at, created_by, updated_at, updated_by;
};

// A scheme with whom it serves (ids), as loaded at start-up.
struct SchemeLinks {
  int64_t scheme_id = 0;
  std::vector<int64_t> villages, habitations, sources;
};

struct AssetRow {
  int64_t id = 0, scheme_id = 0, village_id = 0;
  std::string type, name;
  std::optional<double> capacity;
  std::string capacity_unit;
  std::optional<int64_t> commissioned_day;
  std::string created_at, created_by;
};

struct AssetConditionRow {
  int64_t id = 0, asset_id = 0, day = 0;
  std::string condition, note, recorded_at, recorded_by;
};

struct ServiceLevelRow {
  int64_t id = 0, village_id = 0, day = 0;
  double lpcd = 0;
  std::string note, recorded_at, recorded_by;
};

struct SurveyRoundRow {
  int64_t id = 0;
  std::string name;
  int64_t period_from = 0, period_to = 0;
  std::string methodology;
  int64_t place_id = 0;  // 0: India (NULL in fa_round)
  int64_t seed = 0;
  int64_t villages_per_district = 0, households_per_village = 0;
  std::string frame;  // reported, all
  int64_t frame_day = 0;
  std::string created_at, created_by;
};

struct SurveyVillageRow {
  int64_t round_id = 0, village_id = 0, district_id = 0, households = 0;
  double probability = 0, weight = 0;
};

struct SurveyHouseholdRow {
  int64_t round_id = 0, village_id = 0, household_no = 0;
  double weight = 0;
};

struct SurveyResponseRow {
  int64_t id = 0, round_id = 0, village_id = 0, household_no = 0;
  std::string request_id;
  bool tap_present = false, water_last_7_days = false;
  double litres_per_day = 0;
  int64_t household_size = 1, days_per_week = 0;
  double hours_per_day = 0;
  int64_t promised_days = 7;
  double promised_hours = 0;
  std::string quality_method, quality_result;  // ftk|lab, safe|unsafe
  int64_t sample_id = 0;
  int64_t day = 0;
  std::string recorded_at, recorded_by;
};

class SupplyStore {
 public:
  explicit SupplyStore(Db* db) : db_(db) {}
  Db* db() const { return db_; }

  // Har Ghar Jal.
  StatusOr<int64_t> AddHgjEvent(const HgjEventRow& r);
  // Every step, in id order (start-up).
  Status EachHgjEvent(const std::function<void(const HgjEventRow&)>& fn);
  StatusOr<std::vector<HgjEventRow>> HgjEventsOf(int64_t village_id);
  StatusOr<int64_t> AddDocument(const SupplyDocumentRow& r);  // data_base64 set
  // A document, with its data when `with_data`; nullopt if none.
  StatusOr<std::optional<SupplyDocumentRow>> GetDocument(int64_t id,
                                                         bool with_data);

  // Schemes.
  StatusOr<int64_t> AddScheme(const SchemeRow& r, const SchemeLinks& links);
  Status UpdateScheme(int64_t id, const std::string& status,
                      std::optional<int64_t> commissioned_day,
                      const std::string& at, const std::string& by);
  Status EachScheme(const std::function<void(const SchemeRow&)>& fn);
  Status EachSchemeLinks(const std::function<void(const SchemeLinks&)>& fn);
  // The villages served by a scheme commissioned on or before `day` and
  // not closed, ascending, each once.
  StatusOr<std::vector<int64_t>> PipedVillages(int64_t day);
  StatusOr<std::optional<SchemeRow>> GetScheme(int64_t id);
  // Codes of the sources (water quality's register) a scheme draws on.
  StatusOr<std::vector<std::string>> SchemeSourceCodes(int64_t scheme_id);
  // The source ids with these codes (missing codes are left out).
  StatusOr<std::vector<std::pair<std::string, int64_t>>> SourceIds(
      const std::vector<std::string>& codes);
  StatusOr<int64_t> AddAsset(const AssetRow& r);
  StatusOr<std::optional<AssetRow>> GetAsset(int64_t id);
  StatusOr<std::vector<AssetRow>> AssetsOfScheme(int64_t scheme_id);
  StatusOr<int64_t> AddAssetCondition(const AssetConditionRow& r);
  // Conditions of a scheme's assets, by asset then day then id.
  StatusOr<std::vector<AssetConditionRow>> ConditionsOfScheme(
      int64_t scheme_id);
  StatusOr<int64_t> AddServiceLevel(const ServiceLevelRow& r);
  StatusOr<std::vector<ServiceLevelRow>> ServiceLevelsOf(int64_t village_id);

  // Functionality survey.
  StatusOr<int64_t> AddRound(const SurveyRoundRow& r);
  Status AddRoundVillages(const std::vector<SurveyVillageRow>& rows);
  Status AddRoundHouseholds(const std::vector<SurveyHouseholdRow>& rows);
  Status EachRound(const std::function<void(const SurveyRoundRow&)>& fn);
  Status EachRoundVillage(
      const std::function<void(const SurveyVillageRow&)>& fn);
  Status EachRoundHousehold(
      const std::function<void(const SurveyHouseholdRow&)>& fn);
  StatusOr<int64_t> AddResponse(const SurveyResponseRow& r);
  // Every response in id order (later ones supersede earlier ones).
  Status EachResponse(const std::function<void(const SurveyResponseRow&)>& fn);
  // The response written with this request id, if any.
  StatusOr<std::optional<SurveyResponseRow>> ResponseByRequestId(
      const std::string& request_id);
  // A sample's id by code (water quality's), 0 if none.
  StatusOr<int64_t> SampleId(const std::string& code);
  StatusOr<std::string> SampleCode(int64_t id);

 private:
  Db* db_;
};

}  // namespace jjm

#endif  // JJM_STORE_SUPPLY_STORE_H_
