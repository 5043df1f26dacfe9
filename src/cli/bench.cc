#include "cli/bench.h"

#include <algorithm>
#include <utility>
// Asio 1.74 needs <utility> before its headers under C++20.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <random>

#include "base/date.h"
#include "coverage/coverage_service.h"
#include "store/db.h"

namespace jjm {

double ProcStatusMiB(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string k(key);
  while (std::getline(in, line)) {
    if (line.rfind(k, 0) == 0) return std::stod(line.substr(k.size())) / 1024.0;
  }
  return -1;
}

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(p * v.size()));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

void PrintResult(const std::string& name, std::vector<double>& us,
                 const std::string& extra = "") {
  const double p50 = Percentile(us, 0.50);
  const double p99 = Percentile(us, 0.99);
  std::printf("{\"name\":\"%s\",\"n\":%zu,\"p50_us\":%.2f,\"p99_us\":%.2f%s}\n",
              name.c_str(), us.size(), p50, p99, extra.c_str());
  std::fflush(stdout);
}

// host and port from "http://host:port".
bool ParseUrl(const std::string& url, std::string* host, std::string* port) {
  const std::string prefix = "http://";
  if (url.rfind(prefix, 0) != 0) return false;
  std::string rest = url.substr(prefix.size());
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos) {
    *host = rest;
    *port = "80";
  } else {
    *host = rest.substr(0, colon);
    *port = rest.substr(colon + 1);
  }
  return !host->empty();
}

// The Authorization header every request carries, or empty.
std::string& Authorization() {
  static std::string* value = new std::string();
  return *value;
}

// One keep-alive connection that sends requests until told to stop.
class Conn : public std::enable_shared_from_this<Conn> {
 public:
  struct Req {
    http::verb method = http::verb::get;
    std::string target;
    std::string body;
    Clock::time_point not_before{};  // send no earlier than this
  };
  // Gives the next request, or false to stop.
  using Next = std::function<bool(Req*)>;
  // Reports a response: status (0 on a network error), body, latency.
  using Done = std::function<void(const Req&, int, const std::string&, double)>;

  Conn(asio::io_context& ioc, tcp::endpoint ep, std::string host, Next next,
       Done done)
      : socket_(ioc),
        timer_(ioc),
        ep_(ep),
        host_(std::move(host)),
        next_(std::move(next)),
        done_(std::move(done)) {}

  void Start() {
    socket_.async_connect(ep_,
                          [self = shared_from_this()](beast::error_code ec) {
                            if (ec) {
                              self->done_(Req(), 0, ec.message(), 0);
                              return;
                            }
                            self->socket_.set_option(tcp::no_delay(true));
                            self->Send();
                          });
  }

 private:
  void Send() {
    req_.not_before = {};
    if (!next_(&req_)) return;
    if (req_.not_before > Clock::now()) {
      timer_.expires_at(req_.not_before);
      timer_.async_wait(
          [self = shared_from_this()](beast::error_code) { self->Write(); });
      return;
    }
    Write();
  }

  void Write() {
    request_ = {};
    request_.method(req_.method);
    request_.target(req_.target);
    request_.version(11);
    request_.set(http::field::host, host_);
    if (!Authorization().empty()) {
      request_.set(http::field::authorization, Authorization());
    }
    request_.keep_alive(true);
    if (!req_.body.empty()) {
      request_.set(http::field::content_type, "application/json");
      request_.body() = req_.body;
    }
    request_.prepare_payload();
    start_ = Clock::now();
    http::async_write(
        socket_, request_,
        [self = shared_from_this()](beast::error_code ec, size_t) {
          if (ec) {
            self->done_(self->req_, 0, ec.message(), 0);
            return;
          }
          self->Receive();
        });
  }

  void Receive() {
    parser_.emplace();
    parser_->body_limit(64 << 20);
    http::async_read(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) {
          const double us = std::chrono::duration<double, std::micro>(
                                Clock::now() - self->start_)
                                .count();
          if (ec) {
            self->done_(self->req_, 0, ec.message(), us);
            return;
          }
          auto res = self->parser_->release();
          self->done_(self->req_, res.result_int(), res.body(), us);
          self->Send();
        });
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  tcp::endpoint ep_;
  std::string host_;
  Next next_;
  Done done_;
  Req req_;
  http::request<http::string_body> request_;
  beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
  Clock::time_point start_;
};

