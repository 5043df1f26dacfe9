#include "crosswalk/alias_rules.h"

#include "crosswalk/name_match.h"

namespace jjm {
namespace {

// True if `unit` is called `name` (or was) after normalising.
bool Named(const Hierarchy& h, UnitId unit, std::string_view name) {
  const std::string key = MatchKey(name);
  if (key.empty()) return false;
  if (MatchKey(h.Get(unit).name) == key) return true;
  for (const std::string& old : h.FormerNames(unit)) {
    if (MatchKey(old) == key) return true;
  }
  return false;
}

std::string ParentLabel(const Hierarchy& h, int64_t parent) {
  return parent == 0 ? std::string("India") : h.Get(parent).name;
}

AliasDecision Refuse(AliasDecision d, const char* column, std::string why) {
  d.verdict = AliasVerdict::kRefused;
  d.column = column;
  d.reason = std::move(why);
  return d;
}

// The checks against the hierarchy alone; sets d->parent_id.  Returns a
// refusal, or d with verdict kStore.
AliasDecision CheckPlace(const Hierarchy& h, AliasDecision d) {
  const AliasMapping& m = d.mapping;
  const std::string level(LevelName(m.level));
  if (m.level < Level::kState || m.level > Level::kBlock) {
    return Refuse(std::move(d), "level",
                  "the level must be state, district or block");
  }
  if (MatchKey(m.source_name).empty()) {
    return Refuse(std::move(d), "source_name", "the source name is empty");
  }
  if (!h.Contains(m.unit) || h.Get(m.unit).level != m.level) {
    return Refuse(std::move(d), "candidate_code",
                  "no " + level + " has this code");
  }
  const UnitId parent = h.Get(m.unit).parent;
  d.parent_id = parent == kIndia ? 0 : parent;
  // The file's names of the places above must be those of the place's.
  auto above = [&](Level at, const std::string& named) -> std::string {
    if (named.empty()) return "";
    const UnitId a = h.AncestorAt(m.unit, at);
    if (a != kNoUnit && Named(h, a, named)) return "";
    return PlaceLabel(h, m.unit) + " is a " + level + " of " +
           (a == kNoUnit ? std::string("no ") + std::string(LevelName(at))
                         : h.Get(a).name) +
           ", not of " + named + " (the " + std::string(LevelName(at)) +
           " this row names)";
  };
  std::string wrong;
  if (m.level == Level::kBlock) wrong = above(Level::kDistrict, m.district);
  if (wrong.empty() && m.level >= Level::kDistrict) {
    wrong = above(Level::kState, m.state);
  }
  if (!wrong.empty()) return Refuse(std::move(d), "candidate_code", wrong);
  // Another place with this name would be found first, or hidden.
  for (UnitId c : h.Get(parent).children) {
    if (c == m.unit || h.Get(c).level != m.level) continue;
    if (Named(h, c, m.source_name)) {
      return Refuse(std::move(d), "source_name",
                    PlaceLabel(h, c) + " in " + ParentLabel(h, d.parent_id) +
                        " has this name already; an alias to " +
                        PlaceLabel(h, m.unit) + " would hide it");
    }
  }
  d.verdict = AliasVerdict::kStore;
  return d;
}

}  // namespace

std::string AliasKey(Level level, int64_t parent_id,
                     std::string_view source_name) {
  std::string key = std::to_string(static_cast<int>(level));
  key += '\x1f';
  key += std::to_string(parent_id);
  key += '\x1f';
  key += MatchKey(source_name);
  return key;
}

bool AliasIndex::Add(const NameAliasRow& row) {
  if (!row.in_force()) return false;
  return by_key_
      .emplace(AliasKey(static_cast<Level>(row.level), row.parent_id,
                        row.source_name),
               row)
      .second;
}

const NameAliasRow* AliasIndex::Find(Level level, int64_t parent_id,
                                     std::string_view name) const {
  auto it = by_key_.find(AliasKey(level, parent_id, name));
  return it == by_key_.end() ? nullptr : &it->second;
}

std::string PlaceLabel(const Hierarchy& h, int64_t unit) {
  if (unit == 0) return "IN India";
  if (!h.Contains(static_cast<UnitId>(unit))) {
    return "the unknown place #" + std::to_string(unit);
  }
  const Place& p = h.Get(static_cast<UnitId>(unit));
  return p.code + " " + p.name;
}

std::vector<AliasDecision> DecideAliases(
    const Hierarchy& h, const AliasIndex& stored,
    const std::vector<AliasMapping>& mappings) {
  std::vector<AliasDecision> out;
  out.reserve(mappings.size());
  // Key -> index in `out` of the first row of this file with it.
  std::unordered_map<std::string, size_t> first_row;
  for (const AliasMapping& m : mappings) {
    AliasDecision d;
    d.mapping = m;
    d = CheckPlace(h, std::move(d));
    if (d.verdict == AliasVerdict::kRefused) {
      out.push_back(std::move(d));
      continue;
    }
    const std::string& name = d.mapping.source_name;
    const std::string where = "'" + name + "' in " +
                              ParentLabel(h, d.parent_id) + " (" +
                              std::string(LevelName(m.level)) + ")";
    if (const NameAliasRow* a = stored.Find(m.level, d.parent_id, name)) {
      d.existing_id = a->id;
      if (a->unit_id == m.unit) {
        d.verdict = AliasVerdict::kAlreadyStored;
        d.reason = where + " is already an alias of " + PlaceLabel(h, m.unit) +
                   " (alias " + std::to_string(a->id) + ")";
      } else {
        d = Refuse(std::move(d), "candidate_code",
                   where + " is already an alias of " +
                       PlaceLabel(h, a->unit_id) + " (alias " +
                       std::to_string(a->id) + ", by " + a->created_by +
                       " at " + a->created_at + "); this row maps it to " +
                       PlaceLabel(h, m.unit) +
                       ". One name maps to one place: revoke alias " +
                       std::to_string(a->id) + " first");
      }
      out.push_back(std::move(d));
      continue;
    }
    const std::string key = AliasKey(m.level, d.parent_id, name);
    auto [it, fresh] = first_row.emplace(key, out.size());
    if (!fresh) {
      const AliasDecision& earlier = out[it->second];
      if (earlier.mapping.unit == m.unit) {
        d.verdict = AliasVerdict::kAlreadyStored;
        d.reason = where + " is mapped to " + PlaceLabel(h, m.unit) +
                   " on line " + std::to_string(earlier.mapping.line) +
                   " already";
      } else {
        d = Refuse(std::move(d), "candidate_code",
                   where + " is mapped to " +
                       PlaceLabel(h, earlier.mapping.unit) + " on line " +
                       std::to_string(earlier.mapping.line) +
                       "; this row maps it to " + PlaceLabel(h, m.unit) +
                       ". Accept one place only");
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::string DescribeRefusal(const AliasDecision& d) {
  std::string value;
  if (d.column == "candidate_code") {
    value = d.mapping.code;
  } else if (d.column == "source_name") {
    value = d.mapping.source_name;
  } else if (d.column == "level") {
    value = std::string(LevelName(d.mapping.level));
  }
  return "line " + std::to_string(d.mapping.line) + ", column " + d.column +
         ", value '" + value + "': " + d.reason;
}

}  // namespace jjm
