// The median time to resolve, kept per place and updated by Add and
// Remove.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "operations/resolve_times.h"

namespace jjm {
namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kT0 = 1717408800;  // 2024-06-03 10:00 UTC

TEST(OperationsResolveTimesTest, TheMedianInHours) {
  ResolveTimes t;
  EXPECT_TRUE(t.empty());
  EXPECT_EQ(t.MedianHours(), std::nullopt);
  ASSERT_TRUE(t.Add(kT0, kT0 + 10 * kHour).ok());
  EXPECT_EQ(t.MedianHours(), 10.0);
  ASSERT_TRUE(t.Add(kT0, kT0 + 30 * kHour).ok());
  EXPECT_EQ(t.MedianHours(), 20.0);  // mean of the two middle ones
  ASSERT_TRUE(t.Add(kT0 + kHour, kT0 + 3 * kHour).ok());  // 2 hours
  EXPECT_EQ(t.count(), 3);
  EXPECT_EQ(t.MedianHours(), 10.0);  // 2, 10, 30
  ASSERT_TRUE(t.Add(kT0, kT0 + 1000 * kHour).ok());
  EXPECT_EQ(t.MedianHours(), 20.0);  // 2, 10, 30, 1000: not the mean
  EXPECT_EQ(t.MedianSeconds(), 20.0 * kHour);
  // Half an hour: the median of 0 and 1 hour.
  ResolveTimes h;
  ASSERT_TRUE(h.Add(kT0, kT0).ok());
  ASSERT_TRUE(h.Add(kT0, kT0 + kHour).ok());
  EXPECT_EQ(h.MedianHours(), 0.5);
}

TEST(OperationsResolveTimesTest, RemoveUndoesAddWhateverTheOrder) {
  ResolveTimes a, b;
  for (int64_t hours : {5, 1, 9, 5, 7}) {
    ASSERT_TRUE(a.Add(kT0, kT0 + hours * kHour).ok());
  }
  for (int64_t hours : {7, 5, 5, 9, 1}) {
    ASSERT_TRUE(b.Add(kT0, kT0 + hours * kHour).ok());
  }
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.MedianHours(), 5.0);
  ASSERT_TRUE(a.Remove(kT0, kT0 + 9 * kHour).ok());
  ASSERT_TRUE(a.Remove(kT0, kT0 + 7 * kHour).ok());
  EXPECT_EQ(a.MedianHours(), 5.0);  // 1, 5, 5
  ASSERT_TRUE(a.Remove(kT0, kT0 + 5 * kHour).ok());
  EXPECT_EQ(a.MedianHours(), 3.0);  // 1, 5
  Status missing = a.Remove(kT0, kT0 + 4 * kHour);
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_EQ(a.count(), 2);
  ASSERT_TRUE(a.Remove(kT0, kT0 + 5 * kHour).ok());
  ASSERT_TRUE(a.Remove(kT0, kT0 + 1 * kHour).ok());
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a, ResolveTimes());
  EXPECT_EQ(a.Remove(kT0, kT0).code(), StatusCode::kNotFound);
}

TEST(OperationsResolveTimesTest, ResolvedBeforeFiledIsRefused) {
  ResolveTimes t;
  Status s = t.Add(kT0, kT0 - 1);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "resolved_at");
  EXPECT_TRUE(t.empty());
  EXPECT_FALSE(t.AddSeconds(-5));
  EXPECT_EQ(t.Remove(kT0, kT0 - 1).field(), "resolved_at");
}

TEST(OperationsResolveTimesTest, AgreesWithSortingAfterManyAddsAndRemoves) {
  // A fixed pseudo-random sequence (a linear congruential generator), with
  // many equal durations so that both halves hold the same value.
  uint64_t x = 12345;
  auto next = [&] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return x >> 33;
  };
  ResolveTimes t;
  std::vector<int64_t> held;
  for (int step = 0; step < 3000; ++step) {
    const bool remove = !held.empty() && next() % 3 == 0;
    if (remove) {
      const size_t i = next() % held.size();
      ASSERT_TRUE(t.RemoveSeconds(held[i]));
      held.erase(held.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      const int64_t s = static_cast<int64_t>(next() % 40) * 1800;
      ASSERT_TRUE(t.AddSeconds(s));
      held.push_back(s);
    }
    std::vector<int64_t> sorted = held;
    std::sort(sorted.begin(), sorted.end());
    ASSERT_EQ(t.count(), static_cast<int64_t>(sorted.size()));
    if (sorted.empty()) {
      ASSERT_EQ(t.MedianSeconds(), std::nullopt);
      continue;
    }
    const size_t n = sorted.size();
    const double want = n % 2 == 1 ? static_cast<double>(sorted[n / 2])
                                   : (static_cast<double>(sorted[n / 2 - 1]) +
                                      static_cast<double>(sorted[n / 2])) /
                                         2;
    ASSERT_EQ(t.MedianSeconds(), want) << "step " << step;
  }
}

}  // namespace
}  // namespace jjm
