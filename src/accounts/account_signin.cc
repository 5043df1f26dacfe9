// Signing in and out: password checks with lockout and the per-address
// limit, sessions and their CSRF tokens.
#include <algorithm>

#include "accounts/account_internal.h"
#include "accounts/account_service.h"
#include "accounts/crypto.h"

namespace jjm {
namespace {

// A sign-in refused for a lock of `what` ("account" or "address") that
// ends at `until` (ISO-8601 UTC), in words and as details for programs.
Status LockRefusal(std::string message, const char* what,
                   const std::string& until, std::string field = "") {
  return Status(StatusCode::kResourceExhausted, std::move(message),
                std::move(field))
      .With("lock", what)
      .With("locked_until", until);
}

}  // namespace

StatusOr<SignInResult> AccountService::SignIn(const std::string& username,
                                              const std::string& password,
                                              const std::string& remote) {
  const std::time_t now = opt_.now();
  // Too many failures from this address: refuse before any work.
  // Counted from the audit trail, so that every process (and a restart)
  // sees the same failures.
  {
    const std::time_t window = opt_.address_window_minutes * 60;
    MutexLock lock(&write_mu_);
    JJM_ASSIGN_OR_RETURN(auto times,
                         audit_.FailedSignIns(remote, FormatUtc(now - window),
                                              opt_.address_failures));
    if (static_cast<int>(times.size()) >= opt_.address_failures) {
      const std::string until = FormatUtc(ParseUtc(times.back()) + window);
      return LockRefusal(
          "too many failed sign-ins from this address; try again after " +
              until,
          "address", until);
    }
  }
  std::string hash;
  int64_t account_id = 0;
  bool known;
  {
    ReaderLock lock(&mu_);
    known = FindByName(username) != nullptr;
  }
  // Perhaps created through another process a moment ago.
  if (!known) JJM_RETURN_IF_ERROR(Refresh());
  {
    ReaderLock lock(&mu_);
    const Account* a = FindByName(username);
    if (a != nullptr) {
      if (!a->row.locked_until.empty() && ParseUtc(a->row.locked_until) > now) {
        return LockRefusal(
            "this account is locked after repeated failed sign-ins until " +
                a->row.locked_until,
            "account", a->row.locked_until);
      }
      hash = a->row.password_hash;
      account_id = a->row.id;
      if (a->row.disabled) hash.clear();
    }
  }
  // The slow part, outside every lock.
  bool ok = false;
  if (hash.empty()) {
    SpendPasswordTime(password);
  } else {
    ok = VerifyPassword(hash, password);
  }
  MutexLock wlock(&write_mu_);
  if (!ok) {
    AuditRow audit =
        AccountAudit("", username.substr(0, 64), remote, "session.refused",
                     username.substr(0, 64), "", "");
    std::string now_locked;
    Status s;
    if (account_id != 0) {
      JJM_ASSIGN_OR_RETURN(AccountRow row, RowOf(account_id));
      const AccountRow before = row;
      ++row.failed_signins;
      if (row.failed_signins >= opt_.max_failures) {
        const int extra =
            static_cast<int>(row.failed_signins) - opt_.max_failures;
        const std::time_t lock_for = std::min<std::time_t>(
            24 * 3600, static_cast<std::time_t>(opt_.lock_minutes) * 60
                           << std::min(extra, 10));
        row.locked_until = FormatUtc(now + lock_for);
        audit.after = AuditJson({{"locked_until", row.locked_until}});
        now_locked = row.locked_until;
      }
      s = Audited(audit, [&]() REQUIRES(write_mu_) -> Status {
        return SaveAccount(before, &row);
      });
      if (s.ok()) {
        WriterLock lock(&mu_);
        accounts_[account_id].row = row;
      }
    } else {
      s = Audited(audit, [] { return Status::Ok(); });
    }
    if (!s.ok()) return s;
    if (!now_locked.empty()) {
      return LockRefusal(
          "wrong username or password; after repeated failures the account "
          "is locked until " +
              now_locked,
          "account", now_locked, "password");
    }
    return Status(StatusCode::kUnauthenticated, "wrong username or password",
                  "password");
  }
  SignInResult out;
  out.token = RandomToken();
  out.csrf_token = CsrfFor(out.token);
  const std::time_t expires =
      now + static_cast<std::time_t>(opt_.session_minutes * 60);
  out.expires_at = FormatUtc(expires);
  SessionRow session{TokenDigest(out.token), account_id, FormatUtc(now),
                     out.expires_at,         "",         remote};
  JJM_ASSIGN_OR_RETURN(AccountRow row, RowOf(account_id));
  const AccountRow before = row;
  row.failed_signins = 0;
  row.locked_until.clear();
  AuditRow audit =
      AccountAudit("", username, remote, "session.create", username, "",
                   AuditJson({{"expires_at", out.expires_at}}));
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) -> Status {
    JJM_RETURN_IF_ERROR(store_.AddSession(session));
    return SaveAccount(before, &row);
  }));
  WriterLock lock(&mu_);
  accounts_[account_id].row = row;
  sessions_[session.token_hash] = {account_id, expires};
  out.principal = PrincipalOf(account_id);
  return out;
}

Status AccountService::SignOut(const Principal& p, const std::string& remote) {
  if (p.session_digest.empty()) {
    return InvalidArgument("API keys do not sign out; revoke the key");
  }
  MutexLock wlock(&write_mu_);
  const std::string now = Now();
  AuditRow audit = AccountAudit(now, p.username, remote, "session.delete",
                                p.username, "", "");
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) {
    return store_.RevokeSession(p.session_digest, now);
  }));
  WriterLock lock(&mu_);
  sessions_.erase(p.session_digest);
  return Status::Ok();
}

std::shared_ptr<const Principal> AccountService::FromSession(
    const std::string& token) {
  if (token.empty() || token.size() > 200) return nullptr;
  const std::string digest = TokenDigest(token);
  if (auto p = SessionPrincipal(digest)) return p;
  // Perhaps made through another process a moment ago.
  if (!Refresh().ok()) return nullptr;
  return SessionPrincipal(digest);
}

std::string AccountService::CsrfFor(const std::string& session_token) {
  return TokenDigest("csrf:" + session_token);
}

}  // namespace jjm