StatusOr<tcp::endpoint> Resolve(asio::io_context& ioc, const std::string& url,
                                std::string* host) {
  std::string port;
  if (!ParseUrl(url, host, &port)) {
    return InvalidArgument("the url must look like http://127.0.0.1:8080");
  }
  tcp::resolver resolver(ioc);
  beast::error_code ec;
  auto results = resolver.resolve(*host, port, ec);
  if (ec || results.empty()) {
    return InvalidArgument("cannot resolve " + url + ": " + ec.message());
  }
  return results.begin()->endpoint();
}

// A GET over a fresh connection, for the totals before and after.
StatusOr<std::string> Get(const std::string& url, const std::string& target) {
  asio::io_context ioc;
  std::string host;
  JJM_ASSIGN_OR_RETURN(tcp::endpoint ep, Resolve(ioc, url, &host));
  std::string body;
  int status = 0;
  bool sent = false;
  auto conn = std::make_shared<Conn>(
      ioc, ep, host,
      [&](Conn::Req* r) {
        if (sent) return false;
        sent = true;
        r->target = target;
        return true;
      },
      [&](const Conn::Req&, int s, const std::string& b, double) {
        status = s;
        body = b;
      });
  conn->Start();
  ioc.run();
  if (status != 200) {
    return Internal("GET " + target + " answered " + std::to_string(status));
  }
  return body;
}

// The figure `key` inside the "total" object of a coverage answer.
int64_t TotalField(const std::string& json, const std::string& key) {
  const size_t t = json.find("\"total\":");
  const size_t k = json.find("\"" + key + "\":", t);
  if (t == std::string::npos || k == std::string::npos) return -1;
  return std::stoll(json.substr(k + key.size() + 3));
}

}  // namespace

int BenchQueries(const BenchQueriesOptions& opt) {
  auto db = Db::Open(opt.db);
  if (!db.ok()) {
    std::fprintf(stderr, "jjm: %s\n", db.status().message().c_str());
    return 2;
  }
  if (Status s = Migrate(db->get()); !s.ok()) {
    std::fprintf(stderr, "jjm: %s\n", s.message().c_str());
    return 2;
  }
  LoadStats ls;
  auto svc = CoverageService::Load(db->get(), &ls);
  if (!svc.ok()) {
    std::fprintf(stderr, "jjm: %s\n", svc.status().message().c_str());
    return 2;
  }
  std::printf(
      "{\"name\":\"load\",\"seconds\":%.3f,\"units\":%zu,\"facts\":%zu,"
      "\"events\":%zu}\n",
      ls.seconds, ls.units, ls.facts, ls.events);
  std::mt19937 rng(opt.seed);
  const int32_t first = JjmBaseline().days();
  const int32_t last = Date::FromCivil(2025, 7, 16).days();
  auto random_date = [&] {
    return Date::FromDays(first +
                          static_cast<int32_t>(rng() % (last - first + 1)));
  };
  (*svc)->Read([&](const Hierarchy& h, const CoverageIndex& index) {
    std::vector<UnitId> states, districts, upto_block;
    h.ForEachAtLevel(kIndia, Level::kState,
                     [&](UnitId u) { states.push_back(u); });
    h.ForEachAtLevel(kIndia, Level::kDistrict,
                     [&](UnitId u) { districts.push_back(u); });
    for (int l = 1; l <= 3; ++l) {
      h.ForEachAtLevel(kIndia, static_cast<Level>(l),
                       [&](UnitId u) { upto_block.push_back(u); });
    }
    volatile int64_t sink = 0;
    auto time = [&](const char* name, int n, auto&& fn) {
      std::vector<double> us;
      us.reserve(n);
      for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        sink = sink + fn();
        us.push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - t0)
                .count());
      }
      PrintResult(name, us);
    };
    const int n = opt.iterations;
    time("state_rollup", n, [&] {
      int64_t s = 0;
      for (UnitId u : states) s += index.Current(u).hh_with_tap;
      return s;
    });
    time("state_district_block_rollup", std::max(50, n / 10), [&] {
      int64_t s = 0;
      for (UnitId u : upto_block) s += index.Current(u).hh_with_tap;
      return s;
    });
    time("district_blocks", n, [&] {
      int64_t s = 0;
      const UnitId d = districts[rng() % districts.size()];
      h.ForEachAtLevel(d, Level::kBlock,
                       [&](UnitId u) { s += index.Current(u).hh_with_tap; });
      return s;
    });
    time("national_as_of", n, [&] {
      return static_cast<int64_t>(index.At(kIndia, random_date()).hh_with_tap);
    });
    time("states_as_of", n, [&] {
      const Date d = random_date();
      int64_t s = 0;
      for (UnitId u : states) s += index.At(u, d).hh_with_tap;
      return s;
    });
    time("district_blocks_as_of", std::max(50, n / 4), [&] {
      const Date d = random_date();
      int64_t s = 0;
      const UnitId dist = districts[rng() % districts.size()];
      h.ForEachAtLevel(dist, Level::kBlock,
                       [&](UnitId u) { s += index.At(u, d).hh_with_tap; });
      return s;
    });
  });
  return 0;
}

