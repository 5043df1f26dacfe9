#include "http/server.h"

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <ctime>
#include <thread>
#include <vector>

#include "base/strings.h"

namespace jjm {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Headers on every answer.
constexpr std::string_view kFixedHeaders =
    "Server: jjm\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; object-src 'none'; base-uri "
    "'none'; frame-ancestors 'none'; form-action 'self'\r\n";

// "Date: ..." for now, recomputed at most once a second.
std::string DateHeader() {
  static thread_local std::time_t last = 0;
  static thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != last) {
    last = now;
    std::tm tm;
    gmtime_r(&now, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
    text = buf;
  }
  return text;
}

// A response on the wire: the header text and a body that may be shared
// with a cache.
struct Wire {
  std::string head;
  std::string body;
  std::shared_ptr<const std::string> shared_body;
  bool send_body = true;
  const std::string& Body() const { return shared_body ? *shared_body : body; }
};

std::shared_ptr<Wire> Serialise(int status, std::string_view content_type,
                                Response* out, bool keep_alive, bool head) {
  auto w = std::make_shared<Wire>();
  w->shared_body = std::move(out->shared_body);
  w->body = std::move(out->body);
  w->send_body = !head;
  std::string& h = w->head;
  h.reserve(640);
  h += "HTTP/1.1 ";
  h += std::to_string(status);
  h += ' ';
  const auto reason = http::obsolete_reason(static_cast<http::status>(status));
  h.append(reason.data(), reason.size());
  h += "\r\n";
  h += DateHeader();
  h += kFixedHeaders;
  h += "Content-Type: ";
  h += content_type;
  h += "\r\nContent-Length: ";
  h += std::to_string(w->Body().size());
  h += keep_alive ? "\r\nConnection: keep-alive\r\n"
                  : "\r\nConnection: close\r\n";
  for (const auto& [k, v] : out->headers) {
    h += k;
    h += ": ";
    h += v;
    h += "\r\n";
  }
  h += "\r\n";
  return w;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Router* router, const ServerOptions* opt)
      : stream_(std::move(socket)), router_(router), opt_(opt) {}

  void Start() {
    beast::error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
    Read();
  }

