// SQL of the name crosswalk: the names of source files kept as aliases of
// LGD places (name_alias) and the villages imports placed through them
// (name_alias_use).  The only place where this SQL is written; the rules
// (what may be stored, what conflicts) are in crosswalk/.
#ifndef JJM_STORE_CROSSWALK_STORE_H_
#define JJM_STORE_CROSSWALK_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace jjm {

// One stored alias.  `level` is 1 state, 2 district, 3 block; `parent_id`
// 0 stands for India (a state's parent).  The revoke fields are empty while
// the alias is in force.
struct NameAliasRow {
  int64_t id = 0;
  int level = 0;
  int64_t parent_id = 0;
  std::string source_name;
  std::string match_key;  // MatchKey(source_name)
  int64_t unit_id = 0;    // the place the name maps to
  std::string created_by, created_at;
  std::string revoked_by, revoked_at, revoke_reason;
  bool in_force() const { return revoked_at.empty(); }
};

// A village an import placed through an alias.  `line` 0: not known.
struct NameAliasUseRow {
  int64_t alias_id = 0;
  int64_t batch_id = 0;
  int64_t village_id = 0;
  int64_t line = 0;
};

// A use as listed for a person: the village and the import it came in.
struct NameAliasUseListing {
  int64_t batch_id = 0;
  std::string village_code, village_name;
  std::string source;       // the imported file's name
  std::string recorded_at;  // when the batch was written
  int64_t line = 0;
};

class CrosswalkStore {
 public:
  explicit CrosswalkStore(Db* db) : db_(db) {}

  // Aliases in id order: only those in force, or all.
  Status ForEachAlias(bool include_revoked,
                      const std::function<void(const NameAliasRow&)>& fn);
  // The alias with `id`, or nothing.
  StatusOr<std::optional<NameAliasRow>> GetAlias(int64_t id);
  // Stores an alias in force (the id and revoke fields of `row` are
  // ignored); returns its id.  Fails when one in force has the same level,
  // parent and match key.
  StatusOr<int64_t> AddAlias(const NameAliasRow& row);
  // Revokes the alias `id` if it is in force; false when it is not (or
  // there is none).
  StatusOr<bool> RevokeAlias(int64_t id, const std::string& by,
                             const std::string& at, const std::string& reason);

  // Records villages placed through aliases.
  Status AddUses(const std::vector<NameAliasUseRow>& uses);
  // The uses of alias `id`, by batch and line.
  Status ForEachUse(int64_t alias_id,
                    const std::function<void(const NameAliasUseListing&)>& fn);

 private:
  Db* db_;
};

}  // namespace jjm

#endif  // JJM_STORE_CROSSWALK_STORE_H_
