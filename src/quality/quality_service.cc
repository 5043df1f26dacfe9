#include "quality/quality_service.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <unordered_map>

#include "coverage/periods.h"
#include "quality/quality_internal.h"
#include "store/audited_write.h"

namespace jjm {

const std::vector<std::string> kLabLevels = {"state", "district", "block",
                                             "mobile", "wtp"};
const std::vector<std::string> kSourceTypes = {
    "borewell", "tube_well", "open_well", "hand_pump", "river",
    "reservoir", "canal",    "pond",      "spring"};
const std::vector<std::string> kPointKinds = {
    "wtp_inlet",     "wtp_outlet", "storage_esr",   "storage_gsr",
    "household_tap", "school_tap", "anganwadi_tap", "stand_post"};
const std::vector<std::string> kActionKinds = {
    "disinfection", "source_changed", "treatment_unit",
    "cwpp",         "advisory",       "other"};
const std::vector<std::string> kSampleReasons = {"repeat", "retest",
                                                 "confirmation", "referral"};

bool In(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}
std::string Joined(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& s : list) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}
std::string QualityNow() { return FormatUtc(std::time(nullptr)); }
Date DayOf(int64_t day) { return Date::FromDays(static_cast<int32_t>(day)); }
std::string DayText(int64_t day) { return DayOf(day).ToString(); }

StatusOr<bool> FlagField(const Json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return false;
  if (!j[key].is_boolean()) {
    return InvalidArgument(std::string(key) + " must be true or false", key);
  }
  return j[key].get<bool>();
}

StatusOr<std::optional<double>> OptionalNumber(const Json& j, const char* key,
                                               double min, double max) {
  if (!j.contains(key) || j[key].is_null()) return std::optional<double>();
  if (!j[key].is_number()) {
    return InvalidArgument(std::string(key) + " must be a number", key);
  }
  const double v = j[key].get<double>();
  if (!(v >= min && v <= max)) {
    return InvalidArgument(std::string(key) + " must be between " +
                               std::to_string(min) + " and " +
                               std::to_string(max),
                           key);
  }
  return std::optional<double>(v);
}

bool Lab::Tests(int64_t parameter_id) const {
  return parameters.empty() ||
         std::find(parameters.begin(), parameters.end(), parameter_id) !=
             parameters.end();
}

const AccreditationRow* Lab::CertificateOn(Date day, bool* valid) const {
  const AccreditationRow* latest = nullptr;
  *valid = false;
  for (const AccreditationRow& a : accreditations) {
    if (a.valid_from <= day.days() && day.days() <= a.valid_to) {
      *valid = true;
      return &a;
    }
    if (a.valid_from <= day.days() &&
        (latest == nullptr || a.valid_to > latest->valid_to)) {
      latest = &a;
    }
  }
  return latest;
}

std::string StatusOf(const std::vector<SampleEventRow>& events,
                     bool* referred) {
  std::string status = "registered";
  *referred = false;
  for (const SampleEventRow& e : events) {
    if (e.kind == "referred") {
      *referred = true;
    } else {
      status = e.kind;
    }
  }
  return status;
}

QualityIndex::Final Verdict::ToFinal() const {
  QualityIndex::Final f;
  f.chemical = chemical;
  f.bacteriological = bacteriological;
  for (int i = 0; i < kContaminantCount; ++i) {
    if (failing[i]) f.failing.push_back(static_cast<Contaminant>(i));
  }
  return f;
}

bool Verdict::AnyFailing() const {
  for (bool b : failing) {
    if (b) return true;
  }
  return false;
}

// --- connections and locks --------------------------------------------------

QualityService::Impl::Impl(std::unique_ptr<Db> writer, Db* shared,
                           CoverageService* coverage, std::FILE* log)
    : coverage_(coverage),
      log_(log),
      own_(std::move(writer)),
      db_(own_ != nullptr ? own_.get() : shared),
      store_(db_) {}

QualityService::Impl::Reading::~Reading() {
  if (conn_ == nullptr) return;
  MutexLock lock(&impl_->pool_mu_);
  impl_->idle_.push_back(std::move(conn_));
  impl_->pool_cv_.Signal();
}

StatusOr<QualityService::Impl::Reading> QualityService::Impl::Read() {
  Reading r;
  r.impl_ = this;
  if (own_ == nullptr) {
    r.lock_ = std::unique_lock<std::mutex>(write_mu_.native());
    r.store_ = QualityStore(db_);
    return r;
  }
  {
    MutexLock lock(&pool_mu_);
    while (idle_.empty() && readers_ >= kMaxReaders) pool_cv_.Wait(&pool_mu_);
    if (!idle_.empty()) {
      r.conn_ = std::move(idle_.back());
      idle_.pop_back();
      r.store_ = QualityStore(r.conn_.get());
      return r;
    }
    ++readers_;
  }
  auto conn = own_->OpenAnother();
  if (!conn.ok()) {
    MutexLock lock(&pool_mu_);
    --readers_;
    pool_cv_.Signal();
    return conn.status();
  }
  r.conn_ = std::move(*conn);
  r.store_ = QualityStore(r.conn_.get());
  return r;
}

