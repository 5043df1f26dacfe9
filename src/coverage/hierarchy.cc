#include "coverage/hierarchy.h"

#include <algorithm>

namespace jjm {

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kNation:
      return "nation";
    case Level::kState:
      return "state";
    case Level::kDistrict:
      return "district";
    case Level::kBlock:
      return "block";
    case Level::kGp:
      return "gp";
    case Level::kVillage:
      return "village";
    case Level::kHabitation:
      return "habitation";
  }
  return "unknown";
}

std::optional<Level> ParseLevel(std::string_view name) {
  for (int i = 0; i <= 6; ++i) {
    if (LevelName(static_cast<Level>(i)) == name) return static_cast<Level>(i);
  }
  return std::nullopt;
}

char LevelLetter(Level level) {
  static constexpr char kLetters[] = "NSDBGVH";
  return kLetters[static_cast<int>(level)];
}

Hierarchy::Hierarchy() {
  places_.resize(1);
  Place& india = places_[0];
  india.code = "IN";
  india.name = "India";
  india.level = Level::kNation;
  india.exists = true;
  IndexCode(kIndia);
}

namespace {

uint64_t CodeHashOf(std::string_view code) {
  return std::hash<std::string_view>()(code);
}

}  // namespace

UnitId Hierarchy::FindExact(std::string_view code) const {
  if (code_slots_.empty()) return kNoUnit;
  const uint64_t h = CodeHashOf(code);
  const uint32_t tag = static_cast<uint32_t>(h >> 32);
  const size_t mask = code_slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const CodeSlot& slot = code_slots_[i];
    if (slot.id == kNoUnit) return kNoUnit;
    if (slot.tag == tag && places_[slot.id].code == code) return slot.id;
  }
}

bool Hierarchy::IndexCode(UnitId id) {
  GrowCodeSlots(coded_ + 1);
  const std::string& code = places_[id].code;
  const uint64_t h = CodeHashOf(code);
  const uint32_t tag = static_cast<uint32_t>(h >> 32);
  const size_t mask = code_slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    CodeSlot& slot = code_slots_[i];
    if (slot.id == kNoUnit) {
      slot = {tag, id};
      ++coded_;
      return true;
    }
    if (slot.tag == tag && places_[slot.id].code == code) return false;
  }
}

void Hierarchy::GrowCodeSlots(size_t codes) {
  if (codes * 2 <= code_slots_.size()) return;
  size_t slots = std::max<size_t>(64, code_slots_.size() * 2);
  while (slots < codes * 2) slots *= 2;
  std::vector<CodeSlot> old = std::move(code_slots_);
  code_slots_.assign(slots, CodeSlot());
  coded_ = 0;
  for (const CodeSlot& slot : old) {
    if (slot.id != kNoUnit) IndexCode(slot.id);
  }
}

void Hierarchy::Reserve(UnitId max_id) {
  if (static_cast<size_t>(max_id) + 1 > places_.size()) {
    places_.resize(static_cast<size_t>(max_id) + 1);
  }
  GrowCodeSlots(static_cast<size_t>(max_id) + 2);
}

Status Hierarchy::Add(UnitId id, UnitId parent, Level level, std::string code,
                      std::string name, std::optional<int64_t> lgd_code) {
  if (id <= 0) return InvalidArgument("unit id must be positive");
  if (!Contains(parent)) {
    return NotFound("parent of " + code + " is not known");
  }
  const Place& pp = places_[parent];
  if (pp.level >= level) {
    return InvalidArgument(std::string(LevelName(level)) + " " + code +
                           " cannot sit under " +
                           std::string(LevelName(pp.level)) + " " + pp.code);
  }
  if (static_cast<size_t>(id) >= places_.size()) {
    places_.resize(std::max<size_t>(id + 1, places_.size() * 5 / 4));
  }
  if (places_[id].exists) return Conflict("unit id already present");
  Place& p = places_[id];
  p.code = std::move(code);
  if (!IndexCode(id)) {
    std::string taken = std::move(p.code);
    p.code.clear();
    return Conflict("a place with code " + taken + " already exists", "code");
  }
  p.parent = parent;
  p.level = level;
  p.name = std::move(name);
  p.lgd_code = lgd_code;
  p.exists = true;
  places_[parent].children.push_back(id);
  ++counts_[static_cast<int>(level)];
  ++names_generation_;
  return Status::Ok();
}

void Hierarchy::Rename(UnitId id, std::string name) {
  places_[id].name = std::move(name);
  ++names_generation_;
}

void Hierarchy::AddFormerName(UnitId id, std::string name) {
  former_names_[id].push_back(std::move(name));
}

namespace {

// The digits of a bare LGD number without leading zeros, or empty when
// `code` is not one.
std::string_view BareNumber(std::string_view code) {
  if (code.empty() || code.size() > 18) return {};
  for (char c : code) {
    if (c < '0' || c > '9') return {};
  }
  while (code.size() > 1 && code.front() == '0') code.remove_prefix(1);
  return code;
}

constexpr Level kCodedLevels[] = {Level::kState,   Level::kDistrict,
                                  Level::kBlock,   Level::kGp,
                                  Level::kVillage, Level::kHabitation};

}  // namespace

