// Lab reports, labs and sources in bulk (importers, demo data), and the
// export of results.  Every row is checked first; rejections name the line,
// the field, the value, a stable code and a reason.  Nothing is written
// unless every row passes or `skip_invalid`, and only when `commit`; the
// write is one transaction with one audit row naming the file.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>
#include <unordered_set>

#include "quality/quality_internal.h"

namespace jjm {
namespace {

using After = std::vector<std::function<void(QualityIndex&)>>;

std::string Lower(std::string s) {
  for (char& ch : s)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

// The stable code of a refusal of one row.
std::string CodeOf(const Status& s) {
  switch (s.code()) {
    case StatusCode::kConflict:
      return "duplicate";
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
      return "not_allowed";
    default:
      break;
  }
  const std::string& f = s.field();
  if (f == "place" || f == "serves" || f == "village" || f == "habitation") {
    return "unknown_place";
  }
  return "invalid";
}

ReportRejection Reject(int64_t line, std::string field, std::string value,
                       std::string code, std::string reason) {
  return ReportRejection{line, std::move(field), std::move(value),
                         std::move(code), std::move(reason)};
}

const std::string& LabField(const LabInput& in, const std::string& f) {
  static const std::string kEmpty;
  if (f == "code") return in.code;
  if (f == "name") return in.name;
  if (f == "level") return in.level;
  if (f == "place") return in.place;
  if (f == "serves") return in.serves;
  if (f == "parameters") return in.parameters;
  if (f == "refers_to") return in.refers_to;
  if (f == "treatment_plant") return in.treatment_plant;
  if (f == "nabl_certificate") return in.nabl_certificate;
  if (f == "nabl_valid_from") return in.nabl_valid_from;
  if (f == "nabl_valid_to") return in.nabl_valid_to;
  return kEmpty;
}

const std::string& SourceField(const SourceInput& in, const std::string& f) {
  static const std::string kEmpty;
  if (f == "code") return in.code;
  if (f == "village") return in.village;
  if (f == "habitation") return in.habitation;
  if (f == "type") return in.type;
  if (f == "name") return in.name;
  if (f == "scheme") return in.scheme;
  if (f == "has_alternate") return in.has_alternate;
  if (f == "latitude") return in.latitude;
  if (f == "longitude") return in.longitude;
  if (f == "created_on") return in.created_on;
  return kEmpty;
}

// A CSV field, quoted when it must be.
std::string Csv(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

// One report checked: what will be written.
struct PlannedReport {
  int64_t line = 0;
  bool new_sample = false;
  SampleRow sample;    // new: all fields but id/code; else as stored
  std::string status;  // of a stored sample
  int64_t tested_day = 0;
  std::string tested_by;
  const StandardVersion* version = nullptr;
  std::vector<GradedResult> graded;
  Verdict verdict;
};

}  // namespace

// --- labs -------------------------------------------------------------------

StatusOr<BulkOutcome> QualityService::RecordLabs(
    const Caller& c, const std::vector<LabInput>& labs, bool commit,
    bool skip_invalid, const std::string& source_name) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  MutexLock lock(&I.write_mutex());
  BulkOutcome out;
  std::map<std::string, std::string> batch;  // code -> level
  for (const LabInput& in : labs) {
    if (!in.code.empty() && batch.count(in.code) == 0)
      batch[in.code] = in.level;
  }
  std::vector<NewLab> ok;
  std::set<std::string> seen, rejected_codes;
  for (const LabInput& in : labs) {
    if (!seen.insert(in.code).second) {
      out.rejected.push_back(
          Reject(in.line, "code", in.code, "duplicate",
                 "lab code " + in.code + " appears twice in the file"));
      continue;
    }
    auto lab = I.CheckLab(c, in, c.today, batch);
    if (!lab.ok()) {
      const Status& s = lab.status();
      out.rejected.push_back(Reject(in.line, s.field(), LabField(in, s.field()),
                                    CodeOf(s), s.message()));
      rejected_codes.insert(in.code);
      continue;
    }
    ok.push_back(std::move(*lab));
  }
  // A lab referring to a rejected lab of the file is rejected too.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto it = ok.begin(); it != ok.end(); ++it) {
      if (it->refers_to_id == 0 && !it->refers_to.empty() &&
          rejected_codes.count(it->refers_to) > 0) {
        const LabInput* in = nullptr;
        for (const LabInput& l : labs) {
          if (l.code == it->row.code) in = &l;
        }
        out.rejected.push_back(Reject(
            in != nullptr ? in->line : 0, "refers_to", it->refers_to, "invalid",
            "refers_to: lab " + it->refers_to + " of the file was refused"));
        rejected_codes.insert(it->row.code);
        ok.erase(it);
        changed = true;
        break;
      }
    }
  }
  out.accepted = static_cast<int64_t>(ok.size());
  if ((!out.rejected.empty() && !skip_invalid) || !commit || ok.empty()) {
    return out;
  }
  std::stable_sort(ok.begin(), ok.end(), [](const NewLab& a, const NewLab& b) {
    return LabRank(a.row.level) < LabRank(b.row.level);
  });
  QualityStore& s = I.writer();
  const std::string now = QualityNow();
  const std::string by = Impl::ActorOf(c);
  AuditRow audit =
      I.AuditAt("quality.lab.import", "wq_lab", source_name, kIndia);
  JJM_RETURN_IF_ERROR(I.WriteMany(c, [&]() -> StatusOr<std::vector<AuditRow>> {
    std::map<std::string, int64_t> ids, plants;
    for (NewLab& lab : ok) {
      if (lab.refers_to_id == 0 && !lab.refers_to.empty()) {
        lab.refers_to_id = ids.at(lab.refers_to);
      }
      if (lab.new_plant) {
        auto it = plants.find(lab.new_plant->code);
        if (it != plants.end()) {
          lab.row.treatment_plant_id = it->second;
          lab.new_plant.reset();
        }
      }
      JJM_RETURN_IF_ERROR(I.WriteLab(s, &lab, now, by));
      ids[lab.row.code] = lab.row.id;
      if (lab.new_plant) plants[lab.new_plant->code] = lab.new_plant->id;
    }
    audit.after = Json{{"source", source_name}, {"labs", ok.size()}}.dump();
    return std::vector<AuditRow>{audit};
  }));
  for (const NewLab& lab : ok) {
    if (lab.new_plant) I.PutPlant(*lab.new_plant);
    Lab held;
    held.row = lab.row;
    held.serves = lab.serves;
    held.parameters = lab.parameters;
    if (lab.accreditation) held.accreditations.push_back(*lab.accreditation);
    I.PutLab(std::move(held));
  }
  out.committed = true;
  return out;
}

