// A thread that runs a callback every N milliseconds until stopped: what
// follows another process's writes (the coverage ledger, the accounts) is
// written once here.
//
//   Poller follower;
//   follower.Start(std::chrono::milliseconds(250), "following accounts",
//                  [this] { return Refresh(); });
//   ...
//   follower.Stop();  // or let the destructor do it
//
// Thread safety: Start and Stop are called by the owner, not concurrently
// with each other; the callback runs on the poller's own thread.
#ifndef JJM_BASE_POLLER_H_
#define JJM_BASE_POLLER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "base/status.h"

namespace jjm {

class Poller {
 public:
  Poller() = default;
  // Stops the thread (see Stop).
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  // Starts a thread that waits `interval`, calls `fn`, and again, until
  // Stop().  A failing call does not stop it: its status is written to
  // stderr as "jjm: <what>: <status>" and the next call comes as usual.
  // Refused (failed precondition) when already started.
  Status Start(std::chrono::milliseconds interval, std::string what,
               std::function<Status()> fn);

  // Wakes the thread, lets a call under way finish, and joins it.  No call
  // starts after Stop() returns.  Does nothing when not started; may be
  // called more than once.
  void Stop();

  bool running() const { return thread_.joinable(); }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace jjm

#endif  // JJM_BASE_POLLER_H_
