// Water supply as delivered: Har Ghar Jal reported and certified, piped
// water supply schemes with their villages and assets, each village's
// service level, and the functionality assessment as a survey, with live
// roll-ups for any place and date.
//
// Requests and answers are JSON documents, checked field by field here;
// errors name the field.  Every write runs in one transaction with its
// audit row and, once committed, is in the roll-ups before the call
// returns.
//
// Who may do what (stated in accounts/roles.h):
//   - anyone: Har Ghar Jal summaries, a village's status with its
//     history and documents, schemes and assets, service levels, survey
//     rounds and their results;
//   - block, district and state officers of the place (kReportHgj):
//     report a village Har Ghar Jal;
//   - officers and the village's vwsc_operator (kCertifyHgj): upload the
//     Gram Sabha's resolution and video, submit the certification;
//   - district officers of the village, and national administrators
//     (kReviewHgj): accept or return it;
//   - officers (kManageSchemes): schemes and assets; officers and the
//     village's vwsc_operator (kRecordSupply): asset conditions and
//     service levels;
//   - national administrators and state officers (kManageSurveys): survey
//     rounds; surveyors and officers of the district (kRecordSurvey):
//     surveyed households;
//   - signed-in users whose scope holds the village (kReadInternal): who
//     made each step, and the certification queue.
//
// Thread-safe.  Locks, in this order: the supply write lock (one write at
// a time, first check to commit and roll-ups; guards the write
// connection), the coverage service's read lock, then the supply roll-ups'
// lock (shared by readers, exclusive to apply a change).  The coverage
// service calls back (its change listener) with its own write lock held
// and its read lock free; the callback takes only the roll-ups' lock.
#ifndef JJM_SUPPLY_SUPPLY_SERVICE_H_
#define JJM_SUPPLY_SUPPLY_SERVICE_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "accounts/roles.h"
#include "base/date.h"
#include "base/status.h"
#include "coverage/coverage_service.h"
#include "store/db.h"

namespace jjm {

using Json = nlohmann::json;

// Limits on the Gram Sabha's files.
inline constexpr size_t kMaxResolutionBytes = 5u << 20;  // 5 MiB
inline constexpr size_t kMaxVideoBytes = 48u << 20;      // 48 MiB

// A stored document as served.
struct SupplyDocument {
  std::string name, content_type, sha256;
  std::string bytes;
};

class SupplyService {
 public:
  // Loads every status step, scheme and survey, and registers for the
  // coverage figures' changes.  Opens its own connections to `db`'s
  // database when it can.
  static StatusOr<std::unique_ptr<SupplyService>> Open(
      Db* db, CoverageService* coverage, std::FILE* log = nullptr);
  ~SupplyService();

  struct Caller {
    const Principal* principal = nullptr;  // null: the public
    std::string remote;
    Date today = Date::TodayIst();
    // The command line (demo data), which may write anywhere, audited as
    // `actor` ("cli:NAME").  Never set by the HTTP layer.
    bool command_line = false;
    std::string actor;
  };

  // --- Har Ghar Jal ---------------------------------------------------------
  // The place and each place one level below, on `as_of` (default today):
  // villages, full coverage by the figures, reported, submitted, returned,
  // certified, the gap (reported - certified), reverted.  Public.
  // GET /hgj/summary?place=&as_of=
  StatusOr<Json> HgjSummary(const Caller& c, const std::string& place,
                            const std::string& as_of);
  // The same answer serialised, written straight from the roll-ups (no
  // JSON tree: the HTTP route's hot path).
  StatusOr<std::string> HgjSummaryText(const Caller& c,
                                       const std::string& place,
                                       const std::string& as_of);
  // A village's status on `as_of` with the reason, its readiness (the
  // figures and what is missing), its certification, and its history.
  // Public; who made each step only for callers in scope.
  // GET /hgj/villages/{code}
  StatusOr<Json> HgjVillage(const Caller& c, const std::string& village,
                            const std::string& as_of);
  // {"note"?}: refused (422, reason "not_full_coverage") naming what is
  // missing unless every household, school and anganwadi has a tap.
  StatusOr<Json> ReportHgj(const Caller& c, const std::string& village,
                           const Json& body);
  // The Gram Sabha's resolution (PDF, JPEG or PNG, up to 5 MiB) or video
  // (MP4, WebM or 3GP, up to 48 MiB), its type checked by its bytes.
  StatusOr<Json> UploadDocument(const Caller& c, const std::string& village,
                                const std::string& kind,
                                const std::string& content_type,
                                const std::string& name,
                                const std::string& bytes);
  // A document of a village's certification.  Public.
  StatusOr<SupplyDocument> GetDocument(const Caller& c, int64_t id);
  // {"gram_sabha_on","resolution_no","resolution_document","video_document"}
  StatusOr<Json> SubmitCertification(const Caller& c,
                                     const std::string& village,
                                     const Json& body);
  // {"decision":"accept"|"return","reason"?}
  StatusOr<Json> ReviewCertification(const Caller& c,
                                     const std::string& village,
                                     const Json& body);
  // {"place"?,"status"?: ready|reported|submitted|returned|certified|
  // in_progress, "limit"?}: villages of the caller's places in that
  // status today, with counts of each.  Signed in.
  StatusOr<Json> HgjQueue(const Caller& c, const Json& query);

