// TEMPORARY (helper q1): Surveillance and Report are the lead's, on top of
// quality_internal.h; these stand-ins keep the build linking until the
// lead's file replaces this one.
#include "quality/quality_internal.h"

namespace jjm {

StatusOr<Json> QualityService::Surveillance(const Caller&, const std::string&,
                                            const std::string&) {
  return Status(StatusCode::kUnavailable,
                "surveillance is not implemented yet");
}

StatusOr<Json> QualityService::Report(const Caller&, const std::string&,
                                      const std::string&, const std::string&) {
  return Status(StatusCode::kUnavailable, "reports are not implemented yet");
}

}  // namespace jjm
