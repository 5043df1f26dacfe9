#include "http/accounts_api.h"

#include <map>
#include <nlohmann/json.hpp>

#include "base/json_fields.h"
#include "base/json_writer.h"
#include "base/strings.h"
#include "coverage/periods.h"
#include "http/json_body.h"

namespace jjm {
namespace {

using nlohmann::json;

// Reads a JSON object body, allowing only `fields`, each a string unless
// listed in `ints` or `bools`.
Status ReadObject(const Request& req, json* out,
                  std::initializer_list<const char*> fields,
                  std::initializer_list<const char*> ints = {},
                  std::initializer_list<const char*> bools = {}) {
  if (req.Header("content-type").substr(0, 16) != "application/json") {
    return InvalidArgument("send the body as application/json", "content-type");
  }
  JJM_RETURN_IF_ERROR(ParseJsonBody(req.body, out));
  std::vector<const char*> allowed(fields);
  allowed.insert(allowed.end(), ints.begin(), ints.end());
  allowed.insert(allowed.end(), bools.begin(), bools.end());
  JJM_RETURN_IF_ERROR(CheckFields(*out, "", allowed));
  for (auto it = out->begin(); it != out->end(); ++it) {
    const std::string& k = it.key();
    bool known = false, is_int = false, is_bool = false;
    for (const char* f : fields) known = known || k == f;
    for (const char* f : ints) is_int = is_int || k == f;
    for (const char* f : bools) is_bool = is_bool || k == f;
    if (is_int && !it.value().is_number_integer()) {
      return InvalidArgument(k + " must be a whole number", k);
    }
    if (is_bool && !it.value().is_boolean()) {
      return InvalidArgument(k + " must be true or false", k);
    }
    if (known && !it.value().is_string()) {
      return InvalidArgument(k + " must be a string", k);
    }
    if (known && it.value().get<std::string>().size() > 1000) {
      return InvalidArgument(k + " is too long", k);
    }
  }
  return Status::Ok();
}

std::string Str(const json& j, const char* k) {
  return j.contains(k) ? j[k].get<std::string>() : std::string();
}

// "lab": a lab analyst's lab {"id","code","name"}, or null for other roles.
void WriteLab(JsonWriter& w, int64_t id, const std::string& code,
              const std::string& name) {
  w.Key("lab");
  if (id <= 0) {
    w.Null();
    return;
  }
  w.BeginObject();
  w.Key("id").Int(id);
  w.Key("code").String(code);
  w.Key("name").String(name);
  w.EndObject();
}

void WriteUser(JsonWriter& w, const UserView& u) {
  w.BeginObject();
  w.Key("username").String(u.username);
  w.Key("display_name").String(u.display_name);
  w.Key("disabled").Bool(u.disabled);
  w.Key("has_password").Bool(u.has_password);
  w.Key("locked_until").StringOrNull(u.locked_until);
  w.Key("created_at").String(u.created_at);
  w.Key("created_by").String(u.created_by);
  w.Key("roles").BeginArray();
  for (const auto& r : u.roles) {
    w.BeginObject();
    w.Key("id").Int(r.id);
    w.Key("role").String(r.role);
    w.Key("unit_code").String(r.unit_code);
    w.Key("unit_name").String(r.unit_name);
    if (r.partner_id > 0) {
      w.Key("partner_id").Int(r.partner_id);
    } else {
      w.Key("partner_id").Null();
    }
    WriteLab(w, r.lab_id, r.lab_code, r.lab_name);
    w.Key("granted_at").String(r.granted_at);
    w.Key("granted_by").String(r.granted_by);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

class AccountsApi {
 public:
  AccountsApi(AccountService* accounts, CoverageService* coverage,
              AccountsApiOptions opt)
      : accounts_(accounts), coverage_(coverage), opt_(opt), pool_(2) {}

  std::string SessionJson(const Principal& p, const std::string& csrf,
                          const std::string& expires) {
    JsonWriter w;
    w.BeginObject();
    w.Key("username").String(p.username);
    w.Key("display_name").String(p.display_name);
    w.Key("expires_at").String(expires);
    w.Key("csrf_token").String(csrf);
    // The labs of lab analysts' grants, by grant id (from the user's view).
    std::map<int64_t, UserView::RoleView> labs;
    for (const Grant& g : p.grants) {
      if (g.lab_id <= 0) continue;
      if (auto self = accounts_->GetUser(p, p.username); self.ok()) {
        for (const auto& r : self->roles) labs.emplace(r.id, r);
      }
      break;
    }
    w.Key("roles").BeginArray();
    coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
      for (const Grant& g : p.grants) {
        w.BeginObject();
        w.Key("id").Int(g.id);
        w.Key("role").String(RoleName(g.role));
        const bool known = h.Contains(g.unit);
        w.Key("unit_code").String(known ? h.Get(g.unit).code : "IN");
        w.Key("unit_name").String(known ? h.Get(g.unit).name : "India");
        w.Key("unit_level")
            .String(LevelName(known ? h.Get(g.unit).level : Level::kNation));
        if (g.partner_id > 0) {
          w.Key("partner_id").Int(g.partner_id);
        } else {
          w.Key("partner_id").Null();
        }
        auto lab = labs.find(g.id);
        if (lab != labs.end()) {
          WriteLab(w, g.lab_id, lab->second.lab_code, lab->second.lab_name);
        } else {
          WriteLab(w, g.lab_id, "", "");
        }
        w.Key("can_record")
            .Bool(RoleGrants(g.role, Permission::kRecordConnections));
        w.Key("can_manage_users")
            .Bool(RoleGrants(g.role, Permission::kManageUsers));
        w.Key("can_unlock")
            .Bool(RoleGrants(g.role, Permission::kUnlockPeriods));
        w.Key("can_import")
            .Bool(RoleGrants(g.role, Permission::kImportVillages));
        w.EndObject();
      }
    });
    w.EndArray();
    w.EndObject();
    return w.Take();
  }

  std::string Cookie(const std::string& token, int max_age) const {
    std::string c = "jjm_session=" + token +
                    "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                    std::to_string(max_age);
    if (opt_.secure_cookies) c += "; Secure";
    return c;
  }

  Response SignIn(Request& req) {
    json body;
    Status s = ReadObject(req, &body, {"username", "password"});
    if (!s.ok()) return Response::Error(s);
    const std::string username = Str(body, "username");
    const std::string password = Str(body, "password");
    if (username.empty()) {
      return Response::Error(
          InvalidArgument("username is required", "username"));
    }
    if (password.empty()) {
      return Response::Error(
          InvalidArgument("password is required", "password"));
    }
    Response out;
    const std::string remote = req.remote;
    out.deferred = [this, username, password, remote](Response::Reply reply) {
      pool_.Run([this, username, password, remote, reply] {
        auto r = accounts_->SignIn(username, password, remote);
        if (!r.ok()) {
          reply(Response::Error(r.status()));
          return;
        }
        Response ok = Response::Json(
            200, SessionJson(*r->principal, r->csrf_token, r->expires_at));
        ok.headers.emplace_back("Set-Cookie",
                                Cookie(r->token, accounts_->session_seconds()));
        ok.headers.emplace_back("Cache-Control", "no-store");
        reply(std::move(ok));
      });
    };
    return out;
  }

  Response Current(Request& req) {
    // The page asks after a reload: the CSRF token is derived again from
    // the cookie, which only this site's pages can send.
    const std::string token(SessionToken(req));
    Response r = Response::Json(
        200, SessionJson(*req.principal,
                         req.cookie_auth ? AccountService::CsrfFor(token) : "",
                         req.principal->session_expires));
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  }

  // Who the page is for, without an error when nobody is signed in (a
  // signed-out page asks on every load): {"signed_in": false}, or the
  // session as GET /session gives it with "signed_in": true.
  Response Me(Request& req) {
    if (!req.query.empty()) {
      return Response::Error(
          InvalidArgument("this endpoint takes no parameters"));
    }
    if (req.principal == nullptr || req.principal->via_api_key) {
      Response r = Response::Json(200, "{\"signed_in\":false}");
      r.headers.emplace_back("Cache-Control", "no-store");
      return r;
    }
    Response r = Current(req);
    r.body.insert(1, "\"signed_in\":true,");
    return r;
  }

  static std::string SessionToken(const Request& req) {
    const std::string_view h = req.Header("cookie");
    const size_t at = h.find("jjm_session=");
    if (at == std::string_view::npos) return "";
    size_t end = h.find(';', at);
    if (end == std::string_view::npos) end = h.size();
    return std::string(Trim(h.substr(at + 12, end - at - 12)));
  }

  Response SignOut(Request& req) {
    Status s = accounts_->SignOut(*req.principal, req.remote);
    if (!s.ok()) return Response::Error(s);
    Response r;
    r.status = 204;
    r.headers.emplace_back("Set-Cookie", Cookie("", 0));
    return r;
  }

  Response ListUsers(Request& req) {
    auto users = accounts_->ListUsers(*req.principal);
    if (!users.ok()) return Response::Error(users.status());
    JsonWriter w;
    w.BeginObject().Key("users").BeginArray();
    for (const UserView& u : *users) WriteUser(w, u);
    w.EndArray().EndObject();
    return Response::Json(200, w.Take());
  }

  Response GetUser(Request& req) {
    auto u = accounts_->GetUser(*req.principal, req.params[0]);
    if (!u.ok()) return Response::Error(u.status());
    JsonWriter w;
    WriteUser(w, *u);
    return Response::Json(200, w.Take());
  }

  Response CreateUser(Request& req) {
    json body;
    Status s = ReadObject(
        req, &body,
        {"username", "display_name", "password", "role", "unit", "lab"},
        {"partner_id"});
    if (!s.ok()) return Response::Error(s);
    NewUser u;
    u.username = Str(body, "username");
    u.display_name = Str(body, "display_name");
    u.password = Str(body, "password");
    u.role = Str(body, "role");
    u.unit_code = Str(body, "unit");
    u.lab_code = Str(body, "lab");
    if (body.contains("partner_id"))
      u.partner_id = body["partner_id"].get<int64_t>();
    auto principal = req.principal;
    const std::string remote = req.remote;
    Response out;
    out.deferred = [this, u, principal, remote](Response::Reply reply) {
      pool_.Run([this, u, principal, remote, reply] {
        auto id = accounts_->CreateUser(principal.get(), u, remote);
        if (!id.ok()) {
          reply(Response::Error(id.status()));
          return;
        }
        auto view = accounts_->GetUser(*principal, u.username);
        JsonWriter w;
        if (view.ok()) {
          WriteUser(w, *view);
        } else {
          // Made, but not readable back by this manager (it may lie outside
          // what they manage once made): say so plainly.
          w.BeginObject().Key("username").String(u.username).EndObject();
        }
        reply(Response::Json(201, w.Take()));
      });
    };
    return out;
  }

  Response PatchUser(Request& req) {
    json body;
    Status s =
        ReadObject(req, &body, {"display_name", "password", "old_password"}, {},
                   {"disabled", "clear_lock"});
    if (!s.ok()) return Response::Error(s);
    const std::string username = req.params[0];
    auto principal = req.principal;
    const std::string remote = req.remote;
    Response out;
    out.deferred = [this, body, username, principal,
                    remote](Response::Reply reply) {
      pool_.Run([this, body, username, principal, remote, reply] {
        Status st;
        if (st.ok() && body.contains("disabled")) {
          st = accounts_->SetDisabled(*principal, username,
                                      body["disabled"].get<bool>(), remote);
        }
        if (st.ok() && body.contains("display_name")) {
          st = accounts_->SetDisplayName(*principal, username,
                                         Str(body, "display_name"), remote);
        }
        if (st.ok() && body.contains("clear_lock") &&
            body["clear_lock"].get<bool>()) {
          st = accounts_->ClearLock(*principal, username, remote);
        }
        if (st.ok() && body.contains("password")) {
          st = accounts_->SetPassword(principal.get(), username,
                                      Str(body, "old_password"),
                                      Str(body, "password"), remote);
        }
        if (!st.ok()) {
          reply(Response::Error(st));
          return;
        }
        auto view = accounts_->GetUser(*principal, username);
        if (!view.ok()) {
          reply(Response::Error(view.status()));
          return;
        }
        JsonWriter w;
        WriteUser(w, *view);
        reply(Response::Json(200, w.Take()));
      });
    };
    return out;
  }

  Response GrantRole(Request& req) {
    json body;
    Status s = ReadObject(req, &body, {"role", "unit", "lab"}, {"partner_id"});
    if (!s.ok()) return Response::Error(s);
    s = accounts_->GrantRole(
        *req.principal, req.params[0], Str(body, "role"), Str(body, "unit"),
        body.contains("partner_id") ? body["partner_id"].get<int64_t>() : 0,
        req.remote, Str(body, "lab"));
    if (!s.ok()) return Response::Error(s);
    return GetUserAfter(req, 201);
  }

  Response RevokeRole(Request& req) {
    auto id = ParseInt(req.params[1]);
    if (!id)
      return Response::Error(InvalidArgument("role id must be a number", "id"));
    Status s =
        accounts_->RevokeRole(*req.principal, req.params[0], *id, req.remote);
    if (!s.ok()) return Response::Error(s);
    return GetUserAfter(req, 200);
  }

  Response GetUserAfter(Request& req, int status) {
    auto u = accounts_->GetUser(*req.principal, req.params[0]);
    if (!u.ok()) return Response::Error(u.status());
    JsonWriter w;
    WriteUser(w, *u);
    return Response::Json(status, w.Take());
  }

  Response RevokeSessions(Request& req) {
    Status s =
        accounts_->RevokeSessions(*req.principal, req.params[0], req.remote);
    if (!s.ok()) return Response::Error(s);
    Response r;
    r.status = 204;
    return r;
  }

  Response CreateApiKey(Request& req) {
    json body;
    Status s = ReadObject(req, &body, {"label"});
    if (!s.ok()) return Response::Error(s);
    auto k = accounts_->CreateApiKey(req.principal.get(), req.params[0],
                                     Str(body, "label"), req.remote);
    if (!k.ok()) return Response::Error(k.status());
    JsonWriter w;
    w.BeginObject();
    w.Key("id").Int(k->id);
    w.Key("prefix").String(k->prefix);
    w.Key("key").String(k->key);
    w.Key("note").String("shown once: store it now");
    w.EndObject();
    Response r = Response::Json(201, w.Take());
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  }

  Response RevokeApiKey(Request& req) {
    auto id = ParseInt(req.params[0]);
    if (!id)
      return Response::Error(InvalidArgument("key id must be a number", "id"));
    Status s = accounts_->RevokeApiKey(*req.principal, *id, req.remote);
    if (!s.ok()) return Response::Error(s);
    Response r;
    r.status = 204;
    return r;
  }

  Response Audit(Request& req) {
    for (const auto& [k, v] : req.query) {
      if (k != "entity" && k != "unit" && k != "user" && k != "action" &&
          k != "from" && k != "to" && k != "limit" && k != "before") {
        return Response::Error(InvalidArgument(
            "unknown query parameter '" + k +
                "'; this endpoint takes entity, unit, user, action, from, to, "
                "limit, before",
            k));
      }
    }
    AuditFilter f;
    f.entity = std::string(req.Query("entity").value_or(""));
    f.actor = std::string(req.Query("user").value_or(""));
    f.action = std::string(req.Query("action").value_or(""));
    for (const char* k : {"from", "to"}) {
      if (auto v = req.Query(k); v && !v->empty()) {
        auto d = Date::ParseField(*v, k);
        if (!d.ok()) return Response::Error(d.status());
        (std::string_view(k) == "from" ? f.from : f.to) = d->ToString();
      }
    }
    if (auto u = req.Query("unit"); u && !u->empty()) {
      const UnitId id = coverage_->Read(
          [&](const Hierarchy& h, const CoverageIndex&) { return h.Find(*u); });
      if (id == kNoUnit) {
        return Response::Error(
            NotFound("no place has code '" + std::string(*u) + "'", "unit"));
      }
      f.path_prefix = accounts_->UnitPath(id);
    }
    int limit = 100;
    if (auto l = req.Query("limit")) {
      auto n = ParseInt(*l);
      if (!n || *n < 1 || *n > 1000) {
        return Response::Error(
            InvalidArgument("limit must be 1 to 1000", "limit"));
      }
      limit = static_cast<int>(*n);
    }
    if (auto b = req.Query("before")) {
      auto n = ParseInt(*b);
      if (!n || *n < 1)
        return Response::Error(
            InvalidArgument("before must be a row id", "before"));
      f.before_id = *n;
    }
    auto rows = accounts_->QueryAudit(*req.principal, f, limit);
    if (!rows.ok()) return Response::Error(rows.status());
    JsonWriter w;
    w.BeginObject().Key("rows").BeginArray();
    for (const AuditRow& r : *rows) {
      w.BeginObject();
      w.Key("id").Int(r.id);
      w.Key("at").String(r.at);
      w.Key("actor").String(r.actor);
      w.Key("remote").String(r.remote);
      w.Key("action").String(r.action);
      w.Key("entity").String(r.entity);
      w.Key("entity_id").String(r.entity_id);
      w.Key("unit_path").String(r.unit_path);
      w.Key("before");
      if (r.before.empty()) {
        w.Null();
      } else {
        w.Raw(r.before);
      }
      w.Key("after");
      if (r.after.empty()) {
        w.Null();
      } else {
        w.Raw(r.after);
      }
      w.EndObject();
    }
    w.EndArray();
    if (static_cast<int>(rows->size()) == limit && !rows->empty()) {
      w.Key("next_before").Int(rows->back().id);
    } else {
      w.Key("next_before").Null();
    }
    w.EndObject();
    return Response::Json(200, w.Take());
  }

  Response Periods(Request& req) {
    const std::string code(req.Query("unit").value_or("IN"));
    const Date today = Date::TodayIst();
    JsonWriter w;
    Status st = coverage_->Read([&](const Hierarchy& h,
                                    const CoverageIndex&) -> Status {
      const UnitId u = h.Find(code);
      if (u == kNoUnit)
        return NotFound("no place has code '" + code + "'", "unit");
      w.BeginObject();
      w.Key("unit").String(code);
      w.Key("today").String(today.ToString());
      w.Key("days_after_month_end").Int(kDaysBeforeClose);
      // The oldest month still open without an unlock.
      Date m = today.FirstOfMonth();
      while (ClosingDay(m - 1) >= today) m = (m - 1).FirstOfMonth();
      w.Key("open_from").String(m.ToString());
      w.Key("unlocks").BeginArray();
      for (const UnlockRow& r :
           coverage_->periods().ActiveFor(h, u, std::time(nullptr))) {
        w.BeginObject();
        w.Key("id").Int(r.id);
        w.Key("unit").String(h.Contains(static_cast<UnitId>(r.unit_id))
                                 ? h.Get(static_cast<UnitId>(r.unit_id)).code
                                 : "IN");
        w.Key("month").String(r.month);
        w.Key("reason").String(r.reason);
        w.Key("granted_by").String(r.granted_by);
        w.Key("granted_at").String(r.granted_at);
        w.Key("expires_at").String(r.expires_at);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
      return Status::Ok();
    });
    if (!st.ok()) return Response::Error(st);
    return Response::Json(200, w.Take());
  }

  Response Unlock(Request& req) {
    json body;
    Status s = ReadObject(req, &body, {"unit", "month", "reason"}, {"hours"});
    if (!s.ok()) return Response::Error(s);
    auto r = accounts_->UnlockPeriod(
        *req.principal, Str(body, "unit"), Str(body, "month"),
        Str(body, "reason"),
        body.contains("hours") ? static_cast<int>(body["hours"].get<int64_t>())
                               : 24,
        req.remote);
    if (!r.ok()) return Response::Error(r.status());
    JsonWriter w;
    w.BeginObject();
    w.Key("id").Int(r->id);
    w.Key("unit").String(Str(body, "unit"));
    w.Key("month").String(r->month);
    w.Key("reason").String(r->reason);
    w.Key("granted_by").String(r->granted_by);
    w.Key("expires_at").String(r->expires_at);
    w.EndObject();
    return Response::Json(201, w.Take());
  }

 private:
  AccountService* accounts_;
  CoverageService* coverage_;
  AccountsApiOptions opt_;
  WorkPool pool_;
};

}  // namespace

void AddAccountsRoutes(Router* router, AccountService* accounts,
                       CoverageService* coverage, AccountsApiOptions opt) {
  auto api = std::make_shared<AccountsApi>(accounts, coverage, opt);
  // The place a new role acts on: its "unit", or for a lab analyst's grant
  // (a "lab"), the lab's place.
  auto body_unit = [coverage,
                    accounts](Request& r) -> StatusOr<std::vector<UnitId>> {
    json body;
    if (!ParseJsonBody(r.body, &body).ok() || !body.is_object()) {
      return std::vector<UnitId>{};
    }
    if (body.contains("lab") && body["lab"].is_string() &&
        !body["lab"].get<std::string>().empty()) {
      JJM_ASSIGN_OR_RETURN(LabRef lab,
                           accounts->FindLab(body["lab"].get<std::string>()));
      return std::vector<UnitId>{static_cast<UnitId>(lab.unit_id)};
    }
    if (!body.contains("unit") || !body["unit"].is_string()) {
      return std::vector<UnitId>{};
    }
    const std::string code = body["unit"].get<std::string>();
    const UnitId u = coverage->Read(
        [&](const Hierarchy& h, const CoverageIndex&) { return h.Find(code); });
    if (u == kNoUnit)
      return NotFound("no place has code '" + code + "'", "unit");
    return std::vector<UnitId>{u};
  };
  router->Add("POST", "/api/v1/session", Access::Public(),
              [api](Request& r) { return api->SignIn(r); });
  router->Add("GET", "/api/v1/session", Access::SignedIn(),
              [api](Request& r) { return api->Current(r); });
  router->Add("GET", "/api/v1/me", Access::Public(),
              [api](Request& r) { return api->Me(r); });
  router->Add("DELETE", "/api/v1/session", Access::SignedIn(),
              [api](Request& r) { return api->SignOut(r); });
  router->Add("GET", "/api/v1/users", Access::SignedIn(),
              [api](Request& r) { return api->ListUsers(r); });
  router->Add("POST", "/api/v1/users",
              Access::Needs(Permission::kManageUsers, body_unit),
              [api](Request& r) { return api->CreateUser(r); });
  router->Add("GET", "/api/v1/users/{username}", Access::SignedIn(),
              [api](Request& r) { return api->GetUser(r); });
  router->Add("PATCH", "/api/v1/users/{username}", Access::SignedIn(),
              [api](Request& r) { return api->PatchUser(r); });
  router->Add("POST", "/api/v1/users/{username}/roles",
              Access::Needs(Permission::kManageUsers, body_unit),
              [api](Request& r) { return api->GrantRole(r); });
  router->Add("DELETE", "/api/v1/users/{username}/roles/{id}",
              Access::SignedIn(),
              [api](Request& r) { return api->RevokeRole(r); });
  router->Add("DELETE", "/api/v1/users/{username}/sessions", Access::SignedIn(),
              [api](Request& r) { return api->RevokeSessions(r); });
  router->Add("POST", "/api/v1/users/{username}/api-keys", Access::SignedIn(),
              [api](Request& r) { return api->CreateApiKey(r); });
  router->Add("DELETE", "/api/v1/api-keys/{id}", Access::SignedIn(),
              [api](Request& r) { return api->RevokeApiKey(r); });
  router->Add("GET", "/api/v1/audit", Access::SignedIn(),
              [api](Request& r) { return api->Audit(r); });
  router->Add("GET", "/api/v1/periods", Access::SignedIn(),
              [api](Request& r) { return api->Periods(r); });
  router->Add("POST", "/api/v1/periods/unlock", Access::SignedIn(),
              [api](Request& r) { return api->Unlock(r); });
}

}  // namespace jjm
