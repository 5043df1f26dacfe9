// Accounts: sign-in with argon2id passwords and lockout, sessions (hashed
// random tokens with expiry, revocable at once), API keys for machine
// clients, user and role management within the manager's scope, reading
// the audit trail within the reader's scope, and reopening closed periods.
// Every change is written with its audit row in one transaction.
//
// Thread safety: all methods may be called from any thread.  Two locks:
// write_mu_ is held by every write (and by every use of the write
// connection, reads of the audit trail included) from its first check to
// its commit; mu_ guards the in-memory cache (accounts, roles, sessions,
// API keys, principals): shared to read it, exclusive to change it, and a
// writer changes it only after its commit.  Lock order: write_mu_, then
// mu_, then the coverage service's locks (place look-ups, UnitPath); never
// the other way round.  The slow password hash runs under neither.
#ifndef JJM_ACCOUNTS_ACCOUNT_SERVICE_H_
#define JJM_ACCOUNTS_ACCOUNT_SERVICE_H_

#include <chrono>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "accounts/roles.h"
#include "base/poller.h"
#include "base/thread_annotations.h"
#include "coverage/coverage_service.h"
#include "store/accounts_store.h"
#include "store/audit_store.h"

namespace jjm {

struct AccountOptions {
  double session_minutes = 8 * 60;
  int max_failures = 5;       // per account, before it locks
  int lock_minutes = 15;      // first lock; doubles with each further one
  int address_failures = 20;  // per client address in `address_window`
  int address_window_minutes = 15;
  std::function<std::time_t()> now = [] { return std::time(nullptr); };
};

struct SignInResult {
  std::string token;       // for the cookie
  std::string csrf_token;  // for the X-CSRF-Token header of writes
  std::string expires_at;
  std::shared_ptr<const Principal> principal;
};

struct UserView {
  int64_t id = 0;
  std::string username, display_name, created_at, created_by, locked_until;
  bool disabled = false;
  bool has_password = false;
  struct RoleView {
    int64_t id;
    std::string role, unit_code, unit_name;
    int64_t partner_id;
    std::string granted_at, granted_by;
    int64_t lab_id = 0;  // lab analysts: their lab (0: none)
    std::string lab_code, lab_name;
  };
  std::vector<RoleView> roles;  // live roles only
};

struct NewUser {
  std::string username, display_name, password;  // password may be empty
  std::string role, unit_code;
  int64_t partner_id = 0;
  // A lab analyst's lab (its code); the role is then bound to the lab's
  // place, and unit_code may be empty (or must name that place).
  std::string lab_code;
};

struct ApiKeyCreated {
  int64_t id = 0;
  std::string key;  // shown once
  std::string prefix;
};

class AccountService {
 public:
  // Loads accounts, roles, live sessions and API keys.  `coverage` gives
  // the places; it must outlive this service.  Writes go through a second
  // connection to `db`'s database, so that they never share a transaction
  // with the coverage service's (an in-memory database has one connection,
  // which is then shared).
  static StatusOr<std::unique_ptr<AccountService>> Load(
      Db* db, CoverageService* coverage, AccountOptions options = {});
  ~AccountService();

  // Other processes on the same database (more jjm serve behind a proxy,
  // the command line) change accounts too.  Every change adds one to a
  // stored counter; a thread reads it every `interval` and reloads
  // accounts, roles, sessions, API keys and unlocks when it moved.  A
  // session or key not known here is looked up at once, so that a sign-in
  // through one process is good on every other.
  Status StartFollowing(std::chrono::milliseconds interval);

  // Signs in.  Wrong credentials: unauthenticated (field "password").  A
  // locked account, or an address with too many recent failures: resource
  // exhausted, saying until when, with the details "lock" ("account" or
  // "address") and "locked_until" (ISO-8601 UTC) for programs; the failure
  // that locks the account also names the field "password".
  StatusOr<SignInResult> SignIn(const std::string& username,
                                const std::string& password,
                                const std::string& remote);
  Status SignOut(const Principal& p, const std::string& remote);

  // The principal of a session token or API key, or null.
  std::shared_ptr<const Principal> FromSession(const std::string& token);
  std::shared_ptr<const Principal> FromApiKey(const std::string& key);
  // The token a session's writes must carry in X-CSRF-Token: derived from
  // the session token, which only the cookie holds.
  static std::string CsrfFor(const std::string& session_token);

