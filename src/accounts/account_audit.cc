// Reading the audit trail within the reader's scope, and reopening closed
// periods.
#include "accounts/account_internal.h"
#include "accounts/account_service.h"
#include "coverage/periods.h"

namespace jjm {

StatusOr<std::vector<AuditRow>> AccountService::QueryAudit(const Principal& p,
                                                           AuditFilter filter,
                                                           int limit) const {
  // The scopes the reader may see, as paths.
  std::vector<std::string> scopes;
  bool national = false;
  for (const Grant& g : p.grants) {
    if (!RoleGrants(g.role, Permission::kReadInternal)) continue;
    if (g.unit == kIndia) national = true;
    scopes.push_back(UnitPath(g.unit));
  }
  if (scopes.empty()) {
    return Status(StatusCode::kPermissionDenied,
                  "you may not read the audit trail");
  }
  auto in_scope = [&](const std::string& path) {
    for (const std::string& s : scopes) {
      if (PathWithin(path, s)) return true;
    }
    return false;
  };
  if (!filter.path_prefix.empty()) {
    if (!in_scope(filter.path_prefix)) {
      return Status(StatusCode::kPermissionDenied,
                    "that place lies outside your scope", "unit");
    }
  }
  std::vector<AuditRow> out;
  // The audit trail is read on the write connection, which one thread at a
  // time may use.
  MutexLock wlock(&write_mu_);
  JJM_RETURN_IF_ERROR(audit_.Query(filter, [&](const AuditRow& r) {
    const bool visible = national || in_scope(r.unit_path);
    if (visible) out.push_back(r);
    return static_cast<int>(out.size()) < limit;
  }));
  return out;
}

StatusOr<UnlockRow> AccountService::UnlockPeriod(const Principal& actor,
                                                 const std::string& unit_code,
                                                 const std::string& month,
                                                 const std::string& reason,
                                                 int hours,
                                                 const std::string& remote) {
  auto first = Date::Parse(month + "-01");
  if (month.size() != 7 || !first.ok()) {
    return InvalidArgument("month must look like 2024-06", "month");
  }
  if (reason.size() < 10 || reason.size() > 500) {
    return InvalidArgument("give a reason of 10 to 500 characters", "reason");
  }
  if (hours < 1 || hours > 24 * 14) {
    return InvalidArgument("an unlock lasts 1 hour to 14 days", "hours");
  }
  UnitId unit = kNoUnit;
  JJM_RETURN_IF_ERROR(
      coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) -> Status {
        unit = h.Find(unit_code.empty() ? "IN" : unit_code);
        if (unit == kNoUnit)
          return NotFound("no place has code '" + unit_code + "'", "unit");
        if (!MayUnlock(actor, unit, h)) {
          return Status(StatusCode::kPermissionDenied,
                        "only a level above " + unit_code +
                            " may reopen its closed months",
                        "unit");
        }
        return Status::Ok();
      }));
  const Date today = Date::TodayIst();
  if (ClosingDay(*first) >= today) {
    return FailedPrecondition("the month " + month + " is still open", "month");
  }
  MutexLock wlock(&write_mu_);
  const std::time_t now = opt_.now();
  UnlockRow row{0,
                unit,
                month,
                reason,
                actor.username,
                FormatUtc(now),
                FormatUtc(now + static_cast<std::time_t>(hours) * 3600)};
  AuditRow audit{0,
                 row.granted_at,
                 actor.username,
                 remote,
                 "period.unlock",
                 "period_unlock",
                 "",
                 unit,
                 UnitPath(unit),
                 "",
                 AuditJson({{"unit", unit_code},
                            {"month", month},
                            {"reason", reason},
                            {"expires_at", row.expires_at}})};
  JJM_RETURN_IF_ERROR(Audited(audit, [&]() REQUIRES(write_mu_) -> Status {
    JJM_ASSIGN_OR_RETURN(row.id, audit_.AddUnlock(row));
    return Status::Ok();
  }));
  coverage_->periods().Add(row);
  return row;
}

}  // namespace jjm