std::string QualityService::Impl::ActorOf(const QCaller& c) {
  if (c.command_line) return c.actor.empty() ? "cli" : c.actor;
  return c.principal != nullptr ? c.principal->username : "public";
}

Status QualityService::Impl::Write(const QCaller& c, AuditRow audit,
                                   const std::function<Status()>& write) {
  audit.actor = ActorOf(c);
  audit.remote = c.remote;
  if (audit.unit_path.empty()) audit.unit_path = "IN";
  return WriteWithAudit(db_, std::move(audit), write);
}

Status QualityService::Impl::WriteMany(
    const QCaller& c,
    const std::function<StatusOr<std::vector<AuditRow>>()>& write) {
  return WriteWithAudits(db_, [&]() -> StatusOr<std::vector<AuditRow>> {
    JJM_ASSIGN_OR_RETURN(std::vector<AuditRow> rows, write());
    for (AuditRow& a : rows) {
      a.actor = ActorOf(c);
      a.remote = c.remote;
      if (a.unit_path.empty()) a.unit_path = "IN";
    }
    return rows;
  });
}

void QualityService::Impl::Apply(
    const std::function<void(const Hierarchy&, QualityIndex&)>& fn) {
  coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    WriterLock lock(&mu_);
    fn(h, *index_);
    return 0;
  });
}

StatusOr<int64_t> QualityService::Impl::NextSampleId() {
  if (next_sample_id_ == 0) {
    JJM_ASSIGN_OR_RETURN(int64_t max, store_.MaxSampleId());
    next_sample_id_ = max + 1;
  }
  return next_sample_id_++;
}

std::string QualityService::Impl::SampleCode(int64_t id) {
  return "WQ" + std::to_string(id);
}

double QualityService::Impl::Rule(const std::string& name,
                                  double otherwise) const {
  auto it = rules_.find(name);
  return it == rules_.end() ? otherwise : it->second;
}

// --- loading ----------------------------------------------------------------

