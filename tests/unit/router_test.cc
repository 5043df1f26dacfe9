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

}  // namespace
}  // namespace jjm
