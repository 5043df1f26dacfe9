#include "partners/partner_service.h"

#include <cctype>
#include <ctime>

#include "coverage/periods.h"
#include "partners/partner_internal.h"
#include "store/audited_write.h"

namespace jjm {

bool LooksLikeEmail(const std::string& s) {
  const size_t at = s.find('@');
  return at != std::string::npos && at > 0 &&
         s.find('.', at) != std::string::npos &&
         s.find(' ') == std::string::npos && s.back() != '.';
}

bool LooksLikePhone(const std::string& s) {
  int digits = 0;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (c != '+' && c != '-' && c != ' ') {
      return false;
    }
  }
  return digits >= 8 && digits <= 15;
}

std::string NowUtc() { return FormatUtc(std::time(nullptr)); }

StatusOr<Json> ReadPerson(const Json& j, const std::string& q,
                          bool phone_required) {
  JJM_RETURN_IF_ERROR(
      CheckFields(j, q, {"name", "designation", "email", "phone"}));
  JJM_ASSIGN_OR_RETURN(std::string n, TextField(j, q, "name", true, 2, 120));
  JJM_ASSIGN_OR_RETURN(std::string d,
                       TextField(j, q, "designation", false, 0, 120));
  JJM_ASSIGN_OR_RETURN(std::string e, TextField(j, q, "email", true, 5, 200));
  JJM_ASSIGN_OR_RETURN(std::string ph, TextField(j, q, "phone", phone_required,
                                                 phone_required ? 1 : 0, 20));
  if (!LooksLikeEmail(e)) {
    return InvalidArgument(q + ".email is not an e-mail address", q + ".email");
  }
  if ((phone_required || !ph.empty()) && !LooksLikePhone(ph)) {
    return InvalidArgument(q + ".phone must have 8 to 15 digits", q + ".phone");
  }
  return Json{{"name", n}, {"designation", d}, {"email", e}, {"phone", ph}};
}

StatusOr<StatusChange> ReadStatusChange(const Json& body) {
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"status", "comment"}));
  StatusChange out;
  JJM_ASSIGN_OR_RETURN(out.status, TextField(body, "", "status", true, 1, 20));
  JJM_ASSIGN_OR_RETURN(out.comment,
                       TextField(body, "", "comment", false, 0, 4000));
  return out;
}

// --- connections and the write lock -----------------------------------------

PartnerService::Impl::Impl(std::unique_ptr<Db> writer, Db* shared,
                           CoverageService* coverage, PartnerOptions opt)
    : coverage_(coverage),
      opt_(opt),
      own_(std::move(writer)),
      db_(own_ != nullptr ? own_.get() : shared),
      store_(db_) {}

PartnerService::Impl::Reading::~Reading() {
  if (conn_ == nullptr) return;
  MutexLock lock(&impl_->pool_mu_);
  impl_->idle_.push_back(std::move(conn_));
  impl_->pool_cv_.Signal();
}

StatusOr<PartnerService::Impl::Reading> PartnerService::Impl::ReadPartner(
    const Caller& c, int64_t partner_id) {
  JJM_RETURN_IF_ERROR(MayRead(c, partner_id));
  JJM_ASSIGN_OR_RETURN(Reading reading, Read());
  JJM_RETURN_IF_ERROR(LoadPartner(reading.store(), partner_id).status());
  return reading;
}

StatusOr<PartnerService::Impl::Reading> PartnerService::Impl::Read() {
  Reading r;
  r.impl_ = this;
  if (own_ == nullptr) {
    // No connection of our own (an in-memory database): reads share the
    // one connection, so they wait for writes.
    r.lock_ = std::unique_lock<std::mutex>(write_mu_.native());
    r.store_ = PartnersStore(db_);
    return r;
  }
  {
    MutexLock lock(&pool_mu_);
    while (idle_.empty() && readers_ >= kMaxReaders) pool_cv_.Wait(&pool_mu_);
    if (!idle_.empty()) {
      r.conn_ = std::move(idle_.back());
      idle_.pop_back();
      r.store_ = PartnersStore(r.conn_.get());
      return r;
    }
    ++readers_;
  }
  // OpenAnother only reads what own_ was opened with, so it needs no lock.
  auto conn = own_->OpenAnother();
  if (!conn.ok()) {
    MutexLock lock(&pool_mu_);
    --readers_;
    pool_cv_.Signal();
    return conn.status();
  }
  r.conn_ = std::move(*conn);
  r.store_ = PartnersStore(r.conn_.get());
  return r;
}

Status PartnerService::Impl::Write(const Caller& c, AuditRow audit,
                                   const std::function<Status()>& write) {
  audit.actor = c.principal != nullptr ? c.principal->username : "public";
  audit.remote = c.remote;
  if (audit.unit_path.empty()) audit.unit_path = "IN";
  return WriteWithAudit(db_, std::move(audit), write);
}

// --- who may do what --------------------------------------------------------

Status PartnerService::Impl::SignedIn(const Caller& c) {
  if (c.principal == nullptr) {
    return Status(StatusCode::kUnauthenticated,
                  "sign in first (or your session has ended)");
  }
  return Status::Ok();
}

