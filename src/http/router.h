// Routes requests by method and path pattern ("/api/v1/units/{code}").
#ifndef JJM_HTTP_ROUTER_H_
#define JJM_HTTP_ROUTER_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/roles.h"
#include "http/http.h"

namespace jjm {

class AccountService;
class CoverageService;

// Who may call a route.  The router enforces it before the handler runs:
// the one place where requests are authenticated and authorised.
struct Access {
  enum class Kind {
    kUndeclared,  // the route said nothing: refused to everyone
    kPublic,      // anyone, signed in or not
    kSignedIn,    // any signed-in user (the handler's service checks more)
    kPermission,  // a signed-in user with `permission` over every place
                  // `units` names
  };
  // Deny by default: a route must say who may call it.
  Kind kind = Kind::kUndeclared;
  Permission permission = Permission::kReadInternal;
  // The places a request acts on; null or empty means India.  Runs only for
  // signed-in callers.
  std::function<StatusOr<std::vector<UnitId>>(Request&)> units;

  static Access Public() { return Access{Kind::kPublic}; }
  static Access SignedIn() { return Access{Kind::kSignedIn}; }
  static Access Needs(
      Permission p,
      std::function<StatusOr<std::vector<UnitId>>(Request&)> units = nullptr) {
    return Access{Kind::kPermission, p, std::move(units)};
  }
};

class Router {
 public:
  // Adds a route; `{name}` segments match one path segment each and are
  // passed in Request::params in order.  `access` says who may call it; a
  // route whose access is left undeclared (Access{}) is refused to
  // everyone, with or without access control.
  void Add(std::string method, std::string pattern, Access access,
           Handler handler);
  // Turns on authentication: without it every declared route is open (unit
  // tests of handlers), undeclared ones still refused.
  void SetAccessControl(AccountService* accounts,
                        const CoverageService* coverage) {
    accounts_ = accounts;
    coverage_ = coverage;
  }
  // Lets the route `method pattern` (added already) take bodies of up to
  // `bytes` instead of the server's limit: file uploads.
  void SetBodyLimit(std::string_view method, std::string_view pattern,
                    size_t bytes);
  // The body limit for a request whose headers are read (`head` has no
  // body yet): the limit of the route it reaches when its caller may call
  // that route (so that only they may send large bodies), else 0 for the
  // server's own.
  size_t BodyLimit(Request& head) const;
  // The largest limit SetBodyLimit gave any route (0: none).
  size_t MaxBodyLimit() const;
  // Every route as "METHOD /pattern", for the OpenAPI test.
  std::vector<std::string> Routes() const;
  // Serves paths no route matches (static files); optional.
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }

  // Runs the matching handler: 404 when no pattern matches, 405 when the
  // path matches but not the method.
  Response Dispatch(Request& req) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Access access;
    Handler handler;
    size_t body_limit = 0;  // 0: the server's
  };
  // The route `method` would reach for `path`, or null.
  const Route* Match(std::string_view method, std::string_view path) const;
  // Authenticates the caller and checks the route's access; returns an
  // error response, or nothing when the handler may run.
  std::optional<Response> Guard(const Route& route, Request& req) const;

  std::vector<Route> routes_;
  Handler fallback_;
  AccountService* accounts_ = nullptr;
  const CoverageService* coverage_ = nullptr;
};

}  // namespace jjm

#endif  // JJM_HTTP_ROUTER_H_
