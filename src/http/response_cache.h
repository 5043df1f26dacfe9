// Answers to reads, kept until the data changes: a dashboard asks the same
// few questions again and again.  Each entry belongs to one version of the
// data (CoverageService::version()); an entry of another version is never
// returned, and the first Put of a new version empties the cache.
//
// Thread safety: all methods may be called from any thread.
#ifndef JJM_HTTP_RESPONSE_CACHE_H_
#define JJM_HTTP_RESPONSE_CACHE_H_

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "http/http.h"

namespace jjm {

class ResponseCache {
 public:
  // The body kept for `key` at `version`, or null.
  std::shared_ptr<const std::string> Get(const std::string& key,
                                         uint64_t version) {
    std::shared_lock lock(mu_);
    if (version != version_) return nullptr;
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : it->second;
  }
  // Keeps `body` for `key` at `version` and returns it shared.
  std::shared_ptr<const std::string> Put(const std::string& key,
                                         uint64_t version, std::string body) {
    auto value = std::make_shared<const std::string>(std::move(body));
    std::unique_lock lock(mu_);
    if (version != version_ || map_.size() >= kMaxEntries) {
      map_.clear();
      version_ = version;
    }
    map_[key] = value;
    return value;
  }

  // The answer for `key` at `version`: the kept one, or compute() (kept
  // when its status is 200).
  template <typename Fn>
  Response GetOrCompute(const std::string& key, uint64_t version,
                        Fn&& compute) {
    if (auto hit = Get(key, version)) {
      Response r;
      r.shared_body = std::move(hit);
      return r;
    }
    Response r = compute();
    if (r.status == 200) {
      r.shared_body = Put(key, version, std::move(r.body));
      r.body.clear();
    }
    return r;
  }

 private:
  static constexpr size_t kMaxEntries = 4096;
  std::shared_mutex mu_;
  uint64_t version_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> map_;
};

}  // namespace jjm

#endif  // JJM_HTTP_RESPONSE_CACHE_H_
