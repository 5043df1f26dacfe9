#include "http/module_api.h"

#include <optional>

#include "base/strings.h"
#include "http/json_body.h"

namespace jjm::api {

StatusOr<int64_t> IdParam(const Request& r, size_t i, const char* what) {
  auto v = ParseInt(r.params.at(i));
  if (!v || *v <= 0) {
    return NotFound(std::string("no ") + what + " '" + r.params.at(i) + "'");
  }
  return *v;
}

Status OnlyQuery(const Request& r, std::initializer_list<const char*> names) {
  for (const auto& [k, v] : r.query) {
    bool known = false;
    for (const char* n : names) known = known || k == n;
    if (!known) return InvalidArgument("unknown parameter '" + k + "'", k);
  }
  return Status::Ok();
}

std::string Q(const Request& r, const char* name) {
  auto v = r.Query(name);
  return v ? std::string(*v) : std::string();
}

StatusOr<Json> QueryObject(const Request& r,
                           std::initializer_list<const char*> names) {
  JJM_RETURN_IF_ERROR(OnlyQuery(r, names));
  Json q = Json::object();
  for (const auto& [k, v] : r.query) {
    std::optional<int64_t> n;
    if (k == "before_id" || k == "limit") n = ParseInt(v);
    if (n) {
      q[k] = *n;
    } else {
      q[k] = v;
    }
  }
  return q;
}

StatusOr<Json> BodyWithRequestId(const Request& r) {
  JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
  const std::string_view key = r.Header("idempotency-key");
  if (!key.empty() && !b.contains("request_id")) {
    if (key.size() > 100) {
      return InvalidArgument("Idempotency-Key must be 1 to 100 characters",
                             "idempotency-key");
    }
    b["request_id"] = std::string(key);
  }
  return b;
}

Handler Answer(int ok_status, std::function<StatusOr<Json>(Request&)> op) {
  return [ok_status, op = std::move(op)](Request& r) {
    StatusOr<Json> j = op(r);
    if (!j.ok()) return Response::Error(j.status());
    const bool replayed = j->is_object() && j->contains("replayed") &&
                          (*j)["replayed"].is_boolean() &&
                          (*j)["replayed"].get<bool>();
    return Response::Json(replayed ? 200 : ok_status, j->dump());
  };
}

Response FileResponse(const std::string& name, std::string content_type,
                      const std::string& sha256, std::string bytes) {
  Response out;
  out.status = 200;
  out.content_type = std::move(content_type);
  out.body = std::move(bytes);
  std::string safe;
  for (char ch : name) {
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
        (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.') {
      safe += ch;
    }
  }
  if (safe.empty()) safe = "document";
  out.headers.emplace_back("Content-Disposition",
                           "inline; filename=\"" + safe + "\"");
  out.headers.emplace_back("ETag", "\"" + sha256 + "\"");
  out.headers.emplace_back("Cache-Control", "private, max-age=3600");
  return out;
}

}  // namespace jjm::api
