#include "io/table_file.h"

#include "io/xlsx_reader.h"

namespace jjm {
namespace {

TableFile FromSheet(XlsxSheet s) {
  TableFile out;
  out.sheet = s.name;
  auto first = CsvReader::FromString(s.csv);
  std::vector<std::string_view> f;
  StatusOr<bool> has = first->Next(&f);
  if (has.ok() && *has) out.header.assign(f.begin(), f.end());
  out.reader = CsvReader::FromOwned(std::move(s.csv), std::move(s.rows));
  return out;
}

}  // namespace

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
  return FromSheet(std::move(s));
}

StatusOr<TableFile> OpenTableBytes(std::string bytes, const std::string& name,
                                   const std::string& sheet) {
  if (!IsXlsxBytes(bytes)) {
    if (!sheet.empty()) {
      return InvalidArgument(
          "sheet is for Excel workbooks; '" + name + "' is not one", "sheet");
    }
    TableFile out;
    out.reader = CsvReader::FromOwned(std::move(bytes), {});
    return out;
  }
  JJM_ASSIGN_OR_RETURN(XlsxSheet s, ReadXlsxSheetFromBytes(bytes, name, sheet));
  return FromSheet(std::move(s));
}

}  // namespace jjm