int BenchHttp(const BenchHttpOptions& opt) {
  if (opt.targets.empty()) {
    std::fprintf(stderr, "jjm: no targets\n");
    return 2;
  }
  asio::io_context ioc;
  std::string host;
  auto ep = Resolve(ioc, opt.url, &host);
  if (!ep.ok()) {
    std::fprintf(stderr, "jjm: %s\n", ep.status().message().c_str());
    return 2;
  }
  std::mt19937 rng(opt.seed);
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(opt.seconds));
  std::vector<double> us;
  int64_t errors = 0;
  std::string first_error;
  std::vector<std::string> order = opt.targets;
  std::shuffle(order.begin(), order.end(), rng);
  size_t next = 0;
  for (int c = 0; c < opt.connections; ++c) {
    std::make_shared<Conn>(
        ioc, *ep, host,
        [&](Conn::Req* r) {
          r->method = http::verb::get;
          if (opt.once) {
            if (next >= order.size()) return false;
            r->target = order[next++];
            return true;
          }
          if (Clock::now() >= deadline) return false;
          r->target = opt.targets[rng() % opt.targets.size()];
          return true;
        },
        [&](const Conn::Req& r, int status, const std::string& body, double t) {
          if (status == 200) {
            us.push_back(t);
          } else {
            ++errors;
            if (first_error.empty()) {
              first_error = r.target + " -> " + std::to_string(status) + " " +
                            body.substr(0, 200);
            }
          }
        })
        ->Start();
  }
  const auto t0 = Clock::now();
  ioc.run();
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  char extra[256];
  std::snprintf(extra, sizeof extra, ",\"rps\":%.0f,\"errors\":%lld",
                us.size() / secs, static_cast<long long>(errors));
  PrintResult(opt.name, us, extra);
  if (!first_error.empty())
    std::fprintf(stderr, "first error: %s\n", first_error.c_str());
  return errors == 0 ? 0 : 1;
}

