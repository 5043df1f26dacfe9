#include "store/quality_store.h"

#include <map>
#include <string_view>
#include <utility>

#include "store/sql_values.h"

namespace jjm {
namespace {

void ReadPlant(Statement& s, TreatmentPlantRow* p) {
  sql::Read(s, 0, p->id, p->code, p->name, p->unit_id, p->latitude,
            p->longitude, p->linked_lab_id, p->created_at, p->created_by);
}

void ReadLab(Statement& s, LabRow* l) {
  sql::Read(s, 0, l->id, l->code, l->name, l->level, l->unit_id,
            l->treatment_plant_id, l->refers_to_lab_id, l->created_at,
            l->created_by, l->closed_on);
}

void ReadAccreditation(Statement& s, AccreditationRow* a) {
  sql::Read(s, 0, a->id, a->lab_id, a->certificate_no, a->valid_from,
            a->valid_to, a->recorded_at, a->recorded_by);
}

void ReadSource(Statement& s, SourceRow* r) {
  sql::Read(s, 0, r->id, r->code, r->village_id, r->habitation_id, r->type,
            r->name, r->scheme, r->has_alternate, r->latitude, r->longitude,
            r->created_on, r->created_at, r->created_by);
}
constexpr char kSourceColumns[] =
    "SELECT id, code, village_id, habitation_id, type, name, scheme, "
    "has_alternate, latitude, longitude, created_on, created_at, created_by "
    "FROM wq_source";

void ReadPoint(Statement& s, SamplingPointRow* p) {
  sql::Read(s, 0, p->id, p->village_id, p->habitation_id, p->source_id, p->kind,
            p->treatment_plant_id, p->description, p->latitude, p->longitude,
            p->created_at, p->created_by);
}
constexpr char kPointColumns[] =
    "SELECT id, village_id, habitation_id, source_id, kind, "
    "treatment_plant_id, description, latitude, longitude, created_at, "
    "created_by FROM wq_sampling_point";

void ReadTester(Statement& s, TrainedTesterRow* t) {
  sql::Read(s, 0, t->id, t->village_id, t->name, t->trained_day, t->account_id,
            t->recorded_at, t->recorded_by);
}

}  // namespace

QualityStore::QualityStore(Db* db) : db_(db) {}
QualityStore::~QualityStore() = default;
QualityStore::QualityStore(QualityStore&&) noexcept = default;
QualityStore& QualityStore::operator=(QualityStore&&) noexcept = default;

StatusOr<Statement*> QualityStore::Cached(std::unique_ptr<Statement>* slot,
                                          std::string_view sql) {
  if (*slot == nullptr) {
    JJM_ASSIGN_OR_RETURN(*slot, db_->Prepare(sql));
  } else {
    (*slot)->Reset();  // after an error, the last run may not have been
  }
  return slot->get();
}

// --- the standard and the rules ---------------------------------------------

StatusOr<Standard> QualityStore::LoadStandard() {
  std::vector<Parameter> parameters;
  {
    JJM_ASSIGN_OR_RETURN(
        auto s, sql::Prepare(db_,
                             "SELECT id, code, name_en, name_hi, family, "
                             "contaminant, ordinal FROM wq_parameter ORDER BY "
                             "ordinal, id"));
    Status bad = Status::Ok();
    JJM_RETURN_IF_ERROR(s->ForEachRow([&](Statement& row) {
      Parameter p;
      std::string family, contaminant;
      sql::Read(row, 0, p.id, p.code, p.name_en, p.name_hi, family, contaminant,
                p.ordinal);
      auto f = ParseFamily(family);
      auto c = ParseContaminant(contaminant);
      if (!f || !c) {
        bad = Internal("wq_parameter " + p.code +
                       ": unknown family or "
                       "contaminant");
        return;
      }
      p.family = *f;
      p.contaminant = *c;
      parameters.push_back(std::move(p));
    }));
    JJM_RETURN_IF_ERROR(bad);
  }
  std::vector<StandardVersion> versions;
  std::map<int64_t, size_t> at;
  {
    JJM_ASSIGN_OR_RETURN(
        auto s, sql::Prepare(db_,
                             "SELECT id, code, title, in_force_from FROM "
                             "wq_standard ORDER BY in_force_from, id"));
    JJM_RETURN_IF_ERROR(s->ForEachRow([&](Statement& row) {
      StandardVersion v;
      int64_t day = 0;
      sql::Read(row, 0, v.id, v.code, v.title, day);
      v.in_force_from = Date::FromDays(static_cast<int32_t>(day));
      at[v.id] = versions.size();
      versions.push_back(std::move(v));
    }));
  }
  Status bad = Status::Ok();
  {
    JJM_ASSIGN_OR_RETURN(
        auto s,
        sql::Prepare(db_,
                     "SELECT l.standard_id, l.parameter_id, l.unit, l.kind, "
                     "l.acceptable_min, l.acceptable_max, l.permissible_max, "
                     "l.applies_when, l.note FROM wq_limit l JOIN wq_parameter "
                     "p ON p.id = l.parameter_id ORDER BY l.standard_id, "
                     "p.ordinal, p.id"));
    JJM_RETURN_IF_ERROR(s->ForEachRow([&](Statement& row) {
      int64_t standard_id = 0;
      Limit l;
      std::string kind;
      std::optional<std::string> applies;
      std::optional<std::string> note;
      sql::Read(row, 0, standard_id, l.parameter_id, l.unit, kind,
                l.acceptable_min, l.acceptable_max, l.permissible_max, applies,
                note);
      auto k = ParseLimitKind(kind);
      if (!k) {
        bad = Internal("wq_limit: unknown kind " + kind);
        return;
      }
      l.kind = *k;
      l.only_when_chlorinated =
          applies.has_value() && *applies == "chlorinated";
      l.note = note.value_or("");
      auto it = at.find(standard_id);
      if (it != at.end()) versions[it->second].limits.push_back(std::move(l));
    }));
  }
  JJM_RETURN_IF_ERROR(bad);
  {
    JJM_ASSIGN_OR_RETURN(
        auto s, sql::Prepare(db_,
                             "SELECT id, standard_id, kind, parameter_id, "
                             "other_parameter_id, value, note FROM "
                             "wq_cross_rule ORDER BY standard_id, id"));
    JJM_RETURN_IF_ERROR(s->ForEachRow([&](Statement& row) {
      CrossRule r;
      int64_t standard_id = 0;
      std::string kind;
      std::optional<std::string> note;
      sql::Read(row, 0, r.id, standard_id, kind, r.parameter_id,
                r.other_parameter_id, r.value, note);
      if (kind == "sum_max") {
        r.kind = CrossRuleKind::kSumMax;
      } else if (kind == "relax_if_max") {
        r.kind = CrossRuleKind::kRelaxIfMax;
      } else {
        bad = Internal("wq_cross_rule: unknown kind " + kind);
        return;
      }
      r.note = note.value_or("");
      auto it = at.find(standard_id);
      if (it != at.end()) {
        versions[it->second].cross_rules.push_back(std::move(r));
      }
    }));
  }
  JJM_RETURN_IF_ERROR(bad);
  return Standard(std::move(parameters), std::move(versions));
}

Status QualityStore::ForEachRule(
    const std::function<void(const std::string&, double)>& fn) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_, "SELECT name, value FROM wq_rule ORDER BY name"));
  return s->ForEachRow(
      [&](Statement& row) { fn(sql::Text(row, 0), row.ColumnDouble(1)); });
}

