// The places of the mission in memory: India > state > district > block >
// gram panchayat > village > habitation.  A village whose source gives no
// gram panchayat hangs directly under its block.
#ifndef JJM_COVERAGE_HIERARCHY_H_
#define JJM_COVERAGE_HIERARCHY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace jjm {

enum class Level : uint8_t {
  kNation = 0,
  kState = 1,
  kDistrict = 2,
  kBlock = 3,
  kGp = 4,
  kVillage = 5,
  kHabitation = 6,
};

// "nation", "state", "district", "block", "gp", "village", "habitation".
std::string_view LevelName(Level level);
std::optional<Level> ParseLevel(std::string_view name);
// The letter that starts codes at this level: S, D, B, G, V, H.
char LevelLetter(Level level);

// Index of a place; equal to its row id in the store.  0 is India.
using UnitId = int32_t;
inline constexpr UnitId kNoUnit = -1;
inline constexpr UnitId kIndia = 0;

struct Place {
  UnitId parent = kNoUnit;
  Level level = Level::kNation;
  std::string code;
  std::string name;
  std::optional<int64_t> lgd_code;
  std::vector<UnitId> children;
  bool exists = false;
};

class Hierarchy {
 public:
  Hierarchy();

  // Makes room for ids up to `max_id`, so that loading does not regrow.
  void Reserve(UnitId max_id);

  // Adds a place whose id is `id` (the store's row id, > 0).  The parent
  // must already be present; kIndia for a state.
  Status Add(UnitId id, UnitId parent, Level level, std::string code,
             std::string name, std::optional<int64_t> lgd_code);
  void Rename(UnitId id, std::string name);
  // Remembers a former name of a place so that searches still find it.
  void AddFormerName(UnitId id, std::string name);

  bool Contains(UnitId id) const {
    return id >= 0 && static_cast<size_t>(id) < places_.size() &&
           places_[id].exists;
  }
  const Place& Get(UnitId id) const { return places_[id]; }
  // The place with `code` ("IN" is India), or kNoUnit.  Every code of a
  // place with an LGD code may also be given as the bare LGD number: "583451"
  // finds V583451, "532" finds D532.  A bare number that is the LGD code of
  // places at two levels (district 532 and block 532) finds nothing here;
  // Resolve says why, and Find(code, level) picks the level.
  UnitId Find(std::string_view code) const;
  // The same for a caller that knows the level: a bare number is looked up
  // at `level` only; a code with its letter must be a place at `level`.
  UnitId Find(std::string_view code, Level level) const;
  // Find, with an error naming `field`: NotFound when no place has the
  // code, InvalidArgument naming the places when a bare number is
  // ambiguous.
  StatusOr<UnitId> Resolve(std::string_view code,
                           std::string_view field = "") const;
  // Former names of `id`, oldest first.
  const std::vector<std::string>& FormerNames(UnitId id) const;
  // Calls fn(id, former names) for every place that has any, in no order.
  template <typename Fn>
  void ForEachWithFormerNames(Fn&& fn) const {
    for (const auto& [id, names] : former_names_) fn(id, names);
  }
  // Ancestors from India down to the parent of `id`.
  std::vector<UnitId> Path(UnitId id) const;
  // True if `id` is `ancestor` or lies below it.
  bool IsWithin(UnitId id, UnitId ancestor) const;
  // The path of codes from India down to `id`, "IN/S36/D532" (the form
  // audit rows keep); "IN" for India and for an id not present.
  std::string PathCodes(UnitId id) const;
  // The level of the children of `id`: the highest level among them, or
  // the next level down when it has none.
  Level ChildLevel(UnitId id) const;
  // The ancestor of `id` at `level`, or kNoUnit.
  UnitId AncestorAt(UnitId id, Level level) const;

  // Calls fn(village) for every village at or below `id`.
  template <typename Fn>
  void ForEachVillage(UnitId id, Fn&& fn) const {
    const Place& p = places_[id];
    if (p.level == Level::kVillage) {
      fn(id);
      return;
    }
    if (p.level > Level::kVillage) return;
    for (UnitId c : p.children) ForEachVillage(c, fn);
  }
  // Calls fn(unit) for every place at `level` at or below `id`.
  template <typename Fn>
  void ForEachAtLevel(UnitId id, Level level, Fn&& fn) const {
    const Place& p = places_[id];
    if (p.level == level) {
      fn(id);
      return;
    }
    if (p.level > level) return;
    for (UnitId c : p.children) ForEachAtLevel(c, level, fn);
  }

  // One past the largest id.
  UnitId end_id() const { return static_cast<UnitId>(places_.size()); }
  // Grows with every place added or renamed (what a cache of the names
  // keys on).
  uint64_t names_generation() const { return names_generation_; }
  size_t count(Level level) const { return counts_[static_cast<int>(level)]; }

 private:
  std::vector<Place> places_;
  // The place with exactly `code`, or kNoUnit.
  UnitId FindExact(std::string_view code) const;
  // Indexes places_[id].code (set already); false if another place has it.
  bool IndexCode(UnitId id);
  // Makes room for `codes` codes at most half the slots full.
  void GrowCodeSlots(size_t codes);
  // Places whose code is `letter` + a bare number, for each letter of
  // LevelLetter: the candidates of a bare number, India excluded.
  std::vector<UnitId> BareCandidates(std::string_view digits) const;

  // Codes to ids: open addressing over a power-of-two array, each slot the
  // id and 32 bits of its code's hash; the code itself is compared in
  // places_ (no node or string per place, one probe sequence per lookup).
  struct CodeSlot {
    uint32_t tag = 0;
    UnitId id = kNoUnit;
  };
  std::vector<CodeSlot> code_slots_;
  size_t coded_ = 0;  // ids in code_slots_
  std::unordered_map<UnitId, std::vector<std::string>> former_names_;
  size_t counts_[7] = {1, 0, 0, 0, 0, 0, 0};
  uint64_t names_generation_ = 0;
};

// Remembers what a lookup of a code gave, for an importer that looks up
// the same few lakh codes millions of times in any order: a code that is a
// short prefix of letters (none, "V", "VX") and a number with no leading
// zero is kept in an array by that number, one array for each prefix, so a
// repeat is one array read instead of a hash of the string.  Any other code
// is asked of `lookup` every time.  The hierarchy must not change while the
// cache is used (importers hold the writer's lock).  Not thread-safe.
class CodeCache {
 public:
  // `lookup(code)` gives the place for a code; the cache gives what it gave.
  explicit CodeCache(std::function<UnitId(std::string_view)> lookup)
      : lookup_(std::move(lookup)) {}
  UnitId Find(std::string_view code);

 private:
  static constexpr UnitId kNotAsked = -2;
  static constexpr uint32_t kMaxNumber = 1u << 24;
  static constexpr size_t kMaxPrefixes = 8;
  struct Table {
    std::string prefix;
    std::vector<UnitId> by_number;  // kNotAsked unless asked
  };
  std::function<UnitId(std::string_view)> lookup_;
  std::vector<Table> tables_;
};

// True if `path` (as PathCodes gives it) is `scope` or lies below it:
// "IN/S36/D532" is within "IN/S36", "IN/S361" is not.
bool PathWithin(std::string_view path, std::string_view scope);

}  // namespace jjm

#endif  // JJM_COVERAGE_HIERARCHY_H_
