// What the routes of the domain modules (quality_api.cc, supply_api.cc)
// share: reading ids, query parameters and bodies, and answering a
// service's StatusOr<Json> as JSON.
#ifndef JJM_HTTP_MODULE_API_H_
#define JJM_HTTP_MODULE_API_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

#include "base/date.h"
#include "base/status.h"
#include "http/router.h"

namespace jjm::api {

using Json = nlohmann::json;

// The caller of a service whose Caller has principal, remote and today.
template <typename Caller>
Caller CallerOf(const Request& r) {
  Caller c;
  c.principal = r.principal.get();
  c.remote = r.remote;
  c.today = Date::TodayIst();
  return c;
}

// Path parameter `i` as a positive id, else NotFound "no <what> '<text>'".
StatusOr<int64_t> IdParam(const Request& r, size_t i, const char* what);
// InvalidArgument naming the first query parameter not in `names`.
Status OnlyQuery(const Request& r, std::initializer_list<const char*> names);
// Query parameter `name`, or "".
std::string Q(const Request& r, const char* name);
// The query parameters as a JSON object, only `names` allowed.  Values are
// strings, except "before_id" and "limit", which are whole numbers when
// they read as one (else the service refuses them, naming the parameter).
StatusOr<Json> QueryObject(const Request& r,
                           std::initializer_list<const char*> names);
// A JSON object body with the request id of the Idempotency-Key header
// when the body has none.
StatusOr<Json> BodyWithRequestId(const Request& r);

// Runs `op`; an error is {"error":...} with its status, an answer
// `ok_status` unless it is a replay of an earlier request (200).
Handler Answer(int ok_status, std::function<StatusOr<Json>(Request&)> op);

// A stored file as the answer: its type, shown inline under `name` (only
// letters, digits, '-', '_' and '.' kept), its SHA-256 as the ETag, never
// cached by shared caches.  (The server sends X-Content-Type-Options:
// nosniff on every answer.)
Response FileResponse(const std::string& name, std::string content_type,
                      const std::string& sha256, std::string bytes);

}  // namespace jjm::api

#endif  // JJM_HTTP_MODULE_API_H_