 private:
  void Read() {
    parser_.emplace();
    // Beast checks a Content-Length against the limit with the headers:
    // let through what some route may take, and check per route below.
    parser_->body_limit(std::max(opt_->body_limit, router_->MaxBodyLimit()));
    parser_->header_limit(static_cast<std::uint32_t>(opt_->header_limit));
    stream_.expires_after(std::chrono::seconds(opt_->idle_timeout_seconds));
    // The headers first: the route they name may take a larger body.
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec) {
            self->OnRead(ec);
            return;
          }
          const size_t limit = self->BodyLimitHere();
          const auto length = self->parser_->content_length();
          if (length && *length > limit) {
            self->TooLarge(limit);
            return;
          }
          self->parser_->body_limit(limit);
          self->ReadBody();
        });
  }

  // The header `name` of the request at `src`, for Request::Header.
  static std::string_view HeaderOf(const void* src, std::string_view name) {
    const auto& fields =
        *static_cast<const http::request<http::string_body>*>(src);
    auto it = fields.find(beast::string_view(name.data(), name.size()));
    if (it == fields.end()) return std::string_view();
    return std::string_view(it->value().data(), it->value().size());
  }

  // The body limit the router gives the request whose headers are read
  // (0: the server's).
  size_t RouteBodyLimit() {
    const auto& m = parser_->get();
    Request head;
    head.method = std::string(m.method_string());
    head.target = std::string(m.target());
    head.path = head.target.substr(0, head.target.find('?'));
    head.header_lookup = &HeaderOf;
    head.header_source = &m;
    head.remote = remote_;
    return router_->BodyLimit(head);
  }

  // The body limit for the request whose headers are read.
  size_t BodyLimitHere() {
    const size_t limit = RouteBodyLimit();
    return limit > 0 ? limit : opt_->body_limit;
  }

  void TooLarge(size_t limit) {
    SendError(413, "payload_too_large",
              "the request body is over the limit of " + std::to_string(limit) +
                  " bytes");
  }

  void ReadBody() {
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) {
          self->OnRead(ec);
        });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      Close();
      return;
    }
    if (ec == http::error::body_limit) {
      TooLarge(BodyLimitHere());
      return;
    }
    if (ec == http::error::header_limit) {
      SendError(431, "invalid_argument", "request headers are too large");
      return;
    }
    if (ec) {
      SendError(400, "invalid_argument", "malformed HTTP request");
      return;
    }
    Handle(parser_->release());
  }

  void SendError(int status, const char* code, const std::string& message) {
    Response out;
    out.body = "{\"error\":{\"code\":\"";
    out.body += code;
    out.body += "\",\"message\":\"";
    AppendJsonEscaped(message, &out.body);
    out.body += "\",\"field\":null}}";
    drain_ = true;
    Write(Serialise(status, "application/json", &out, false, false), true);
  }

  // The peer, or behind a trusted proxy, the address it says it served.
  std::string ClientAddress(const Request& r) const {
    const auto& proxies = opt_->trusted_proxies;
    if (std::find(proxies.begin(), proxies.end(), remote_) == proxies.end()) {
      return remote_;
    }
    std::string_view xff = r.Header("x-forwarded-for");
    const size_t comma = xff.rfind(',');
    if (comma != std::string_view::npos) xff.remove_prefix(comma + 1);
    while (!xff.empty() && xff.front() == ' ') xff.remove_prefix(1);
    while (!xff.empty() && xff.back() == ' ') xff.remove_suffix(1);
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(std::string(xff), ec);
    if (ec) return remote_;
    return addr.to_string();
  }

  void Handle(http::request<http::string_body> req) {
    Request r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    const size_t q = r.target.find('?');
    auto path = PercentDecode(std::string_view(r.target).substr(0, q));
    const bool query_ok =
        q == std::string::npos ||
        ParseQueryString(std::string_view(r.target).substr(q + 1), &r.query);
    r.header_lookup = &HeaderOf;
    r.header_source = &req;
    r.body = std::move(req.body());
    r.remote = ClientAddress(r);
    Response out;
    if (!path || !query_ok || path->find('\0') != std::string::npos) {
      out = Response::Error(InvalidArgument("malformed URL escape"));
    } else {
      r.path = std::move(*path);
      try {
        out = router_->Dispatch(r);
      } catch (const std::exception& e) {
        // Response::Error logs it, with the request it came from.
        out = Response::Error(
            Internal(r.method + " " + r.target + ": " + e.what()));
      }
    }
    const bool keep_alive = req.keep_alive();
    const bool head = req.method() == http::verb::head;
    if (out.deferred) {
      auto deferred = std::move(out.deferred);
      deferred([self = shared_from_this(), keep_alive, head](Response later) {
        auto wire = Serialise(later.status, later.content_type, &later,
                              keep_alive, head);
        asio::post(self->stream_.get_executor(),
                   [self, wire, keep_alive]() mutable {
                     self->Write(std::move(wire), !keep_alive);
                   });
      });
      return;
    }
    Write(Serialise(out.status, out.content_type, &out, keep_alive, head),
          !keep_alive);
  }

  // Sends the header and body in one gather write.
  void Write(std::shared_ptr<Wire> w, bool close) {
    std::array<asio::const_buffer, 2> buffers = {
        asio::buffer(w->head),
        asio::buffer(w->send_body ? w->Body() : std::string_view())};
    stream_.expires_after(std::chrono::seconds(opt_->idle_timeout_seconds));
    stream_.async_write_some(
        buffers, [self = shared_from_this(), w, close, offset = size_t{0}](
                     beast::error_code ec, std::size_t n) mutable {
          self->OnWrite(std::move(w), close, offset + n, ec);
        });
  }

  void OnWrite(std::shared_ptr<Wire> w, bool close, size_t written,
               beast::error_code ec) {
    const size_t total = w->head.size() + (w->send_body ? w->Body().size() : 0);
    if (!ec && written < total) {
      // A partial write: send the rest.
      std::array<asio::const_buffer, 2> rest;
      if (written < w->head.size()) {
        rest = {asio::buffer(w->head) + written,
                asio::buffer(w->send_body ? w->Body() : std::string_view())};
      } else {
        rest = {asio::const_buffer(),
                asio::buffer(w->Body()) + (written - w->head.size())};
      }
      stream_.async_write_some(
          rest, [self = shared_from_this(), w, close, written](
                    beast::error_code ec2, std::size_t n) mutable {
            self->OnWrite(std::move(w), close, written + n, ec2);
          });
      return;
    }
    if (ec || close) {
      Close();
      return;
    }
    Read();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (drain_) Drain();
  }

  // After refusing a request mid-body, reads and drops what the client is
  // still sending (for a few seconds) so that closing does not reset the
  // connection before the client has read the refusal.
  void Drain() {
    drain_ = false;
    drain_buf_.resize(64 << 10);
    stream_.expires_after(std::chrono::seconds(5));
    ReadAndDrop();
  }
  void ReadAndDrop() {
    stream_.async_read_some(
        asio::buffer(drain_buf_),
        [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (!ec) self->ReadAndDrop();
        });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const Router* router_;
  const ServerOptions* opt_;
  std::string remote_;
  bool drain_ = false;
  std::vector<char> drain_buf_;
};

}  // namespace

struct HttpServer::Impl {
  const Router* router;
  ServerOptions opt;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc, SIGINT, SIGTERM};
  int port = 0;

  void Accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec,
                                                         tcp::socket socket) {
      if (!ec) {
        std::make_shared<Session>(std::move(socket), router, &opt)->Start();
      }
      if (acceptor.is_open()) Accept();
    });
  }
};

HttpServer::HttpServer(const Router* router, ServerOptions options)
    : impl_(new Impl) {
  impl_->router = router;
  impl_->opt = std::move(options);
}

HttpServer::~HttpServer() = default;

Status HttpServer::Listen() {
  beast::error_code ec;
  for (std::string& p : impl_->opt.trusted_proxies) {
    const auto a = asio::ip::make_address(p, ec);
    if (ec) {
      return InvalidArgument("trusted proxy '" + p + "' is not an IP address",
                             "trusted-proxy");
    }
    p = a.to_string();
  }
  const auto address = asio::ip::make_address(impl_->opt.host, ec);
  if (ec) {
    return InvalidArgument("'" + impl_->opt.host + "' is not an IP address",
                           "host");
  }
  if (impl_->opt.port < 0 || impl_->opt.port > 65535) {
    return InvalidArgument("port must be 0..65535", "port");
  }
  tcp::endpoint ep(address, static_cast<unsigned short>(impl_->opt.port));
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status(StatusCode::kUnavailable,
                  "cannot listen on " + impl_->opt.host + ":" +
                      std::to_string(impl_->opt.port) + ": " + ec.message());
  }
  impl_->port = a.local_endpoint().port();
  return Status::Ok();
}

int HttpServer::port() const { return impl_->port; }

void HttpServer::Run() {
  impl_->signals.async_wait([this](beast::error_code, int) { Stop(); });
  impl_->Accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->opt.threads; ++i) {
    threads.emplace_back([this] { impl_->ioc.run(); });
  }
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void HttpServer::Stop() {
  asio::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
    impl_->ioc.stop();
  });
}

}  // namespace jjm
