// SQL of sources and their sustainability (migration 010): levels,
// yields, dry spells of the quality module's sources; recharge works and
// greywater structures of villages.
#include <utility>

#include "store/operations_store.h"
#include "store/sql_values.h"

namespace jjm {
namespace {

using sql::IdOrNull;
using sql::OrNull;

void ReadSourceRef(Statement& s, WqSourceRef* r) {
  sql::Read(s, 0, r->id, r->code, r->village_id, r->type, r->name);
}
constexpr char kSourceColumns[] =
    "SELECT id, code, village_id, type, name FROM wq_source";

void ReadLevel(Statement& s, SourceLevelRow* r) {
  sql::Read(s, 0, r->id, r->source_id, r->day, r->season, r->depth_m, r->note,
            r->recorded_at, r->recorded_by, r->village_id, r->source_code);
}
constexpr char kLevelColumns[] =
    "SELECT l.id, l.source_id, l.day, l.season, l.depth_m, l.note, "
    "l.recorded_at, l.recorded_by, w.village_id, w.code FROM source_level l "
    "JOIN "
    "wq_source w ON w.id = l.source_id";

void ReadYield(Statement& s, SourceYieldRow* r) {
  sql::Read(s, 0, r->id, r->source_id, r->day, r->litres_per_hour, r->note,
            r->recorded_at, r->recorded_by);
}

void ReadSpell(Statement& s, DrySpellRow* r) {
  sql::Read(s, 0, r->id, r->source_id, r->dried_day, r->revived_day, r->note,
            r->recorded_at, r->recorded_by, r->village_id, r->source_code);
}
constexpr char kSpellColumns[] =
    "SELECT d.id, d.source_id, d.dried_day, d.revived_day, d.note, "
    "d.recorded_at, d.recorded_by, w.village_id, w.code FROM "
    "source_dry_spell d JOIN wq_source w ON w.id = d.source_id";

void ReadWork(Statement& s, RechargeWorkRow* r) {
  sql::Read(s, 0, r->id, r->village_id, r->source_id, r->kind, r->started_day,
            r->completed_day, r->cost_paise, r->paid_by, r->paid_by_note,
            r->note, r->recorded_at, r->recorded_by);
}

void ReadGreywater(Statement& s, GreywaterRow* r) {
  sql::Read(s, 0, r->id, r->village_id, r->kind, r->count, r->households_served,
            r->completed_day, r->cost_paise, r->paid_by, r->paid_by_note,
            r->note, r->recorded_at, r->recorded_by);
}

template <typename Row>
StatusOr<std::vector<Row>> All(Db* db, void (*read)(Statement&, Row*),
                               const std::string& sql, int64_t arg) {
  std::vector<Row> out;
  JJM_RETURN_IF_ERROR(sql::EachRow<Row>(
      db, read, [&](const Row& r) { out.push_back(r); }, sql, arg));
  return out;
}

}  // namespace

StatusOr<std::optional<WqSourceRef>> OperationsStore::SourceByCode(
    const std::string& code) {
  std::optional<WqSourceRef> out;
  JJM_RETURN_IF_ERROR(sql::EachRow<WqSourceRef>(
      db_, ReadSourceRef, [&](const WqSourceRef& r) { out = r; },
      std::string(kSourceColumns) + " WHERE code = $1", code));
  return out;
}

StatusOr<std::vector<WqSourceRef>> OperationsStore::SourcesOf(
    int64_t village_id) {
  return All<WqSourceRef>(
      db_, ReadSourceRef,
      std::string(kSourceColumns) + " WHERE village_id = $1 ORDER BY code",
      village_id);
}

StatusOr<std::vector<WqSourceRef>> OperationsStore::AllSources() {
  std::vector<WqSourceRef> out;
  JJM_RETURN_IF_ERROR(sql::EachRow<WqSourceRef>(
      db_, ReadSourceRef, [&](const WqSourceRef& r) { out.push_back(r); },
      std::string(kSourceColumns) + " ORDER BY id"));
  return out;
}

StatusOr<int64_t> OperationsStore::AddLevel(const SourceLevelRow& r) {
  return sql::InsertRow(
      db_, "source_level",
      "source_id, day, season, depth_m, note, recorded_at, recorded_by",
      r.source_id, r.day, r.season, r.depth_m, OrNull{r.note}, r.recorded_at,
      r.recorded_by);
}

Status OperationsStore::EachLevel(
    const std::function<void(const SourceLevelRow&)>& fn) {
  return sql::EachRow<SourceLevelRow>(
      db_, ReadLevel, fn, std::string(kLevelColumns) + " ORDER BY l.id");
}

StatusOr<int64_t> OperationsStore::AddYield(const SourceYieldRow& r) {
  return sql::InsertRow(
      db_, "source_yield",
      "source_id, day, litres_per_hour, note, recorded_at, recorded_by",
      r.source_id, r.day, r.litres_per_hour, OrNull{r.note}, r.recorded_at,
      r.recorded_by);
}

StatusOr<int64_t> OperationsStore::AddDrySpell(const DrySpellRow& r) {
  return sql::InsertRow(
      db_, "source_dry_spell",
      "source_id, dried_day, revived_day, note, recorded_at, recorded_by",
      r.source_id, r.dried_day, r.revived_day, OrNull{r.note}, r.recorded_at,
      r.recorded_by);
}

Status OperationsStore::ReviveDrySpell(int64_t id, int64_t day,
                                       const std::string& at,
                                       const std::string& by) {
  return sql::Run(db_,
                  "UPDATE source_dry_spell SET revived_day = $1, "
                  "revived_recorded_at = $2, revived_recorded_by = $3 WHERE "
                  "id = $4",
                  day, at, by, id);
}

StatusOr<std::optional<DrySpellRow>> OperationsStore::GetDrySpell(int64_t id) {
  JJM_ASSIGN_OR_RETURN(
      auto rows,
      All<DrySpellRow>(db_, ReadSpell,
                       std::string(kSpellColumns) + " WHERE d.id = $1", id));
  if (rows.empty()) return std::optional<DrySpellRow>();
  return std::optional<DrySpellRow>(std::move(rows.front()));
}

StatusOr<int64_t> OperationsStore::AddRechargeWork(const RechargeWorkRow& r) {
  return sql::InsertRow(
      db_, "recharge_work",
      "village_id, source_id, kind, started_day, completed_day, cost_paise, "
      "paid_by, paid_by_note, note, recorded_at, recorded_by",
      r.village_id, IdOrNull{r.source_id}, r.kind, r.started_day,
      r.completed_day, r.cost_paise, r.paid_by, OrNull{r.paid_by_note},
      OrNull{r.note}, r.recorded_at, r.recorded_by);
}

Status OperationsStore::EachRechargeWork(
    const std::function<void(const RechargeWorkRow&)>& fn) {
  return sql::EachRow<RechargeWorkRow>(
      db_, ReadWork, fn,
      "SELECT id, village_id, source_id, kind, started_day, completed_day, "
      "cost_paise, paid_by, paid_by_note, note, recorded_at, recorded_by FROM "
      "recharge_work ORDER BY id");
}

Status OperationsStore::CompleteRechargeWork(int64_t id, int64_t day,
                                             const std::string& at,
                                             const std::string& by) {
  return sql::Run(db_,
                  "UPDATE recharge_work SET completed_day = $1, "
                  "completed_recorded_at = $2, completed_recorded_by = $3 "
                  "WHERE id = $4",
                  day, at, by, id);
}

StatusOr<int64_t> OperationsStore::AddGreywater(const GreywaterRow& r) {
  return sql::InsertRow(
      db_, "greywater_structure",
      "village_id, kind, count, households_served, completed_day, "
      "cost_paise, paid_by, paid_by_note, note, recorded_at, recorded_by",
      r.village_id, r.kind, r.count, r.households_served, r.completed_day,
      r.cost_paise, r.paid_by, OrNull{r.paid_by_note}, OrNull{r.note},
      r.recorded_at, r.recorded_by);
}

Status OperationsStore::EachGreywater(
    const std::function<void(const GreywaterRow&)>& fn) {
  return sql::EachRow<GreywaterRow>(
      db_, ReadGreywater, fn,
      "SELECT id, village_id, kind, count, households_served, completed_day, "
      "cost_paise, paid_by, paid_by_note, note, recorded_at, recorded_by FROM "
      "greywater_structure ORDER BY id");
}

StatusOr<std::vector<SourceLevelRow>> OperationsStore::LevelsOfVillage(
    int64_t village_id) {
  return All<SourceLevelRow>(
      db_, ReadLevel,
      std::string(kLevelColumns) +
          " WHERE w.village_id = $1 ORDER BY l.day, l.id",
      village_id);
}

StatusOr<std::vector<SourceYieldRow>> OperationsStore::YieldsOfVillage(
    int64_t village_id) {
  return All<SourceYieldRow>(
      db_, ReadYield,
      "SELECT y.id, y.source_id, y.day, y.litres_per_hour, y.note, "
      "y.recorded_at, y.recorded_by FROM source_yield y JOIN wq_source w ON "
      "w.id = y.source_id WHERE w.village_id = $1 ORDER BY y.day, y.id",
      village_id);
}

StatusOr<std::vector<DrySpellRow>> OperationsStore::DrySpellsOfVillage(
    int64_t village_id) {
  return All<DrySpellRow>(
      db_, ReadSpell,
      std::string(kSpellColumns) +
          " WHERE w.village_id = $1 ORDER BY d.dried_day, d.id",
      village_id);
}

}  // namespace jjm
