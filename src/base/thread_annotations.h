// Clang's thread-safety annotations, as in LevelDB's port/thread_annotations.h.
// They state which mutex guards which member and which functions must (or
// must not) hold it; `scripts/check-thread-safety.sh` (run by `make test`)
// has clang check them.  Under GCC they compile to nothing.
//
//   class Counter {
//    public:
//     void Add() EXCLUDES(mu_) { MutexLock l(&mu_); ++n_; }
//    private:
//     void AddLocked() REQUIRES(mu_) { ++n_; }
//     Mutex mu_;
//     int n_ GUARDED_BY(mu_) = 0;
//   };
#ifndef JJM_BASE_THREAD_ANNOTATIONS_H_
#define JJM_BASE_THREAD_ANNOTATIONS_H_

#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#if defined(__clang__)
#define JJM_THREAD_ANNOTATION_(x) __attribute__((x))
#else
#define JJM_THREAD_ANNOTATION_(x)
#endif

#define CAPABILITY(x) JJM_THREAD_ANNOTATION_(capability(x))
#define SCOPED_CAPABILITY JJM_THREAD_ANNOTATION_(scoped_lockable)
#define GUARDED_BY(x) JJM_THREAD_ANNOTATION_(guarded_by(x))
#define PT_GUARDED_BY(x) JJM_THREAD_ANNOTATION_(pt_guarded_by(x))
#define ACQUIRED_BEFORE(...) \
  JJM_THREAD_ANNOTATION_(acquired_before(__VA_ARGS__))
#define ACQUIRED_AFTER(...) JJM_THREAD_ANNOTATION_(acquired_after(__VA_ARGS__))
#define REQUIRES(...) JJM_THREAD_ANNOTATION_(requires_capability(__VA_ARGS__))
#define REQUIRES_SHARED(...) \
  JJM_THREAD_ANNOTATION_(requires_shared_capability(__VA_ARGS__))
#define ACQUIRE(...) JJM_THREAD_ANNOTATION_(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...) \
  JJM_THREAD_ANNOTATION_(acquire_shared_capability(__VA_ARGS__))
#define RELEASE(...) JJM_THREAD_ANNOTATION_(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...) \
  JJM_THREAD_ANNOTATION_(release_shared_capability(__VA_ARGS__))
#define RELEASE_GENERIC(...) \
  JJM_THREAD_ANNOTATION_(release_generic_capability(__VA_ARGS__))
#define EXCLUDES(...) JJM_THREAD_ANNOTATION_(locks_excluded(__VA_ARGS__))
#define RETURN_CAPABILITY(x) JJM_THREAD_ANNOTATION_(lock_returned(x))
#define NO_THREAD_SAFETY_ANALYSIS \
  JJM_THREAD_ANNOTATION_(no_thread_safety_analysis)

namespace jjm {

// std::mutex and std::shared_mutex with the annotations clang needs to
// track them (libstdc++'s carry none).
class CAPABILITY("mutex") Mutex {
 public:
  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }
  std::mutex& native() { return mu_; }

 private:
  std::mutex mu_;
};

class CAPABILITY("mutex") SharedMutex {
 public:
  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }
  void LockShared() ACQUIRE_SHARED() { mu_.lock_shared(); }
  void UnlockShared() RELEASE_SHARED() { mu_.unlock_shared(); }

 private:
  std::shared_mutex mu_;
};

// Holds `mu` for its scope.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() RELEASE() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* mu_;
};

// Holds `mu` exclusively for its scope.
class SCOPED_CAPABILITY WriterLock {
 public:
  explicit WriterLock(SharedMutex* mu) ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~WriterLock() RELEASE() { mu_->Unlock(); }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  SharedMutex* mu_;
};

// Holds `mu` shared for its scope.
class SCOPED_CAPABILITY ReaderLock {
 public:
  explicit ReaderLock(SharedMutex* mu) ACQUIRE_SHARED(mu) : mu_(mu) {
    mu_->LockShared();
  }
  ~ReaderLock() RELEASE() { mu_->UnlockShared(); }
  ReaderLock(const ReaderLock&) = delete;
  ReaderLock& operator=(const ReaderLock&) = delete;

 private:
  SharedMutex* mu_;
};

// A condition variable for Mutex.  Wait in a loop on the condition:
//   MutexLock l(&mu_);
//   while (queue_.empty()) cv_.Wait(&mu_);
class CondVar {
 public:
  // Releases `mu` while waiting; holds it again on return.
  void Wait(Mutex* mu) REQUIRES(mu) { cv_.wait(mu->native()); }
  void Signal() { cv_.notify_one(); }
  void SignalAll() { cv_.notify_all(); }

 private:
  std::condition_variable_any cv_;
};

}  // namespace jjm

#endif  // JJM_BASE_THREAD_ANNOTATIONS_H_