Status QualityService::Impl::Load() {
  const auto started = std::chrono::steady_clock::now();
  JJM_ASSIGN_OR_RETURN(standard_, store_.LoadStandard());
  JJM_RETURN_IF_ERROR(store_.ForEachRule(
      [&](const std::string& name, double value) { rules_[name] = value; }));
  const Hierarchy* h = coverage_->Read(
      [](const Hierarchy& hh, const CoverageIndex&) { return &hh; });
  auto index = std::make_unique<QualityIndex>(h);
  coverage_->Read([&](const Hierarchy& hh, const CoverageIndex& ci) {
    hh.ForEachVillage(kIndia, [&](UnitId v) {
      index->SetVillageHouseholds(v, ci.Current(v).total_hh);
    });
    return 0;
  });
  JJM_RETURN_IF_ERROR(store_.ForEachTreatmentPlant(
      [&](const TreatmentPlantRow& p) {
        plant_by_code_[p.code] = p.id;
        plants_[p.id] = p;
      }));
  JJM_RETURN_IF_ERROR(store_.ForEachLab([&](const LabRow& l) {
    lab_by_code_[l.code] = l.id;
    labs_[l.id].row = l;
  }));
  JJM_RETURN_IF_ERROR(store_.ForEachLabServes([&](int64_t lab, int64_t unit) {
    labs_[lab].serves.push_back(unit);
  }));
  JJM_RETURN_IF_ERROR(
      store_.ForEachLabParameter([&](int64_t lab, int64_t parameter) {
        labs_[lab].parameters.push_back(parameter);
      }));
  JJM_RETURN_IF_ERROR(store_.ForEachAccreditation(
      [&](const AccreditationRow& a) {
        labs_[a.lab_id].accreditations.push_back(a);
      }));
  JJM_RETURN_IF_ERROR(store_.ForEachSource([&](const SourceRow& s) {
    if (sources_.size() <= static_cast<size_t>(s.id)) {
      sources_.resize(static_cast<size_t>(s.id) + 1);
    }
    SourceInfo& info = sources_[s.id];
    info.id = s.id;
    info.code = s.code;
    info.village = static_cast<UnitId>(s.village_id);
    info.habitation =
        s.habitation_id > 0 ? static_cast<UnitId>(s.habitation_id) : kNoUnit;
    info.has_alternate = s.has_alternate;
    source_by_code_[s.code] = s.id;
    index->AddSource(s.id, info.village, info.habitation, DayOf(s.created_on));
  }));
  // Samples: what the roll-ups need of each, by id, while events and
  // results stream by (12 bytes a sample).
  struct Loaded {
    bool exists = false, alternate = false, final = false;
    uint8_t families = 0;  // 1: chemical or physical, 2: bacteriological
    uint8_t failing = 0;   // bit per contaminant class
    int32_t final_day = 0;
  };
  static_assert(kContaminantCount <= 8);
  std::vector<Loaded> samples;
  std::unordered_map<int64_t, int64_t> first_repeat;  // parent -> day
  size_t n_samples = 0;
  JJM_RETURN_IF_ERROR(store_.ForEachSample([&](const SampleRow& s) {
    if (samples.size() <= static_cast<size_t>(s.id)) {
      samples.resize(std::max(samples.size() * 2, static_cast<size_t>(s.id) + 1));
    }
    Loaded& l = samples[s.id];
    l.exists = true;
    l.alternate = s.source_id > 0 &&
                  static_cast<size_t>(s.source_id) < sources_.size() &&
                  sources_[s.source_id].has_alternate;
    if (s.reason == "repeat" && first_repeat.count(s.parent_sample_id) == 0) {
      first_repeat[s.parent_sample_id] = s.collected_day;
    }
    index->AddSample(
        s.id, static_cast<UnitId>(s.village_id),
        s.habitation_id > 0 ? static_cast<UnitId>(s.habitation_id) : kNoUnit,
        s.source_id, s.method == "ftk" ? SampleMethod::kFtk : SampleMethod::kLab,
        DayOf(s.collected_day));
    ++n_samples;
  }));
  // Tested events in id order (the order they stream in): results, which
  // stream by event too, are joined to their samples by walking both.
  std::vector<std::pair<int64_t, int64_t>> tested;  // (event, sample)
  JJM_RETURN_IF_ERROR(store_.ForEachEvent([&](const SampleEventRow& e) {
    if (e.sample_id <= 0 || static_cast<size_t>(e.sample_id) >= samples.size())
      return;
    if (e.kind == "tested") {
      tested.emplace_back(e.id, e.sample_id);
      index->SampleTested(e.sample_id, DayOf(e.day));
    } else if (e.kind == "final") {
      samples[e.sample_id].final = true;
      samples[e.sample_id].final_day = static_cast<int32_t>(e.day);
    }
  }));
  size_t cursor = 0;
  JJM_RETURN_IF_ERROR(store_.ForEachResult([&](const ResultRow& r) {
    while (cursor < tested.size() && tested[cursor].first < r.event_id) {
      ++cursor;
    }
    if (cursor == tested.size() || tested[cursor].first != r.event_id) return;
    Loaded& l = samples[tested[cursor].second];
    if (!l.final) return;
    const Parameter* p = standard_.ParameterById(r.parameter_id);
    if (p == nullptr) return;
    l.families |= p->family == ParameterFamily::kBacteriological ? 2 : 1;
    if (Fails(static_cast<::jjm::Grade>(r.grade), l.alternate)) {
      l.failing |= static_cast<uint8_t>(1u << static_cast<int>(p->contaminant));
    }
  }));
  tested = {};
  for (size_t id = 0; id < samples.size(); ++id) {
    const Loaded& l = samples[id];
    if (!l.exists || !l.final) continue;
    QualityIndex::Final f;
    f.chemical = (l.families & 1) != 0;
    f.bacteriological = (l.families & 2) != 0;
    for (int k = 0; k < kContaminantCount; ++k) {
      if ((l.failing >> k) & 1) f.failing.push_back(static_cast<Contaminant>(k));
    }
    index->SampleFinal(static_cast<int64_t>(id), DayOf(l.final_day), f);
  }
  samples = {};
  JJM_RETURN_IF_ERROR(store_.ForEachAlert([&](const AlertRow& a) {
    auto c = ParseContaminant(a.contaminant);
    if (!c) return;
    std::optional<Date> due;
    if (a.repeat_due_day) due = DayOf(*a.repeat_due_day);
    index->AlertOpened(
        a.id, static_cast<UnitId>(a.village_id),
        a.habitation_id > 0 ? static_cast<UnitId>(a.habitation_id) : kNoUnit,
        *c, DayOf(a.opened_day), due);
    if (due) {
      auto r = first_repeat.find(a.sample_id);
      if (r != first_repeat.end()) {
        index->AlertRepeatTaken(a.id, DayOf(r->second));
      }
    }
    if (a.closed_day) index->AlertClosed(a.id, DayOf(*a.closed_day));
  }));
  JJM_RETURN_IF_ERROR(store_.ForEachAction(0, [&](const RemedialActionRow& a) {
    index->ActionStarted(a.id, a.alert_id, DayOf(a.started_day));
    if (a.done_day) index->ActionDone(a.id, DayOf(*a.done_day));
  }));
  JJM_RETURN_IF_ERROR(
      store_.ForEachTrainedTester(0, [&](const TrainedTesterRow& t) {
        index->TesterTrained(static_cast<UnitId>(t.village_id),
                             DayOf(t.trained_day));
      }));
  index->Finish();
  index_ = std::move(index);
  if (log_ != nullptr) {
    const double s = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - started)
                         .count();
    std::fprintf(log_,
                 "quality: %zu labs, %zu sources, %zu samples loaded in "
                 "%.2f s (%.0f MB of roll-ups)\n",
                 labs_.size(), source_by_code_.size(), n_samples, s,
                 index_->MemoryBytes() / 1048576.0);
  }
  return Status::Ok();
}

