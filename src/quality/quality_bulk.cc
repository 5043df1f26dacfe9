// Lab reports, labs and sources in bulk; export of results.
#include "quality/quality_internal.h"

namespace jjm {

StatusOr<BulkOutcome> QualityService::RecordLabReports(
    const Caller&, const std::vector<LabReportInput>&, bool, bool,
    const std::string&) {
  return Status(StatusCode::kUnavailable, "not yet");
}
StatusOr<BulkOutcome> QualityService::RecordLabs(const Caller&,
                                                 const std::vector<LabInput>&,
                                                 bool, bool,
                                                 const std::string&) {
  return Status(StatusCode::kUnavailable, "not yet");
}
StatusOr<BulkOutcome> QualityService::RecordSources(
    const Caller&, const std::vector<SourceInput>&, bool, bool,
    const std::string&) {
  return Status(StatusCode::kUnavailable, "not yet");
}
Status QualityService::ExportResults(
    const Caller&, const std::string&,
    const std::function<void(const std::string&)>&) {
  return Status(StatusCode::kUnavailable, "not yet");
}

}  // namespace jjm
