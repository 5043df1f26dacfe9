#include "io/csv_rows.h"

namespace jjm {

std::string SourceName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Status ReadHeaderRow(CsvReader* reader, std::vector<std::string_view>* fields) {
  JJM_ASSIGN_OR_RETURN(bool has_header, reader->Next(fields));
  if (!has_header) return InvalidArgument("the file is empty", "file");
  return Status::Ok();
}

bool NextRow(CsvReader* reader, std::vector<std::string_view>* fields,
             ImportReport* report, std::string_view column) {
  StatusOr<bool> more = reader->Next(fields);
  if (!more.ok()) {
    report->Reject(reader->line(), column, "", more.status().message());
    return false;
  }
  return *more;
}

}  // namespace jjm