// --- who may do what --------------------------------------------------------

Status QualityService::Impl::SignedIn(const QCaller& c) {
  if (c.command_line || c.principal != nullptr) return Status::Ok();
  return Status(StatusCode::kUnauthenticated,
                "sign in first (or your session has ended)");
}

Status QualityService::Impl::Need(const QCaller& c, Permission permission,
                                  UnitId unit, const char* what) const {
  JJM_RETURN_IF_ERROR(SignedIn(c));
  if (c.command_line) return Status::Ok();
  const bool ok = Places(
      [&](const Hierarchy& h) { return Allows(*c.principal, permission, unit, h); });
  if (ok) return Status::Ok();
  return Status(StatusCode::kPermissionDenied,
                std::string("you may not ") + what + " in " + CodeOf(unit));
}

bool QualityService::Impl::SeesTesters(const QCaller& c, UnitId village,
                                       int64_t lab_id) const {
  if (c.command_line) return true;
  if (c.principal == nullptr) return false;
  if (lab_id > 0 && WorksForLab(*c.principal, lab_id)) return true;
  return Places([&](const Hierarchy& h) {
    return MaySeeTesters(*c.principal, village, h);
  });
}

// --- places -----------------------------------------------------------------

StatusOr<UnitId> QualityService::Impl::PlaceOf(const std::string& code,
                                                const std::string& field,
                                                std::optional<Level> level) const {
  if (code.empty()) return InvalidArgument(field + " is required", field);
  return Places([&](const Hierarchy& h) -> StatusOr<UnitId> {
    const UnitId id = level ? h.Find(code, *level) : h.Find(code);
    if (id == kNoUnit) {
      if (level && h.Find(code) != kNoUnit) {
        return InvalidArgument(field + ": " + code + " is not a " +
                                   std::string(LevelName(*level)),
                               field);
      }
      return InvalidArgument(field + ": no place with code '" + code + "'",
                             field);
    }
    return id;
  });
}

StatusOr<UnitId> QualityService::Impl::HabitationOf(
    const std::string& code, UnitId village, const std::string& field) const {
  if (code.empty()) return kNoUnit;
  JJM_ASSIGN_OR_RETURN(UnitId id, PlaceOf(code, field, Level::kHabitation));
  const bool under =
      Places([&](const Hierarchy& h) { return h.Get(id).parent == village; });
  if (!under) {
    return InvalidArgument(
        field + ": " + code + " is not a habitation of " + CodeOf(village),
        field);
  }
  return id;
}

Json QualityService::Impl::PlaceJson(UnitId id) const {
  return Places([&](const Hierarchy& h) {
    if (!h.Contains(id)) return Json(nullptr);
    const auto& p = h.Get(id);
    return Json{{"code", p.code},
                {"name", p.name},
                {"level", std::string(LevelName(p.level))}};
  });
}

std::string QualityService::Impl::CodeOf(UnitId id) const {
  return Places([&](const Hierarchy& h) {
    return h.Contains(id) ? h.Get(id).code : std::string();
  });
}

AuditRow QualityService::Impl::AuditAt(std::string action, std::string entity,
                                       std::string entity_id,
                                       UnitId unit) const {
  AuditRow a;
  a.action = std::move(action);
  a.entity = std::move(entity);
  a.entity_id = std::move(entity_id);
  a.unit_id = unit > 0 ? unit : 0;
  a.unit_path = Places([&](const Hierarchy& h) { return h.PathCodes(unit); });
  return a;
}

std::vector<int64_t> QualityService::Impl::VillagesOf(UnitId place) const {
  std::vector<int64_t> out;
  if (place == kIndia) return out;
  Places([&](const Hierarchy& h) {
    if (!h.Contains(place)) return 0;
    if (h.Get(place).level == Level::kHabitation) {
      out.push_back(h.Get(place).parent);
      return 0;
    }
    h.ForEachVillage(place, [&](UnitId v) { out.push_back(v); });
    return 0;
  });
  if (out.empty()) out.push_back(-1);  // matches nothing
  return out;
}

// --- registers --------------------------------------------------------------

std::optional<Lab> QualityService::Impl::LabById(int64_t id) const {
  ReaderLock lock(&mu_);
  auto it = labs_.find(id);
  if (it == labs_.end()) return std::nullopt;
  return it->second;
}