int BenchMixed(const BenchMixedOptions& opt) {
  if (!opt.api_key_file.empty()) {
    std::ifstream in(opt.api_key_file);
    std::string key;
    if (!std::getline(in, key) || key.empty()) {
      std::fprintf(stderr, "cannot read an API key from %s\n",
                   opt.api_key_file.c_str());
      return 1;
    }
    Authorization() = "Bearer " + key;
  }
  if (opt.villages.empty()) {
    std::fprintf(stderr, "jjm: no villages to write to\n");
    return 2;
  }
  const std::string total_target = "/api/v1/coverage?level=state";
  auto before = Get(opt.url, total_target);
  if (!before.ok()) {
    std::fprintf(stderr, "jjm: %s\n", before.status().message().c_str());
    return 2;
  }
  const int64_t tap_before = TotalField(*before, "hh_with_tap");
  const std::string today = Date::TodayIst().ToString();

  asio::io_context ioc;
  std::string host;
  auto ep = Resolve(ioc, opt.url, &host);
  if (!ep.ok()) return 2;
  std::mt19937 rng(opt.seed);
  // "CODE" or "CODE,ROOM": a village is not given more connections than it
  // has households without tap, so that no write is refused for that.
  std::vector<std::string> codes;
  std::vector<int64_t> room;
  for (const std::string& line : opt.villages) {
    const size_t comma = line.find(',');
    codes.push_back(line.substr(0, comma));
    room.push_back(comma == std::string::npos
                       ? INT64_MAX
                       : std::stoll(line.substr(comma + 1)));
  }
  auto PickVillage = [&]() -> std::string {
    for (int tries = 0; tries < 64; ++tries) {
      const size_t i = rng() % codes.size();
      if (room[i] > 0) {
        --room[i];
        return codes[i];
      }
    }
    for (size_t i = 0; i < codes.size(); ++i) {
      if (room[i] > 0) {
        --room[i];
        return codes[i];
      }
    }
    return codes[0];  // every village is full: the write will be refused
  };
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(opt.seconds));
  std::vector<std::string> reads = opt.reads;
  if (reads.empty()) reads = {"/api/v1/coverage?level=state"};
  std::vector<double> read_us, write_us;
  int64_t acknowledged_households = 0, acknowledged_writes = 0, errors = 0;
  std::string first_error;
  auto on_error = [&](const std::string& what) {
    ++errors;
    if (first_error.empty()) first_error = what;
  };
  auto gap = [](double rate) {
    return rate > 0 ? std::chrono::duration_cast<Clock::duration>(
                          std::chrono::duration<double>(1.0 / rate))
                    : Clock::duration::zero();
  };
  const auto write_gap = gap(opt.write_rate);
  for (int w = 0; w < opt.writers; ++w) {
    const int size = w % 2 == 0 ? 1 : opt.batch;
    auto next_at = std::make_shared<Clock::time_point>(
        Clock::now() + write_gap * w / std::max(1, opt.writers));
    std::make_shared<Conn>(
        ioc, *ep, host,
        [&, size, next_at](Conn::Req* r) {
          if (Clock::now() >= deadline) return false;
          if (write_gap != Clock::duration::zero()) {
            r->not_before = *next_at;
            *next_at = std::max(*next_at + write_gap, Clock::now());
          }
          r->method = http::verb::post;
          r->target = "/api/v1/connections";
          std::string items;
          for (int i = 0; i < size; ++i) {
            if (i > 0) items += ',';
            items += "{\"village_code\":\"" + PickVillage() + "\",\"date\":\"" +
                     today + "\",\"households\":1}";
          }
          r->body = size == 1 ? items : "{\"connections\":[" + items + "]}";
          return true;
        },
        [&, size](const Conn::Req& r, int status, const std::string& body,
                  double t) {
          if (status == 201) {
            write_us.push_back(t);
            acknowledged_households += size;
            acknowledged_writes += size;
          } else {
            on_error("POST -> " + std::to_string(status) + " " +
                     body.substr(0, 300));
          }
        })
        ->Start();
  }
  const auto read_gap = gap(opt.read_rate);
  for (int i = 0; i < opt.readers; ++i) {
    // Paced readers start at staggered times, one request every read_gap.
    auto next_at = std::make_shared<Clock::time_point>(
        Clock::now() + read_gap * i / std::max(1, opt.readers));
    std::make_shared<Conn>(
        ioc, *ep, host,
        [&, next_at](Conn::Req* r) {
          if (Clock::now() >= deadline) return false;
          r->method = http::verb::get;
          r->target = reads[rng() % reads.size()];
          if (read_gap != Clock::duration::zero()) {
            r->not_before = *next_at;
            *next_at = std::max(*next_at + read_gap, Clock::now());
          }
          return true;
        },
        [&](const Conn::Req& r, int status, const std::string& body, double t) {
          if (status == 200) {
            read_us.push_back(t);
          } else {
            on_error("GET " + r.target + " -> " + std::to_string(status) + " " +
                     body.substr(0, 300));
          }
        })
        ->Start();
  }
  const auto t0 = Clock::now();
  ioc.run();
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();

  auto after = Get(opt.url, total_target);
  const int64_t tap_after = after.ok() ? TotalField(*after, "hh_with_tap") : -1;
  const bool exact = tap_after - tap_before == acknowledged_households;
  std::vector<double> r = read_us, wr = write_us;
  std::printf(
      "{\"name\":\"mixed\",\"seconds\":%.1f,\"writers\":%d,\"readers\":%d,"
      "\"read_rate_per_reader\":%.0f,\"write_rate_per_writer\":%.0f,"
      "\"writes\":%lld,\"writes_per_s\":%.0f,\"write_requests\":%zu,"
      "\"write_p50_us\":%.0f,\"write_p99_us\":%.0f,\"reads\":%zu,"
      "\"reads_per_s\":%.0f,\"read_p50_us\":%.0f,\"read_p99_us\":%.0f,"
      "\"errors\":%lld,\"national_before\":%lld,\"national_after\":%lld,"
      "\"acknowledged_households\":%lld,\"totals_exact\":%s}\n",
      secs, opt.writers, opt.readers, opt.read_rate, opt.write_rate,
      static_cast<long long>(acknowledged_writes), acknowledged_writes / secs,
      write_us.size(), Percentile(wr, 0.5), Percentile(wr, 0.99),
      read_us.size(), read_us.size() / secs, Percentile(r, 0.5),
      Percentile(r, 0.99), static_cast<long long>(errors),
      static_cast<long long>(tap_before), static_cast<long long>(tap_after),
      static_cast<long long>(acknowledged_households),
      exact ? "true" : "false");
  if (!first_error.empty())
    std::fprintf(stderr, "first error: %s\n", first_error.c_str());
  return errors == 0 && exact ? 0 : 1;
}

}  // namespace jjm
