// The accounts API under /api/v1: sign-in and sessions, users and roles,
// API keys, the audit trail and closed periods.
#ifndef JJM_HTTP_ACCOUNTS_API_H_
#define JJM_HTTP_ACCOUNTS_API_H_

#include "accounts/account_service.h"
#include "coverage/coverage_service.h"
#include "http/router.h"
#include "http/work_pool.h"

namespace jjm {

struct AccountsApiOptions {
  // Adds Secure to the session cookie: on when served over HTTPS (behind a
  // proxy that terminates TLS).
  bool secure_cookies = false;
};

void AddAccountsRoutes(Router* router, AccountService* accounts,
                       CoverageService* coverage, AccountsApiOptions opt);

}  // namespace jjm

#endif  // JJM_HTTP_ACCOUNTS_API_H_