std::optional<Lab> QualityService::Impl::LabByCode(
    const std::string& code) const {
  ReaderLock lock(&mu_);
  auto it = lab_by_code_.find(code);
  if (it == lab_by_code_.end()) return std::nullopt;
  return labs_.at(it->second);
}

std::optional<SourceInfo> QualityService::Impl::SourceById(int64_t id) const {
  ReaderLock lock(&mu_);
  if (id <= 0 || static_cast<size_t>(id) >= sources_.size() ||
      sources_[id].id == 0) {
    return std::nullopt;
  }
  return sources_[id];
}

std::optional<SourceInfo> QualityService::Impl::SourceByCode(
    const std::string& code) const {
  ReaderLock lock(&mu_);
  auto it = source_by_code_.find(code);
  if (it == source_by_code_.end()) return std::nullopt;
  return sources_[it->second];
}

std::optional<TreatmentPlantRow> QualityService::Impl::PlantByCode(
    const std::string& code) const {
  ReaderLock lock(&mu_);
  auto it = plant_by_code_.find(code);
  if (it == plant_by_code_.end()) return std::nullopt;
  return plants_.at(it->second);
}

std::vector<Lab> QualityService::Impl::AllLabs() const {
  ReaderLock lock(&mu_);
  std::vector<Lab> out;
  out.reserve(labs_.size());
  for (const auto& [id, lab] : labs_) out.push_back(lab);
  return out;
}

void QualityService::Impl::PutLab(Lab lab) {
  WriterLock lock(&mu_);
  lab_by_code_[lab.row.code] = lab.row.id;
  const int64_t id = lab.row.id;
  labs_[id] = std::move(lab);
}

void QualityService::Impl::PutPlant(TreatmentPlantRow p) {
  WriterLock lock(&mu_);
  plant_by_code_[p.code] = p.id;
  const int64_t id = p.id;
  plants_[id] = std::move(p);
}

void QualityService::Impl::PutSource(SourceInfo s) {
  WriterLock lock(&mu_);
  if (sources_.size() <= static_cast<size_t>(s.id)) {
    sources_.resize(static_cast<size_t>(s.id) + 1);
  }
  source_by_code_[s.code] = s.id;
  const int64_t id = s.id;
  sources_[id] = std::move(s);
}

bool QualityService::Impl::HasAlternate(const SampleRow& s) const {
  if (s.source_id <= 0) return false;
  auto src = SourceById(s.source_id);
  return src && src->has_alternate;
}

// --- grading ----------------------------------------------------------------

StatusOr<std::vector<ResultInput>> ReadResults(const Standard& st,
                                               const Json& results,
                                               const std::string& field) {
  if (!results.is_array() || results.empty()) {
    return InvalidArgument(field + " must be a list of results", field);
  }
  if (results.size() > 200) {
    return InvalidArgument(field + " holds too many results", field);
  }
  std::vector<ResultInput> out;
  for (size_t i = 0; i < results.size(); ++i) {
    const std::string q = field + "[" + std::to_string(i) + "]";
    const Json& r = results[i];
    JJM_RETURN_IF_ERROR(
        CheckFields(r, q, {"parameter", "value", "detected", "unit"}));
    JJM_ASSIGN_OR_RETURN(std::string code,
                         TextField(r, q, "parameter", true, 1, 80));
    const Parameter* p = st.ParameterByCode(code);
    if (p == nullptr) {
      return InvalidArgument(q + ".parameter: unknown parameter '" + code + "'",
                             q + ".parameter");
    }
    ResultInput in;
    in.parameter_id = p->id;
    JJM_ASSIGN_OR_RETURN(in.unit, TextField(r, q, "unit", false, 0, 40));
    const bool has_value = r.contains("value") && !r["value"].is_null();
    const bool has_detected =
        r.contains("detected") && !r["detected"].is_null();
    if (has_value == has_detected) {
      return InvalidArgument(q + ": give a value or detected (not both)",
                             q + ".value");
    }
    if (has_value) {
      if (!r["value"].is_number()) {
        return InvalidArgument(q + ".value must be a number", q + ".value");
      }
      in.value = r["value"].get<double>();
    } else {
      if (!r["detected"].is_boolean()) {
        return InvalidArgument(q + ".detected must be true or false",
                               q + ".detected");
      }
      in.detected = r["detected"].get<bool>();
    }
    out.push_back(std::move(in));
  }
  return out;
}

