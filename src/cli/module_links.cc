#include "cli/module_links.h"

#include <nlohmann/json.hpp>

namespace jjm {
namespace {

struct Verdict {
  std::string village;
  bool final = false;
  bool safe = false;
};

// The public view of the sample (values and grades only): its village,
// final or not, and safe when final and it opened no alert.
StatusOr<Verdict> VerdictOf(QualityService* q, const std::string& code) {
  JJM_ASSIGN_OR_RETURN(int64_t id, q->SampleIdOf(code));
  QualityService::Caller c;
  JJM_ASSIGN_OR_RETURN(Json j, q->GetSample(c, id));
  Verdict v;
  if (j["village"].is_object()) {
    v.village = j["village"]["code"].get<std::string>();
  }
  v.final = j["status"] == "final";
  v.safe = v.final && j["alerts"].empty();
  return v;
}

}  // namespace

SupplyService::SampleVerdictFn SampleVerdictsOf(QualityService* q) {
  return
      [q](const std::string& code) -> StatusOr<SupplyService::SampleVerdict> {
        JJM_ASSIGN_OR_RETURN(Verdict v, VerdictOf(q, code));
        SupplyService::SampleVerdict out;
        out.village = v.village;
        out.final = v.final;
        out.safe = v.safe;
        return out;
      };
}

OperationsService::SampleVerdictFn ComplaintSampleVerdictsOf(
    QualityService* q) {
  return [q](const std::string& code)
             -> StatusOr<OperationsService::SampleVerdict> {
    JJM_ASSIGN_OR_RETURN(Verdict v, VerdictOf(q, code));
    OperationsService::SampleVerdict out;
    out.village = v.village;
    out.final = v.final;
    out.safe = v.safe;
    return out;
  };
}

ReportsService::ModuleReportFn QualityReportsOf(QualityService* quality) {
  return [quality](const std::string& name, const std::string& place,
                   const std::string& as_of) -> StatusOr<Json> {
    QualityService::Caller c;  // the public: these formats are public
    return quality->Report(c, name, place, as_of);
  };
}

ReportsService::PipedVillagesFn PipedVillagesOf(SupplyService* supply) {
  return [supply](Date day) { return supply->PipedVillages(day); };
}

}  // namespace jjm
