// Parsing of JSON request bodies with limits on size and depth, so that a
// hostile body cannot exhaust the stack or memory.
#ifndef JJM_HTTP_JSON_BODY_H_
#define JJM_HTTP_JSON_BODY_H_

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "base/status.h"
#include "http/http.h"

namespace jjm {

inline constexpr int kMaxJsonDepth = 16;

// Parses `body` into `out`.  Errors say where the JSON is malformed, or
// that it nests deeper than `max_depth`.
Status ParseJsonBody(std::string_view body, nlohmann::json* out,
                     int max_depth = kMaxJsonDepth);

// The body of `req` as a JSON object: refused unless it is sent as
// application/json, parses within the limits and is an object.
StatusOr<nlohmann::json> JsonObjectBody(const Request& req);

}  // namespace jjm

#endif  // JJM_HTTP_JSON_BODY_H_
