// Stored name aliases: applying an accepted crosswalk (`jjm crosswalk
// apply`), listing the aliases and revoking one, each write with its audit
// row (who and when).  The rules of what may be stored are in
// alias_rules.h; the SQL in store/crosswalk_store.h.
//
// Callers pass the hierarchy they read under the coverage service's lock;
// the service keeps no state of its own beyond the connection.
#ifndef JJM_CROSSWALK_CROSSWALK_SERVICE_H_
#define JJM_CROSSWALK_CROSSWALK_SERVICE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "coverage/hierarchy.h"
#include "crosswalk/alias_rules.h"
#include "store/crosswalk_store.h"
#include "store/db.h"

namespace jjm {

struct ApplyOutcome {
  std::vector<AliasDecision> decisions;  // one per mapping, in order
  int64_t to_store = 0, already_stored = 0, refused = 0;
  // With commit: the ids of the aliases stored, in the order of the
  // decisions with verdict kStore.
  std::vector<int64_t> stored_ids;
  bool committed = false;
};

struct RevokeOutcome {
  NameAliasRow alias;  // as it was before the revocation
  std::vector<NameAliasUseListing> uses;
  bool committed = false;
};

class CrosswalkService {
 public:
  explicit CrosswalkService(Db* db) : db_(db), store_(db) {}

  // The aliases in force, for placing the names of an import.
  StatusOr<AliasIndex> LoadIndex();
  // Records the villages an import placed through aliases, inside the
  // import's transaction.
  Status RecordUses(const std::vector<NameAliasUseRow>& uses) {
    return store_.AddUses(uses);
  }

  // Decides `mappings` (DecideAliases).  With `commit` and no refusal,
  // stores the new aliases in one transaction with one audit row each
  // (action crosswalk.apply, entity name_alias, by `actor`); a refusal, or
  // no commit, stores nothing.  `source` names the crosswalk file in the
  // audit rows.
  StatusOr<ApplyOutcome> Apply(const Hierarchy& h,
                               const std::vector<AliasMapping>& mappings,
                               const std::string& actor,
                               const std::string& source, bool commit);

  // Aliases in id order, in force or all; with `within` other than kIndia
  // only those whose place lies within it.
  StatusOr<std::vector<NameAliasRow>> List(const Hierarchy& h, UnitId within,
                                           bool include_revoked);

  // The alias `id` and the villages imported through it; with `commit`,
  // revokes it with its audit row (action crosswalk.revoke).  NotFound
  // for no such alias, FailedPrecondition when it is revoked already,
  // InvalidArgument for an empty reason.
  StatusOr<RevokeOutcome> Revoke(const Hierarchy& h, int64_t id,
                                 const std::string& reason,
                                 const std::string& actor, bool commit);

 private:
  Db* db_;
  CrosswalkStore store_;
};

}  // namespace jjm

#endif  // JJM_CROSSWALK_CROSSWALK_SERVICE_H_
