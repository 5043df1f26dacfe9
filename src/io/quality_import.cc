// Imports of labs and of sources, the export of results, and what the
// water-quality importers share (quality_import_internal.h).
#include "io/quality_import.h"

#include <cctype>

#include "base/csv.h"
#include "base/strings.h"
#include "io/csv_rows.h"
#include "io/quality_import_internal.h"
#include "io/table_file.h"

namespace jjm {
namespace qimport {

std::string ColumnKey(std::string_view header) {
  std::string out;
  bool sep = false;
  for (char ch : Trim(header)) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == ' ' || c == '-' || c == '.' || c == '_' || c == '\t') {
      sep = true;
      continue;
    }
    if (sep && !out.empty()) out += '_';
    sep = false;
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

Columns::Columns(const std::vector<std::string_view>& header) {
  for (size_t i = 0; i < header.size(); ++i) {
    std::string_view h = header[i];
    // A byte-order mark before the first header.
    if (i == 0 && h.starts_with("\xEF\xBB\xBF")) h.remove_prefix(3);
    keys_.push_back(ColumnKey(h));
    headers_.emplace_back(Trim(h));
    index_.emplace(keys_.back(), static_cast<int>(i));
  }
}

int Columns::Find(std::initializer_list<std::string_view> names) const {
  for (std::string_view n : names) {
    auto it = index_.find(std::string(n));
    if (it != index_.end()) return it->second;
  }
  return -1;
}

std::string_view Columns::Cell(const std::vector<std::string_view>& row,
                               int c) {
  return c >= 0 && c < static_cast<int>(row.size()) ? Trim(row[c])
                                                    : std::string_view();
}

Status RequireColumns(
    std::initializer_list<std::pair<std::string_view, int>> required,
    std::string_view expected) {
  std::string missing;
  for (const auto& [name, index] : required) {
    if (index < 0) {
      missing += ' ';
      missing += name;
    }
  }
  if (missing.empty()) return Status::Ok();
  return InvalidArgument("missing columns:" + missing + " (expected " +
                             std::string(expected) + ")",
                         "header");
}

void MapField(const Columns& cols, FieldColumns* map, const std::string& field,
              int c) {
  if (c >= 0) (*map)[field] = cols.header(static_cast<size_t>(c));
}

std::string ColumnOf(const FieldColumns& map, const std::string& field) {
  auto it = map.find(field);
  return it == map.end() ? field : it->second;
}

void AddOutcome(const BulkOutcome& out, const std::string& what,
                const FieldColumns& columns, ImportReport* report) {
  for (const ReportRejection& r : out.rejected) {
    report->Reject(r.line, ColumnOf(columns, r.field), r.value, r.reason);
  }
  report->rows_accepted = out.accepted;
  report->committed = out.committed;
  report->Count(what, out.accepted);
  report->SortByRow();
}

}  // namespace qimport

using qimport::Columns;

QualityService::Caller CommandLineCaller(const ImportOptions& opt) {
  QualityService::Caller c;
  c.today = opt.today;
  c.remote = opt.remote;
  c.command_line = true;
  c.actor = opt.recorded_by;
  return c;
}

StatusOr<ImportReport> ImportQualityLabs(QualityService* svc,
                                         const std::string& path,
                                         const ImportOptions& opt) {
  JJM_ASSIGN_OR_RETURN(TableFile file, OpenTableFile(path, opt.sheet));
  CsvReader* reader = file.reader.get();
  std::vector<std::string_view> f;
  JJM_RETURN_IF_ERROR(ReadHeaderRow(reader, &f));
  const Columns cols(f);
  const int c_code = cols.Find({"code", "lab_code", "lab"});
  const int c_name = cols.Find({"name", "lab_name"});
  const int c_level = cols.Find({"level", "lab_level"});
  const int c_place = cols.Find({"place", "place_code", "unit_code"});
  JJM_RETURN_IF_ERROR(qimport::RequireColumns(
      {{"code", c_code},
       {"name", c_name},
       {"level", c_level},
       {"place", c_place}},
      "code,name,level,place[,serves][,parameters][,refers_to]"
      "[,treatment_plant][,nabl_certificate,nabl_valid_from,nabl_valid_to]"));
  const int c_serves = cols.Find({"serves", "places_served"});
  const int c_params = cols.Find({"parameters", "parameters_tested"});
  const int c_refers = cols.Find({"refers_to", "refers_to_lab"});
  const int c_plant = cols.Find({"treatment_plant", "wtp", "wtp_code"});
  const int c_cert = cols.Find({"nabl_certificate", "certificate_no"});
  const int c_from = cols.Find({"nabl_valid_from", "valid_from"});
  const int c_to = cols.Find({"nabl_valid_to", "valid_to"});

  ImportReport report;
  file.Label(&report);
  std::vector<LabInput> labs;
  ProgressTicker ticker(opt);
  while (NextRow(reader, &f, &report)) {
    ++report.rows_read;
    LabInput l;
    l.line = reader->line();
    auto cell = [&](int c) { return std::string(Columns::Cell(f, c)); };
    l.code = cell(c_code);
    l.name = cell(c_name);
    l.level = cell(c_level);
    l.place = cell(c_place);
    l.serves = cell(c_serves);
    l.parameters = cell(c_params);
    l.refers_to = cell(c_refers);
    l.treatment_plant = cell(c_plant);
    l.nabl_certificate = cell(c_cert);
    l.nabl_valid_from = cell(c_from);
    l.nabl_valid_to = cell(c_to);
    labs.push_back(std::move(l));
    ticker.Tick(reader->progress() * 0.5, report.rows_read);
  }
  const bool unreadable = !report.rejections().empty();
  JJM_ASSIGN_OR_RETURN(
      BulkOutcome out,
      svc->RecordLabs(CommandLineCaller(opt), labs,
                      opt.commit && (!unreadable || opt.skip_invalid),
                      opt.skip_invalid, SourceName(path)));
  qimport::FieldColumns fields;
  for (const auto& [field, c] : {std::pair<const char*, int>{"code", c_code},
                                 {"name", c_name},
                                 {"level", c_level},
                                 {"place", c_place},
                                 {"serves", c_serves},
                                 {"parameters", c_params},
                                 {"refers_to", c_refers},
                                 {"treatment_plant", c_plant},
                                 {"nabl_certificate", c_cert},
                                 {"certificate_no", c_cert},
                                 {"nabl_valid_from", c_from},
                                 {"valid_from", c_from},
                                 {"nabl_valid_to", c_to},
                                 {"valid_to", c_to}}) {
    qimport::MapField(cols, &fields, field, c);
  }
  qimport::AddOutcome(out, "labs", fields, &report);
  return report;
}

StatusOr<ImportReport> ImportQualitySources(QualityService* svc,
                                            const std::string& path,
                                            const ImportOptions& opt) {
  JJM_ASSIGN_OR_RETURN(TableFile file, OpenTableFile(path, opt.sheet));
  CsvReader* reader = file.reader.get();
  std::vector<std::string_view> f;
  JJM_RETURN_IF_ERROR(ReadHeaderRow(reader, &f));
  const Columns cols(f);
  const int c_code = cols.Find({"code", "source_code", "source"});
  const int c_village = cols.Find({"village", "village_code"});
  const int c_type = cols.Find({"type", "source_type"});
  JJM_RETURN_IF_ERROR(qimport::RequireColumns(
      {{"code", c_code}, {"village", c_village}, {"type", c_type}},
      "code,village,type[,habitation][,name][,scheme][,has_alternate]"
      "[,latitude,longitude][,created_on]"));
  const int c_hab = cols.Find({"habitation", "habitation_code"});
  const int c_name = cols.Find({"name", "source_name"});
  const int c_scheme = cols.Find({"scheme", "scheme_code", "scheme_name"});
  const int c_alt = cols.Find({"has_alternate", "alternate_source"});
  const int c_lat = cols.Find({"latitude", "lat"});
  const int c_lon = cols.Find({"longitude", "lon", "lng"});
  const int c_created = cols.Find({"created_on", "since"});

  ImportReport report;
  file.Label(&report);
  std::vector<SourceInput> sources;
  ProgressTicker ticker(opt);
  while (NextRow(reader, &f, &report)) {
    ++report.rows_read;
    SourceInput s;
    s.line = reader->line();
    auto cell = [&](int c) { return std::string(Columns::Cell(f, c)); };
    s.code = cell(c_code);
    s.village = cell(c_village);
    s.habitation = cell(c_hab);
    s.type = cell(c_type);
    s.name = cell(c_name);
    s.scheme = cell(c_scheme);
    s.has_alternate = cell(c_alt);
    s.latitude = cell(c_lat);
    s.longitude = cell(c_lon);
    s.created_on = cell(c_created);
    sources.push_back(std::move(s));
    ticker.Tick(reader->progress() * 0.5, report.rows_read);
  }
  const bool unreadable = !report.rejections().empty();
  JJM_ASSIGN_OR_RETURN(
      BulkOutcome out,
      svc->RecordSources(CommandLineCaller(opt), sources,
                         opt.commit && (!unreadable || opt.skip_invalid),
                         opt.skip_invalid, SourceName(path)));
  qimport::FieldColumns fields;
  for (const auto& [field, c] : {std::pair<const char*, int>{"code", c_code},
                                 {"village", c_village},
                                 {"habitation", c_hab},
                                 {"type", c_type},
                                 {"name", c_name},
                                 {"scheme", c_scheme},
                                 {"has_alternate", c_alt},
                                 {"latitude", c_lat},
                                 {"longitude", c_lon},
                                 {"created_on", c_created}}) {
    qimport::MapField(cols, &fields, field, c);
  }
  qimport::AddOutcome(out, "sources", fields, &report);
  return report;
}

StatusOr<ExportStats> ExportQualityResults(QualityService* svc,
                                           const std::string& path,
                                           const std::string& place,
                                           const QualityService::Caller& c) {
  JJM_ASSIGN_OR_RETURN(auto w, CsvWriter::Create(path));
  ExportStats st;
  bool header = true;
  std::string line;
  Status s = svc->ExportResults(c, place, [&](const std::string& row) {
    line.assign(row);
    if (line.empty() || line.back() != '\n') line += '\n';
    w->Raw(line);
    if (!header) ++st.rows;
    header = false;
  });
  if (!s.ok()) return s;
  JJM_RETURN_IF_ERROR(w->Close());
  return st;
}

}  // namespace jjm
