// The HTTP types every handler sees.  Beast stays inside server.cc; the
// rest of jjm knows only these.
#ifndef JJM_HTTP_HTTP_H_
#define JJM_HTTP_HTTP_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace jjm {

struct Principal;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded, without the query
  std::string target;  // as sent, with the query
  std::map<std::string, std::string> query;
  std::string body;
  std::string remote;               // client address
  std::vector<std::string> params;  // {placeholders} of the route
  // The signed-in caller (set by the router), or null for the public.
  std::shared_ptr<const Principal> principal;
  bool cookie_auth = false;  // the principal came from a session cookie

  // The query parameter `name`, if given.
  std::optional<std::string_view> Query(std::string_view name) const;
  // The value of header `name` (any case), or empty.  Headers are looked up
  // in the server's parsed request, not copied.
  std::string_view Header(std::string_view name) const {
    return header_lookup == nullptr ? std::string_view()
                                    : header_lookup(header_source, name);
  }
  std::string_view (*header_lookup)(const void*, std::string_view) = nullptr;
  const void* header_source = nullptr;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // A body shared with a cache; when set, it is sent instead of `body`.
  std::shared_ptr<const std::string> shared_body;
  // When set, the answer comes later: the server calls `deferred` with a
  // function that sends it, from any thread.  The connection's thread is
  // free meanwhile (writes wait for a group commit).
  using Reply = std::function<void(Response)>;
  std::function<void(Reply)> deferred;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(int status, std::string body);
  // {"error":{"code","message","field"}} with the status for `s`, then
  // each of its details (Status::With) as a string member of "error"
  // ({..., "locked_until":"2024-06-01T10:15:00Z"}).  An internal error's
  // message is written to stderr ("error: internal: ...") and replaced in
  // the answer by "internal error; it has been logged"; its details are
  // left out.
  static Response Error(const Status& s);
};

// HTTP status for a Status code.
int HttpStatusFor(StatusCode code);

using Handler = std::function<Response(Request&)>;

// Parses "a=1&b=x%20y" into `out`; returns false on a malformed escape.
bool ParseQueryString(std::string_view qs,
                      std::map<std::string, std::string>* out);

}  // namespace jjm

#endif  // JJM_HTTP_HTTP_H_