// --- sources ----------------------------------------------------------------

StatusOr<BulkOutcome> QualityService::RecordSources(
    const Caller& c, const std::vector<SourceInput>& sources, bool commit,
    bool skip_invalid, const std::string& source_name) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  MutexLock lock(&I.write_mutex());
  BulkOutcome out;
  std::vector<SourceRow> ok;
  std::unordered_set<std::string> seen;
  for (const SourceInput& in : sources) {
    if (!in.code.empty() && !seen.insert(in.code).second) {
      out.rejected.push_back(
          Reject(in.line, "code", in.code, "duplicate",
                 "source code " + in.code + " appears twice in the file"));
      continue;
    }
    auto r = I.CheckSource(c, in, c.today);
    if (!r.ok()) {
      const Status& s = r.status();
      out.rejected.push_back(Reject(in.line, s.field(),
                                    SourceField(in, s.field()), CodeOf(s),
                                    s.message()));
      continue;
    }
    ok.push_back(std::move(*r));
  }
  out.accepted = static_cast<int64_t>(ok.size());
  if ((!out.rejected.empty() && !skip_invalid) || !commit || ok.empty()) {
    return out;
  }
  QualityStore& s = I.writer();
  const std::string now = QualityNow();
  const std::string by = Impl::ActorOf(c);
  AuditRow audit =
      I.AuditAt("quality.source.import", "wq_source", source_name, kIndia);
  JJM_RETURN_IF_ERROR(I.WriteMany(c, [&]() -> StatusOr<std::vector<AuditRow>> {
    for (SourceRow& r : ok) {
      r.created_at = now;
      r.created_by = by;
      JJM_ASSIGN_OR_RETURN(r.id, s.AddSource(r));
    }
    audit.after = Json{{"source", source_name}, {"sources", ok.size()}}.dump();
    return std::vector<AuditRow>{audit};
  }));
  for (const SourceRow& r : ok) {
    SourceInfo info;
    info.id = r.id;
    info.code = r.code;
    info.village = static_cast<UnitId>(r.village_id);
    info.habitation =
        r.habitation_id > 0 ? static_cast<UnitId>(r.habitation_id) : kNoUnit;
    info.has_alternate = r.has_alternate;
    I.PutSource(std::move(info));
  }
  I.Apply([&](const Hierarchy&, QualityIndex& x) {
    for (const SourceRow& r : ok) {
      x.AddSource(
          r.id, static_cast<UnitId>(r.village_id),
          r.habitation_id > 0 ? static_cast<UnitId>(r.habitation_id) : kNoUnit,
          DayOf(r.created_on));
    }
  });
  out.committed = true;
  return out;
}

