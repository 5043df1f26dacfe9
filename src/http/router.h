// Routes requests by method and path pattern ("/api/v1/units/{code}").
#ifndef JJM_HTTP_ROUTER_H_
#define JJM_HTTP_ROUTER_H_

#include <string>
#include <vector>

#include "http/http.h"

namespace jjm {

class Router {
 public:
  // Adds a route; `{name}` segments match one path segment each and are
  // passed in Request::params in order.
  void Add(std::string method, std::string pattern, Handler handler);
  // Serves paths no route matches (static files); optional.
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }

  // Runs the matching handler: 404 when no pattern matches, 405 when the
  // path matches but not the method.
  Response Dispatch(Request& req) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace jjm

#endif  // JJM_HTTP_ROUTER_H_
