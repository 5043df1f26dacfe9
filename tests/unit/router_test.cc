// The router denies by default: a route must declare who may call it.
#include "http/router.h"

#include <gtest/gtest.h>

namespace jjm {
namespace {

Response Ok(Request&) { return Response::Json(200, "{}"); }

Response Call(const Router& router, std::string method, std::string path) {
  Request req;
  req.method = std::move(method);
  req.path = std::move(path);
  return router.Dispatch(req);
}

TEST(RouterTest, UndeclaredAccessIsRefused) {
  Router router;
  router.Add("GET", "/api/v1/open", Access::Public(), Ok);
  router.Add("GET", "/api/v1/forgotten", Access{}, Ok);
  EXPECT_EQ(Call(router, "GET", "/api/v1/open").status, 200);
  const Response r = Call(router, "GET", "/api/v1/forgotten");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("\"code\":\"permission_denied\""), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("declares no access"), std::string::npos) << r.body;
}

TEST(RouterTest, UnknownPathsAndMethods) {
  Router router;
  router.Add("GET", "/api/v1/units/{code}", Access::Public(), Ok);
  EXPECT_EQ(Call(router, "GET", "/api/v1/units/S36").status, 200);
  EXPECT_EQ(Call(router, "POST", "/api/v1/units/S36").status, 405);
  EXPECT_EQ(Call(router, "GET", "/api/v1/nothing").status, 404);
}

TEST(RouterTest, BodyLimitsPerRoute) {
  Router router;
  router.Add("POST", "/api/v1/imports/{kind}", Access::SignedIn(), Ok);
  router.Add("POST", "/api/v1/small", Access::SignedIn(), Ok);
  router.Add("POST", "/api/v1/forgotten", Access{}, Ok);
  router.SetBodyLimit("POST", "/api/v1/imports/{kind}", 1 << 20);
  router.SetBodyLimit("POST", "/api/v1/forgotten", 1 << 20);
  auto limit = [&](std::string method, std::string path) {
    Request head;
    head.method = std::move(method);
    head.path = std::move(path);
    return router.BodyLimit(head);
  };
  EXPECT_EQ(limit("POST", "/api/v1/imports/villages"), size_t{1} << 20);
  EXPECT_EQ(limit("GET", "/api/v1/imports/villages"), 0u);
  EXPECT_EQ(limit("POST", "/api/v1/small"), 0u);
  EXPECT_EQ(limit("POST", "/api/v1/nothing"), 0u);
  // A route that admits nobody gets no larger body either.
  EXPECT_EQ(limit("POST", "/api/v1/forgotten"), 0u);
}

}  // namespace
}  // namespace jjm