// --- lab reports ------------------------------------------------------------

StatusOr<BulkOutcome> QualityService::RecordLabReports(
    const Caller& c, const std::vector<LabReportInput>& reports, bool commit,
    bool skip_invalid, const std::string& source_name) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  MutexLock lock(&I.write_mutex());
  I.ForgetSampleIds();
  QualityStore& s = I.writer();
  const Standard& st = I.standard();
  BulkOutcome out;
  std::vector<PlannedReport> plan;
  std::unordered_set<std::string> seen;
  // Labs by code and id, looked up once per call.
  std::map<std::string, std::optional<Lab>> labs_by_code;
  auto lab_by_code = [&](const std::string& code) {
    auto it = labs_by_code.find(code);
    if (it == labs_by_code.end()) {
      it = labs_by_code.emplace(code, I.LabByCode(code)).first;
    }
    return it->second;
  };
  const std::string by = Impl::ActorOf(c);

  for (const LabReportInput& in : reports) {
    const int64_t line = in.line;
    auto reject = [&](std::string field, std::string value, std::string code,
                      std::string reason) {
      out.rejected.push_back(Reject(line, std::move(field), std::move(value),
                                    std::move(code), std::move(reason)));
    };
    PlannedReport p;
    p.line = line;
    const std::string code = Trim(in.sample_code);
    if (!code.empty() && !seen.insert(code).second) {
      reject("sample_code", code, "duplicate",
             "sample " + code + " appears twice in the file");
      continue;
    }
    std::optional<SampleRow> stored;
    if (!code.empty()) {
      JJM_ASSIGN_OR_RETURN(stored, s.FindSampleByCode(code));
    }
    std::optional<Lab> lab;
    const std::string lab_code = Trim(in.lab_code);
    if (!lab_code.empty()) {
      lab = lab_by_code(lab_code);
      if (!lab) {
        reject("lab_code", lab_code, "unknown_lab",
               "no lab with code '" + lab_code + "'");
        continue;
      }
    }
    if (stored) {
      JJM_ASSIGN_OR_RETURN(SampleState state, Impl::LoadSample(s, stored->id));
      if (state.status != "registered" && state.status != "received") {
        reject("sample_code", code,
               state.status == "final" ? "sample_final" : "sample_closed",
               "sample " + code + " is already " + state.status);
        continue;
      }
      if (lab && lab->row.id != stored->lab_id) {
        reject("lab_code", lab_code, "wrong_lab",
               "sample " + code + " is not of lab " + lab_code);
        continue;
      }
      if (!lab) lab = I.LabById(stored->lab_id);
      p.sample = *stored;
      p.status = state.status;
    } else {
      p.new_sample = true;
      SampleRow& r = p.sample;
      r.code = code;
      r.method = in.method.empty() ? "lab" : Lower(Trim(in.method));
      if (r.method != "lab" && r.method != "ftk") {
        reject("method", in.method, "invalid", "method must be lab or ftk");
        continue;
      }
      if (r.method == "lab" && !lab) {
        reject("lab_code", lab_code, "unknown_lab",
               "a new lab sample names its lab");
        continue;
      }
      if (r.method == "ftk") lab.reset();
      r.lab_id = lab ? lab->row.id : 0;
      const std::string source = Trim(in.source_code);
      std::string kind = Trim(in.point_kind);
      if (!source.empty()) {
        auto src = I.SourceByCode(source);
        if (!src) {
          reject("source_code", source, "unknown_source",
                 "no source with code '" + source + "'");
          continue;
        }
        if (!kind.empty() && kind != "source") {
          reject("point_kind", kind, "invalid",
                 "a sample at a source is of kind source");
          continue;
        }
        r.source_id = src->id;
        r.village_id = src->village;
        r.habitation_id = src->habitation == kNoUnit ? 0 : src->habitation;
        r.point_kind = "source";
      } else {
        const std::string village = Trim(in.village_code);
        auto v = I.PlaceOf(village, "village_code", Level::kVillage);
        if (!v.ok()) {
          reject("village_code", village,
                 village.empty() ? "unknown_source" : "unknown_place",
                 village.empty() ? "give the source or the village"
                                 : v.status().message());
          continue;
        }
        if (!In(kPointKinds, kind)) {
          reject("point_kind", kind, "invalid",
                 "point_kind must be one of " + Joined(kPointKinds));
          continue;
        }
        r.village_id = *v;
        r.point_kind = kind;
      }
      auto collected = Date::ParseField(Trim(in.collected_on), "collected_on");
      if (!collected.ok()) {
        reject("collected_on", in.collected_on, "invalid_date",
               collected.status().message());
        continue;
      }
      if (*collected > c.today) {
        reject("collected_on", in.collected_on, "date_in_future",
               "collected_on is in the future");
        continue;
      }
      r.collected_day = collected->days();
      r.collected_by = Trim(in.collected_by).empty() ? std::string("-")
                                                     : Trim(in.collected_by);
      r.chlorinated = in.chlorinated;
      r.reason = "routine";
    }
    // Who may: the lab's analysts; for FTK, the village's testers.
    if (!c.command_line) {
      const bool allowed =
          p.sample.method == "lab"
              ? WorksForLab(*c.principal, p.sample.lab_id)
              : I.Places([&](const Hierarchy& h) {
                  return MayTestInVillage(
                      *c.principal, static_cast<UnitId>(p.sample.village_id),
                      h);
                });
      if (!allowed) {
        reject(p.sample.method == "lab" ? "lab_code" : "village_code",
               p.sample.method == "lab" ? lab_code : in.village_code,
               "not_allowed",
               p.sample.method == "lab"
                   ? "only the lab's analysts may report its results"
                   : "only the village's testers may record its tests");
        continue;
      }
    }
    auto tested = Date::ParseField(Trim(in.tested_on), "tested_on");
    if (!tested.ok()) {
      reject("tested_on", in.tested_on, "invalid_date",
             tested.status().message());
      continue;
    }
    if (*tested > c.today) {
      reject("tested_on", in.tested_on, "date_in_future",
             "tested_on is in the future");
      continue;
    }
    if (tested->days() < p.sample.collected_day) {
      reject("tested_on", in.tested_on, "before_collection",
             "tested_on is before the sample was collected");
      continue;
    }
    p.tested_day = tested->days();
    p.tested_by = Trim(in.tested_by);
    if (in.values.empty()) {
      reject("values", "", "no_results", "the report has no results");
      continue;
    }
    std::vector<ResultInput> inputs;
    bool bad = false;
    for (const LabReportInput::Value& val : in.values) {
      const std::string field = val.column.empty() ? val.parameter : val.column;
      const Parameter* par = st.ParameterByCode(val.parameter);
      if (par == nullptr) {
        const std::string name = Lower(Trim(val.parameter));
        for (const Parameter& q : st.parameters()) {
          if (Lower(q.name_en) == name) par = &q;
        }
      }
      if (par == nullptr) {
        reject(field, val.parameter, "unknown_parameter",
               "unknown parameter '" + val.parameter + "'");
        bad = true;
        break;
      }
      if (lab && !lab->Tests(par->id)) {
        reject(field, val.parameter, "not_tested_by_lab",
               "lab " + lab->row.code + " does not test " + par->code);
        bad = true;
        break;
      }
      ResultInput ri;
      ri.parameter_id = par->id;
      ri.unit = val.unit;
      const std::string v = Lower(Trim(val.value));
      if (v == "absent" || v == "not detected" || v == "nd" || v == "a") {
        ri.detected = false;
      } else if (v == "present" || v == "detected" || v == "p") {
        ri.detected = true;
      } else {
        double num = 0;
        auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), num);
        if (v.empty() || ec != std::errc() || ptr != v.data() + v.size()) {
          reject(field, val.value, "not_a_number",
                 "'" + val.value + "' is not a number");
          bad = true;
          break;
        }
        ri.value = num;
      }
      inputs.push_back(std::move(ri));
    }
    if (bad) continue;
    p.version = st.InForce(DayOf(p.sample.collected_day));
    if (p.version == nullptr) return Internal("no version of the standard");
    SampleContext ctx;
    ctx.chlorinated = p.sample.chlorinated;
    auto graded = GradeResults(*p.version, st, inputs, ctx);
    if (!graded.ok()) {
      // "results[i].unit" -> the i-th value's column.
      const Status& gs = graded.status();
      const std::string& f = gs.field();
      size_t i = 0;
      if (f.rfind("results[", 0) == 0)
        i = std::strtoul(f.c_str() + 8, nullptr, 10);
      if (i >= in.values.size()) i = 0;
      const LabReportInput::Value& val = in.values[i];
      const bool unit = f.find(".unit") != std::string::npos;
      reject(val.column.empty() ? val.parameter : val.column,
             unit ? val.unit : val.value, unit ? "wrong_unit" : "invalid_value",
             gs.message());
      continue;
    }
    p.graded = std::move(*graded);
    std::vector<ResultRow> rows;
    for (const GradedResult& g : p.graded) {
      ResultRow r;
      r.parameter_id = g.parameter_id;
      r.grade = static_cast<int>(g.grade);
      rows.push_back(r);
    }
    p.verdict = I.VerdictOf(rows, I.HasAlternate(p.sample));
    plan.push_back(std::move(p));
  }
  out.accepted = static_cast<int64_t>(plan.size());
  for (const PlannedReport& p : plan) {
    out.results += static_cast<int64_t>(p.graded.size());
    for (bool f : p.verdict.failing) out.alerts_opened += f ? 1 : 0;
  }
  if ((!out.rejected.empty() && !skip_invalid) || !commit || plan.empty()) {
    if (!commit || !out.rejected.empty()) out.alerts_opened = 0;
    return out;
  }

  const std::string now = QualityNow();
  After after;
  int64_t opened = 0;
  AuditRow audit =
      I.AuditAt("quality.results.import", "wq_sample", source_name, kIndia);
  // In chunks: the chunk's samples, events and results in bulk (with ids
  // given here), then the alerts' rule for each of its samples in order.
  JJM_RETURN_IF_ERROR(I.WriteMany(c, [&]() -> StatusOr<std::vector<AuditRow>> {
    JJM_ASSIGN_OR_RETURN(int64_t next_event, s.MaxEventId());
    constexpr size_t kChunk = 5000;
    for (size_t from = 0; from < plan.size(); from += kChunk) {
      const size_t to = std::min(plan.size(), from + kChunk);
      std::vector<SampleRow> samples;
      std::vector<SampleEventRow> events;
      std::vector<ResultRow> results;
      for (size_t i = from; i < to; ++i) {
        PlannedReport& p = plan[i];
        SampleRow& r = p.sample;
        if (p.new_sample) {
          JJM_ASSIGN_OR_RETURN(r.id, I.NextSampleIdInWrite());
          if (r.code.empty()) r.code = Impl::SampleCode(r.id);
          r.registered_at = now;
          r.registered_by = by;
          samples.push_back(r);
          after.push_back([r](QualityIndex& x) {
            x.AddSample(
                r.id, static_cast<UnitId>(r.village_id),
                r.habitation_id > 0 ? static_cast<UnitId>(r.habitation_id)
                                    : kNoUnit,
                r.source_id,
                r.method == "ftk" ? SampleMethod::kFtk : SampleMethod::kLab,
                DayOf(r.collected_day));
          });
        }
        SampleEventRow e;
        e.sample_id = r.id;
        e.lab_id = r.lab_id;
        e.at = now;
        e.actor = by;
        if (r.method == "lab" && (p.new_sample || p.status == "registered")) {
          e.id = ++next_event;
          e.kind = "received";
          e.day = r.collected_day;
          events.push_back(e);
        }
        e.id = ++next_event;
        e.kind = "tested";
        e.day = p.tested_day;
        e.actor = p.tested_by.empty() ? by : p.tested_by;
        events.push_back(e);
        for (const GradedResult& g : p.graded) {
          ResultRow rr;
          rr.event_id = e.id;
          rr.parameter_id = g.parameter_id;
          rr.standard_id = p.version->id;
          rr.value = g.value;
          rr.detected = g.detected;
          rr.grade = static_cast<int>(g.grade);
          results.push_back(rr);
        }
        e.id = ++next_event;
        e.kind = "final";
        e.actor = by;
        events.push_back(e);
        after.push_back([id = r.id, d = DayOf(p.tested_day),
                         f = p.verdict.ToFinal()](QualityIndex& x) {
          x.SampleTested(id, d);
          x.SampleFinal(id, d, f);
        });
      }
      JJM_RETURN_IF_ERROR(s.AddSamples(samples));
      JJM_RETURN_IF_ERROR(s.AddEvents(events));
      JJM_RETURN_IF_ERROR(s.AddResults(results));
      for (size_t i = from; i < to; ++i) {
        SampleState state;
        state.sample = plan[i].sample;
        state.status = "final";
        JJM_RETURN_IF_ERROR(I.OnFinal(s, state, plan[i].verdict,
                                      plan[i].tested_day, now, by, &after,
                                      &opened));
      }
    }
    JJM_RETURN_IF_ERROR(s.SyncIds());
    audit.after = Json{
        {"source", source_name},
        {"samples", plan.size()},
        {"results", out.results},
        {"alerts_opened",
         opened}}.dump();
    return std::vector<AuditRow>{audit};
  }));
  I.Apply([&](const Hierarchy&, QualityIndex& x) {
    for (auto& fn : after) fn(x);
  });
  out.alerts_opened = opened;
  out.committed = true;
  return out;
}

