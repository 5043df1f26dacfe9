// Import of villages CSV files: the public JJM dashboard village profile and
// the project's own export format.
#include <algorithm>
#include <array>
#include <functional>
#include <limits>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "base/csv.h"
#include "base/strings.h"
#include "coverage/ledger_rules.h"
#include "crosswalk/crosswalk_service.h"
#include "io/importers.h"
#include "io/place_resolver.h"

namespace jjm {

const char* const kVillageColumns[12] = {
    "state_code",   "state_name",   "district_code", "district_name",
    "block_code",   "block_name",   "gp_code",       "gp_name",
    "village_code", "village_name", "total_hh",      "hh_with_tap"};
const char* const kVillageExtraColumns[9] = {
    "habitations",         "schools",
    "schools_with_tap",    "anganwadis",
    "anganwadis_with_tap", "sc_population",
    "st_population",       "general_population",
    "service_lpcd"};

namespace {

// A village a row would create.
constexpr UnitRef kPlanned = std::numeric_limits<int64_t>::min();

enum class Format { kDashboard, kProject };

// Figures of one row: one slot per fact, in this order.
enum Fig {
  kHouseholds,
  kWithTap,
  kHabitations,
  kSchools,
  kSchoolsTap,
  kAnganwadis,
  kAnganwadisTap,
  kSc,
  kSt,
  kGeneral,
  kFigCount
};

struct ColumnSpec {
  const char* dashboard;
  const char* project;
};
constexpr ColumnSpec kFigColumns[kFigCount] = {
    {"TotalNoofHouseholds", "total_hh"},
    {"HousesWithTaps", "hh_with_tap"},
    {"TotalHab", "habitations"},
    {"NoofSchool", "schools"},
    {"School_TapCon", "schools_with_tap"},
    {"NoofBal_Agan", "anganwadis"},
    {"Bal_Agan_TapCon", "anganwadis_with_tap"},
    {"SCCurrentPop", "sc_population"},
    {"STCurrentPop", "st_population"},
    {"GENCurrentPop", "general_population"},
};

// The latest reported value of each fact of one village as of a date.
struct KnownFacts {
  std::array<int64_t, kFigCount> value;
  std::array<int32_t, kFigCount> day;
  double lpcd = -1;
  int32_t lpcd_day = kMinDay;
  KnownFacts() {
    value.fill(-1);
    day.fill(kMinDay);
  }
};

std::optional<int64_t> FactField(const FactRow& f, int i) {
  switch (i) {
    case kHouseholds:
      return f.households;
    case kHabitations:
      return f.habitations;
    case kSchools:
      return f.schools;
    case kSchoolsTap:
      return f.schools_with_tap;
    case kAnganwadis:
      return f.anganwadis;
    case kAnganwadisTap:
      return f.anganwadis_with_tap;
    case kSc:
      return f.sc_population;
    case kSt:
      return f.st_population;
    case kGeneral:
      return f.general_population;
    default:
      return std::nullopt;
  }
}

class VillageImporter {
 public:
  VillageImporter(CoverageService* svc, const ImportOptions& opt,
                  std::string source)
      : svc_(svc), opt_(opt), source_(std::move(source)) {}

  StatusOr<ImportReport> Run(CsvReader* reader);

 private:
  Status ReadHeader(const std::vector<std::string_view>& header);
  // Runs while Run holds the coverage service's write lock.
  void Row(const std::vector<std::string_view>& f, int64_t line)
      REQUIRES(svc_->write_mutex());
  // Finds or plans the place chain of a row; returns the village or
  // kNoUnit after rejecting the row.
  // With `create` false, only looks up: returns the stored village,
  // kPlanned when the row's places can be created, or kNoUnit after
  // rejecting the row.  With `create`, plans what is missing.
  UnitRef PlaceProject(const std::vector<std::string_view>& f, int64_t line,
                       std::string* village_key, bool create);
  UnitRef PlaceDashboard(const std::vector<std::string_view>& f, int64_t line,
                         std::string* village_key, bool create);
  UnitRef ByName(UnitRef parent, Level level, std::string_view name,
                 const char* column, int64_t line, bool* failed);
  // The entry of report_.unmatched for `name` under `parent`, counted once
  // more, with its suggestions computed the first time.
  // A row is counted once however often it is looked at.
  const UnmatchedName& Unmatched(UnitRef parent, Level level,
                                 std::string_view name, int64_t line);
  // The facts stored for `village` as of a date, or null when none (or the
  // village is new).
  StatusOr<const KnownFacts*> Known(UnitRef village, Date as_of)
      REQUIRES(svc_->write_mutex());
  std::string_view Field(const std::vector<std::string_view>& f,
                         int col) const {
    return col >= 0 && col < static_cast<int>(f.size()) ? Trim(f[col])
                                                        : std::string_view();
  }

