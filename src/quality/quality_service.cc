#include "quality/quality_service.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>
#include <unordered_map>

#include "coverage/periods.h"
#include "quality/quality_internal.h"
#include "store/audited_write.h"

namespace jjm {

const std::vector<std::string> kLabLevels = {"state", "district", "block",
                                             "mobile", "wtp"};
const std::vector<std::string> kSourceTypes = {
    "borewell",  "tube_well", "open_well", "hand_pump", "river",
    "reservoir", "canal",     "pond",      "spring"};
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
  return parameters.empty() || std::find(parameters.begin(), parameters.end(),
                                         parameter_id) != parameters.end();
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
  // The registers are built in locals, which the loaders' lambdas fill,
  // and put in place under mu_ at the end.
  std::map<int64_t, TreatmentPlantRow> plants;
  std::unordered_map<std::string, int64_t> plant_by_code;
  std::map<int64_t, Lab> labs;
  std::unordered_map<std::string, int64_t> lab_by_code;
  std::vector<SourceInfo> sources;
  std::unordered_map<std::string, int64_t> source_by_code;
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
  JJM_RETURN_IF_ERROR(
      store_.ForEachTreatmentPlant([&](const TreatmentPlantRow& p) {
        plant_by_code[p.code] = p.id;
        plants[p.id] = p;
      }));
  JJM_RETURN_IF_ERROR(store_.ForEachLab([&](const LabRow& l) {
    lab_by_code[l.code] = l.id;
    labs[l.id].row = l;
  }));
  JJM_RETURN_IF_ERROR(store_.ForEachLabServes(
      [&](int64_t lab, int64_t unit) { labs[lab].serves.push_back(unit); }));
  JJM_RETURN_IF_ERROR(
      store_.ForEachLabParameter([&](int64_t lab, int64_t parameter) {
        labs[lab].parameters.push_back(parameter);
      }));
  JJM_RETURN_IF_ERROR(
      store_.ForEachAccreditation([&](const AccreditationRow& a) {
        labs[a.lab_id].accreditations.push_back(a);
      }));
  JJM_RETURN_IF_ERROR(store_.ForEachSource([&](const SourceRow& s) {
    if (sources.size() <= static_cast<size_t>(s.id)) {
      sources.resize(static_cast<size_t>(s.id) + 1);
    }
    SourceInfo& info = sources[s.id];
    info.id = s.id;
    info.code = s.code;
    info.village = static_cast<UnitId>(s.village_id);
    info.habitation =
        s.habitation_id > 0 ? static_cast<UnitId>(s.habitation_id) : kNoUnit;
    info.has_alternate = s.has_alternate;
    source_by_code[s.code] = s.id;
    index->AddSource(s.id, info.village, info.habitation, DayOf(s.created_on));
  }));
  // Results are most of the rows: a second connection (where the database
  // has one) reads them while this one reads samples and events, and keeps
  // per tested event only what the roll-ups need: the parameter families
  // tested, and the contaminants beyond the permissible limit and above the
  // acceptable one (which fail only where the source has an alternate).
  struct EventGrades {
    int64_t event = 0;
    uint8_t families = 0;  // 1: chemical or physical, 2: bacteriological
    uint8_t beyond = 0, permissible = 0;  // bit per contaminant class
  };
  static_assert(kContaminantCount <= 8);
  std::vector<EventGrades> grades;
  auto read_results = [&](QualityStore* store) -> Status {
    return store->ForEachResultGrade(
        [&](int64_t event, int64_t parameter, int grade) {
          const Parameter* p = standard_.ParameterById(parameter);
          if (p == nullptr) return;
          if (grades.empty() || grades.back().event != event) {
            grades.push_back({event, 0, 0, 0});
          }
          EventGrades& g = grades.back();
          g.families |= p->family == ParameterFamily::kBacteriological ? 2 : 1;
          const uint8_t bit =
              static_cast<uint8_t>(1u << static_cast<int>(p->contaminant));
          if (grade == static_cast<int>(::jjm::Grade::kBeyond)) g.beyond |= bit;
          if (grade == static_cast<int>(::jjm::Grade::kPermissible)) {
            g.permissible |= bit;
          }
        });
  };
  std::unique_ptr<Db> results_db;
  Status results_status;
  std::thread results_thread;
  if (auto other = store_.db()->OpenForOneThread(); other.ok()) {
    results_db = std::move(*other);
    results_thread = std::thread([&] {
      QualityStore store(results_db.get());
      results_status = read_results(&store);
    });
  }
  struct Join {
    std::thread* t;
    ~Join() {
      if (t->joinable()) t->join();
    }
  } join_results{&results_thread};
  // Samples: what the roll-ups need of each, by id (8 bytes a sample).
  struct Loaded {
    bool exists = false, alternate = false, final = false;
    int32_t final_day = 0;
  };
  std::vector<Loaded> samples;
  std::unordered_map<int64_t, int64_t> first_repeat;  // parent -> day
  size_t n_samples = 0;
  JJM_RETURN_IF_ERROR(store_.ForEachSampleToLoad([&](const SampleLoadRow& s) {
    if (samples.size() <= static_cast<size_t>(s.id)) {
      samples.resize(
          std::max(samples.size() * 2, static_cast<size_t>(s.id) + 1));
    }
    Loaded& l = samples[s.id];
    l.exists = true;
    l.alternate = s.source_id > 0 &&
                  static_cast<size_t>(s.source_id) < sources.size() &&
                  sources[s.source_id].has_alternate;
    if (s.repeat && first_repeat.count(s.parent_sample_id) == 0) {
      first_repeat[s.parent_sample_id] = s.collected_day;
    }
    index->AddSample(
        s.id, static_cast<UnitId>(s.village_id),
        s.habitation_id > 0 ? static_cast<UnitId>(s.habitation_id) : kNoUnit,
        s.source_id, s.ftk ? SampleMethod::kFtk : SampleMethod::kLab,
        DayOf(s.collected_day));
    ++n_samples;
  }));
  // Tested events in id order (the order they stream in): the results'
  // grades, by event too, are joined to their samples by walking both.
  std::vector<std::pair<int64_t, int64_t>> tested;  // (event, sample)
  JJM_RETURN_IF_ERROR(store_.ForEachEventToLoad([&](const EventLoadRow& e) {
    if (e.sample_id <= 0 || static_cast<size_t>(e.sample_id) >= samples.size())
      return;
    if (!e.final) {
      tested.emplace_back(e.id, e.sample_id);
      index->SampleTested(e.sample_id, DayOf(e.day));
    } else {
      samples[e.sample_id].final = true;
      samples[e.sample_id].final_day = static_cast<int32_t>(e.day);
    }
  }));
  if (results_thread.joinable()) {
    results_thread.join();
    JJM_RETURN_IF_ERROR(results_status);
  } else {
    JJM_RETURN_IF_ERROR(read_results(&store_));
  }
  // Each final sample's families and failing contaminants, from the grades
  // of its tested events.
  std::vector<uint8_t> families(samples.size(), 0), failing(samples.size(), 0);
  size_t cursor = 0;
  for (const EventGrades& g : grades) {
    while (cursor < tested.size() && tested[cursor].first < g.event) ++cursor;
    if (cursor == tested.size() || tested[cursor].first != g.event) continue;
    const int64_t id = tested[cursor].second;
    const Loaded& l = samples[id];
    if (!l.final) continue;
    families[id] |= g.families;
    failing[id] |= g.beyond | (l.alternate ? g.permissible : 0);
  }
  grades = {};
  tested = {};
  for (size_t id = 0; id < samples.size(); ++id) {
    const Loaded& l = samples[id];
    if (!l.exists || !l.final) continue;
    QualityIndex::Final f;
    f.chemical = (families[id] & 1) != 0;
    f.bacteriological = (families[id] & 2) != 0;
    for (int k = 0; k < kContaminantCount; ++k) {
      if ((failing[id] >> k) & 1) {
        f.failing.push_back(static_cast<Contaminant>(k));
      }
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
  const size_t n_labs = labs.size(), n_sources = source_by_code.size();
  {
    WriterLock lock(&mu_);
    plants_ = std::move(plants);
    plant_by_code_ = std::move(plant_by_code);
    labs_ = std::move(labs);
    lab_by_code_ = std::move(lab_by_code);
    sources_ = std::move(sources);
    source_by_code_ = std::move(source_by_code);
    index_ = std::move(index);
  }
  if (log_ != nullptr) {
    const double s = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - started)
                         .count();
    std::fprintf(log_,
                 "quality: %zu labs, %zu sources, %zu samples loaded in "
                 "%.2f s (%.0f MB of roll-ups)\n",
                 n_labs, n_sources, n_samples, s,
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
  const bool ok = Places([&](const Hierarchy& h) {
    return Allows(*c.principal, permission, unit, h);
  });
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

StatusOr<UnitId> QualityService::Impl::PlaceOf(
    const std::string& code, const std::string& field,
    std::optional<Level> level) const {
  if (code.empty()) return InvalidArgument(field + " is required", field);
  return Places([&](const Hierarchy& h) -> StatusOr<UnitId> {
    const UnitId id = level ? h.Find(code, *level) : h.Find(code);
    if (id == kNoUnit) {
      if (level && h.Find(code) != kNoUnit) {
        return InvalidArgument(
            field + ": " + code + " is not a " + std::string(LevelName(*level)),
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
    return impl_->locked_index().Summary(place, day);
  });
}

}  // namespace jjm