// --- export -----------------------------------------------------------------

Status QualityService::ExportResults(
    const Caller& c, const std::string& place,
    const std::function<void(const std::string&)>& fn) {
  Impl& I = *impl_;
  UnitId unit = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
  }
  std::unordered_set<int64_t> villages;
  for (int64_t v : I.VillagesOf(unit)) villages.insert(v);
  JJM_ASSIGN_OR_RETURN(auto reading, I.Read());
  QualityStore& look = reading.store();
  fn("sample_code,lab_code,method,source_code,village_code,habitation_code,"
     "point_kind,reason,collected_on,tested_on,final_on,status,parameter,"
     "value,unit,grade,standard,collected_by,tested_by");
  // Pages of samples, newest first; each with its results.
  SampleFilter f;
  f.limit = 1000;
  while (true) {
    std::vector<SampleRow> page;
    JJM_RETURN_IF_ERROR(look.ForEachSampleWhere(
        f, [&](const SampleRow& r) { page.push_back(r); }));
    if (page.empty()) break;
    f.before_id = page.back().id;
    for (const SampleRow& r : page) {
      if (!villages.empty() && villages.count(r.village_id) == 0) continue;
      JJM_ASSIGN_OR_RETURN(SampleState st, Impl::LoadSample(look, r.id));
      JJM_ASSIGN_OR_RETURN(std::vector<ResultRow> results,
                           look.ResultsOf(r.id));
      if (results.empty()) continue;
      const bool names =
          I.SeesTesters(c, static_cast<UnitId>(r.village_id), r.lab_id);
      std::string tested_on, final_on, tested_by;
      for (const SampleEventRow& e : st.events) {
        if (e.kind == "tested") {
          tested_on = DayText(e.day);
          tested_by = e.actor;
        }
        if (e.kind == "final") final_on = DayText(e.day);
      }
      auto lab = I.LabById(r.lab_id);
      auto src = I.SourceById(r.source_id);
      const std::string prefix =
          Csv(r.code) + "," + Csv(lab ? lab->row.code : "") + "," + r.method +
          "," + Csv(src ? src->code : "") + "," +
          Csv(I.CodeOf(static_cast<UnitId>(r.village_id))) + "," +
          Csv(r.habitation_id > 0
                  ? I.CodeOf(static_cast<UnitId>(r.habitation_id))
                  : "") +
          "," + r.point_kind + "," + r.reason + "," + DayText(r.collected_day) +
          "," + tested_on + "," + final_on + "," + st.status + ",";
      const std::string suffix =
          names ? Csv(r.collected_by) + "," + Csv(tested_by) : ",";
      for (const ResultRow& res : results) {
        const Parameter* p = I.standard().ParameterById(res.parameter_id);
        const StandardVersion* v = I.standard().VersionById(res.standard_id);
        const Limit* l = v != nullptr ? v->LimitOf(res.parameter_id) : nullptr;
        const std::string value = res.value ? Number(*res.value)
                                  : res.detected
                                      ? (*res.detected ? "present" : "absent")
                                      : "";
        fn(prefix + (p != nullptr ? p->code : "") + "," + value + "," +
           Csv(l != nullptr ? l->unit : "") + "," +
           std::string(GradeName(static_cast<::jjm::Grade>(res.grade))) + "," +
           Csv(v != nullptr ? v->code : "") + "," + suffix);
      }
    }
  }
  return Status::Ok();
}

}  // namespace jjm