StatusOr<std::vector<GradedResult>> QualityService::Impl::GradeJson(
    const Json& results, const std::string& field, Date day, bool chlorinated,
    const Lab* lab, const StandardVersion** v) const {
  JJM_ASSIGN_OR_RETURN(std::vector<ResultInput> in,
                       ReadResults(standard_, results, field));
  if (lab != nullptr) {
    for (size_t i = 0; i < in.size(); ++i) {
      if (!lab->Tests(in[i].parameter_id)) {
        const std::string f = field + "[" + std::to_string(i) + "].parameter";
        return InvalidArgument(
            f + ": lab " + lab->row.code + " does not test " +
                standard_.ParameterById(in[i].parameter_id)->code,
            f);
      }
    }
  }
  const StandardVersion* version = standard_.InForce(day);
  if (version == nullptr) return Internal("no version of the standard");
  if (v != nullptr) *v = version;
  SampleContext ctx;
  ctx.chlorinated = chlorinated;
  auto graded = GradeResults(*version, standard_, in, ctx);
  if (!graded.ok()) {
    // Name the field under the request's own prefix.
    const Status& s = graded.status();
    std::string f = s.field();
    if (f.rfind("results", 0) == 0) f = field + f.substr(7);
    return Status(s.code(), s.message(), f);
  }
  return graded;
}

Verdict QualityService::Impl::VerdictOf(const std::vector<ResultRow>& results,
                                        bool has_alternate) const {
  Verdict v;
  for (const ResultRow& r : results) {
    const Parameter* p = standard_.ParameterById(r.parameter_id);
    if (p == nullptr) continue;
    if (p->family == ParameterFamily::kBacteriological) {
      v.bacteriological = true;
    } else {
      v.chemical = true;
    }
    const int k = static_cast<int>(p->contaminant);
    v.tested[k] = true;
    if (Fails(static_cast<::jjm::Grade>(r.grade), has_alternate)) {
      v.failing[k] = true;
      if (p->family == ParameterFamily::kBacteriological) {
        v.bacteria_detected = true;
      }
    }
  }
  return v;
}

StatusOr<SampleState> QualityService::Impl::LoadSample(QualityStore& s,
                                                       int64_t id) {
  JJM_ASSIGN_OR_RETURN(std::optional<SampleRow> row, s.GetSample(id));
  if (!row) return NotFound("no sample " + std::to_string(id));
  SampleState st;
  st.sample = std::move(*row);
  JJM_ASSIGN_OR_RETURN(st.events, s.EventsOf(id));
  st.status = StatusOf(st.events, &st.referred);
  for (const SampleEventRow& e : st.events) {
    if (e.kind == "tested") st.tested_event = e.id;
  }
  return st;
}

// --- JSON -------------------------------------------------------------------

Json QualityService::Impl::ResultJson(const ResultRow& r) const {
  const Parameter* p = standard_.ParameterById(r.parameter_id);
  const StandardVersion* v = standard_.VersionById(r.standard_id);
  const Limit* l = v != nullptr ? v->LimitOf(r.parameter_id) : nullptr;
  Json j{{"parameter", p != nullptr ? p->code : std::to_string(r.parameter_id)},
         {"grade", std::string(GradeName(static_cast<::jjm::Grade>(r.grade)))},
         {"standard", v != nullptr ? v->code : ""},
         {"unit", l != nullptr ? l->unit : ""}};
  if (r.value) j["value"] = *r.value;
  if (r.detected) j["detected"] = *r.detected;
  if (p != nullptr) {
    j["name_en"] = p->name_en;
    j["contaminant"] = std::string(ContaminantName(p->contaminant));
  }
  return j;
}

StatusOr<Json> QualityService::Impl::SampleJson(QualityStore& s,
                                                const SampleState& st,
                                                bool names) const {
  const SampleRow& r = st.sample;
  Json j{{"id", r.id},
         {"code", r.code},
         {"method", r.method},
         {"village", PlaceJson(static_cast<UnitId>(r.village_id))},
         {"point_kind", r.point_kind},
         {"chlorinated", r.chlorinated},
         {"collected_on", DayText(r.collected_day)},
         {"reason", r.reason},
         {"status", st.status},
         {"referred", st.referred},
         {"registered_at", r.registered_at}};
  if (r.habitation_id > 0) {
    j["habitation"] = PlaceJson(static_cast<UnitId>(r.habitation_id));
  }
  if (r.lab_id > 0) {
    auto lab = LabById(r.lab_id);
    j["lab"] = lab ? Json{{"id", lab->row.id},
                          {"code", lab->row.code},
                          {"name", lab->row.name},
                          {"level", lab->row.level}}
                   : Json(nullptr);
  }
  if (r.source_id > 0) {
    auto src = SourceById(r.source_id);
    j["source"] = src ? src->code : "";
  }
  if (r.point_id > 0) j["point"] = r.point_id;
  if (r.latitude) j["latitude"] = *r.latitude;
  if (r.longitude) j["longitude"] = *r.longitude;
  if (r.parent_sample_id > 0) {
    JJM_ASSIGN_OR_RETURN(auto parent, s.GetSample(r.parent_sample_id));
    j["parent"] = parent ? parent->code : "";
  }
  if (names) {
    j["collected_by"] = r.collected_by;
    j["registered_by"] = r.registered_by;
  }
  Json events = Json::array();
  for (const SampleEventRow& e : st.events) {
    Json ev{{"id", e.id}, {"kind", e.kind}, {"on", DayText(e.day)},
            {"at", e.at}};
    if (!e.note.empty()) ev["note"] = e.note;
    if (e.related_sample_id > 0) {
      JJM_ASSIGN_OR_RETURN(auto rel, s.GetSample(e.related_sample_id));
      ev["related_sample"] = rel ? rel->code : "";
    }
    if (names) ev["by"] = e.actor;
    events.push_back(std::move(ev));
  }
  j["events"] = std::move(events);
  JJM_ASSIGN_OR_RETURN(std::vector<ResultRow> results, s.ResultsOf(r.id));
  Json rs = Json::array();
  for (const ResultRow& res : results) rs.push_back(ResultJson(res));
  j["results"] = std::move(rs);
  Json alerts = Json::array();
  JJM_RETURN_IF_ERROR(s.ForEachAlertOfSample(r.id, [&](const AlertRow& a) {
    alerts.push_back(Json{{"id", a.id},
                          {"contaminant", a.contaminant},
                          {"open", !a.closed_day.has_value()}});
  }));
  j["alerts"] = std::move(alerts);
  return j;
}