  CoverageService* svc_;
  const ImportOptions& opt_;
  std::string source_;
  Date as_of_;
  Format format_ = Format::kProject;
  std::unordered_map<std::string, int> col_;
  int fig_col_[kFigCount];
  int lpcd_col_ = -1;
  std::vector<std::string> ignored_columns_;
  ImportPlan plan_;
  std::optional<PlaceResolver> places_;
  ImportReport report_;
  std::unordered_map<std::string, int64_t> seen_villages_;
  // Index in report_.unmatched by parent code, level and name key.
  std::unordered_map<std::string, size_t> unmatched_at_;
  std::vector<int64_t> unmatched_line_;  // the last line counted, by index
  std::unordered_set<UnitRef> matched_names_;  // places found by name
  std::unordered_set<UnitRef> crosswalked_;    // ... through the crosswalk
  std::unordered_set<int64_t> aliased_;        // stored name aliases used
  // The stored name aliases the current row's names went through.
  std::vector<int64_t> row_aliases_;
  // Villages placed through stored aliases, recorded when the plan commits.
  struct AliasUse {
    int64_t alias_id;
    UnitRef village;
    int64_t line;
  };
  std::vector<AliasUse> alias_uses_;
  // Facts already stored, as of each date rows are dated (usually one).
  std::map<int32_t, std::unordered_map<UnitId, KnownFacts>> known_;
  // Villages this file has changed, with their timelines so far.
  std::unordered_map<UnitRef, VillageTimeline> working_;
  int as_of_col_ = -1;
  int64_t file_households_ = 0, file_with_tap_ = 0;
  // Set when reading the store failed: the import stops with it.
  Status failure_;

