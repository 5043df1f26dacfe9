#include "io/table_file.h"

#include "io/xlsx_reader.h"

namespace jjm {

StatusOr<TableFile> OpenTableFile(const std::string& path,
                                  const std::string& sheet) {
  TableFile out;
  if (!LooksLikeXlsx(path)) {
    if (!sheet.empty()) {
      return InvalidArgument(
          "--sheet is for Excel workbooks; '" + path + "' is not one", "sheet");
    }
    JJM_ASSIGN_OR_RETURN(out.reader, CsvReader::Open(path));
    return out;
  }
  JJM_ASSIGN_OR_RETURN(XlsxSheet s, ReadXlsxSheet(path, sheet));
  out.sheet = s.name;
  auto first = CsvReader::FromString(s.csv);
  std::vector<std::string_view> f;
  StatusOr<bool> has = first->Next(&f);
  if (has.ok() && *has) out.header.assign(f.begin(), f.end());
  out.reader = CsvReader::FromOwned(std::move(s.csv), std::move(s.rows));
  return out;
}

}  // namespace jjm