Json QualityService::Impl::SummaryJson(const QualitySummary& s) const {
  Json failing_by = Json::object(), affected_by = Json::object();
  for (int i = 0; i < kContaminantCount; ++i) {
    const std::string name(ContaminantName(static_cast<Contaminant>(i)));
    failing_by[name] = s.failing_by[i];
    affected_by[name] = s.affected_by[i];
  }
  return Json{{"samples", s.samples},
              {"lab_samples", s.lab_samples},
              {"ftk_samples", s.ftk_samples},
              {"tested", s.tested},
              {"failing", s.failing},
              {"failing_by", std::move(failing_by)},
              {"sources", s.sources},
              {"sources_tested_chemical", s.sources_tested_chemical},
              {"sources_tested_bacteriological",
               s.sources_tested_bacteriological},
              {"sources_bact_pre_monsoon", s.sources_bact_pre_monsoon},
              {"sources_bact_post_monsoon", s.sources_bact_post_monsoon},
              {"villages_lab", s.villages_lab},
              {"villages_lab_chemical", s.villages_lab_chemical},
              {"villages_lab_bacteriological", s.villages_lab_bacteriological},
              {"villages_ftk", s.villages_ftk},
              {"habitations_affected", s.habitations_affected},
              {"affected_by", std::move(affected_by)},
              {"villages_affected", s.villages_affected},
              {"households_affected", s.households_affected},
              {"alerts_open", s.alerts_open},
              {"repeats_overdue", s.repeats_overdue},
              {"actions_pending", s.actions_pending},
              {"trained_testers", s.trained_testers}};
}

// --- the service ------------------------------------------------------------

