// Errors as values.  A Status says whether an operation succeeded and, if
// not, why: a code that callers can branch on, a message for a person,
// optionally the name of the input field that was wrong, and optionally
// named details for programs (a lock's end time) that they would otherwise
// have to parse out of the message.
//
//   Status s = ledger.Record(batch);
//   if (!s.ok()) return s;
//
//   StatusOr<Date> d = Date::Parse(text);
//   if (!d.ok()) return d.status();
//   Use(*d);
#ifndef JJM_BASE_STATUS_H_
#define JJM_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jjm {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is wrong (HTTP 400)
  kUnauthenticated,     // no valid credentials (HTTP 401)
  kPermissionDenied,    // valid credentials, outside the caller's scope (403)
  kNotFound,            // the thing named does not exist (404)
  kConflict,            // clashes with what is stored (409)
  kFailedPrecondition,  // valid input that the current state refuses (422)
  kPayloadTooLarge,     // request or file over a limit (413)
  kResourceExhausted,   // rate limits (429)
  kUnavailable,         // try again later (503)
  kInternal,            // a bug or an environment failure (500)
};

// Returns a stable lower-case name for `code`, used in JSON error bodies.
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = "")
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field the error is about, or empty.
  const std::string& field() const { return field_; }

  // A fact about the error for programs to read, by name, in the order
  // added: Response::Error writes each as a string member of the JSON error
  // object ({"error":{"code",...,"locked_until":"2024-06-01T10:15:00Z"}}).
  // Names are lower_snake_case and never "code", "message" or "field".
  //   return Status(StatusCode::kResourceExhausted, "locked until " + t)
  //       .With("locked_until", t);
  using Detail = std::pair<std::string, std::string>;
  Status With(std::string name, std::string value) && {
    details_.emplace_back(std::move(name), std::move(value));
    return std::move(*this);
  }
  const std::vector<Detail>& details() const { return details_; }

  // "invalid_argument: message (field f)".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
  std::vector<Detail> details_;
};

inline Status InvalidArgument(std::string msg, std::string field = "") {
  return Status(StatusCode::kInvalidArgument, std::move(msg), std::move(field));
}
inline Status NotFound(std::string msg, std::string field = "") {
  return Status(StatusCode::kNotFound, std::move(msg), std::move(field));
}
inline Status Conflict(std::string msg, std::string field = "") {
  return Status(StatusCode::kConflict, std::move(msg), std::move(field));
}
inline Status FailedPrecondition(std::string msg, std::string field = "") {
  return Status(StatusCode::kFailedPrecondition, std::move(msg),
                std::move(field));
}
inline Status Internal(std::string msg) {
  return Status(StatusCode::kInternal, std::move(msg));
}

// `failure` as it is when `cleanup` (what was done to undo after it, such
// as a rollback) succeeded; otherwise `failure` with "; <what> failed too:
// <cleanup's message>" added (its field and details kept), so that neither
// is lost.  When `failure` is OK, `cleanup` is returned.
inline Status WithCleanup(Status failure, const Status& cleanup,
                          std::string_view what) {
  if (cleanup.ok()) return failure;
  if (failure.ok()) return cleanup;
  Status out(failure.code(),
             failure.message() + "; " + std::string(what) +
                 " failed too: " + cleanup.message(),
             failure.field());
  for (const Status::Detail& d : failure.details()) {
    out = std::move(out).With(d.first, d.second);
  }
  return out;
}

namespace internal {
// Prints "StatusOr value read on error: <status>" and aborts.
[[noreturn]] void DieOnBadAccess(const Status& status);
}  // namespace internal

// Holds either a value of type T or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(const T& value) : value_(value) {}  // NOLINT: implicit by design
  StatusOr(T&& value) : value_(std::move(value)) {}       // NOLINT
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok());
    if (status_.ok()) status_ = Internal("StatusOr built from OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // The value.  On an error these print the status to stderr and abort:
  // reading a value that is not there is a bug, never undefined behaviour.
  // Check ok() (or use JJM_ASSIGN_OR_RETURN) first.
  const T& value() const& { return Checked(); }
  T& value() & { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  const T& operator*() const& { return Checked(); }
  T& operator*() & { return Checked(); }
  T&& operator*() && { return std::move(Checked()); }
  const T* operator->() const { return &Checked(); }
  T* operator->() { return &Checked(); }

 private:
  const T& Checked() const {
    if (!value_.has_value()) internal::DieOnBadAccess(status_);
    return *value_;
  }
  T& Checked() {
    if (!value_.has_value()) internal::DieOnBadAccess(status_);
    return *value_;
  }

  Status status_;
  std::optional<T> value_;
};

}  // namespace jjm

// Returns from the enclosing function when `expr` is a non-OK Status.
#define JJM_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::jjm::Status jjm_status_ = (expr);        \
    if (!jjm_status_.ok()) return jjm_status_; \
  } while (0)

#define JJM_CONCAT_INNER_(a, b) a##b
#define JJM_CONCAT_(a, b) JJM_CONCAT_INNER_(a, b)
// Declares `lhs` from a StatusOr expression, returning its status on error.
#define JJM_ASSIGN_OR_RETURN(lhs, expr) \
  JJM_ASSIGN_OR_RETURN_IMPL_(JJM_CONCAT_(jjm_sor_, __LINE__), lhs, expr)
#define JJM_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(*tmp)

#endif  // JJM_BASE_STATUS_H_