  // Users.  `actor` null means the command line (the operator of the
  // machine), which may create the first national administrator.
  //
  // A role is bound to a place of its level (RoleLevel): an ftk_tester to a
  // village.  A lab_analyst is bound to a lab that exists (`lab_code`;
  // unknown: not found naming "lab"), and to the lab's place
  // (wq_lab.unit_id): a unit, if given, must be that place; who may appoint
  // is MayGrant's rule for that place.  Other roles take no lab.
  StatusOr<int64_t> CreateUser(const Principal* actor, const NewUser& user,
                               const std::string& remote);
  Status GrantRole(const Principal& actor, const std::string& username,
                   const std::string& role, const std::string& unit_code,
                   int64_t partner_id, const std::string& remote,
                   const std::string& lab_code = "");
  Status RevokeRole(const Principal& actor, const std::string& username,
                    int64_t role_id, const std::string& remote);
  // A user changes their own password (old one required) or a manager sets
  // one for a user in scope.  Ends the user's sessions.
  Status SetPassword(const Principal* actor, const std::string& username,
                     const std::string& old_password,
                     const std::string& new_password,
                     const std::string& remote);
  Status SetDisabled(const Principal& actor, const std::string& username,
                     bool disabled, const std::string& remote);
  Status ClearLock(const Principal& actor, const std::string& username,
                   const std::string& remote);
  // Oneself, or a manager for a user in scope.
  Status SetDisplayName(const Principal& actor, const std::string& username,
                        const std::string& name, const std::string& remote);
  Status RevokeSessions(const Principal& actor, const std::string& username,
                        const std::string& remote);
  // Users with a role within the actor's management scope (all for
  // national administrators).
  StatusOr<std::vector<UserView>> ListUsers(const Principal& actor) const;
  StatusOr<UserView> GetUser(const Principal& actor,
                             const std::string& username) const;

  StatusOr<ApiKeyCreated> CreateApiKey(const Principal* actor,
                                       const std::string& username,
                                       const std::string& label,
                                       const std::string& remote);
  Status RevokeApiKey(const Principal& actor, int64_t key_id,
                      const std::string& remote);

  // Audit rows the principal may read, newest first: rows about places in
  // its scope; national roles also see rows about accounts.
  StatusOr<std::vector<AuditRow>> QueryAudit(const Principal& p,
                                             AuditFilter filter,
                                             int limit) const;

  // Reopens `month` ("YYYY-MM") for a place for `hours`.
  StatusOr<UnlockRow> UnlockPeriod(const Principal& actor,
                                   const std::string& unit_code,
                                   const std::string& month,
                                   const std::string& reason, int hours,
                                   const std::string& remote);

  // The lab with `code`, for callers that check a request's place before
  // granting (the lab's place is where a lab analyst is bound): not found
  // naming "lab" when there is none.
  StatusOr<LabRef> FindLab(const std::string& code) EXCLUDES(write_mu_);

  int session_seconds() const {
    return static_cast<int>(opt_.session_minutes * 60);
  }

  // The path of codes "IN/S36/D532" of a place, for audit rows.
  std::string UnitPath(UnitId unit) const;
  // The code of a place ("IN" for one not known).
  std::string CodeOf(UnitId unit) const;

 private:
  struct Account {
    AccountRow row;
    std::vector<RoleRow> roles;  // live
  };
  struct Session {
    int64_t account_id;
    std::time_t expires;
  };
  struct ApiKey {
    int64_t id;
    int64_t account_id;
    std::string digest;
    bool revoked;
  };

