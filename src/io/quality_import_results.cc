// Import of lab results (quality_import.h): both layouts, read into
// LabReportInput samples and recorded through
// QualityService::RecordLabReports in chunks.
//
// A file of up to ChunkSamples() samples is checked and written in one call
// (one transaction).  A larger one is checked chunk by chunk without
// writing, and then, when it may be written, read again and written chunk
// by chunk: its samples never depend on each other (a sample twice in a
// file is rejected here), so the checks of the first reading hold for the
// second.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "base/csv.h"
#include "base/strings.h"
#include "io/csv_rows.h"
#include "io/quality_import.h"
#include "io/quality_import_internal.h"
#include "io/table_file.h"

namespace jjm {
namespace {

using qimport::Columns;

// Samples per call of the service (about 2 KB each in memory); tests make
// it smaller through JJM_QUALITY_IMPORT_CHUNK.
size_t ChunkSamples() {
  static const size_t n = [] {
    const char* env = std::getenv("JJM_QUALITY_IMPORT_CHUNK");
    const auto v = env != nullptr ? ParseInt(env) : std::nullopt;
    return v && *v > 0 ? static_cast<size_t>(*v) : size_t{250000};
  }();
  return n;
}

// A parameter name as a key: lower case letters and digits only.
std::string ParamKey(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

// The names a file may give a parameter: its code, its English name with
// or without the "(as F)", its Hindi name, and common short names.
class ParameterNames {
 public:
  explicit ParameterNames(const Standard& st) {
    for (const Parameter& p : st.parameters()) {
      Add(p.code, &p);
      Add(p.name_en, &p);
      const size_t paren = p.name_en.find(" (");
      if (paren != std::string::npos) Add(p.name_en.substr(0, paren), &p);
      if (!p.name_hi.empty()) hindi_.emplace(std::string(Trim(p.name_hi)), &p);
    }
    static constexpr std::pair<const char*, const char*> kAliases[] = {
        {"frc", "free_residual_chlorine"},
        {"residual chlorine", "free_residual_chlorine"},
        {"chlorine", "free_residual_chlorine"},
        {"rc", "free_residual_chlorine"},
        {"hardness", "total_hardness"},
        {"alkalinity", "total_alkalinity"},
        {"chromium", "total_chromium"},
        {"dissolved solids", "tds"},
        {"ecoli", "e_coli"},
        {"thermotolerant coliform", "e_coli"},
        {"faecal coliform", "e_coli"},
        {"fecal coliform", "e_coli"},
        {"coliform", "total_coliform"},
        {"total coliforms", "total_coliform"},
        {"h2s", "total_coliform"},
        {"h2s vial", "total_coliform"},
        {"no3", "nitrate"},
        {"so4", "sulphate"},
        {"sulfate", "sulphate"},
        {"color", "colour"},
    };
    for (const auto& [alias, code] : kAliases) {
      if (const Parameter* p = st.ParameterByCode(code)) Add(alias, p);
    }
  }

  const Parameter* Find(std::string_view name) const {
    auto it = map_.find(ParamKey(name));
    if (it != map_.end()) return it->second;
    auto h = hindi_.find(std::string(Trim(name)));
    return h == hindi_.end() ? nullptr : h->second;
  }

 private:
  void Add(std::string_view name, const Parameter* p) {
    std::string k = ParamKey(name);
    if (!k.empty()) map_.emplace(std::move(k), p);
  }
  std::unordered_map<std::string, const Parameter*> map_;
  std::unordered_map<std::string, const Parameter*> hindi_;
};

// A header or parameter cell as a parameter and the unit it gives:
// "pH", "fluoride (mg/l)", "Fluoride (as F) mg/L", "Total coliform per 100
// ml".  Null when no parameter is named.
const Parameter* SplitParameter(const ParameterNames& names,
                                std::string_view text, std::string* unit) {
  const std::string_view h = Trim(text);
  unit->clear();
  if (const Parameter* p = names.Find(h)) return p;
  const char close = h.empty() ? 0 : h.back();
  if (close == ')' || close == ']') {
    const size_t open = h.rfind(close == ')' ? '(' : '[');
    if (open != std::string_view::npos && open > 0) {
      if (const Parameter* p = names.Find(h.substr(0, open))) {
        *unit = std::string(Trim(h.substr(open + 1, h.size() - open - 2)));
        return p;
      }
    }
  }
  for (size_t i = h.rfind(' '); i != std::string_view::npos && i > 0;
       i = h.rfind(' ', i - 1)) {
    if (const Parameter* p = names.Find(h.substr(0, i))) {
      std::string_view u = Trim(h.substr(i + 1));
      if (u.size() >= 2 && (u.front() == '(' || u.front() == '[')) {
        u = u.substr(1, u.size() - 2);
      }
      *unit = std::string(Trim(u));
      return p;
    }
    if (i == 0) break;
  }
  return nullptr;
}

std::string Lower(std::string_view s) {
  std::string out(Trim(s));
  for (char& c : out) c = static_cast<char>(std::tolower(c));
  return out;
}

bool IsPresenceUnit(std::string_view unit) {
  const std::string u = ParamKey(unit);
  return u == "pa" || u == "presenceabsence" || u == "presentabsent" ||
         u == "presence" || u == "h2s";
}

// The unit to record for `p` when a file writes `unit`, or "" with
// `reason` set when the parameter does not take it on `day`.
std::string UnitFor(const Standard& st, const Parameter& p,
                    std::string_view unit, Date day, std::string* reason) {
  const StandardVersion* v = st.InForce(day);
  const Limit* lim = v != nullptr ? v->LimitOf(p.id) : nullptr;
  if (lim == nullptr) {
    *reason = "unknown parameter: " + p.code + " has no limit in " +
              (v != nullptr ? v->code : std::string("the standard"));
    return "";
  }
  if (Trim(unit).empty() || NormaliseUnit(unit) == NormaliseUnit(lim->unit) ||
      (lim->kind == LimitKind::kAbsent && IsPresenceUnit(unit))) {
    return lim->unit;
  }
  *reason = "wrong unit: " + p.code + " is measured in " + lim->unit +
            ", not " + std::string(Trim(unit));
  return "";
}

// A result cell as the service takes it: a number, "absent" or "present".
// Returns the reason when the cell cannot be read.
std::string ReadValue(std::string_view cell, const Parameter& p,
                      std::string* out) {
  const bool presence_test = p.family == ParameterFamily::kBacteriological;
  cell = Trim(cell);
  if (!cell.empty() &&
      (std::isdigit(static_cast<unsigned char>(cell[0])) || cell[0] == '.')) {
    // The usual case, a number.
    std::optional<double> d = ParseDecimal(cell);
    if (!d || !std::isfinite(*d)) return "not a number";
    out->assign(cell);
    return "";
  }
  const std::string v = Lower(cell);
  if (v == "absent" || v == "nil" || v == "not detected" || v == "nd" ||
      v == "bdl" || v == "not detectable" || v == "negative" || v == "-ve") {
    *out = presence_test ? "absent" : "0";
    return "";
  }
  if (v == "present" || v == "detected" || v == "positive" || v == "+ve") {
    if (!presence_test) {
      return "not a number: " + p.code + " takes a measured value";
    }
    *out = "present";
    return "";
  }
  std::string_view num = v;
  if (num.starts_with('<')) num = Trim(num.substr(1));  // below detection
  std::optional<double> d = ParseDecimal(num);
  if (!d || !std::isfinite(*d)) return "not a number";
  if (*d < 0) return "must not be negative";
  *out = std::string(num);
  return "";
}

std::optional<bool> ParseYesNo(std::string_view s) {
  const std::string v = Lower(s);
  if (v.empty() || v == "no" || v == "n" || v == "0" || v == "false") {
    return false;
  }
  if (v == "yes" || v == "y" || v == "1" || v == "true") return true;
  return std::nullopt;
}

// Columns that describe a sample, and columns a lab's file may carry that
// are read by people, not by jjm.
struct SampleColumns {
  int code, lab, source, village, point_kind, method, collected_on, tested_on,
      collected_by, tested_by, chlorinated;
  explicit SampleColumns(const Columns& c)
      : code(c.Find({"sample_code", "sample", "sample_id", "sample_no",
                     "sample_number"})),
        lab(c.Find({"lab", "lab_code"})),
        source(c.Find({"source", "source_code"})),
        village(c.Find({"village", "village_code"})),
        point_kind(c.Find({"point_kind", "sampling_point", "point"})),
        method(c.Find({"method", "test_method"})),
        collected_on(c.Find({"collected_on", "collection_date",
                             "date_of_collection", "sampled_on"})),
        tested_on(c.Find({"tested_on", "test_date", "date_of_testing",
                          "analysed_on", "reported_on"})),
        collected_by(c.Find({"collected_by", "collector"})),
        tested_by(c.Find({"tested_by", "analyst", "tester"})),
        chlorinated(c.Find({"chlorinated"})) {}
  bool Has(int i) const {
    for (int c : {code, lab, source, village, point_kind, method, collected_on,
                  tested_on, collected_by, tested_by, chlorinated}) {
      if (c == i) return true;
    }
    return false;
  }
};

bool Informational(const std::string& key) {
  static const std::unordered_set<std::string> kKeys = {"",
                                                        "s_no",
                                                        "sl_no",
                                                        "sno",
                                                        "serial_no",
                                                        "remarks",
                                                        "remark",
                                                        "note",
                                                        "notes",
                                                        "state",
                                                        "state_name",
                                                        "state_code",
                                                        "district",
                                                        "district_name",
                                                        "district_code",
                                                        "block",
                                                        "block_name",
                                                        "block_code",
                                                        "gp",
                                                        "gram_panchayat",
                                                        "gp_name",
                                                        "village_name",
                                                        "habitation",
                                                        "habitation_code",
                                                        "habitation_name",
                                                        "source_name",
                                                        "source_type",
                                                        "lab_name",
                                                        "sample_type",
                                                        "result",
                                                        "grade",
                                                        "status",
                                                        "latitude",
                                                        "longitude"};
  return kKeys.contains(key);
}

// A parameter column of the wide layout.
struct ParamColumn {
  int index = -1;
  std::string header;
  std::string ref;  // "#index": the values' column, for the service
  const Parameter* parameter = nullptr;
  std::string unit;     // as the header gives it
  std::string problem;  // why its values are refused, or ""
  // The unit to record (or why not) under `version`, the last version a
  // row was graded by.
  const StandardVersion* version = nullptr;
  std::string version_unit, version_problem;
};

// One sample being read: what goes to the service, and the file's lines.
struct Pending {
  LabReportInput in;
  std::vector<int64_t> lines;  // the first is in.line
  bool bad = false;            // a row was rejected here
};

class ResultsImport {
 public:
  ResultsImport(QualityService* svc, const std::string& path,
                const ImportOptions& opt)
      : svc_(svc),
        path_(path),
        source_(SourceName(path)),
        opt_(opt),
        caller_(CommandLineCaller(opt)),
        names_(svc->standard()) {}

  StatusOr<ImportReport> Run() {
    ImportReport report;
    bool chunked = false;
    JJM_RETURN_IF_ERROR(Read(/*write_pass=*/false, &report, &chunked));
    if (!chunked || !opt_.commit) return Finish(std::move(report));
    if (!report.rejections().empty() && !opt_.skip_invalid) {
      return Finish(std::move(report));
    }
    // Checked in chunks without writing: now write them.
    ImportReport again;
    samples_ = results_ = alerts_ = accepted_rows_ = 0;
    committed_ = true;
    JJM_RETURN_IF_ERROR(Read(/*write_pass=*/true, &again, &chunked));
    report.committed = committed_;
    return Finish(std::move(report));
  }

 private:
  ImportReport Finish(ImportReport report) {
    report.rows_accepted = accepted_rows_;
    report.Count("samples", samples_);
    report.Count("results", results_);
    report.Count("alerts opened", alerts_);
    if (!report.committed) report.committed = committed_ && wrote_;
    report.SortByRow();
    return report;
  }

  Status Header(const std::vector<std::string_view>& f) {
    cols_.emplace(f);
    sc_.emplace(*cols_);
    c_parameter_ = cols_->Find({"parameter", "parameter_code", "parameter_name",
                                "test", "test_parameter"});
    c_unit_ = cols_->Find({"unit", "units", "uom"});
    c_value_ = cols_->Find({"value", "result_value", "reading"});
    long_ = c_parameter_ >= 0 && c_value_ >= 0;
    params_.clear();
    fields_.clear();
    for (const auto& [field, c] :
         {std::pair<const char*, int>{"sample_code", sc_->code},
          {"lab_code", sc_->lab},
          {"lab", sc_->lab},
          {"source_code", sc_->source},
          {"source", sc_->source},
          {"village_code", sc_->village},
          {"village", sc_->village},
          {"point_kind", sc_->point_kind},
          {"method", sc_->method},
          {"collected_on", sc_->collected_on},
          {"tested_on", sc_->tested_on},
          {"collected_by", sc_->collected_by},
          {"tested_by", sc_->tested_by},
          {"chlorinated", sc_->chlorinated},
          {"parameter", c_parameter_},
          {"unit", c_unit_},
          {"value", c_value_}}) {
      qimport::MapField(*cols_, &fields_, field, c);
    }
    if (long_) {
      if (sc_->code < 0) {
        return InvalidArgument(
            "missing column: sample_code (a file with one row per sample "
            "and parameter groups its rows by sample)",
            "header");
      }
      return Status::Ok();
    }
    for (size_t i = 0; i < cols_->size(); ++i) {
      const int n = static_cast<int>(i);
      if (sc_->Has(n) || Informational(cols_->key(i))) continue;
      ParamColumn pc;
      pc.index = n;
      pc.ref = "#" + std::to_string(n);
      pc.header = std::string(Trim(f[i]));
      if (i == 0 && pc.header.starts_with("\xEF\xBB\xBF")) {
        pc.header.erase(0, 3);
      }
      pc.parameter = SplitParameter(names_, pc.header, &pc.unit);
      if (pc.parameter == nullptr) {
        pc.problem =
            "unknown parameter: no parameter of the standard is "
            "named '" +
            pc.header + "'";
      }
      fields_[pc.ref] = pc.header;
      params_.push_back(std::move(pc));
    }
    if (params_.empty()) {
      return InvalidArgument(
          "no parameter columns: give parameter,unit,value columns (one row "
          "per sample and parameter) or a column per parameter such as "
          "'fluoride (mg/l)'",
          "header");
    }
    return Status::Ok();
  }

  // The file's column for a field.
  std::string Col(const char* field) const {
    return qimport::ColumnOf(fields_, field);
  }

  // Reads the sample's own columns of `f` into `in` (only the first row of
  // a sample in the long layout; later rows are compared by Same()).
  // Returns false when a rejection was added.
  bool ReadSample(const std::vector<std::string_view>& f, int64_t line,
                  LabReportInput* in, ImportReport* report) {
    const size_t before = report->rejections().size();
    auto cell = [&](int c) { return Columns::Cell(f, c); };
    in->line = line;
    in->sample_code = cell(sc_->code);
    in->lab_code = cell(sc_->lab);
    in->source_code = cell(sc_->source);
    in->village_code = cell(sc_->village);
    in->point_kind = cell(sc_->point_kind);
    in->method = Lower(cell(sc_->method));
    in->collected_by = cell(sc_->collected_by);
    in->tested_by = cell(sc_->tested_by);
    if (!in->method.empty() && in->method != "lab" && in->method != "ftk") {
      report->Reject(line, Col("method"), cell(sc_->method),
                     "method must be lab or ftk");
    }
    std::optional<bool> chl = ParseYesNo(cell(sc_->chlorinated));
    if (!chl) {
      report->Reject(line, Col("chlorinated"), cell(sc_->chlorinated),
                     "chlorinated must be yes or no");
    }
    in->chlorinated = chl.value_or(false);
    std::optional<Date> collected;
    const std::string_view ct = cell(sc_->collected_on);
    in->collected_on = ct;
    if (!ct.empty()) {
      auto d = Date::Parse(ct);
      if (!d.ok()) {
        report->Reject(line, Col("collected_on"), ct, d.status().message());
      } else if (*d > opt_.today) {
        report->Reject(
            line, Col("collected_on"), ct,
            "date in the future (today is " + opt_.today.ToString() + ")");
      } else {
        collected = *d;
      }
    }
    const std::string_view tt = cell(sc_->tested_on);
    in->tested_on = tt;
    if (!tt.empty()) {
      auto d = Date::Parse(tt);
      if (!d.ok()) {
        report->Reject(line, Col("tested_on"), tt, d.status().message());
      } else if (*d > opt_.today) {
        report->Reject(
            line, Col("tested_on"), tt,
            "date in the future (today is " + opt_.today.ToString() + ")");
      } else if (collected && *d < *collected) {
        report->Reject(
            line, Col("tested_on"), tt,
            "tested before it was collected (" + collected->ToString() + ")");
      }
    }
    day_ = collected.value_or(opt_.today);
    return report->rejections().size() == before;
  }

  // In the long layout: a later row of a sample must agree with its first.
  bool Same(const std::vector<std::string_view>& f, const Pending& p,
            int64_t line, ImportReport* report) {
    const LabReportInput& in = p.in;
    const std::pair<int, const std::string*> fields[] = {
        {sc_->lab, &in.lab_code},         {sc_->source, &in.source_code},
        {sc_->village, &in.village_code}, {sc_->collected_on, &in.collected_on},
        {sc_->tested_on, &in.tested_on},  {sc_->point_kind, &in.point_kind}};
    bool ok = true;
    for (const auto& [c, first] : fields) {
      const std::string_view v = Columns::Cell(f, c);
      if (c < 0 || v == *first) continue;
      report->Reject(line, cols_->key(c), v,
                     "differs from line " + std::to_string(p.in.line) +
                         " of the same sample ('" + *first + "')");
      ok = false;
    }
    if (Lower(Columns::Cell(f, sc_->method)) != in.method) {
      report->Reject(line, Col("method"), Columns::Cell(f, sc_->method),
                     "differs from line " + std::to_string(p.in.line) +
                         " of the same sample");
      ok = false;
    }
    return ok;
  }

  // Adds one value to `p`; false (and a rejection) when it is refused.
  bool AddValue(Pending* p, const Parameter* param, const std::string& unit,
                std::string_view cell, const std::string& column,
                const std::string& ref, int64_t line, ImportReport* report) {
    for (const LabReportInput::Value& v : p->in.values) {
      if (v.parameter == param->code) {
        report->Reject(line, column, cell,
                       param->code + " is given twice for this sample");
        return false;
      }
    }
    std::string value;
    std::string why = ReadValue(cell, *param, &value);
    if (!why.empty()) {
      report->Reject(line, column, cell, why);
      return false;
    }
    p->in.values.push_back({param->code, unit, std::move(value), ref});
    return true;
  }

  // Reads the wide layout's row into a new sample of `chunk`.
  void WideRow(const std::vector<std::string_view>& f, int64_t line,
               std::vector<Pending>* chunk, ImportReport* report) {
    Pending p;
    p.lines.push_back(line);
    bool ok = ReadSample(f, line, &p.in, report);
    ok = Unique(p.in.sample_code, line, Col("sample_code"), report) && ok;
    const Standard& st = svc_->standard();
    const StandardVersion* version = st.InForce(day_);
    for (ParamColumn& pc : params_) {
      const std::string_view cell = Columns::Cell(f, pc.index);
      if (cell.empty() || cell == "-") continue;  // not tested
      if (!pc.problem.empty()) {
        report->Reject(line, pc.header, cell, pc.problem);
        ok = false;
        continue;
      }
      if (pc.version != version || version == nullptr) {
        pc.version = version;
        pc.version_problem.clear();
        pc.version_unit =
            UnitFor(st, *pc.parameter, pc.unit, day_, &pc.version_problem);
      }
      if (!pc.version_problem.empty()) {
        report->Reject(line, pc.header, cell, pc.version_problem);
        ok = false;
        continue;
      }
      ok = AddValue(&p, pc.parameter, pc.version_unit, cell, pc.header, pc.ref,
                    line, report) &&
           ok;
    }
    if (ok && p.in.values.empty()) {
      report->Reject(line, "", "", "no results in this row");
      ok = false;
    }
    p.bad = !ok;
    chunk->push_back(std::move(p));
  }

  // A sample code not met before in the file (the first chunk's codes are
  // kept as hashes, so that a repeat in a later chunk is found too).
  bool Unique(const std::string& code, int64_t line, std::string_view column,
              ImportReport* report) {
    if (code.empty()) return true;
    const uint64_t h = std::hash<std::string>()(code);
    auto [it, fresh] = codes_.emplace(h, line);
    if (fresh || it->second == line) return true;
    report->Reject(
        line, column, code,
        "sample already appears on line " + std::to_string(it->second));
    return false;
  }

  // Reads the long layout's row into its sample of `chunk`.
  void LongRow(const std::vector<std::string_view>& f, int64_t line,
               std::vector<Pending>* chunk, ImportReport* report) {
    const std::string code(Columns::Cell(f, sc_->code));
    if (code.empty()) {
      report->Reject(line, Col("sample_code"), "",
                     "a sample code is needed to group a sample's rows");
      return;
    }
    Pending* p = nullptr;
    bool ok = true;
    auto open = open_.find(code);
    if (open != open_.end()) {
      p = &(*chunk)[open->second];
      p->lines.push_back(line);
      ok = Same(f, *p, line, report);
      auto collected = Date::Parse(p->in.collected_on);
      day_ = collected.ok() ? *collected : opt_.today;
    } else {
      if (!Unique(code, line, Col("sample_code"), report)) {
        // Its rows must stay together, within a chunk.
        return;
      }
      chunk->emplace_back();
      p = &chunk->back();
      p->lines.push_back(line);
      open_.emplace(code, chunk->size() - 1);
      ok = ReadSample(f, line, &p->in, report);
    }
    const std::string_view pcell = Columns::Cell(f, c_parameter_);
    const std::string_view vcell = Columns::Cell(f, c_value_);
    std::string unit_text(Columns::Cell(f, c_unit_));
    std::string split_unit;
    const Parameter* param = SplitParameter(names_, pcell, &split_unit);
    if (param == nullptr) {
      report->Reject(line, Col("parameter"), pcell, "unknown parameter");
      ok = false;
    } else {
      if (unit_text.empty()) unit_text = split_unit;
      const StandardVersion* v = svc_->standard().InForce(day_);
      std::string key = std::to_string(v != nullptr ? v->id : 0);
      key += '|';
      key += param->code;
      key += '|';
      key += unit_text;
      auto cached = unit_cache_.find(key);
      if (cached == unit_cache_.end()) {
        std::string why;
        std::string unit =
            UnitFor(svc_->standard(), *param, unit_text, day_, &why);
        cached = unit_cache_
                     .emplace(std::move(key),
                              std::make_pair(std::move(unit), std::move(why)))
                     .first;
      }
      const std::string& unit = cached->second.first;
      const std::string& why = cached->second.second;
      if (!why.empty()) {
        report->Reject(line, Col(c_unit_ >= 0 ? "unit" : "parameter"),
                       c_unit_ >= 0 ? std::string_view(unit_text) : pcell, why);
        ok = false;
      } else if (vcell.empty()) {
        report->Reject(line, Col("value"), "", "no value");
        ok = false;
      } else {
        ok = AddValue(p, param, unit, vcell, Col("value"), "value", line,
                      report) &&
             ok;
      }
    }
    if (!ok) p->bad = true;
  }

  // Sends a chunk's good samples to the service.
  Status Flush(std::vector<Pending>* chunk, bool commit, ImportReport* report) {
    std::vector<LabReportInput> ins;
    ins.reserve(chunk->size());
    std::unordered_map<int64_t, size_t> by_line;
    for (size_t i = 0; i < chunk->size(); ++i) {
      Pending& p = (*chunk)[i];
      if (p.bad) {
        Siblings(p, p.lines.front(), report);
        continue;
      }
      by_line.emplace(p.in.line, i);
      ins.push_back(std::move(p.in));
    }
    int64_t rows = 0;
    for (const Pending& p : *chunk) {
      if (!p.bad) rows += static_cast<int64_t>(p.lines.size());
    }
    if (!ins.empty()) {
      JJM_ASSIGN_OR_RETURN(BulkOutcome out,
                           svc_->RecordLabReports(caller_, ins, commit,
                                                  opt_.skip_invalid, source_));
      std::unordered_set<int64_t> refused;
      for (const ReportRejection& r : out.rejected) {
        report->Reject(r.line, qimport::ColumnOf(fields_, r.field), r.value,
                       r.reason);
        auto it = by_line.find(r.line);
        if (it == by_line.end() || !refused.insert(r.line).second) continue;
        const Pending& p = (*chunk)[it->second];
        rows -= static_cast<int64_t>(p.lines.size());
        Siblings(p, r.line, report);
      }
      samples_ += out.accepted;
      results_ += out.results;
      alerts_ += out.alerts_opened;
      if (commit) {
        // A chunk whose every sample was refused writes nothing.
        committed_ = committed_ && (out.committed || out.accepted == 0);
        wrote_ = wrote_ || out.committed;
      }
    }
    accepted_rows_ += rows;
    chunk->clear();
    open_.clear();
    return Status::Ok();
  }

  // Rejects the other rows of a refused sample (long layout).
  void Siblings(const Pending& p, int64_t refused_line, ImportReport* report) {
    for (size_t k = 1; k < p.lines.size(); ++k) {
      if (p.lines[k] == refused_line) continue;
      report->Reject(p.lines[k], Col("sample_code"), p.in.sample_code,
                     "not written: line " + std::to_string(refused_line) +
                         " of the same sample was rejected");
    }
  }

  // One reading of the file.  The checking pass writes the file when it
  // fits one chunk (and may be written); otherwise `*chunked` is set and
  // the writing pass writes it chunk by chunk.
  Status Read(bool write_pass, ImportReport* report, bool* chunked) {
    JJM_ASSIGN_OR_RETURN(TableFile file, OpenTableFile(path_, opt_.sheet));
    file.Label(report);
    CsvReader* reader = file.reader.get();
    std::vector<std::string_view> f;
    JJM_RETURN_IF_ERROR(ReadHeaderRow(reader, &f));
    JJM_RETURN_IF_ERROR(Header(f));
    codes_.clear();
    open_.clear();
    std::vector<Pending> chunk;
    ProgressTicker ticker(opt_);
    bool flushed = false;
    while (NextRow(reader, &f, report)) {
      ++report->rows_read;
      const int64_t line = reader->line();
      if (chunk.size() >= ChunkSamples() &&
          (!long_ ||
           !open_.contains(std::string(Columns::Cell(f, sc_->code))))) {
        JJM_RETURN_IF_ERROR(Flush(&chunk, write_pass, report));
        flushed = true;
      }
      if (long_) {
        LongRow(f, line, &chunk, report);
      } else {
        WideRow(f, line, &chunk, report);
      }
      ticker.Tick(reader->progress() * (write_pass ? 1.0 : 0.9),
                  report->rows_read);
    }
    if (!write_pass) *chunked = flushed;
    const bool may_write = opt_.commit && !flushed &&
                           (report->rejections().empty() || opt_.skip_invalid);
    return Flush(&chunk, write_pass || may_write, report);
  }

  QualityService* svc_;
  const std::string path_, source_;
  const ImportOptions& opt_;
  const QualityService::Caller caller_;
  const ParameterNames names_;
  std::optional<Columns> cols_;
  std::optional<SampleColumns> sc_;
  int c_parameter_ = -1, c_unit_ = -1, c_value_ = -1;
  bool long_ = false;
  std::vector<ParamColumn> params_;
  qimport::FieldColumns fields_;  // the service's field -> the file's column
  // Long layout: "version|parameter|unit" -> (unit to record, problem).
  std::unordered_map<std::string, std::pair<std::string, std::string>>
      unit_cache_;
  Date day_;  // the collection day of the row being read
  std::unordered_map<uint64_t, int64_t> codes_;   // hash of code -> line
  std::unordered_map<std::string, size_t> open_;  // long: code -> index
  int64_t samples_ = 0, results_ = 0, alerts_ = 0, accepted_rows_ = 0;
  bool committed_ = true, wrote_ = false;
};

}  // namespace

StatusOr<ImportReport> ImportQualityResults(QualityService* svc,
                                            const std::string& path,
                                            const ImportOptions& opt) {
  ResultsImport imp(svc, path, opt);
  return imp.Run();
}

}  // namespace jjm