// --- treatment plants and labs ----------------------------------------------

Status QualityStore::ForEachTreatmentPlant(
    const std::function<void(const TreatmentPlantRow&)>& fn) {
  return sql::EachRow(db_, ReadPlant, fn,
                      "SELECT id, code, name, unit_id, latitude, longitude, "
                      "linked_lab_id, created_at, created_by FROM "
                      "wq_treatment_plant ORDER BY id");
}

StatusOr<int64_t> QualityStore::AddTreatmentPlant(const TreatmentPlantRow& p) {
  return sql::InsertRow(db_, "wq_treatment_plant",
                        "code, name, unit_id, latitude, longitude, "
                        "linked_lab_id, created_at, created_by",
                        p.code, p.name, p.unit_id, p.latitude, p.longitude,
                        sql::IdOrNull{p.linked_lab_id}, p.created_at,
                        p.created_by);
}

Status QualityStore::ForEachLab(const std::function<void(const LabRow&)>& fn) {
  return sql::EachRow(db_, ReadLab, fn,
                      "SELECT id, code, name, level, unit_id, "
                      "treatment_plant_id, refers_to_lab_id, created_at, "
                      "created_by, closed_on FROM wq_lab ORDER BY id");
}

StatusOr<int64_t> QualityStore::AddLab(const LabRow& l) {
  return sql::InsertRow(
      db_, "wq_lab",
      "code, name, level, unit_id, treatment_plant_id, refers_to_lab_id, "
      "created_at, created_by, closed_on",
      l.code, l.name, l.level, l.unit_id, sql::IdOrNull{l.treatment_plant_id},
      sql::IdOrNull{l.refers_to_lab_id}, l.created_at, l.created_by,
      l.closed_on);
}

