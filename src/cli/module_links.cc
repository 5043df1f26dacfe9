#include "cli/module_links.h"

#include <nlohmann/json.hpp>

namespace jjm {

SupplyService::SampleVerdictFn SampleVerdictsOf(QualityService* q) {
  return
      [q](const std::string& code) -> StatusOr<SupplyService::SampleVerdict> {
        JJM_ASSIGN_OR_RETURN(int64_t id, q->SampleIdOf(code));
        QualityService::Caller c;  // the public view: values and grades only
        JJM_ASSIGN_OR_RETURN(Json j, q->GetSample(c, id));
        SupplyService::SampleVerdict v;
        if (j["village"].is_object()) {
          v.village = j["village"]["code"].get<std::string>();
        }
        v.final = j["status"] == "final";
        v.safe = v.final && j["alerts"].empty();
        return v;
      };
}

}  // namespace jjm
