#include "http/json_body.h"

#include <nlohmann/json.hpp>

namespace jjm {
namespace {

// Deepest nesting of arrays and objects in `body`, looking past strings.
int NestingDepth(std::string_view body) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Status ParseJsonBody(std::string_view body, nlohmann::json* out,
                     int max_depth) {
  if (body.empty()) return InvalidArgument("the request body is empty", "body");
  if (NestingDepth(body) > max_depth) {
    return InvalidArgument(
        "the JSON nests deeper than " + std::to_string(max_depth) + " levels",
        "body");
  }
  try {
    *out = nlohmann::json::parse(body.begin(), body.end());
  } catch (const nlohmann::json::parse_error& e) {
    return InvalidArgument(
        "the body is not valid JSON (at byte " + std::to_string(e.byte) + ")",
        "body");
  }
  return Status::Ok();
}

StatusOr<nlohmann::json> JsonObjectBody(const Request& req) {
  if (req.Header("content-type").substr(0, 16) != "application/json") {
    return InvalidArgument("send the body as application/json", "content-type");
  }
  nlohmann::json body;
  JJM_RETURN_IF_ERROR(ParseJsonBody(req.body, &body));
  if (!body.is_object()) {
    return InvalidArgument("the body must be a JSON object", "body");
  }
  return body;
}

}  // namespace jjm
