// The audit trail and unlocks of closed periods: SQL only.
#ifndef JJM_STORE_AUDIT_STORE_H_
#define JJM_STORE_AUDIT_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace jjm {

struct AuditRow {
  int64_t id = 0;
  std::string at;      // ISO 8601 UTC
  std::string actor;   // username, "cli:NAME", "system:..."
  std::string remote;  // client address, or empty
  std::string action;  // "connections.record", "user.create", ...
  std::string entity;  // "ledger_batch", "account", ...
  std::string entity_id;
  int64_t unit_id = 0;    // 0: India
  std::string unit_path;  // "IN/S36/D532"
  std::string before;     // JSON, or empty
  std::string after;      // JSON, or empty
};

struct AuditFilter {
  std::string entity, actor, action;
  std::string path_prefix;  // rows at or below this path
  std::string from, to;     // inclusive bounds on `at` (dates or times)
  int64_t before_id = 0;    // only rows older than this id, for paging
};

struct UnlockRow {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string month;  // "YYYY-MM"
  std::string reason, granted_by, granted_at, expires_at;
};

class AuditStore {
 public:
  explicit AuditStore(Db* db) : db_(db) {}
  // Appends a row; fills `at` when empty.  Returns its id.
  StatusOr<int64_t> Add(AuditRow row);
  // Rows matching `filter`, newest first, until fn returns false.
  Status Query(const AuditFilter& filter,
               const std::function<bool(const AuditRow&)>& fn);

  // Times of the failed sign-ins from `remote` after `since` and after its
  // last successful one, newest first, at most `limit`.
  StatusOr<std::vector<std::string>> FailedSignIns(const std::string& remote,
                                                   const std::string& since,
                                                   int limit);

  StatusOr<int64_t> AddUnlock(const UnlockRow& row);
  Status ForEachUnlock(const std::function<void(const UnlockRow&)>& fn);

 private:
  Db* db_;
  std::unique_ptr<Statement> add_;
};

}  // namespace jjm

#endif  // JJM_STORE_AUDIT_STORE_H_
