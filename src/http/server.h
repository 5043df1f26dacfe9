// The HTTP server: HTTP/1.1 with keep-alive on Boost.Beast, handing each
// request to a Router.  Beast is confined to server.cc.
#ifndef JJM_HTTP_SERVER_H_
#define JJM_HTTP_SERVER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "http/router.h"

namespace jjm {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  int threads = 2;
  size_t body_limit = 8 << 20;  // bytes
  size_t header_limit = 16 << 10;
  int idle_timeout_seconds = 60;
  // Addresses of reverse proxies (nginx) whose X-Forwarded-For is believed:
  // a request from one of them counts as coming from the address the proxy
  // appended last.  Sign-in limits per address depend on it.
  std::vector<std::string> trusted_proxies;
};

class HttpServer {
 public:
  HttpServer(const Router* router, ServerOptions options);
  ~HttpServer();

  // Binds and listens; after this, port() is the real port.
  Status Listen();
  int port() const;
  // Serves until Stop() or SIGINT/SIGTERM.
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jjm

#endif  // JJM_HTTP_SERVER_H_