  AccountService(Db* db, CoverageService* coverage, AccountOptions options);
  // Finds the place a new role is bound to (PlaceRole in account_users.cc)
  // and, for a lab analyst, its lab (`lab`; untouched for other roles),
  // checking `actor` (null: the command line) may grant it there.
  Status BindRole(const Principal* actor, Role role,
                  const std::string& unit_code, const std::string& lab_code,
                  bool say_place_level, UnitId* unit, LabRef* lab)
      EXCLUDES(write_mu_, mu_);
  // Reads every account, role, live session, API key and unlock again and
  // replaces the cache (taking mu_).
  Status ReloadLocked() REQUIRES(write_mu_) EXCLUDES(mu_);
  // Reloads if another process changed anything since.
  Status RefreshLocked() REQUIRES(write_mu_) EXCLUDES(mu_);
  Status Refresh() EXCLUDES(write_mu_, mu_);
  // The principal of a live session or key from the cache, or null.
  std::shared_ptr<const Principal> SessionPrincipal(
      const std::string& digest) const EXCLUDES(mu_);
  std::shared_ptr<const Principal> KeyPrincipal(const std::string& prefix,
                                                const std::string& digest) const
      EXCLUDES(mu_);
  std::shared_ptr<const Principal> PrincipalOf(int64_t account_id) const
      REQUIRES_SHARED(mu_);
  // Makes the principal of an account again from its row and roles.
  void Rebuild(int64_t account_id) REQUIRES(mu_);
  // The account of `username` or with `id`, or null.  The pointer is good
  // while mu_ is held.
  const Account* FindByName(const std::string& username) const
      REQUIRES_SHARED(mu_);
  const Account* FindById(int64_t id) const REQUIRES_SHARED(mu_);
  // A copy of the stored row of account `id`, read under mu_.
  StatusOr<AccountRow> RowOf(int64_t id) const EXCLUDES(mu_);
  // The account of `username`, or not found naming the field "username".
  StatusOr<const Account*> FindUser(const std::string& username) const
      REQUIRES_SHARED(mu_);
  // A copy of the row of `username` once `actor` is found to manage it
  // (CheckManages); a null actor (the command line) may, and with
  // `self_ok` so may the user itself.  Takes mu_.
  StatusOr<AccountRow> ManagedRow(const Principal* actor,
                                  const std::string& username,
                                  bool self_ok) const EXCLUDES(mu_);
  // Forgets every session of an account.
  void DropSessions(int64_t account_id) REQUIRES(mu_);
  // Checks `actor` may manage `account` (one of accounts_, hence mu_): it
  // may grant some role the account holds (or the account holds none and
  // the actor manages users).
  Status CheckManages(const Principal& actor, const Account& account) const
      REQUIRES_SHARED(mu_);
  // Writes the columns of `row` that differ from `before` and reads the
  // account back (with what other processes changed); inside a transaction.
  Status SaveAccount(const AccountRow& before, AccountRow* row)
      REQUIRES(write_mu_);
  // Runs `write` in a transaction with one audit row.  `write` runs with
  // write_mu_ held: a lambda says so with REQUIRES(write_mu_).
  Status Audited(AuditRow audit, const std::function<Status()>& write)
      REQUIRES(write_mu_) EXCLUDES(mu_);
  std::string Now() const { return FormatUtc(opt_.now()); }
  // `a` is one of accounts_.
  UserView ViewOf(const Account& a) const REQUIRES_SHARED(mu_);

  // Set once in Load, then only read.
  std::unique_ptr<Db> own_db_;
  Db* db_;  // the write connection: used with write_mu_ held
  CoverageService* coverage_;
  AccountOptions opt_;

  // One writer at a time, from its checks to its commit; also guards the
  // write connection (store_, audit_, db_), which reads share.
  mutable Mutex write_mu_ ACQUIRED_BEFORE(mu_);
  AccountsStore store_ GUARDED_BY(write_mu_);
  mutable AuditStore audit_ GUARDED_BY(write_mu_);
  int64_t seen_version_ GUARDED_BY(write_mu_) = -1;  // of the stored counter
  Poller follower_;

  // The cache of what the store holds.
  mutable SharedMutex mu_;
  std::map<int64_t, Account> accounts_ GUARDED_BY(mu_);
  std::unordered_map<std::string, int64_t> by_name_ GUARDED_BY(mu_);
  // By token digest.
  std::unordered_map<std::string, Session> sessions_ GUARDED_BY(mu_);
  std::unordered_map<std::string, ApiKey> api_keys_ GUARDED_BY(mu_);  // prefix
  std::unordered_map<int64_t, std::shared_ptr<const Principal>> principals_
      GUARDED_BY(mu_);
};

}  // namespace jjm

#endif  // JJM_ACCOUNTS_ACCOUNT_SERVICE_H_
