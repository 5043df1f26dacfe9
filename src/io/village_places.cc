// Finding and planning the places a villages CSV row names: by code, by
// name under its parent (exactly, through stored aliases, through a
// crosswalk file), with suggestions for the names nothing matches.
#include "io/village_importer.h"

namespace jjm {
namespace village_import {

UnitRef VillageImporter::ByName(UnitRef parent, Level level,
                                std::string_view name, const char* column,
                                int64_t line, bool* failed) {
  if (name.empty()) {
    report_.Reject(line, column, name, "name is empty");
    *failed = true;
    return kNoUnit;
  }
  std::vector<UnitRef> found = places_->FindChildren(parent, level, name);
  if (found.size() == 1) {
    if (opt_.suggest && matched_names_.insert(found[0]).second) {
      report_.Count("distinct names found in the hierarchy");
    }
    return found[0];
  }
  if (found.size() > 1) {
    report_.Reject(line, column, name,
                   std::to_string(found.size()) + " " +
                       std::string(LevelName(level)) + "s in " +
                       places_->NameOf(parent) +
                       " have this name; import with codes instead");
    *failed = true;
    return kNoUnit;
  }
  if (!places_->HasLgdChildren(parent, level)) return kNoUnit;
  const std::string* code =
      opt_.crosswalk == nullptr
          ? nullptr
          : opt_.crosswalk->Find(level, places_->CodeOf(parent), name);
  const PlaceResolver::AliasedPlace via =
      places_->ThroughNameAlias(parent, level, name, code);
  if (!via.error.empty()) {
    report_.Reject(line, column, name, via.error);
    *failed = true;
    return kNoUnit;
  }
  if (via.unit != kNoUnit) {
    if (aliased_.insert(via.alias_id).second) {
      report_.Count("names placed through stored aliases");
    }
    if (std::find(row_aliases_.begin(), row_aliases_.end(), via.alias_id) ==
        row_aliases_.end()) {
      row_aliases_.push_back(via.alias_id);
    }
    return via.unit;
  }
  if (code != nullptr) {
    const UnitRef mapped = places_->FindCode(*code);
    if (mapped != kNoUnit && places_->LevelOf(mapped) == level &&
        places_->ParentOf(mapped) == parent) {
      if (crosswalked_.insert(mapped).second) {
        report_.Count("names placed through the crosswalk");
      }
      return mapped;
    }
    report_.Reject(line, column, name,
                   "the crosswalk maps this name to " + *code +
                       ", which is not a " + std::string(LevelName(level)) +
                       " of " + places_->NameOf(parent));
    *failed = true;
    return kNoUnit;
  }
  if (opt_.create_missing) return kNoUnit;
  report_.Reject(line, column, name,
                 "no " + std::string(LevelName(level)) + " of " +
                     places_->NameOf(parent) +
                     " has this name (LGD names are loaded; map the name "
                     "to its LGD place with 'jjm crosswalk suggest' and "
                     "--crosswalk; or import with --create-missing)");
  *failed = true;
  if (opt_.suggest) {
    const UnmatchedName& u = Unmatched(parent, level, name, line);
    // Go on below a name whose suggestion is clearly right, so that the
    // names under it are matched (or suggested) too.
    if (ClearlyAhead(u.suggestions)) {
      *failed = false;
      return static_cast<UnitRef>(u.suggestions[0].id);
    }
  }
  return kNoUnit;
}

const UnmatchedName& VillageImporter::Unmatched(UnitRef parent, Level level,
                                                std::string_view name,
                                                int64_t line) {
  std::string key = places_->CodeOf(parent);
  key += '\x1f';
  key += std::to_string(static_cast<int>(level));
  key += '\x1f';
  key += MatchKey(name);
  auto [it, fresh] = unmatched_at_.emplace(key, report_.unmatched.size());
  if (!fresh) {
    UnmatchedName& u = report_.unmatched[it->second];
    if (unmatched_line_[it->second] != line) ++u.rows;
    unmatched_line_[it->second] = line;
    return u;
  }
  unmatched_line_.push_back(line);
  UnmatchedName u;
  u.level = level;
  u.parent_code = places_->CodeOf(parent);
  for (UnitRef p = parent; p != kNoUnit && p != kIndia;
       p = places_->ParentOf(p)) {
    if (places_->LevelOf(p) == Level::kState) u.state = places_->NameOf(p);
    if (places_->LevelOf(p) == Level::kDistrict) {
      u.district = places_->NameOf(p);
    }
  }
  u.name = std::string(name);
  u.rows = 1;
  u.suggestions = Suggest(name, places_->LgdChildren(parent, level));
  report_.unmatched.push_back(std::move(u));
  return report_.unmatched.back();
}

UnitRef VillageImporter::PlaceDashboard(const std::vector<std::string_view>& f,
                                        int64_t line, std::string* village_key,
                                        bool create) {
  bool failed = false;
  const std::string_view state_name = Field(f, Col("state_name"));
  const std::string_view district_name = Field(f, Col("district_name"));
  const std::string_view block_name = Field(f, Col("block_name"));
  const std::string_view village_name = Field(f, Col("village_name"));
  const std::string_view blcode = Field(f, Col("blcode11"));
  const std::string_view vilcode = Field(f, Col("vil_encode"));
  auto block_id = DecodeJjmDashboardId(blcode);
  if (!block_id) {
    report_.Reject(line, "blcode11", blcode,
                   "not a JJM dashboard block id (digits written as digit+1, "
                   "with a '1' appended)");
    failed = true;
  }
  auto village_id = DecodeJjmDashboardId(vilcode);
  if (!village_id) {
    report_.Reject(line, "vil_encode", vilcode,
                   "not a JJM dashboard village id (digits written as "
                   "digit+1, with a '1' appended)");
    failed = true;
  }
  if (village_name.empty()) {
    report_.Reject(line, "village_name", village_name, "name is empty");
    failed = true;
  }
  if (failed) return kNoUnit;
  auto strip = [](const std::string& id) {
    size_t i = 0;
    while (i + 1 < id.size() && id[i] == '0') ++i;
    return id.substr(i);
  };
  *village_key = *village_id;

  // Look everything up before creating anything, so that a rejected row
  // leaves nothing behind.
  UnitRef state =
      ByName(kIndia, Level::kState, state_name, "state_name", line, &failed);
  if (failed || !Within(state, f, line, true)) return kNoUnit;
  UnitRef district = kNoUnit;
  if (state != kNoUnit) {
    district = ByName(state, Level::kDistrict, district_name, "district_name",
                      line, &failed);
    if (failed || !Within(district, f, line, true)) return kNoUnit;
  } else if (district_name.empty()) {
    report_.Reject(line, "district_name", district_name, "name is empty");
    return kNoUnit;
  }
  // (Suggesting, every row's names are looked up, so that each is counted.)
  UnitRef block =
      opt_.suggest ? kNoUnit : places_->FindAlias("jjm_block", *block_id);
  if (block != kNoUnit) {
    if (district == kNoUnit || places_->ParentOf(block) != district) {
      report_.Reject(line, "blcode11", blcode,
                     "JJM block " + *block_id + " (" + places_->NameOf(block) +
                         ") lies in another district, not " +
                         std::string(district_name));
      return kNoUnit;
    }
  } else if (district != kNoUnit) {
    block = ByName(district, Level::kBlock, block_name, "block_name", line,
                   &failed);
    if (failed) return kNoUnit;
  } else if (block_name.empty()) {
    report_.Reject(line, "block_name", block_name, "name is empty");
    return kNoUnit;
  }
  UnitRef village = places_->FindAlias("jjm_village", *village_id);
  if (village != kNoUnit) {
    const UnitRef parent = places_->ParentOf(village);
    const bool in_block =
        block != kNoUnit &&
        (parent == block || (places_->LevelOf(parent) == Level::kGp &&
                             places_->ParentOf(parent) == block));
    if (!in_block) {
      report_.Reject(
          line, "vil_encode", vilcode,
          "JJM village " + *village_id + " (" + places_->CodeOf(village) +
              ") lies in another block, not " + std::string(block_name));
      return kNoUnit;
    }
    return village;
  }
  anchor_ = block != kNoUnit ? block : district != kNoUnit ? district : state;
  if (!create) return kPlanned;
  // Nothing failed: create what is missing, top down.
  if (state == kNoUnit) {
    state = places_->Create(kIndia, Level::kState,
                            places_->NextProjectCode(Level::kState),
                            std::string(state_name), std::nullopt);
    report_.Count("states created");
  }
  if (district == kNoUnit) {
    district = places_->Create(state, Level::kDistrict,
                               places_->NextProjectCode(Level::kDistrict),
                               std::string(district_name), std::nullopt);
    report_.Count("districts created");
  }
  if (block == kNoUnit) {
    std::string code = "BJ" + strip(*block_id);
    if (places_->FindCode(code) != kNoUnit) {
      code = places_->NextProjectCode(Level::kBlock);
    }
    block = places_->Create(district, Level::kBlock, code,
                            std::string(block_name), std::nullopt);
    report_.Count("blocks created");
  }
  if (places_->FindAlias("jjm_block", *block_id) == kNoUnit) {
    places_->AddAlias(block, "jjm_block", *block_id);
  }
  std::string code = "VJ" + strip(*village_id);
  if (places_->FindCode(code) != kNoUnit) {
    code = places_->NextProjectCode(Level::kVillage);
  }
  village = places_->Create(block, Level::kVillage, code,
                            std::string(village_name), std::nullopt);
  places_->AddAlias(village, "jjm_village", *village_id);
  report_.Count("villages created");
  return village;
}

UnitRef VillageImporter::PlaceProject(const std::vector<std::string_view>& f,
                                      int64_t line, std::string* village_key,
                                      bool create) {
  struct Step {
    Level level;
    const char* code_col;
    const char* name_col;
    std::string code;
    std::string name;
    UnitRef ref = kNoUnit;
  };
  std::vector<Step> chain = {
      {Level::kState, "state_code", "state_name"},
      {Level::kDistrict, "district_code", "district_name"},
      {Level::kBlock, "block_code", "block_name"},
      {Level::kGp, "gp_code", "gp_name"},
      {Level::kVillage, "village_code", "village_name"},
  };
  bool failed = false;
  for (Step& s : chain) {
    const std::string_view raw = Field(f, Col(s.code_col));
    const std::string_view name = Field(f, Col(s.name_col));
    if (s.level == Level::kGp && raw.empty() && name.empty()) {
      s.level = Level::kNation;  // no gram panchayat: skip this step
      continue;
    }
    auto code = NormaliseCode(raw, s.level);
    if (!code.ok()) {
      report_.Reject(line, s.code_col, raw, code.status().message());
      failed = true;
      continue;
    }
    if (name.empty()) {
      report_.Reject(line, s.name_col, name, "name is empty");
      failed = true;
      continue;
    }
    if (name.size() > 200) {
      report_.Reject(line, s.name_col, name, "name is longer than 200");
      failed = true;
      continue;
    }
    s.code = std::move(*code);
    s.name = std::string(name);
    s.ref = places_->FindCode(s.code);
  }
  if (failed) return kNoUnit;
  *village_key = chain.back().code;
  // Every stored place must sit where the file says.
  UnitRef parent = kIndia;
  std::string parent_code = "IN";
  for (const Step& s : chain) {
    if (s.level == Level::kNation) continue;
    // A stored place stays where it is: under a parent that does not exist
    // yet, or under another one, it would move.
    if (s.ref != kNoUnit && places_->ParentOf(s.ref) != parent) {
      report_.Reject(line, s.code_col, s.code,
                     std::string(LevelName(s.level)) + " " + s.code +
                         " lies under " +
                         places_->CodeOf(places_->ParentOf(s.ref)) +
                         ", not under " + parent_code);
      return kNoUnit;
    }
    parent = s.ref;
    parent_code = s.code;
    if (s.ref != kNoUnit) anchor_ = s.ref;
  }
  if (!create) {
    const UnitRef v = chain.back().ref;
    if (v != kNoUnit && places_->LevelOf(v) != Level::kVillage) {
      report_.Reject(line, "village_code", chain.back().code,
                     "this code belongs to a " +
                         std::string(LevelName(places_->LevelOf(v))));
      return kNoUnit;
    }
    return v == kNoUnit ? kPlanned : v;
  }
  parent = kIndia;
  for (Step& s : chain) {
    if (s.level == Level::kNation) continue;
    if (s.ref == kNoUnit) {
      s.ref =
          places_->Create(parent, s.level, s.code, s.name, LgdNumberOf(s.code));
      report_.Count(std::string(LevelName(s.level)) + "s created");
    } else if (places_->NameOf(s.ref) != s.name) {
      places_->Rename(s.ref, s.name);
      report_.Count("places renamed");
    }
    parent = s.ref;
  }
  return chain.back().ref;
}

bool VillageImporter::Within(UnitRef place,
                             const std::vector<std::string_view>& f,
                             int64_t line, bool or_above) {
  if (opt_.within.empty()) return true;
  while (place < kNoUnit) place = places_->ParentOf(place);  // planned
  if (place == kNoUnit) place = kIndia;
  // True if `a` is `b` or lies under it.
  auto under = [&](UnitRef a, UnitRef b) {
    for (; a != b; a = places_->ParentOf(a)) {
      if (a == kIndia || a == kNoUnit) return false;
    }
    return true;
  };
  std::string allowed;
  for (UnitId w : opt_.within) {
    if (under(place, w) || (or_above && under(w, place))) return true;
    allowed += (allowed.empty() ? "" : ", ") + places_->NameOf(w);
  }
  static constexpr const char* kColumn[2][6] = {
      {"state_name", "state_name", "district_name", "block_name", "block_name",
       "village_name"},
      {"state_code", "state_code", "district_code", "block_code", "gp_code",
       "village_code"}};
  const Level level = places_->LevelOf(place);
  const char* column = kColumn[format_ == Format::kDashboard ? 0 : 1]
                              [std::min(static_cast<int>(level), 5)];
  report_.Reject(line, column, Field(f, Col(column)),
                 std::string(LevelName(level)) + " " + places_->NameOf(place) +
                     " (" + places_->CodeOf(place) +
                     ") lies outside the places you may import into (" +
                     allowed + ")");
  return false;
}

}  // namespace village_import
}  // namespace jjm
