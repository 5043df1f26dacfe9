#include "http/router.h"

#include <algorithm>
#include <cstdio>

#include "accounts/account_service.h"
#include "accounts/crypto.h"
#include "base/json_writer.h"
#include "base/strings.h"
#include "coverage/coverage_service.h"

namespace jjm {

namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

std::optional<std::string_view> Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return std::string_view(it->second);
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 422;
    case StatusCode::kPayloadTooLarge:
      return 413;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::Error(const Status& s) {
  // The answer says an internal error "has been logged": this is where.
  if (s.code() == StatusCode::kInternal) {
    std::fprintf(stderr, "error: internal: %s\n", s.message().c_str());
  }
  JsonWriter w;
  w.BeginObject().Key("error").BeginObject();
  w.Key("code").String(StatusCodeName(s.code()));
  // Internal errors never show their text to clients.
  w.Key("message").String(s.code() == StatusCode::kInternal
                              ? "internal error; it has been logged"
                              : s.message());
  if (s.field().empty()) {
    w.Key("field").Null();
  } else {
    w.Key("field").String(s.field());
  }
  if (s.code() != StatusCode::kInternal) {
    for (const auto& [name, value] : s.details()) {
      if (name == "code" || name == "message" || name == "field") continue;
      w.Key(name).String(value);
    }
  }
  w.EndObject().EndObject();
  return Json(HttpStatusFor(s.code()), w.Take());
}

bool ParseQueryString(std::string_view qs,
                      std::map<std::string, std::string>* out) {
  size_t i = 0;
  while (i < qs.size()) {
    size_t amp = qs.find('&', i);
    if (amp == std::string_view::npos) amp = qs.size();
    std::string_view pair = qs.substr(i, amp - i);
    i = amp + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string key(pair.substr(0, eq));
    std::string value(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    for (char& c : key) {
      if (c == '+') c = ' ';
    }
    for (char& c : value) {
      if (c == '+') c = ' ';
    }
    auto k = PercentDecode(key);
    auto v = PercentDecode(value);
    if (!k || !v) return false;
    (*out)[*k] = *v;
  }
  return true;
}

void Router::Add(std::string method, std::string pattern, Access access,
                 Handler handler) {
  Route r;
  r.method = std::move(method);
  for (std::string_view s : Split(pattern)) r.segments.emplace_back(s);
  r.access = std::move(access);
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

void Router::SetBodyLimit(std::string_view method, std::string_view pattern,
                          size_t bytes) {
  std::vector<std::string_view> segments = Split(pattern);
  for (Route& r : routes_) {
    if (r.method == method && std::equal(r.segments.begin(), r.segments.end(),
                                         segments.begin(), segments.end())) {
      r.body_limit = bytes;
    }
  }
}

const Router::Route* Router::Match(std::string_view method,
                                   std::string_view path) const {
  const std::vector<std::string_view> parts = Split(path);
  for (const Route& r : routes_) {
    if (r.method != method || r.segments.size() != parts.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      const std::string& seg = r.segments[i];
      ok = (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') ||
           seg == parts[i];
    }
    if (ok) return &r;
  }
  return nullptr;
}

size_t Router::BodyLimit(Request& head) const {
  const Route* r = Match(head.method, head.path);
  if (r == nullptr || r->body_limit == 0) return 0;
  return Guard(*r, head) ? 0 : r->body_limit;
}

size_t Router::MaxBodyLimit() const {
  size_t most = 0;
  for (const Route& r : routes_) most = std::max(most, r.body_limit);
  return most;
}

std::vector<std::string> Router::Routes() const {
  std::vector<std::string> out;
  for (const Route& r : routes_) {
    std::string s = r.method + " ";
    for (const std::string& seg : r.segments) s += "/" + seg;
    out.push_back(s);
  }
  return out;
}

namespace {

// The value of cookie `name` in a Cookie header, or empty.
std::string_view CookieValue(std::string_view header, std::string_view name) {
  size_t i = 0;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == ';')) ++i;
    size_t end = header.find(';', i);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(i, end - i);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && Trim(pair.substr(0, eq)) == name) {
      return Trim(pair.substr(eq + 1));
    }
    i = end + 1;
  }
  return {};
}

bool Unsafe(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace

std::optional<Response> Router::Guard(const Route& route, Request& req) const {
  if (route.access.kind == Access::Kind::kUndeclared) {
    return Response::Error(
        Status(StatusCode::kPermissionDenied,
               "this endpoint declares no access, so it is refused"));
  }
  if (accounts_ == nullptr) return std::nullopt;
  // Who is calling: an API key, a session cookie, or the public.
  const std::string_view auth = req.Header("authorization");
  if (!auth.empty()) {
    if (auth.substr(0, 7) != "Bearer ") {
      return Response::Error(Status(StatusCode::kUnauthenticated,
                                    "use 'Authorization: Bearer <API key>'",
                                    "authorization"));
    }
    req.principal = accounts_->FromApiKey(std::string(auth.substr(7)));
    if (req.principal == nullptr) {
      return Response::Error(Status(StatusCode::kUnauthenticated,
                                    "the API key is not valid or was revoked",
                                    "authorization"));
    }
  }
  std::string session_token;
  if (auth.empty()) {
    session_token = CookieValue(req.Header("cookie"), "jjm_session");
    if (!session_token.empty()) {
      req.principal = accounts_->FromSession(session_token);
      req.cookie_auth = req.principal != nullptr;
    }
  }
  const Access& a = route.access;
  if (a.kind == Access::Kind::kPublic) return std::nullopt;
  if (req.principal == nullptr) {
    return Response::Error(Status(StatusCode::kUnauthenticated,
                                  "sign in first (or your session has ended)"));
  }
  // A browser sends the session cookie with any request to this site, even
  // one another site starts: writes must also carry the token only this
  // site's page can read.
  if (req.cookie_auth && Unsafe(req.method) &&
      !DigestsEqual(AccountService::CsrfFor(session_token),
                    req.Header("x-csrf-token"))) {
    return Response::Error(Status(
        StatusCode::kPermissionDenied,
        "this write lacks the X-CSRF-Token given at sign-in", "x-csrf-token"));
  }
  if (a.kind == Access::Kind::kSignedIn) return std::nullopt;
  std::vector<UnitId> units = {kIndia};
  if (a.units) {
    StatusOr<std::vector<UnitId>> u = a.units(req);
    if (!u.ok()) return Response::Error(u.status());
    if (!u->empty()) units = std::move(*u);
  }
  std::optional<Response> refused;
  coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    for (UnitId u : units) {
      if (!Allows(*req.principal, a.permission, u, h)) {
        refused = Response::Error(Status(
            StatusCode::kPermissionDenied,
            h.Contains(u) ? h.Get(u).code + " lies outside what you may do "
                                            "with your roles"
                          : "that place lies outside your roles"));
        return;
      }
    }
  });
  return refused;
}

Response Router::Dispatch(Request& req) const {
  const std::vector<std::string_view> parts = Split(req.path);
  bool path_matched = false;
  for (const Route& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    std::vector<std::string> params;
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      const std::string& seg = r.segments[i];
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        params.emplace_back(parts[i]);
      } else if (seg != parts[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    path_matched = true;
    if (r.method != req.method &&
        !(req.method == "HEAD" && r.method == "GET")) {
      continue;
    }
    req.params = std::move(params);
    if (auto refused = Guard(r, req)) return std::move(*refused);
    return r.handler(req);
  }
  if (path_matched) {
    Response resp = Response::Error(
        Status(StatusCode::kInvalidArgument,
               "method " + req.method + " is not allowed here"));
    resp.status = 405;
    return resp;
  }
  if (fallback_ && req.path.rfind("/api/", 0) != 0) return fallback_(req);
  return Response::Error(NotFound("no such endpoint: " + req.path));
}

}  // namespace jjm
