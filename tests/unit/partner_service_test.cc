// The partner service's connections: reads do not wait behind writes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <future>

#include "partners/partner_internal.h"
#include "store/sqlite_db.h"
#include "test_db.h"

namespace jjm {
namespace {

using namespace std::chrono_literals;

// A database another connection can open: a file for SQLite.
std::unique_ptr<Db> SharedDb() {
  const char* pg = std::getenv("JJM_TEST_PG");
  if (pg != nullptr && *pg != '\0') return TestDb();
  const std::string path =
      ::testing::TempDir() + "/partners_" + std::to_string(getpid()) + ".db";
  std::remove(path.c_str());
  return std::move(*OpenSqlite(path));
}

// Reads one round count on a read connection.
StatusOr<int64_t> CountRounds(PartnerService::Impl& impl) {
  JJM_ASSIGN_OR_RETURN(auto reading, impl.Read());
  int64_t n = 0;
  JJM_RETURN_IF_ERROR(
      reading.store().ForEachRound([&](const RoundRow&) { ++n; }));
  return n;
}

TEST(PartnerServiceTest, ReadsDoNotWaitForWrites) {
  std::unique_ptr<Db> db = SharedDb();
  ASSERT_TRUE(Migrate(db.get()).ok());
  PartnerService::Impl impl(std::move(db), nullptr, nullptr, {});
  auto lock = std::make_unique<MutexLock>(&impl.write_mutex());
  // A write in progress on the write connection, not yet committed.
  Transaction tx(impl.writer().db());
  ASSERT_TRUE(tx.Begin().ok());
  RoundRow r;
  r.name = "R";
  r.opens_on = "2024-06-01";
  r.closes_on = "2024-07-01";
  r.rules = "{}";
  r.created_at = "t";
  r.created_by = "u";
  ASSERT_TRUE(impl.writer().AddRound(r).ok());
  auto read = std::async(std::launch::async, [&] { return CountRounds(impl); });
  ASSERT_EQ(read.wait_for(20s), std::future_status::ready);
  auto n = read.get();
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 0);  // what committed before
  ASSERT_TRUE(tx.Commit().ok());
  lock.reset();
  // Connections go back to the pool and are used again.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(*CountRounds(impl), 1);
}

TEST(PartnerServiceTest, OneConnectionReadsWaitForTheWriteLock) {
  // No connection of its own (in memory): reads share the write connection.
  std::unique_ptr<Db> db = std::move(*OpenSqlite(":memory:"));
  ASSERT_TRUE(Migrate(db.get()).ok());
  PartnerService::Impl impl(nullptr, db.get(), nullptr, {});
  auto lock = std::make_unique<MutexLock>(&impl.write_mutex());
  auto read = std::async(std::launch::async, [&] { return CountRounds(impl); });
  EXPECT_EQ(read.wait_for(200ms), std::future_status::timeout);
  lock.reset();
  ASSERT_EQ(read.wait_for(20s), std::future_status::ready);
  EXPECT_EQ(*read.get(), 0);
}

}  // namespace
}  // namespace jjm
