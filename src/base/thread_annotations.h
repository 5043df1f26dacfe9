// Annotations of what a mutex guards, for clang's -Wthread-safety.  On
// other compilers they compile to nothing and serve as documentation.
//
//   std::mutex mu_;
//   int count_ GUARDED_BY(mu_);
//   void Bump() REQUIRES(mu_);
#ifndef JJM_BASE_THREAD_ANNOTATIONS_H_
#define JJM_BASE_THREAD_ANNOTATIONS_H_

#if defined(__clang__)
#define JJM_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define JJM_THREAD_ANNOTATION(x)
#endif

#ifndef GUARDED_BY
#define GUARDED_BY(x) JJM_THREAD_ANNOTATION(guarded_by(x))
#endif
#ifndef PT_GUARDED_BY
#define PT_GUARDED_BY(x) JJM_THREAD_ANNOTATION(pt_guarded_by(x))
#endif
#ifndef REQUIRES
#define REQUIRES(...) JJM_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#endif
#ifndef EXCLUDES
#define EXCLUDES(...) JJM_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#endif

#endif  // JJM_BASE_THREAD_ANNOTATIONS_H_
