// How a Status becomes an HTTP error answer (http/http.h, Response::Error):
// the status code, the JSON body, and internal errors logged to stderr but
// never shown to the client.
#include <gtest/gtest.h>

#include <string>

#include "http/http.h"

namespace jjm {
namespace {

TEST(HttpErrorTest, InternalErrorsAreLoggedAndHidden) {
  testing::internal::CaptureStderr();
  const Response r = Response::Error(Internal("disk I/O error in tap_event"));
  const std::string logged = testing::internal::GetCapturedStderr();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(logged, "error: internal: disk I/O error in tap_event\n");
  EXPECT_EQ(r.body.find("disk"), std::string::npos) << r.body;
  EXPECT_EQ(r.body,
            R"({"error":{"code":"internal","message":"internal error; it has )"
            R"(been logged","field":null}})");
}

TEST(HttpErrorTest, RefusalsAreNotLoggedAndNameTheirField) {
  testing::internal::CaptureStderr();
  const Response r = Response::Error(InvalidArgument(
      "households must be positive", "connections[0].households"));
  const Response nf = Response::Error(NotFound("no such place: X1"));
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"({"error":{"code":"invalid_argument","message":"households )"
            R"(must be positive","field":"connections[0].households"}})");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.body,
            R"({"error":{"code":"not_found","message":"no such place: X1",)"
            R"("field":null}})");
}

TEST(HttpErrorTest, DetailsAreMembersOfTheErrorObject) {
  const Status s = Status(StatusCode::kResourceExhausted,
                          "locked until 2026-12-01T10:15:00Z", "password")
                       .With("lock", "account")
                       .With("locked_until", "2026-12-01T10:15:00Z");
  ASSERT_EQ(s.details().size(), 2u);
  EXPECT_EQ(s.details()[1].first, "locked_until");
  const Response r = Response::Error(s);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.body,
            R"({"error":{"code":"resource_exhausted","message":"locked until )"
            R"(2026-12-01T10:15:00Z","field":"password","lock":"account",)"
            R"("locked_until":"2026-12-01T10:15:00Z"}})");
  // Kept through a failed cleanup; never allowed to replace the fixed
  // members; and left out of internal errors, like their message.
  const Status kept =
      WithCleanup(s, Internal("rollback: disk full"), "the rollback");
  EXPECT_EQ(kept.details(), s.details());
  EXPECT_EQ(Response::Error(Status(StatusCode::kConflict, "taken")
                                .With("code", "x")
                                .With("field", "y"))
                .body,
            R"({"error":{"code":"conflict","message":"taken","field":null}})");
  testing::internal::CaptureStderr();
  const Response hidden =
      Response::Error(Internal("bad row 7").With("table", "tap_event"));
  testing::internal::GetCapturedStderr();
  EXPECT_EQ(hidden.body.find("tap_event"), std::string::npos) << hidden.body;
}

TEST(HttpErrorTest, EveryCodeHasItsHttpStatus) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 422);
  EXPECT_EQ(HttpStatusFor(StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
}

}  // namespace
}  // namespace jjm