Status PartnerService::Impl::NeedAdmin(const Caller& c, const char* what) {
  JJM_RETURN_IF_ERROR(SignedIn(c));
  if (!MayAdministerPartners(*c.principal)) {
    return Status(StatusCode::kPermissionDenied,
                  std::string("only national administrators may ") + what);
  }
  return Status::Ok();
}

Status PartnerService::Impl::NeedNational(const Caller& c) {
  JJM_RETURN_IF_ERROR(SignedIn(c));
  if (!MayReadAllPartners(*c.principal)) {
    return Status(StatusCode::kPermissionDenied,
                  "this is for the mission's national roles");
  }
  return Status::Ok();
}

Status PartnerService::Impl::MayRead(const Caller& c, int64_t partner_id) {
  JJM_RETURN_IF_ERROR(SignedIn(c));
  if (MayReadPartner(*c.principal, partner_id)) return Status::Ok();
  return Status(StatusCode::kPermissionDenied,
                "you may see only your own organisation's records");
}

Status PartnerService::Impl::MayEdit(const Caller& c, int64_t partner_id) {
  JJM_RETURN_IF_ERROR(SignedIn(c));
  if (MayEditPartner(*c.principal, partner_id)) return Status::Ok();
  return Status(StatusCode::kPermissionDenied,
                "only the partner's own users may change its records");
}

// --- places -----------------------------------------------------------------

StatusOr<PartnerService::Impl::PlaceRef> PartnerService::Impl::Place(
    const std::string& code, const std::string& field) {
  return coverage_->Read([&](const Hierarchy& h,
                             const CoverageIndex&) -> StatusOr<PlaceRef> {
    const UnitId id = h.Find(code);
    if (id == kNoUnit) {
      return InvalidArgument(field + ": no place with code '" + code + "'",
                             field);
    }
    PlaceRef r;
    r.id = id;
    r.level = h.Get(id).level;
    r.code = h.Get(id).code;
    r.name = h.Get(id).name;
    r.state = r.level == Level::kState ? id : h.AncestorAt(id, Level::kState);
    r.village =
        r.level == Level::kVillage ? id : h.AncestorAt(id, Level::kVillage);
    return r;
  });
}
StatusOr<PartnerService::Impl::PlaceRef> PartnerService::Impl::PlaceAt(
    const std::string& code, const std::string& field, Level level,
    const char* what) {
  JJM_ASSIGN_OR_RETURN(PlaceRef place, Place(code, field));
  if (place.level != level) {
    return InvalidArgument(field + ": " + place.code + " is not a " + what,
                           field);
  }
  return place;
}

StatusOr<PartnerService::Impl::PlaceRef> PartnerService::Impl::PlaceAt(
    const Json& code, const std::string& field, Level level, const char* what) {
  if (!code.is_string()) {
    return InvalidArgument(field + " must be a " + what + " code", field);
  }
  return PlaceAt(code.get<std::string>(), field, level, what);
}

Json PartnerService::Impl::PlaceJson(UnitId id) {
  return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    if (!h.Contains(id)) return Json(nullptr);
    const auto& p = h.Get(id);
    return Json{{"code", p.code},
                {"name", p.name},
                {"level", std::string(LevelName(p.level))}};
  });
}
// Moves `rows` into `out`, each with the place its `id_key` names as
// `name_key` ({code, name, level}) in place of the id.
void PartnerService::Impl::NamePlaces(std::vector<Json>* rows,
                                      const char* id_key, const char* name_key,
                                      Json* out) {
  for (Json& r : *rows) {
    r[name_key] = PlaceJson(static_cast<UnitId>(r[id_key].get<int64_t>()));
    r.erase(id_key);
    out->push_back(std::move(r));
  }
}
std::string PartnerService::Impl::CodeOf(UnitId id) {
  return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    return h.Contains(id) ? h.Get(id).code : std::string();
  });
}
std::string PartnerService::Impl::UnitPath(UnitId unit) {
  return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    if (!h.Contains(unit) || unit == kIndia) return std::string("IN");
    std::string path;
    for (UnitId a : h.Path(unit)) {
      if (!path.empty()) path += '/';
      path += h.Get(a).code;
    }
    return path + "/" + h.Get(unit).code;
  });
}

AuditRow PartnerService::Impl::AuditAt(std::string action, std::string entity,
                                       UnitId unit) {
  AuditRow audit;
  audit.action = std::move(action);
  audit.entity = std::move(entity);
  audit.unit_id = unit;
  audit.unit_path = UnitPath(unit);
  return audit;
}

// --- the service ------------------------------------------------------------

PartnerService::PartnerService(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
PartnerService::~PartnerService() = default;

StatusOr<std::unique_ptr<PartnerService>> PartnerService::Open(
    Db* db, CoverageService* coverage, PartnerOptions options) {
  std::unique_ptr<Db> own;
  if (auto another = db->OpenAnother(); another.ok()) own = std::move(*another);
  auto impl =
      std::make_unique<Impl>(std::move(own), db, coverage, std::move(options));
  return std::unique_ptr<PartnerService>(new PartnerService(std::move(impl)));
}

}  // namespace jjm
