// Connections for a domain service: one writer connection and up to a few
// reader connections of its own, so that reads never wait for a write
// transaction.  Where the database cannot open another connection (an
// in-memory SQLite database), everything shares the caller's `db`, and a
// read waits for the service's write lock instead.
//
//   auto pool = ConnectionPool::Open(db);
//   ...
//   MutexLock lock(&write_mu);   // the service's write lock
//   Db* w = pool->writer();
//   ...
//   JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease r, pool->Read(&write_mu));
//   SomeStore s(r.db());
//
// Thread-safe.  pool_mu_ guards the idle connections and the count of open
// readers; the writer connection is the caller's to guard (its write lock).
#ifndef JJM_STORE_CONNECTION_POOL_H_
#define JJM_STORE_CONNECTION_POOL_H_

#include <memory>
#include <mutex>
#include <vector>

#include "base/status.h"
#include "base/thread_annotations.h"
#include "store/db.h"

namespace jjm {

class ConnectionPool {
 public:
  // Opens a writer connection of its own to `db`'s database when it can
  // (else shares `db`, which must outlive the pool).
  static std::unique_ptr<ConnectionPool> Open(Db* db, int max_readers = 4);

  // The connection writes go through; callers serialise on their write lock.
  Db* writer() const { return db_; }
  // True when reads share the writer (and hold the write lock meanwhile).
  bool shared() const { return own_ == nullptr; }

  // A connection for one read call, given back when the lease is destroyed.
  class Lease {
   public:
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = default;
    ~Lease();
    Db* db() const { return db_; }

   private:
    friend class ConnectionPool;
    Lease() = default;
    ConnectionPool* pool_ = nullptr;
    std::unique_ptr<Db> conn_;
    Db* db_ = nullptr;
    std::unique_lock<std::mutex> lock_;  // `write_mu`, when shared
  };
  // Waits for an idle reader (opening one while fewer than max_readers are
  // open).  When shared, holds `write_mu` for the lease's life.
  StatusOr<Lease> Read(Mutex* write_mu) EXCLUDES(pool_mu_);

 private:
  ConnectionPool(std::unique_ptr<Db> own, Db* shared, int max_readers);
  std::unique_ptr<Db> own_;
  Db* const db_;
  const int max_readers_;
  Mutex pool_mu_;
  CondVar pool_cv_;
  std::vector<std::unique_ptr<Db>> idle_ GUARDED_BY(pool_mu_);
  int readers_ GUARDED_BY(pool_mu_) = 0;
};

}  // namespace jjm

#endif  // JJM_STORE_CONNECTION_POOL_H_
