// "A write with its audit row in one transaction": every write of the
// domain modules goes through this, so that the trail has a row for each
// change that committed and none for one that did not.
#ifndef JJM_STORE_AUDITED_WRITE_H_
#define JJM_STORE_AUDITED_WRITE_H_

#include <functional>
#include <vector>

#include "base/status.h"
#include "store/audit_store.h"
#include "store/db.h"

namespace jjm {

// Begins a transaction on `db`, runs `write`, appends `audit` (its `at`
// filled in when empty) and commits.  Any error rolls everything back and
// is returned.
Status WriteWithAudit(Db* db, AuditRow audit,
                      const std::function<Status()>& write);

// The same for a write of several audited changes whose rows it makes
// (ids it wrote go into them): `write` returns the audit rows, which are
// appended in order (each `at` filled in when empty) before the commit.
Status WriteWithAudits(
    Db* db, const std::function<StatusOr<std::vector<AuditRow>>()>& write);

}  // namespace jjm

#endif  // JJM_STORE_AUDITED_WRITE_H_