  int Col(const char* name) const {
    auto it = col_.find(name);
    return it == col_.end() ? -1 : it->second;
  }
};

Status VillageImporter::ReadHeader(const std::vector<std::string_view>& h) {
  for (size_t i = 0; i < h.size(); ++i) {
    col_.emplace(std::string(Trim(h[i])), static_cast<int>(i));
  }
  if (col_.count("vil_encode") != 0) {
    format_ = Format::kDashboard;
  } else if (col_.count("village_code") != 0) {
    format_ = Format::kProject;
  } else {
    return InvalidArgument(
        "the header names neither the JJM dashboard's columns (vil_encode, "
        "...) nor the project's (village_code, ...)",
        "header");
  }
  std::vector<std::string> required;
  if (format_ == Format::kDashboard) {
    required = {"state_name",          "district_name",
                "block_name",          "blcode11",
                "village_name",        "vil_encode",
                "TotalNoofHouseholds", "HousesWithTaps"};
  } else {
    required.assign(std::begin(kVillageColumns), std::end(kVillageColumns));
  }
  std::string missing;
  for (const std::string& r : required) {
    if (col_.count(r) == 0) missing += (missing.empty() ? "" : ", ") + r;
  }
  if (!missing.empty()) {
    return InvalidArgument("missing columns: " + missing, "header");
  }
  for (int i = 0; i < kFigCount; ++i) {
    fig_col_[i] = Col(format_ == Format::kDashboard ? kFigColumns[i].dashboard
                                                    : kFigColumns[i].project);
  }
  lpcd_col_ =
      Col(format_ == Format::kDashboard ? "service_level" : "service_lpcd");
  as_of_col_ = Col("as_of");
  // Say which columns this import does not keep.
  for (const auto& [name, i] : col_) {
    bool used = name == "state_name" || name == "district_name" ||
                name == "block_name" || name == "village_name" ||
                name == "blcode11" || name == "vil_encode" ||
                name == "service_level" || name == "service_lpcd" ||
                name == "TotalCurrentPop" || name == "JJMStatus" ||
                name == "as_of";
    for (const char* c : kVillageColumns) used = used || name == c;
    for (const ColumnSpec& c : kFigColumns) {
      used = used || name == c.dashboard || name == c.project;
    }
    if (!used) ignored_columns_.push_back(name);
  }
  return Status::Ok();
}

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
  if (failed) return kNoUnit;
  UnitRef district = kNoUnit;
  if (state != kNoUnit) {
    district = ByName(state, Level::kDistrict, district_name, "district_name",
                      line, &failed);
    if (failed) return kNoUnit;
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

StatusOr<const KnownFacts*> VillageImporter::Known(UnitRef village,
                                                   Date as_of) {
  if (village < 0) return nullptr;
  auto [slot, fresh] = known_.try_emplace(as_of.days());
  auto& known = slot->second;
  if (fresh) {
    const int32_t d = as_of.days();
    Status read = svc_->store()->ForEachFact([&](const FactRow& f) {
      if (f.as_of.days() > d) return;
      KnownFacts& k = known[static_cast<UnitId>(f.village_id)];
      for (int i = 0; i < kFigCount; ++i) {
        auto v = FactField(f, i);
        if (v && f.as_of.days() >= k.day[i]) {
          k.value[i] = *v;
          k.day[i] = f.as_of.days();
        }
      }
      if (f.service_lpcd && f.as_of.days() >= k.lpcd_day) {
        k.lpcd = *f.service_lpcd;
        k.lpcd_day = f.as_of.days();
      }
    });
    if (!read.ok()) {
      known_.erase(slot);
      return read;
    }
  }
  auto it = known.find(static_cast<UnitId>(village));
  return it == known.end() ? nullptr : &it->second;
}

void VillageImporter::Row(const std::vector<std::string_view>& f,
                          int64_t line) {
  ++report_.rows_read;
  row_aliases_.clear();
  const size_t before = report_.rejections().size();
  // A file may date each row (export villages --history does).
  Date as_of = as_of_;
  if (as_of_col_ >= 0) {
    const std::string_view v = Field(f, as_of_col_);
    auto d = Date::Parse(v);
    if (!d.ok()) {
      report_.Reject(line, "as_of", v, d.status().message());
      return;
    }
    if (*d > opt_.today) {
      report_.Reject(line, "as_of", v, "the date is in the future");
      return;
    }
    as_of = *d;
  }
  // Figures first: they need no lookups.
  std::array<std::optional<int64_t>, kFigCount> fig;
  for (int i = 0; i < kFigCount; ++i) {
    const int c = fig_col_[i];
    const std::string_view v = Field(f, c);
    if (c < 0 || v.empty()) {
      if (format_ == Format::kDashboard &&
          (i == kHouseholds || i == kWithTap)) {
        report_.Reject(line,
                       format_ == Format::kDashboard ? kFigColumns[i].dashboard
                                                     : kFigColumns[i].project,
                       v, "a number is required");
      }
      continue;
    }
    auto n = ParseInt(v);
    const char* name = format_ == Format::kDashboard ? kFigColumns[i].dashboard
                                                     : kFigColumns[i].project;
    if (!n) {
      report_.Reject(line, name, v, "not a whole number");
    } else if (*n < 0) {
      report_.Reject(line, name, v, "must not be negative");
    } else if (*n > kMaxVillageFigure) {
      report_.Reject(line, name, v,
                     "larger than " + IndianGrouped(kMaxVillageFigure) +
                         ", the most one village can hold");
    } else {
      fig[i] = *n;
    }
  }
  std::optional<double> lpcd;
  if (std::string_view v = Field(f, lpcd_col_); !v.empty()) {
    auto d = ParseDecimal(v);
    const char* name =
        format_ == Format::kDashboard ? "service_level" : "service_lpcd";
    if (!d || *d < 0 || *d > 100000) {
      report_.Reject(line, name, v,
                     "not a service level in litres per person per day");
    } else {
      lpcd = *d;
    }
  }
  auto over = [&](int part, int whole) {
    if (fig[part] && fig[whole] && *fig[part] > *fig[whole]) {
      const char* pn = format_ == Format::kDashboard
                           ? kFigColumns[part].dashboard
                           : kFigColumns[part].project;
      const char* wn = format_ == Format::kDashboard
                           ? kFigColumns[whole].dashboard
                           : kFigColumns[whole].project;
      report_.Reject(line, pn, std::to_string(*fig[part]),
                     std::string("more than ") + wn + " (" +
                         std::to_string(*fig[whole]) + ")");
    }
  };
  over(kWithTap, kHouseholds);
  over(kSchoolsTap, kSchools);
  over(kAnganwadisTap, kAnganwadis);
  if (fig[kWithTap] && as_of < JjmBaseline() && *fig[kWithTap] > 0) {
    report_.Reject(
        line, format_ == Format::kDashboard ? "HousesWithTaps" : "hh_with_tap",
        std::to_string(*fig[kWithTap]),
        "households with tap can be recorded from " + JjmBaseline().ToString() +
            " on; the file is as of " + as_of.ToString());
  }
  if (report_.rejections().size() != before) {
    return;  // nothing is planned for a row with bad figures
  }

  // Look the places up; create nothing until the row has passed.
  std::string key;
  UnitRef village = format_ == Format::kDashboard
                        ? PlaceDashboard(f, line, &key, false)
                        : PlaceProject(f, line, &key, false);
  // The same village twice in one file is an error, not a double count
  // (twice on one date, when rows are dated).
  if (as_of_col_ >= 0 && !key.empty()) key += " on " + as_of.ToString();
  if (!key.empty()) {
    auto [it, fresh] = seen_villages_.emplace(key, line);
    if (!fresh) {
      report_.Reject(
          line, format_ == Format::kDashboard ? "vil_encode" : "village_code",
          key,
          "the same village already appears on line " +
              std::to_string(it->second) + " of this file");
      return;
    }
  }
  if (village == kNoUnit) return;

  // Work out the village's new timeline and check it.
  VillageTimeline t;
  if (auto w = working_.find(village); w != working_.end()) {
    t = w->second;
  } else if (village != kPlanned) {
    t = svc_->index_for_writer().Village(static_cast<UnitId>(village));
  }
  FactRow fact;
  fact.as_of = as_of;
  bool changed = false;
  const KnownFacts* known = nullptr;
  if (village != kPlanned) {
    StatusOr<const KnownFacts*> k = Known(village, as_of);
    if (!k.ok()) {
      failure_ = k.status();  // the store failed: the import stops
      return;
    }
    known = *k;
  }
  auto put = [&](int i, std::optional<int64_t>* slot) {
    if (!fig[i]) return;
    *slot = fig[i];
    if (known == nullptr || known->value[i] != *fig[i]) changed = true;
  };
  put(kHouseholds, &fact.households);
  put(kHabitations, &fact.habitations);
  put(kSchools, &fact.schools);
  put(kSchoolsTap, &fact.schools_with_tap);
  put(kAnganwadis, &fact.anganwadis);
  put(kAnganwadisTap, &fact.anganwadis_with_tap);
  put(kSc, &fact.sc_population);
  put(kSt, &fact.st_population);
  put(kGeneral, &fact.general_population);
  if (lpcd) {
    fact.service_lpcd = lpcd;
    if (known == nullptr || known->lpcd != *lpcd) changed = true;
  }
  if (changed) t.AddFact(ToFactRecord(fact));
  int64_t delta = 0;
  if (fig[kWithTap]) {
    delta = *fig[kWithTap] - t.TapAt(as_of.days());
    if (delta != 0) t.AddTap(as_of.days(), static_cast<int32_t>(delta));
  }
  if (opt_.closed_period_reason.empty() && (changed || delta != 0)) {
    const UnitId unit = village >= 0 ? static_cast<UnitId>(village) : kIndia;
    Status open =
        svc_->periods().CheckOpen(svc_->hierarchy_for_writer(), unit, as_of,
                                  opt_.today, std::time(nullptr), "as_of");
    if (!open.ok()) {
      report_.Reject(
          line, as_of_col_ >= 0 ? "as_of" : "--as-of", as_of.ToString(),
          open.message() + " (or import with --closed-periods REASON)");
      return;
    }
  }
  const std::string label =
      village == kPlanned ? key : places_->CodeOf(village);
  Status s = CheckVillage(t, as_of.days(), label);
  if (!s.ok()) {
    report_.Reject(
        line,
        format_ == Format::kDashboard ? "TotalNoofHouseholds" : "total_hh",
        fig[kHouseholds] ? std::to_string(*fig[kHouseholds]) : "", s.message());
    return;
  }
  village = format_ == Format::kDashboard ? PlaceDashboard(f, line, &key, true)
                                          : PlaceProject(f, line, &key, true);
  if (as_of_col_ >= 0) working_[village] = t;
  if (changed) {
    plan_.facts.push_back({village, fact});
    report_.Count("fact records");
  } else if (fig[kHouseholds] || lpcd) {
    report_.Count("villages with unchanged facts");
  }
  if (delta != 0) {
    EventKind kind = EventKind::kAdjustment;
    if (as_of == JjmBaseline() && delta > 0) kind = EventKind::kBaseline;
    plan_.events.push_back(
        {village, as_of, delta, kind,
         "reported in " + source_ + " as of " + as_of.ToString()});
    report_.Count(kind == EventKind::kBaseline ? "baseline events"
                                               : "adjustment events");
    report_.Count("net households with tap added", delta);
  }
  for (int64_t alias : row_aliases_) {
    alias_uses_.push_back({alias, village, line});
  }
  if (!row_aliases_.empty()) {
    report_.Count("rows placed through stored aliases");
  }
  file_households_ += fig[kHouseholds].value_or(0);
  file_with_tap_ += fig[kWithTap].value_or(0);
  ++report_.rows_accepted;
}

StatusOr<ImportReport> VillageImporter::Run(CsvReader* reader) {
  as_of_ = opt_.as_of.value_or(opt_.today);
  if (as_of_ > opt_.today) {
    return InvalidArgument("--as-of " + as_of_.ToString() + " is in the future",
                           "as_of");
  }
  std::vector<std::string_view> f;
  JJM_ASSIGN_OR_RETURN(bool has_header, reader->Next(&f));
  if (!has_header) return InvalidArgument("the file is empty", "file");
  JJM_RETURN_IF_ERROR(ReadHeader(f));

  MutexLock lock(&svc_->write_mutex());
  JJM_ASSIGN_OR_RETURN(PlaceResolver resolver,
                       PlaceResolver::Create(svc_, &plan_));
  places_.emplace(std::move(resolver));
  ProgressTicker ticker(opt_);
  while (true) {
    auto more = reader->Next(&f);
    if (!more.ok()) {
      report_.Reject(reader->line(), "", "", more.status().message());
      break;
    }
    if (!*more) break;
    Row(f, reader->line());
    if (!failure_.ok()) return failure_;
    ticker.Tick(reader->progress(), report_.rows_read);
  }
  report_.Count("households in accepted rows", file_households_);
  report_.Count("households with tap in accepted rows", file_with_tap_);
  if (!ignored_columns_.empty()) {
    std::string note = "columns this import does not keep:";
    for (const std::string& c : ignored_columns_) note += " " + c;
    report_.notes.push_back(std::move(note));
  }
  const bool clean = report_.rejections().empty();
  if (opt_.commit && (clean || opt_.skip_invalid) &&
      report_.rows_accepted > 0) {
    plan_.batch.kind = "import";
    plan_.batch.source = source_;
    plan_.batch.recorded_by = opt_.recorded_by;
    plan_.batch.note = "villages as of " + as_of_.ToString();
    if (!opt_.closed_period_reason.empty()) {
      plan_.batch.note += ", into closed months: " + opt_.closed_period_reason;
    }
    plan_.valid_from = as_of_;
    if (!alias_uses_.empty()) {
      plan_.also_write = [this](int64_t batch,
                                const std::function<int64_t(UnitRef)>& id) {
        std::vector<NameAliasUseRow> uses;
        uses.reserve(alias_uses_.size());
        for (const AliasUse& u : alias_uses_) {
          uses.push_back({u.alias_id, batch, id(u.village), u.line});
        }
        return CrosswalkService(svc_->store()->db()).RecordUses(uses);
      };
    }
    JJM_RETURN_IF_ERROR(svc_->ApplyPlan(plan_));
    report_.committed = true;
  }
  return std::move(report_);
}

}  // namespace

StatusOr<ImportReport> ImportVillages(CoverageService* svc,
                                      const std::string& path,
                                      const ImportOptions& opt) {
  JJM_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  std::string source = path;
  if (auto slash = source.rfind('/'); slash != std::string::npos) {
    source = source.substr(slash + 1);
  }
  VillageImporter importer(svc, opt, source);
  return importer.Run(reader.get());
}

}  // namespace jjm
