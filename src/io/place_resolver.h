// Finds and creates places while an import plan is being built: stored
// places from the hierarchy, and places the plan will create.  Lookups by
// code, by another system's id (alias), by name under a parent, where a
// former name also matches, and by a name alias a person accepted
// (`jjm crosswalk apply`).
#ifndef JJM_IO_PLACE_RESOLVER_H_
#define JJM_IO_PLACE_RESOLVER_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "coverage/coverage_service.h"
#include "crosswalk/alias_rules.h"
#include "crosswalk/name_match.h"

namespace jjm {

class PlaceResolver {
 public:
  // Reads aliases and the name aliases in force from the store.  `plan`
  // receives new places and aliases.
  static StatusOr<PlaceResolver> Create(CoverageService* svc, ImportPlan* plan);

  UnitRef FindCode(std::string_view code) const;
  UnitRef FindAlias(std::string_view scheme, std::string_view value) const;
  // Children of `parent` at `level` whose name or former name matches.
  std::vector<UnitRef> FindChildren(UnitRef parent, Level level,
                                    std::string_view name);
  // Where a name alias in force sends `name` under the stored place
  // `parent` at `level` (never under a place the plan creates).  `unit` is
  // kNoUnit when no alias has the name; `error` says why the alias cannot
  // be followed: its place is not a child of `parent` at `level`, or
  // `crosswalk_code` (the code a --crosswalk file gives the name, or null)
  // names another place.
  struct AliasedPlace {
    UnitRef unit = kNoUnit;
    int64_t alias_id = 0;
    std::string error;
  };
  AliasedPlace ThroughNameAlias(UnitRef parent, Level level,
                                std::string_view name,
                                const std::string* crosswalk_code) const;
  // True if `parent` has a child at `level` with an LGD code: then a name
  // that matches none of them is an error rather than a new place.
  bool HasLgdChildren(UnitRef parent, Level level);
  // The stored children of `parent` at `level` with LGD codes, with their
  // names and former names: what a name crosswalk may suggest.
  std::vector<NameCandidate> LgdChildren(UnitRef parent, Level level) const;

  Level LevelOf(UnitRef r) const;
  UnitRef ParentOf(UnitRef r) const;
  const std::string& CodeOf(UnitRef r) const;
  const std::string& NameOf(UnitRef r) const;

  UnitRef Create(UnitRef parent, Level level, std::string code,
                 std::string name, std::optional<int64_t> lgd_code);
  void AddAlias(UnitRef unit, std::string scheme, std::string value);
  // Plans a rename of a stored place, once.
  void Rename(UnitRef unit, std::string name);
  // The next unused project code "<letter>X<n>" for `level`.
  std::string NextProjectCode(Level level);

 private:
  PlaceResolver(CoverageService* svc, ImportPlan* plan)
      : h_(&svc->hierarchy_for_writer()), plan_(plan) {}
  using NameMap = std::unordered_map<std::string, std::vector<UnitRef>>;
  NameMap& ChildNames(UnitRef parent);

  const Hierarchy* h_;
  ImportPlan* plan_;
  std::unordered_map<std::string, UnitRef> aliases_;  // "scheme\x1fvalue"
  AliasIndex name_aliases_;
  std::unordered_map<std::string, UnitRef> new_codes_;
  std::unordered_map<UnitRef, NameMap> child_names_;
  std::unordered_map<UnitRef, std::string> renamed_;
  std::unordered_map<char, int64_t> next_project_;
};

// Splits a level-lettered code: "S36" gives 36; "BJ4213" gives nothing.
std::optional<int64_t> LgdNumberOf(std::string_view code);
// Checks that `code` is a valid code for `level`; a bare number is taken as
// an LGD code and gets the level letter.  Returns the normalised code.
StatusOr<std::string> NormaliseCode(std::string_view code, Level level);

}  // namespace jjm

#endif  // JJM_IO_PLACE_RESOLVER_H_
