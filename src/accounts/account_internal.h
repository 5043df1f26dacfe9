// Helpers shared by the files of the account service (account_*.cc); not
// for use outside src/accounts/.
#ifndef JJM_ACCOUNTS_ACCOUNT_INTERNAL_H_
#define JJM_ACCOUNTS_ACCOUNT_INTERNAL_H_

#include <initializer_list>
#include <string>
#include <utility>

#include "base/json_writer.h"
#include "store/audit_store.h"

namespace jjm {

// A flat JSON object of strings, for the before and after of audit rows.
inline std::string AuditJson(
    std::initializer_list<std::pair<const char*, std::string>> kv) {
  JsonWriter w;
  w.BeginObject();
  for (const auto& [k, v] : kv) w.Key(k).String(v);
  w.EndObject();
  return w.Take();
}

// The audit row of a change to the account `username`, placed at India
// (Audited() moves it to where the account works).  `at` empty: now.
inline AuditRow AccountAudit(std::string at, std::string by, std::string remote,
                             std::string action, std::string username,
                             std::string before, std::string after) {
  return AuditRow{0,
                  std::move(at),
                  std::move(by),
                  std::move(remote),
                  std::move(action),
                  "account",
                  std::move(username),
                  0,
                  "IN",
                  std::move(before),
                  std::move(after)};
}

}  // namespace jjm

#endif  // JJM_ACCOUNTS_ACCOUNT_INTERNAL_H_