Status QualityStore::UpdateLab(const LabRow& l) {
  return sql::Run(db_,
                  "UPDATE wq_lab SET refers_to_lab_id = $1, closed_on = $2 "
                  "WHERE id = $3",
                  sql::IdOrNull{l.refers_to_lab_id}, l.closed_on, l.id);
}

Status QualityStore::ForEachLabServes(
    const std::function<void(int64_t, int64_t)>& fn) {
  JJM_ASSIGN_OR_RETURN(auto s, sql::Prepare(db_,
                                            "SELECT lab_id, unit_id FROM "
                                            "wq_lab_serves ORDER BY lab_id, "
                                            "unit_id"));
  return s->ForEachRow(
      [&](Statement& row) { fn(row.ColumnInt(0), row.ColumnInt(1)); });
}

Status QualityStore::ForEachLabParameter(
    const std::function<void(int64_t, int64_t)>& fn) {
  JJM_ASSIGN_OR_RETURN(auto s, sql::Prepare(db_,
                                            "SELECT lab_id, parameter_id FROM "
                                            "wq_lab_parameter ORDER BY "
                                            "lab_id, parameter_id"));
  return s->ForEachRow(
      [&](Statement& row) { fn(row.ColumnInt(0), row.ColumnInt(1)); });
}

Status QualityStore::ReplaceLabServes(int64_t lab_id,
                                      const std::vector<int64_t>& units) {
  JJM_RETURN_IF_ERROR(
      sql::Run(db_, "DELETE FROM wq_lab_serves WHERE lab_id = $1", lab_id));
  for (int64_t u : units) {
    JJM_RETURN_IF_ERROR(
        sql::AddRow(db_, "wq_lab_serves", "lab_id, unit_id", lab_id, u));
  }
  return Status::Ok();
}

Status QualityStore::ReplaceLabParameters(
    int64_t lab_id, const std::vector<int64_t>& parameters) {
  JJM_RETURN_IF_ERROR(
      sql::Run(db_, "DELETE FROM wq_lab_parameter WHERE lab_id = $1", lab_id));
  for (int64_t p : parameters) {
    JJM_RETURN_IF_ERROR(sql::AddRow(db_, "wq_lab_parameter",
                                    "lab_id, parameter_id", lab_id, p));
  }
  return Status::Ok();
}

Status QualityStore::ForEachAccreditation(
    const std::function<void(const AccreditationRow&)>& fn) {
  return sql::EachRow(db_, ReadAccreditation, fn,
                      "SELECT id, lab_id, certificate_no, valid_from, "
                      "valid_to, recorded_at, recorded_by FROM "
                      "wq_accreditation ORDER BY id");
}

