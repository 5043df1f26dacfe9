// The rules of stored name aliases: which accepted crosswalk mappings may be
// kept as aliases of LGD places, so that later files are placed without a
// crosswalk file.  Pure rules over the hierarchy and the aliases in force;
// crosswalk_service.h stores what they allow.
//
// A mapping says: under the parent P, at level L (state, district, block),
// the source name N means the place U.  It is
//   - refused (column candidate_code) when U is not a place at L, or when
//     the file's state / district columns name another parent than U's:
//     a mapping is only ever to a child of its parent;
//   - refused (column source_name) when N is empty, or when another place
//     at L under P already has N as its name (or former name) after
//     normalising: the alias would never be used, or would hide that place;
//   - refused (column candidate_code) when an alias in force already maps
//     N under P to another place, naming both places: one source name
//     never points at two places (revoke the old alias first);
//   - refused the same way when an earlier row of the same file maps N
//     under P to another place;
//   - already stored (nothing to do) when an alias in force, or an earlier
//     row of the file, maps N under P to U: applying again is a no-op;
//   - to be stored otherwise.
// Two source names under one parent may map to one place (two spellings).
#ifndef JJM_CROSSWALK_ALIAS_RULES_H_
#define JJM_CROSSWALK_ALIAS_RULES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "coverage/hierarchy.h"
#include "store/crosswalk_store.h"

namespace jjm {

// One accepted row of a crosswalk file.
struct AliasMapping {
  int64_t line = 0;  // in the crosswalk file; the header is line 1
  Level level = Level::kState;
  // The file's names of the places above the name (LGD names, as
  // `crosswalk suggest` writes them); empty: not given.
  std::string state, district;
  std::string source_name;
  std::string code;       // candidate_code as written
  UnitId unit = kNoUnit;  // the place `code` names at `level`
};

// The key of `source_name` under `parent_id` (0: India) at `level`: the
// level, the parent and MatchKey of the name.
std::string AliasKey(Level level, int64_t parent_id,
                     std::string_view source_name);

// Aliases in force, found by level, parent and source name.
class AliasIndex {
 public:
  // Adds an alias in force; false (and nothing added) when its key is
  // taken already or it is revoked.
  bool Add(const NameAliasRow& row);
  // The alias of `name` under `parent_id` at `level`, or null.
  const NameAliasRow* Find(Level level, int64_t parent_id,
                           std::string_view name) const;
  size_t size() const { return by_key_.size(); }

 private:
  std::unordered_map<std::string, NameAliasRow> by_key_;
};

enum class AliasVerdict { kStore, kAlreadyStored, kRefused };

struct AliasDecision {
  AliasVerdict verdict = AliasVerdict::kRefused;
  AliasMapping mapping;
  int64_t parent_id = 0;    // of the mapped place; 0: India
  std::string column;       // of a refusal
  std::string reason;       // of a refusal, or what is already stored
  int64_t existing_id = 0;  // the alias in force it agrees or conflicts with
};

// Decides each mapping, in order (see the top of this file).
std::vector<AliasDecision> DecideAliases(
    const Hierarchy& h, const AliasIndex& stored,
    const std::vector<AliasMapping>& mappings);

// "line 7, column candidate_code, value 'B4647': <reason>".
std::string DescribeRefusal(const AliasDecision& d);

// "D687 Jayashankar Bhupalapally"; "the unknown place #id" when absent.
std::string PlaceLabel(const Hierarchy& h, int64_t unit);

}  // namespace jjm

#endif  // JJM_CROSSWALK_ALIAS_RULES_H_
