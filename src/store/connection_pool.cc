#include "store/connection_pool.h"

namespace jjm {

std::unique_ptr<ConnectionPool> ConnectionPool::Open(Db* db, int max_readers) {
  std::unique_ptr<Db> own;
  if (auto another = db->OpenAnother(); another.ok()) own = std::move(*another);
  return std::unique_ptr<ConnectionPool>(
      new ConnectionPool(std::move(own), db, max_readers));
}

ConnectionPool::ConnectionPool(std::unique_ptr<Db> own, Db* shared,
                               int max_readers)
    : own_(std::move(own)),
      db_(own_ != nullptr ? own_.get() : shared),
      max_readers_(max_readers) {}

ConnectionPool::Lease::~Lease() {
  if (conn_ == nullptr || pool_ == nullptr) return;
  MutexLock lock(&pool_->pool_mu_);
  pool_->idle_.push_back(std::move(conn_));
  pool_->pool_cv_.Signal();
}

StatusOr<ConnectionPool::Lease> ConnectionPool::Read(Mutex* write_mu) {
  Lease r;
  r.pool_ = this;
  if (own_ == nullptr) {
    r.lock_ = std::unique_lock<std::mutex>(write_mu->native());
    r.db_ = db_;
    return r;
  }
  {
    MutexLock lock(&pool_mu_);
    while (idle_.empty() && readers_ >= max_readers_) pool_cv_.Wait(&pool_mu_);
    if (!idle_.empty()) {
      r.conn_ = std::move(idle_.back());
      idle_.pop_back();
      r.db_ = r.conn_.get();
      return r;
    }
    ++readers_;
  }
  auto conn = own_->OpenAnother();
  if (!conn.ok()) {
    MutexLock lock(&pool_mu_);
    --readers_;
    pool_cv_.Signal();
    return conn.status();
  }
  r.conn_ = std::move(*conn);
  r.db_ = r.conn_.get();
  return r;
}

}  // namespace jjm
