#include "store/audited_write.h"

#include <utility>

namespace jjm {

Status WriteWithAudit(Db* db, AuditRow audit,
                      const std::function<Status()>& write) {
  Transaction tx(db);
  JJM_RETURN_IF_ERROR(tx.Begin());
  JJM_RETURN_IF_ERROR(write());
  AuditStore trail(db);
  JJM_RETURN_IF_ERROR(trail.Add(std::move(audit)).status());
  return tx.Commit();
}

Status WriteWithAudits(
    Db* db, const std::function<StatusOr<std::vector<AuditRow>>()>& write) {
  Transaction tx(db);
  JJM_RETURN_IF_ERROR(tx.Begin());
  JJM_ASSIGN_OR_RETURN(std::vector<AuditRow> rows, write());
  AuditStore trail(db);
  for (AuditRow& row : rows) {
    JJM_RETURN_IF_ERROR(trail.Add(std::move(row)).status());
  }
  return tx.Commit();
}

}  // namespace jjm
