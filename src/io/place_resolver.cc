#include "io/place_resolver.h"

#include "base/strings.h"
#include "crosswalk/crosswalk_service.h"

namespace jjm {

std::optional<int64_t> LgdNumberOf(std::string_view code) {
  if (code.size() < 2 || code[1] < '0' || code[1] > '9') return std::nullopt;
  return ParseInt(code.substr(1));
}

StatusOr<std::string> NormaliseCode(std::string_view raw, Level level) {
  std::string_view code = Trim(raw);
  if (code.empty()) return InvalidArgument("code is empty");
  const char letter = LevelLetter(level);
  if (code[0] >= '0' && code[0] <= '9') {
    auto n = ParseInt(code);
    if (!n || *n <= 0 || code.size() > 12) {
      return InvalidArgument("'" + std::string(code) +
                             "' is not an LGD code (a positive number)");
    }
    return std::string(1, letter) + std::to_string(*n);
  }
  if (code.size() > 24) return InvalidArgument("code is longer than 24");
  if (code[0] != letter) {
    return InvalidArgument("'" + std::string(code) + "' is not a " +
                           std::string(LevelName(level)) +
                           " code: codes at this level start with '" +
                           std::string(1, letter) + "'");
  }
  for (char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
      return InvalidArgument("'" + std::string(code) +
                             "' may hold only capital letters and digits");
    }
  }
  if (code.size() < 2) return InvalidArgument("code is too short");
  return std::string(code);
}

StatusOr<PlaceResolver> PlaceResolver::Create(CoverageService* svc,
                                              ImportPlan* plan) {
  PlaceResolver r(svc, plan);
  JJM_RETURN_IF_ERROR(svc->store()->ForEachAlias(
      [&](std::string_view scheme, std::string_view value, int64_t unit) {
        std::string key(scheme);
        key += '\x1f';
        key += value;
        r.aliases_.emplace(std::move(key), unit);
      }));
  JJM_ASSIGN_OR_RETURN(r.name_aliases_,
                       CrosswalkService(svc->store()->db()).LoadIndex());
  return r;
}

UnitRef PlaceResolver::FindCode(std::string_view code) const {
  const UnitId id = h_->Find(code);
  if (id != kNoUnit) return id;
  auto it = new_codes_.find(std::string(code));
  return it == new_codes_.end() ? kNoUnit : it->second;
}

UnitRef PlaceResolver::FindAlias(std::string_view scheme,
                                 std::string_view value) const {
  std::string key(scheme);
  key += '\x1f';
  key += value;
  auto it = aliases_.find(key);
  return it == aliases_.end() ? kNoUnit : it->second;
}

PlaceResolver::NameMap& PlaceResolver::ChildNames(UnitRef parent) {
  auto it = child_names_.find(parent);
  if (it != child_names_.end()) return it->second;
  NameMap& m = child_names_[parent];
  if (parent >= 0) {
    for (UnitId c : h_->Get(static_cast<UnitId>(parent)).children) {
      m[NameKey(h_->Get(c).name)].push_back(c);
      for (const std::string& old : h_->FormerNames(c)) {
        auto& v = m[NameKey(old)];
        if (v.empty() || v.back() != c) v.push_back(c);
      }
    }
  }
  return m;
}

std::vector<UnitRef> PlaceResolver::FindChildren(UnitRef parent, Level level,
                                                 std::string_view name) {
  std::vector<UnitRef> out;
  NameMap& m = ChildNames(parent);
  auto it = m.find(NameKey(name));
  if (it == m.end()) return out;
  for (UnitRef r : it->second) {
    if (LevelOf(r) == level) out.push_back(r);
  }
  return out;
}

PlaceResolver::AliasedPlace PlaceResolver::ThroughNameAlias(
    UnitRef parent, Level level, std::string_view name,
    const std::string* crosswalk_code) const {
  AliasedPlace out;
  if (parent < 0) return out;
  const NameAliasRow* a =
      name_aliases_.Find(level, parent == kIndia ? 0 : parent, name);
  if (a == nullptr) return out;
  const UnitRef mapped = a->unit_id;
  const std::string says = "the stored alias " + std::to_string(a->id) +
                           " maps this name to " + CodeOf(mapped) + " " +
                           NameOf(mapped);
  if (crosswalk_code != nullptr && FindCode(*crosswalk_code) != mapped) {
    out.error = says + ", the crosswalk to " + *crosswalk_code +
                ": correct the crosswalk, or revoke the alias ('jjm "
                "crosswalk revoke')";
  } else if (LevelOf(mapped) != level || ParentOf(mapped) != parent) {
    out.error = says + ", which is not a " + std::string(LevelName(level)) +
                " of " + NameOf(parent);
  } else {
    out.unit = mapped;
    out.alias_id = a->id;
  }
  return out;
}