  // --- schemes and assets ---------------------------------------------------
  // {"place"?|"village"?}.  Public.
  StatusOr<Json> ListSchemes(const Caller& c, const Json& query);
  // The villages with piped water supply on `day`: served by a scheme
  // commissioned by then and not closed (Format J3's PWS villages).
  StatusOr<std::vector<int64_t>> PipedVillages(Date day);
  StatusOr<Json> GetScheme(const Caller& c, int64_t id);
  // {"code","name","kind","villages":[codes],"habitations"?,"sources"?,
  //  "sanctioned_on","sanction_cost_lakh","commissioned_on"?,"agency",
  //  "status"?}
  StatusOr<Json> CreateScheme(const Caller& c, const Json& body);
  // {"status","commissioned_on"?}
  StatusOr<Json> UpdateScheme(const Caller& c, int64_t id, const Json& body);
  // {"type","village","name"?,"capacity"?,"capacity_unit"?,
  //  "commissioned_on"?,"condition"?}
  StatusOr<Json> AddAsset(const Caller& c, int64_t scheme_id, const Json& body);
  // {"on","condition","note"?}
  StatusOr<Json> AddAssetCondition(const Caller& c, int64_t asset_id,
                                   const Json& body);
  // A village's status, schemes with assets, and service level over time
  // (scheme records and survey figures).  Public.
  StatusOr<Json> VillageSupply(const Caller& c, const std::string& village,
                               const std::string& as_of);
  // {"on","lpcd","note"?}
  StatusOr<Json> AddServiceLevel(const Caller& c, const std::string& village,
                                 const Json& body);

  // --- functionality survey -------------------------------------------------
  // {"name","period_from","period_to","methodology","place"?,"seed",
  //  "villages_per_district","households_per_village","frame"?}: draws
  //  the sample at once.
  StatusOr<Json> CreateRound(const Caller& c, const Json& body);
  StatusOr<Json> ListRounds(const Caller& c);
  // {"district"?}: the round and its villages.
  StatusOr<Json> GetRound(const Caller& c, int64_t id, const Json& query);
  // The households drawn in a village with what was recorded.
  StatusOr<Json> RoundVillage(const Caller& c, int64_t id,
                              const std::string& village);
  // {"request_id"?,"village","household_no","tap_present",
  //  "water_last_7_days","litres_per_day","household_size","days_per_week",
  //  "hours_per_day","promised_days_per_week"?,"promised_hours_per_day"?,
  //  "quality":{"method","result"|"sample"},"on"?}
  StatusOr<Json> RecordHousehold(const Caller& c, int64_t id, const Json& body);
  // Weighted estimates with 95% intervals for `place` and each place one
  // level below.  Public.
  StatusOr<Json> Results(const Caller& c, int64_t id, const std::string& place);
  // The same answer serialised straight from the sums (the HTTP route).
  StatusOr<std::string> ResultsText(const Caller& c, int64_t id,
                                    const std::string& place);

  // The dashboard's side-by-side figures of a place on a day: Har Ghar Jal
  // reported and certified, and the latest round's estimates.  Public.
  StatusOr<Json> Headline(const Caller& c, const std::string& place,
                          const std::string& as_of);

  // What the water-quality module says of a sample: its village (code),
  // whether it is final, and whether it is safe (final, and it opened no
  // alert).  Set before serving (the server links the two modules; without
  // it a surveyor's lab sample is recorded with the result they give).
  struct SampleVerdict {
    std::string village;
    bool final = false;
    bool safe = false;
  };
  using SampleVerdictFn =
      std::function<StatusOr<SampleVerdict>(const std::string& code)>;
  void SetSampleVerdict(SampleVerdictFn fn);

  // Demo data (before serving): Har Ghar Jal steps for the villages
  // with full coverage, schemes and assets, service levels, and a survey
  // round resembling the published 2024 assessment (supply_demo.cc).
  Status SeedDemo(uint64_t seed, Date today, std::FILE* log);

  class Impl;

 private:
  explicit SupplyService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jjm

#endif  // JJM_SUPPLY_SUPPLY_SERVICE_H_
