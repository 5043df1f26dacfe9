// SQL for accounts, roles, sessions and API keys.
#ifndef JJM_STORE_ACCOUNTS_STORE_H_
#define JJM_STORE_ACCOUNTS_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace jjm {

struct AccountRow {
  int64_t id = 0;
  std::string username, display_name;
  std::string password_hash;  // empty: no password (API keys only)
  bool disabled = false;
  int64_t failed_signins = 0;
  std::string locked_until;  // ISO time, or empty
  std::string created_at, created_by;
};

struct RoleRow {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string role;
  int64_t unit_id = 0;  // 0: none (India)
  int64_t partner_id = 0;
  std::string granted_at, granted_by, revoked_at, revoked_by;
  int64_t lab_id = 0;  // lab analysts' lab; 0: none
  // The lab's code and name, as read (ForEachRole); not written.
  std::string lab_code, lab_name;
};

// A water-quality lab as a role grant needs it: its id, code, name and the
// place it belongs to (wq_lab.unit_id), to which its analysts are bound.
struct LabRef {
  int64_t id = 0;
  std::string code, name;
  int64_t unit_id = 0;
};

struct SessionRow {
  std::string token_hash;
  int64_t account_id = 0;
  std::string created_at, expires_at, revoked_at, remote;
};

struct ApiKeyRow {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string prefix, key_hash, label, created_at, created_by, revoked_at;
};

// An account that is not disabled, with the names of its roles that are
// not revoked.
struct ActiveAccountRoles {
  int64_t account_id = 0;
  std::vector<std::string> roles;
};

class AccountsStore {
 public:
  explicit AccountsStore(Db* db) : db_(db) {}

  Status ForEachAccount(const std::function<void(const AccountRow&)>& fn);
  // Every role, with its lab's code and name for lab analysts.
  Status ForEachRole(const std::function<void(const RoleRow&)>& fn);
  // Sessions neither revoked nor expired at `now`.
  Status ForEachLiveSession(const std::string& now,
                            const std::function<void(const SessionRow&)>& fn);
  Status ForEachApiKey(const std::function<void(const ApiKeyRow&)>& fn);

  // The counter of changes to accounts, roles, sessions, API keys and
  // unlocks; Bump adds one (inside the writing transaction) and gives it.
  StatusOr<int64_t> Version();
  StatusOr<int64_t> BumpVersion();

  StatusOr<int64_t> AddAccount(const AccountRow& a);
  StatusOr<AccountRow> GetAccount(int64_t id);
  // Writes the columns in which `after` differs from `before` (display
  // name, password, disabled, locked until), and adds the change in failed
  // sign-ins to the stored count, so that another process's change to other
  // columns, or its failed sign-ins, are kept.
  Status UpdateAccount(const AccountRow& before, const AccountRow& after);
  StatusOr<int64_t> AddRole(const RoleRow& r);
  Status RevokeRole(int64_t role_id, const std::string& at,
                    const std::string& by);
  Status AddSession(const SessionRow& s);
  Status RevokeSession(const std::string& token_hash, const std::string& at);
  // Revokes every live session of an account.
  Status RevokeSessionsOf(int64_t account_id, const std::string& at);
  StatusOr<int64_t> AddApiKey(const ApiKeyRow& k);
  Status RevokeApiKey(int64_t id, const std::string& at);

  // Look-ups for other modules.
  // The account `username` if it is not disabled, with its live roles;
  // nullopt if there is no such account or it is disabled.
  StatusOr<std::optional<ActiveAccountRoles>> FindActiveAccount(
      const std::string& username);
  // The lab with `code`, or nullopt: one statement on wq_lab.
  StatusOr<std::optional<LabRef>> FindLab(const std::string& code);
  // Accounts holding `role` bound to `partner_id`, not revoked, by
  // username; fn gets id, username and display name (other fields empty).
  Status ForEachPartnerRoleHolder(
      const std::string& role, int64_t partner_id,
      const std::function<void(const AccountRow&)>& fn);

 private:
  Db* db_;
};

}  // namespace jjm

#endif  // JJM_STORE_ACCOUNTS_STORE_H_
