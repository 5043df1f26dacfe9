#include "operations/resolve_times.h"

#include <iterator>

namespace jjm {

namespace {

Status CheckTimes(int64_t filed_at, int64_t resolved_at) {
  if (resolved_at < filed_at) {
    return InvalidArgument("a complaint cannot be resolved before it was filed",
                           "resolved_at");
  }
  return Status::Ok();
}

}  // namespace

Status ResolveTimes::Add(int64_t filed_at, int64_t resolved_at) {
  JJM_RETURN_IF_ERROR(CheckTimes(filed_at, resolved_at));
  AddSeconds(resolved_at - filed_at);
  return Status::Ok();
}

Status ResolveTimes::Remove(int64_t filed_at, int64_t resolved_at) {
  JJM_RETURN_IF_ERROR(CheckTimes(filed_at, resolved_at));
  if (!RemoveSeconds(resolved_at - filed_at)) {
    return NotFound("no resolved complaint of that duration is counted");
  }
  return Status::Ok();
}

bool ResolveTimes::AddSeconds(int64_t seconds) {
  if (seconds < 0) return false;
  if (low_.empty() || seconds <= *low_.rbegin()) {
    low_.insert(seconds);
  } else {
    high_.insert(seconds);
  }
  Rebalance();
  return true;
}

bool ResolveTimes::RemoveSeconds(int64_t seconds) {
  if (seconds < 0 || low_.empty()) return false;
  // A value equal to the lower half's largest may sit in either half.
  auto in_low = low_.find(seconds);
  if (in_low != low_.end()) {
    low_.erase(in_low);
  } else {
    auto in_high = high_.find(seconds);
    if (in_high == high_.end()) return false;
    high_.erase(in_high);
  }
  Rebalance();
  return true;
}

void ResolveTimes::Rebalance() {
  while (low_.size() > high_.size() + 1) {
    auto last = std::prev(low_.end());
    high_.insert(*last);
    low_.erase(last);
  }
  while (high_.size() > low_.size()) {
    auto first = high_.begin();
    low_.insert(*first);
    high_.erase(first);
  }
}

std::optional<double> ResolveTimes::MedianSeconds() const {
  if (low_.empty()) return std::nullopt;
  const int64_t lower = *low_.rbegin();
  if (low_.size() > high_.size()) return static_cast<double>(lower);
  const int64_t upper = *high_.begin();
  return (static_cast<double>(lower) + static_cast<double>(upper)) / 2;
}

std::optional<double> ResolveTimes::MedianHours() const {
  std::optional<double> s = MedianSeconds();
  if (!s.has_value()) return std::nullopt;
  return *s / 3600;
}

}  // namespace jjm