QualityService::QualityService(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
QualityService::~QualityService() = default;

StatusOr<std::unique_ptr<QualityService>> QualityService::Open(
    Db* db, CoverageService* coverage, std::FILE* log) {
  std::unique_ptr<Db> own;
  if (auto another = db->OpenAnother(); another.ok()) own = std::move(*another);
  auto impl = std::make_unique<Impl>(std::move(own), db, coverage, log);
  {
    MutexLock lock(&impl->write_mutex());
    JJM_RETURN_IF_ERROR(impl->Load());
  }
  return std::unique_ptr<QualityService>(new QualityService(std::move(impl)));
}

const Standard& QualityService::standard() const { return impl_->standard(); }

QualitySummary QualityService::SummaryOf(UnitId place, Date day) const {
  return impl_->Shared([&](const Hierarchy& h) {
    if (!h.Contains(place)) return QualitySummary();
    return impl_->index_->Summary(place, day);
  });
}

StatusOr<Json> QualityService::GetStandard(const Caller&) {
  const Standard& st = impl_->standard();
  Json params = Json::array();
  for (const Parameter& p : st.parameters()) {
    params.push_back(Json{{"id", p.id},
                          {"code", p.code},
                          {"name_en", p.name_en},
                          {"name_hi", p.name_hi},
                          {"family", std::string(FamilyName(p.family))},
                          {"contaminant",
                           std::string(ContaminantName(p.contaminant))},
                          {"ordinal", p.ordinal}});
  }
  Json versions = Json::array();
  for (const StandardVersion& v : st.versions()) {
    Json limits = Json::array();
    for (const Limit& l : v.limits) {
      const Parameter* p = st.ParameterById(l.parameter_id);
      Json j{{"parameter", p != nullptr ? p->code : ""},
             {"unit", l.unit},
             {"kind", std::string(LimitKindName(l.kind))},
             {"only_when_chlorinated", l.only_when_chlorinated},
             {"note", l.note}};
      j["acceptable_min"] = l.acceptable_min ? Json(*l.acceptable_min) : Json();
      j["acceptable_max"] = l.acceptable_max ? Json(*l.acceptable_max) : Json();
      j["permissible_max"] =
          l.permissible_max ? Json(*l.permissible_max) : Json();
      limits.push_back(std::move(j));
    }
    Json rules = Json::array();
    for (const CrossRule& r : v.cross_rules) {
      const Parameter* p = st.ParameterById(r.parameter_id);
      const Parameter* o = st.ParameterById(r.other_parameter_id);
      rules.push_back(Json{
          {"kind", r.kind == CrossRuleKind::kSumMax ? "sum_max"
                                                    : "relax_if_max"},
          {"parameter", p != nullptr ? p->code : ""},
          {"other_parameter", o != nullptr ? o->code : ""},
          {"value", r.value},
          {"note", r.note}});
    }
    versions.push_back(Json{{"id", v.id},
                            {"code", v.code},
                            {"title", v.title},
                            {"in_force_from", v.in_force_from.ToString()},
                            {"limits", std::move(limits)},
                            {"cross_rules", std::move(rules)}});
  }
  Json rules = Json::object();
  for (const auto& [name, value] : impl_->rules_) rules[name] = value;
  return Json{{"parameters", std::move(params)},
              {"versions", std::move(versions)},
              {"rules", std::move(rules)}};
}

StatusOr<Json> QualityService::Grade(const Caller& c, const Json& body) {
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"results", "day", "chlorinated", "source"}));
  JJM_ASSIGN_OR_RETURN(Date day, DateField(body, "", "day", false, c.today));
  bool chlorinated = false;
  if (body.contains("chlorinated") && !body["chlorinated"].is_null()) {
    if (!body["chlorinated"].is_boolean()) {
      return InvalidArgument("chlorinated must be true or false",
                             "chlorinated");
    }
    chlorinated = body["chlorinated"].get<bool>();
  }
  bool alternate = false;
  JJM_ASSIGN_OR_RETURN(std::string source,
                       TextField(body, "", "source", false, 0, 80));
  if (!source.empty()) {
    auto src = impl_->SourceByCode(source);
    if (!src) {
      return InvalidArgument("source: no source with code '" + source + "'",
                             "source");
    }
    alternate = src->has_alternate;
  }
  const Json results = body.value("results", Json());
  const StandardVersion* v = nullptr;
  JJM_ASSIGN_OR_RETURN(
      std::vector<GradedResult> graded,
      impl_->GradeJson(results, "results", day, chlorinated, nullptr, &v));
  Json out = Json::array();
  bool failing = false;
  for (size_t i = 0; i < graded.size(); ++i) {
    const GradedResult& g = graded[i];
    const Parameter* p = impl_->standard().ParameterById(g.parameter_id);
    const Limit* l = v->LimitOf(g.parameter_id);
    Json j{{"parameter", p->code},
           {"grade", std::string(GradeName(g.grade))},
           {"fails", Fails(g.grade, alternate)},
           {"reason", g.reason},
           {"reason_code", g.reason_code},
           {"unit", l != nullptr ? l->unit : ""}};
    if (g.value) j["value"] = *g.value;
    if (g.detected) j["detected"] = *g.detected;
    failing = failing || Fails(g.grade, alternate);
    out.push_back(std::move(j));
  }
  return Json{{"standard", v->code},
              {"results", std::move(out)},
              {"worst", std::string(GradeName(WorstGrade(graded)))},
              {"failing", failing}};
}

StatusOr<Json> QualityService::Summary(const Caller& c,
                                       const std::string& place,
                                       const std::string& as_of) {
  UnitId id = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(id, impl_->PlaceOf(place, "place"));
  }
  Date day = c.today;
  if (!as_of.empty()) {
    JJM_ASSIGN_OR_RETURN(day, Date::ParseField(as_of, "as_of"));
  }
  return impl_->Shared([&](const Hierarchy& h) {
    const Place& p = h.Get(id);
    Json rows = Json::array();
    for (UnitId child : p.children) {
      if (!h.Contains(child)) continue;
      const Place& cp = h.Get(child);
      rows.push_back(Json{{"code", cp.code},
                          {"name", cp.name},
                          {"level", std::string(LevelName(cp.level))},
                          {"summary", impl_->SummaryJson(
                                          impl_->index_->Summary(child, day))}});
    }
    return Json{{"place", Json{{"code", p.code},
                               {"name", p.name},
                               {"level", std::string(LevelName(p.level))}}},
                {"as_of", day.ToString()},
                {"summary",
                 impl_->SummaryJson(impl_->index_->Summary(id, day))},
                {"rows", std::move(rows)}};
  });
}

}  // namespace jjm
