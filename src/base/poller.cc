#include "base/poller.h"

#include <cstdio>
#include <utility>

namespace jjm {

Poller::~Poller() { Stop(); }

Status Poller::Start(std::chrono::milliseconds interval, std::string what,
                     std::function<Status()> fn) {
  if (thread_.joinable()) {
    return FailedPrecondition("already " + what);
  }
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  thread_ =
      std::thread([this, interval, what = std::move(what), fn = std::move(fn)] {
        while (true) {
          {
            std::unique_lock lock(mu_);
            if (cv_.wait_for(lock, interval, [&] { return stop_; })) return;
          }
          if (Status s = fn(); !s.ok()) {
            std::fprintf(stderr, "jjm: %s: %s\n", what.c_str(),
                         s.ToString().c_str());
          }
        }
      });
  return Status::Ok();
}

void Poller::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace jjm
