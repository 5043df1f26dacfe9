#include "crosswalk/crosswalk_service.h"

#include <utility>

#include "base/json_writer.h"
#include "base/strings.h"
#include "crosswalk/name_match.h"
#include "store/audited_write.h"
#include "store/coverage_store.h"

namespace jjm {
namespace {

void AliasJson(const Hierarchy& h, const NameAliasRow& a, JsonWriter* w) {
  w->Key("level").String(LevelName(static_cast<Level>(a.level)));
  w->Key("parent").String(a.parent_id == 0 ? "IN" : PlaceLabel(h, a.parent_id));
  w->Key("source_name").String(a.source_name);
  w->Key("match_key").String(a.match_key);
  w->Key("place").String(PlaceLabel(h, a.unit_id));
  w->Key("created_by").String(a.created_by);
  w->Key("created_at").String(a.created_at);
}

AuditRow AliasAudit(const Hierarchy& h, const NameAliasRow& a,
                    const std::string& actor, const std::string& action) {
  AuditRow row;
  row.actor = actor;
  row.action = action;
  row.entity = "name_alias";
  row.entity_id = std::to_string(a.id);
  row.unit_id = a.unit_id;
  row.unit_path = h.PathCodes(static_cast<UnitId>(a.unit_id));
  return row;
}

}  // namespace

StatusOr<AliasIndex> CrosswalkService::LoadIndex() {
  AliasIndex index;
  JJM_RETURN_IF_ERROR(
      store_.ForEachAlias(false, [&](const NameAliasRow& a) { index.Add(a); }));
  return index;
}

StatusOr<ApplyOutcome> CrosswalkService::Apply(
    const Hierarchy& h, const std::vector<AliasMapping>& mappings,
    const std::string& actor, const std::string& source, bool commit) {
  JJM_ASSIGN_OR_RETURN(AliasIndex stored, LoadIndex());
  ApplyOutcome out;
  out.decisions = DecideAliases(h, stored, mappings);
  for (const AliasDecision& d : out.decisions) {
    switch (d.verdict) {
      case AliasVerdict::kStore:
        ++out.to_store;
        break;
      case AliasVerdict::kAlreadyStored:
        ++out.already_stored;
        break;
      case AliasVerdict::kRefused:
        ++out.refused;
        break;
    }
  }
  if (!commit || out.refused > 0 || out.to_store == 0) return out;
  const std::string now = UtcTimestamp();
  std::vector<int64_t> ids;
  Status s = WriteWithAudits(db_, [&]() -> StatusOr<std::vector<AuditRow>> {
    std::vector<AuditRow> audit;
    ids.clear();
    for (const AliasDecision& d : out.decisions) {
      if (d.verdict != AliasVerdict::kStore) continue;
      NameAliasRow a;
      a.level = static_cast<int>(d.mapping.level);
      a.parent_id = d.parent_id;
      a.source_name = d.mapping.source_name;
      a.match_key = MatchKey(d.mapping.source_name);
      a.unit_id = d.mapping.unit;
      a.created_by = actor;
      a.created_at = now;
      JJM_ASSIGN_OR_RETURN(a.id, store_.AddAlias(a));
      ids.push_back(a.id);
      AuditRow row = AliasAudit(h, a, actor, "crosswalk.apply");
      row.at = now;
      JsonWriter w;
      w.BeginObject();
      AliasJson(h, a, &w);
      w.Key("file").String(source);
      w.Key("line").Int(d.mapping.line);
      w.EndObject();
      row.after = w.Take();
      audit.push_back(std::move(row));
    }
    return audit;
  });
  JJM_RETURN_IF_ERROR(s);
  out.stored_ids = std::move(ids);
  out.committed = true;
  return out;
}

StatusOr<std::vector<NameAliasRow>> CrosswalkService::List(
    const Hierarchy& h, UnitId within, bool include_revoked) {
  std::vector<NameAliasRow> out;
  JJM_RETURN_IF_ERROR(
      store_.ForEachAlias(include_revoked, [&](const NameAliasRow& a) {
        const UnitId u = static_cast<UnitId>(a.unit_id);
        if (within != kIndia && !(h.Contains(u) && h.IsWithin(u, within))) {
          return;
        }
        out.push_back(a);
      }));
  return out;
}

StatusOr<RevokeOutcome> CrosswalkService::Revoke(const Hierarchy& h, int64_t id,
                                                 const std::string& reason,
                                                 const std::string& actor,
                                                 bool commit) {
  if (Trim(reason).empty()) {
    return InvalidArgument("give the reason for revoking the alias", "reason");
  }
  JJM_ASSIGN_OR_RETURN(std::optional<NameAliasRow> a, store_.GetAlias(id));
  if (!a) return NotFound("there is no alias " + std::to_string(id));
  if (!a->in_force()) {
    return FailedPrecondition("alias " + std::to_string(id) +
                              " was revoked already, by " + a->revoked_by +
                              " at " + a->revoked_at + ": " + a->revoke_reason);
  }
  RevokeOutcome out;
  out.alias = *a;
  JJM_RETURN_IF_ERROR(store_.ForEachUse(
      id, [&](const NameAliasUseListing& u) { out.uses.push_back(u); }));
  if (!commit) return out;
  AuditRow row = AliasAudit(h, *a, actor, "crosswalk.revoke");
  row.at = UtcTimestamp();
  {
    JsonWriter w;
    w.BeginObject();
    AliasJson(h, *a, &w);
    w.EndObject();
    row.before = w.Take();
  }
  {
    JsonWriter w;
    w.BeginObject();
    w.Key("revoked_by").String(actor);
    w.Key("revoked_at").String(row.at);
    w.Key("reason").String(reason);
    w.Key("villages_imported_through_it")
        .Int(static_cast<int64_t>(out.uses.size()));
    w.EndObject();
    row.after = w.Take();
  }
  const std::string at = row.at;
  JJM_RETURN_IF_ERROR(WriteWithAudit(db_, std::move(row), [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(bool revoked,
                         store_.RevokeAlias(id, actor, at, reason));
    if (!revoked) {
      return FailedPrecondition("alias " + std::to_string(id) +
                                " was revoked meanwhile");
    }
    return Status::Ok();
  }));
  out.committed = true;
  return out;
}

}  // namespace jjm
