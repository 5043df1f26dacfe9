// The account service: loading, and the one write path every change takes
// (its audit row and the stored counter in the same transaction).  Sign-in,
// the credential cache, users, API keys and the audit trail are in
// account_signin.cc, account_cache.cc, account_users.cc, account_keys.cc
// and account_audit.cc.
#include "accounts/account_service.h"

#include "accounts/account_internal.h"
#include "accounts/crypto.h"

namespace jjm {

AccountService::AccountService(Db* db, CoverageService* coverage,
                               AccountOptions options)
    : db_(db),
      coverage_(coverage),
      opt_(std::move(options)),
      store_(db),
      audit_(db) {}

StatusOr<std::unique_ptr<AccountService>> AccountService::Load(
    Db* db, CoverageService* coverage, AccountOptions options) {
  JJM_RETURN_IF_ERROR(InitCrypto());
  std::unique_ptr<Db> own;
  if (auto another = db->OpenAnother(); another.ok()) {
    own = std::move(*another);
    db = own.get();
  }
  std::unique_ptr<AccountService> s(
      new AccountService(db, coverage, std::move(options)));
  s->own_db_ = std::move(own);
  JJM_RETURN_IF_ERROR(s->Refresh());
  return s;
}

AccountService::~AccountService() { follower_.Stop(); }

std::string AccountService::UnitPath(UnitId unit) const {
  return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    return h.PathCodes(unit);
  });
}

Status AccountService::SaveAccount(const AccountRow& before, AccountRow* row) {
  JJM_RETURN_IF_ERROR(store_.UpdateAccount(before, *row));
  JJM_ASSIGN_OR_RETURN(*row, store_.GetAccount(row->id));
  return Status::Ok();
}

Status AccountService::Audited(AuditRow audit,
                               const std::function<Status()>& write) {
  // A row about an account belongs where the account works, so that the
  // managers of that place can read it.
  if (audit.entity == "account" && audit.unit_id == 0) {
    int64_t unit = 0;
    {
      ReaderLock lock(&mu_);
      const Account* a = FindByName(audit.entity_id);
      if (a != nullptr && !a->roles.empty()) unit = a->roles.front().unit_id;
    }
    if (unit > 0) {
      audit.unit_id = unit;
      audit.unit_path = UnitPath(static_cast<UnitId>(unit));
    }
  }
  Transaction tx(db_);
  JJM_RETURN_IF_ERROR(tx.Begin());
  JJM_RETURN_IF_ERROR(write());
  if (audit.at.empty()) audit.at = Now();
  JJM_RETURN_IF_ERROR(audit_.Add(std::move(audit)).status());
  JJM_ASSIGN_OR_RETURN(int64_t version, store_.BumpVersion());
  JJM_RETURN_IF_ERROR(tx.Commit());
  // Only this change since the last load: the caller updates the maps.
  // Otherwise another process wrote meanwhile; the next refresh reloads.
  if (version == seen_version_ + 1) seen_version_ = version;
  return Status::Ok();
}

}  // namespace jjm