std::vector<UnitId> Hierarchy::BareCandidates(std::string_view digits) const {
  std::vector<UnitId> found;
  std::string key(1, ' ');
  key += digits;
  for (Level l : kCodedLevels) {
    key[0] = LevelLetter(l);
    const UnitId u = FindExact(key);
    if (u != kNoUnit) found.push_back(u);
  }
  return found;
}

UnitId Hierarchy::Find(std::string_view code) const {
  const UnitId u = FindExact(code);
  if (u != kNoUnit) return u;
  const std::string_view digits = BareNumber(code);
  if (digits.empty()) return kNoUnit;
  std::vector<UnitId> found = BareCandidates(digits);
  return found.size() == 1 ? found[0] : kNoUnit;
}

UnitId Hierarchy::Find(std::string_view code, Level level) const {
  const std::string_view digits = BareNumber(code);
  if (!digits.empty() && level != Level::kNation) {
    std::string key(1, LevelLetter(level));
    key += digits;
    const UnitId u = FindExact(key);
    if (u != kNoUnit) return u;
  }
  const UnitId u = FindExact(code);
  if (u == kNoUnit || places_[u].level != level) return kNoUnit;
  return u;
}

StatusOr<UnitId> Hierarchy::Resolve(std::string_view code,
                                    std::string_view field) const {
  const UnitId u = Find(code);
  if (u != kNoUnit) return u;
  const std::string_view digits = BareNumber(code);
  if (!digits.empty()) {
    std::vector<UnitId> found = BareCandidates(digits);
    if (found.size() > 1) {
      std::string names;
      for (UnitId f : found) {
        if (!names.empty()) names += ", ";
        names += places_[f].code + " (" +
                 std::string(LevelName(places_[f].level)) + ")";
      }
      return InvalidArgument(
          std::string(code) + " is the LGD code of several places: " + names +
              "; give the code with its letter",
          std::string(field));
    }
  }
  return NotFound("no place has the code " + std::string(code),
                  std::string(field));
}

const std::vector<std::string>& Hierarchy::FormerNames(UnitId id) const {
  static const std::vector<std::string> kEmpty;
  auto it = former_names_.find(id);
  return it == former_names_.end() ? kEmpty : it->second;
}

std::vector<UnitId> Hierarchy::Path(UnitId id) const {
  std::vector<UnitId> path;
  for (UnitId p = places_[id].parent; p != kNoUnit; p = places_[p].parent) {
    path.push_back(p);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::string Hierarchy::PathCodes(UnitId id) const {
  if (!Contains(id)) return "IN";
  std::string path;
  for (UnitId a : Path(id)) {
    path += Get(a).code;
    path += '/';
  }
  return path + Get(id).code;
}

bool PathWithin(std::string_view path, std::string_view scope) {
  return path.size() >= scope.size() && path.substr(0, scope.size()) == scope &&
         (path.size() == scope.size() || path[scope.size()] == '/');
}

bool Hierarchy::IsWithin(UnitId id, UnitId ancestor) const {
  for (UnitId p = id; p != kNoUnit; p = places_[p].parent) {
    if (p == ancestor) return true;
  }
  return false;
}

Level Hierarchy::ChildLevel(UnitId id) const {
  const Place& p = places_[id];
  if (!p.children.empty()) {
    Level lowest = Level::kHabitation;
    for (UnitId c : p.children) lowest = std::min(lowest, places_[c].level);
    return lowest;
  }
  return static_cast<Level>(std::min(6, static_cast<int>(p.level) + 1));
}

UnitId Hierarchy::AncestorAt(UnitId id, Level level) const {
  for (UnitId p = id; p != kNoUnit; p = places_[p].parent) {
    if (places_[p].level == level) return p;
    if (places_[p].level < level) break;
  }
  return kNoUnit;
}

UnitId CodeCache::Find(std::string_view code) {
  size_t letters = 0;
  while (letters < code.size() && letters < 3 &&
         ((code[letters] >= 'A' && code[letters] <= 'Z') ||
          (code[letters] >= 'a' && code[letters] <= 'z'))) {
    ++letters;
  }
  const std::string_view prefix = code.substr(0, letters);
  const std::string_view digits = code.substr(letters);
  // A number of 1 to 7 digits, no leading zero (a code with one is another
  // string, and is looked up as one).
  if (digits.empty() || digits.size() > 7 || digits.front() == '0') {
    return lookup_(code);
  }
  uint32_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return lookup_(code);
    n = n * 10 + static_cast<uint32_t>(c - '0');
  }
  Table* t = nullptr;
  for (Table& x : tables_) {
    if (x.prefix == prefix) {
      t = &x;
      break;
    }
  }
  if (t == nullptr) {
    if (tables_.size() == kMaxPrefixes) return lookup_(code);
    t = &tables_.emplace_back(Table{std::string(prefix), {}});
  }
  std::vector<UnitId>& table = t->by_number;
  if (n >= table.size()) {
    table.resize(
        std::min<size_t>(kMaxNumber, std::max<size_t>(n + 1, table.size() * 2)),
        kNotAsked);
  }
  UnitId& u = table[n];
  if (u == kNotAsked) u = lookup_(code);
  return u;
}

}  // namespace jjm