StatusOr<int64_t> QualityStore::AddAccreditation(const AccreditationRow& a) {
  return sql::InsertRow(db_, "wq_accreditation",
                        "lab_id, certificate_no, valid_from, valid_to, "
                        "recorded_at, recorded_by",
                        a.lab_id, a.certificate_no, a.valid_from, a.valid_to,
                        a.recorded_at, a.recorded_by);
}

// --- sources and sampling points --------------------------------------------

Status QualityStore::ForEachSource(
    const std::function<void(const SourceRow&)>& fn) {
  return sql::EachRow(db_, ReadSource, fn,
                      std::string(kSourceColumns) + " ORDER BY id");
}

Status QualityStore::ForEachSourceOf(
    int64_t village_id, const std::function<void(const SourceRow&)>& fn) {
  return sql::EachRow(
      db_, ReadSource, fn,
      std::string(kSourceColumns) + " WHERE village_id = $1 ORDER BY code",
      village_id);
}

StatusOr<int64_t> QualityStore::AddSource(const SourceRow& s) {
  JJM_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(&add_source_,
             sql::InsertSql("wq_source",
                            "code, village_id, habitation_id, type, name, "
                            "scheme, has_alternate, latitude, longitude, "
                            "created_on, created_at, created_by",
                            12) +
                 " RETURNING id"));
  sql::Bind(*st, s.code, s.village_id, sql::IdOrNull{s.habitation_id}, s.type,
            sql::OrNull{s.name}, sql::OrNull{s.scheme},
            static_cast<int64_t>(s.has_alternate ? 1 : 0), s.latitude,
            s.longitude, s.created_on, s.created_at, s.created_by);
  return st->RunReturningId();
}

Status QualityStore::ForEachSamplingPointOf(
    int64_t village_id,
    const std::function<void(const SamplingPointRow&)>& fn) {
  return sql::EachRow(
      db_, ReadPoint, fn,
      std::string(kPointColumns) + " WHERE village_id = $1 ORDER BY id",
      village_id);
}

StatusOr<std::optional<SamplingPointRow>> QualityStore::GetSamplingPoint(
    int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto s,
      sql::Prepare(db_, std::string(kPointColumns) + " WHERE id = $1", id));
  JJM_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<SamplingPointRow>();
  SamplingPointRow p;
  ReadPoint(*s, &p);
  s->Reset();
  return std::optional<SamplingPointRow>(std::move(p));
}

StatusOr<int64_t> QualityStore::AddSamplingPoint(const SamplingPointRow& p) {
  return sql::InsertRow(
      db_, "wq_sampling_point",
      "village_id, habitation_id, source_id, kind, treatment_plant_id, "
      "description, latitude, longitude, created_at, created_by",
      p.village_id, sql::IdOrNull{p.habitation_id}, sql::IdOrNull{p.source_id},
      p.kind, sql::IdOrNull{p.treatment_plant_id}, sql::OrNull{p.description},
      p.latitude, p.longitude, p.created_at, p.created_by);
}

// --- trained testers --------------------------------------------------------

Status QualityStore::ForEachTrainedTester(
    int64_t village_id,
    const std::function<void(const TrainedTesterRow&)>& fn) {
  const std::string sql =
      "SELECT id, village_id, name, trained_day, account_id, recorded_at, "
      "recorded_by FROM wq_trained_tester";
  if (village_id == 0) {
    return sql::EachRow(db_, ReadTester, fn, sql + " ORDER BY id");
  }
  return sql::EachRow(db_, ReadTester, fn,
                      sql + " WHERE village_id = $1 ORDER BY id", village_id);
}

StatusOr<int64_t> QualityStore::AddTrainedTester(const TrainedTesterRow& t) {
  return sql::InsertRow(db_, "wq_trained_tester",
                        "village_id, name, trained_day, account_id, "
                        "recorded_at, recorded_by",
                        t.village_id, t.name, t.trained_day,
                        sql::IdOrNull{t.account_id}, t.recorded_at,
                        t.recorded_by);
}

StatusOr<int64_t> QualityStore::AccountIdOf(const std::string& username) {
  return sql::Number(db_, 0, "SELECT id FROM account WHERE username = $1",
                     username);
}

}  // namespace jjm