bool PlaceResolver::HasLgdChildren(UnitRef parent, Level level) {
  if (parent < 0) return false;
  for (UnitId c : h_->Get(static_cast<UnitId>(parent)).children) {
    const Place& p = h_->Get(c);
    if (p.level == level && p.lgd_code.has_value()) return true;
  }
  return false;
}

std::vector<NameCandidate> PlaceResolver::LgdChildren(UnitRef parent,
                                                      Level level) const {
  std::vector<NameCandidate> out;
  if (parent < 0) return out;
  for (UnitId c : h_->Get(static_cast<UnitId>(parent)).children) {
    const Place& p = h_->Get(c);
    if (p.level != level || !p.lgd_code.has_value()) continue;
    out.push_back({c, p.name, h_->FormerNames(c)});
  }
  return out;
}

Level PlaceResolver::LevelOf(UnitRef r) const {
  return r >= 0 ? h_->Get(static_cast<UnitId>(r)).level
                : plan_->units[PlanIndex(r)].level;
}

UnitRef PlaceResolver::ParentOf(UnitRef r) const {
  return r >= 0 ? h_->Get(static_cast<UnitId>(r)).parent
                : plan_->units[PlanIndex(r)].parent;
}

const std::string& PlaceResolver::CodeOf(UnitRef r) const {
  return r >= 0 ? h_->Get(static_cast<UnitId>(r)).code
                : plan_->units[PlanIndex(r)].code;
}

const std::string& PlaceResolver::NameOf(UnitRef r) const {
  if (r >= 0) {
    auto it = renamed_.find(r);
    if (it != renamed_.end()) return it->second;
    return h_->Get(static_cast<UnitId>(r)).name;
  }
  return plan_->units[PlanIndex(r)].name;
}

UnitRef PlaceResolver::Create(UnitRef parent, Level level, std::string code,
                              std::string name,
                              std::optional<int64_t> lgd_code) {
  const UnitRef ref = NewUnitRef(plan_->units.size());
  ChildNames(parent)[NameKey(name)].push_back(ref);
  new_codes_.emplace(code, ref);
  plan_->units.push_back(
      {parent, level, std::move(code), std::move(name), lgd_code});
  return ref;
}

void PlaceResolver::AddAlias(UnitRef unit, std::string scheme,
                             std::string value) {
  std::string key = scheme;
  key += '\x1f';
  key += value;
  if (!aliases_.emplace(std::move(key), unit).second) return;
  plan_->aliases.push_back({unit, std::move(scheme), std::move(value)});
}

void PlaceResolver::Rename(UnitRef unit, std::string name) {
  if (unit < 0) {
    plan_->units[PlanIndex(unit)].name = std::move(name);
    return;
  }
  if (NameOf(unit) == name) return;
  ChildNames(ParentOf(unit))[NameKey(name)].push_back(unit);
  renamed_[unit] = name;
  for (auto& r : plan_->renames) {
    if (r.unit == unit) {
      r.name = std::move(name);
      return;
    }
  }
  plan_->renames.push_back({static_cast<UnitId>(unit), std::move(name)});
}

std::string PlaceResolver::NextProjectCode(Level level) {
  const char letter = LevelLetter(level);
  auto it = next_project_.find(letter);
  if (it == next_project_.end()) {
    int64_t max_n = 0;
    const std::string prefix = std::string(1, letter) + "X";
    h_->ForEachAtLevel(kIndia, level, [&](UnitId u) {
      const std::string& c = h_->Get(u).code;
      if (c.rfind(prefix, 0) == 0) {
        if (auto n = ParseInt(std::string_view(c).substr(2))) {
          max_n = std::max(max_n, *n);
        }
      }
    });
    it = next_project_.emplace(letter, max_n + 1).first;
  }
  std::string code;
  do {
    code = std::string(1, letter) + "X" + std::to_string(it->second++);
  } while (FindCode(code) != kNoUnit);
  return code;
}

}  // namespace jjm
