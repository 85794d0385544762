// Tells ThreadSanitizer when Abseil's synchronization primitives order
// memory. Linked into every executable of a -DTGAUTH_SANITIZE=thread build
// (cmake/Sanitizers.cmake), nowhere else.
//
// Why: Debian's libabsl_synchronization is built without
// -fsanitize=thread, so absl::Mutex locks and unlocks with plain atomics and
// futex calls that ThreadSanitizer never sees. Every field guarded by an
// absl::Mutex (in tgauth, and in gRPC, whose grpc_core::Mutex and gpr_mu are
// absl::Mutex) would then be reported as a data race. Abseil built with
// ThreadSanitizer annotates these operations itself (ABSL_TSAN_MUTEX_* in
// absl/synchronization/mutex.cc); this file adds the same facts from outside.
//
// How: each function below has the exact name of the library's own, so the
// dynamic linker binds every call (from tgauth, gRPC and Abseil alike) to it
// first; it calls the library's version (found with dlsym(RTLD_NEXT)) and
// records a release before it gives a lock or a signal away, and an acquire
// after it obtains one. A Mutex is modelled as one happens-before object:
// lock-order (deadlock) reports are lost, data race reports are exact.
#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/base/options.h"
#include "absl/synchronization/barrier.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace {

#define TGAUTH_STRINGIFY_INNER(x) #x
#define TGAUTH_STRINGIFY(x) TGAUTH_STRINGIFY_INNER(x)

enum class Member { kNonConst, kConst };

// The library's definition of absl::<inline namespace>::<suffix>, given the
// rest of its Itanium C++ ABI name (e.g. "5Mutex4LockEv" for Mutex::Lock()).
// Member functions are called through it with `this` as the first argument.
template <typename Fn>
Fn Real(const char* mangled_suffix, Member member = Member::kNonConst) {
  const std::string inline_namespace = TGAUTH_STRINGIFY(ABSL_OPTION_INLINE_NAMESPACE_NAME);
  const std::string name = std::string(member == Member::kConst ? "_ZNK4absl" : "_ZN4absl") +
                           std::to_string(inline_namespace.size()) +
                           inline_namespace + mangled_suffix;
  void* symbol = dlsym(RTLD_NEXT, name.c_str());
  if (symbol == nullptr) {
    std::fprintf(stderr, "abseil_tsan_annotations: %s not found in Abseil\n", name.c_str());
    std::abort();
  }
  return reinterpret_cast<Fn>(symbol);
}

template <typename Fn, typename... Args>
auto Releasing(const void* sync, Fn real, Args... args) {
  __tsan_release(const_cast<void*>(sync));
  return real(args...);
}

template <typename Fn, typename... Args>
auto Acquiring(const void* sync, Fn real, Args... args) {
  auto result = real(args...);
  __tsan_acquire(const_cast<void*>(sync));
  return result;
}

// Unlocks, waits, then locks again (Mutex::Await, CondVar::Wait).
template <typename Fn, typename... Args>
auto ReleasingThenAcquiring(const void* sync, Fn real, Args... args) {
  __tsan_release(const_cast<void*>(sync));
  auto result = real(args...);
  __tsan_acquire(const_cast<void*>(sync));
  return result;
}

// absl::Mutex evaluates a waiter's condition with the mutex held, in the
// waiting thread or in the one unlocking: each evaluation is a critical
// section of its own. The library gets a condition that says so around the
// caller's, built with Condition's non-template constructor so that only
// the library reads it before Eval runs.
class HeldCondition {
 public:
  HeldCondition(const void* mu, const absl::Condition& condition)
      : mu_(mu), condition_(&condition), guarded_(&Eval, this) {
    __tsan_release(this);  // Publishes both conditions to the evaluating thread.
  }
  const absl::Condition& get() const { return guarded_; }

 private:
  static bool Eval(void* self) {
    __tsan_acquire(self);
    const auto* held = static_cast<const HeldCondition*>(self);
    __tsan_acquire(const_cast<void*>(held->mu_));
    const bool result = held->condition_->Eval();
    __tsan_release(const_cast<void*>(held->mu_));
    return result;
  }

  const void* mu_;
  const absl::Condition* condition_;
  absl::Condition guarded_;
};

// For functions that return nothing: the helpers above need a value.
struct Done {};
template <typename... Args>
auto ReturningDone(void (*real)(Args...)) {
  return [real](Args... args) {
    real(args...);
    return Done{};
  };
}

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

void Mutex::Lock() {
  static const auto real = ReturningDone(Real<void (*)(Mutex*)>("5Mutex4LockEv"));
  Acquiring(this, real, this);
}
void Mutex::ReaderLock() {
  static const auto real = ReturningDone(Real<void (*)(Mutex*)>("5Mutex10ReaderLockEv"));
  Acquiring(this, real, this);
}
bool Mutex::TryLock() {
  static const auto real = Real<bool (*)(Mutex*)>("5Mutex7TryLockEv");
  return Acquiring(this, real, this);  // A failed try acquires nothing extra.
}
bool Mutex::ReaderTryLock() {
  static const auto real = Real<bool (*)(Mutex*)>("5Mutex13ReaderTryLockEv");
  return Acquiring(this, real, this);
}
void Mutex::Unlock() {
  static const auto real = ReturningDone(Real<void (*)(Mutex*)>("5Mutex6UnlockEv"));
  Releasing(this, real, this);
}
void Mutex::ReaderUnlock() {
  static const auto real = ReturningDone(Real<void (*)(Mutex*)>("5Mutex12ReaderUnlockEv"));
  Releasing(this, real, this);
}

void Mutex::LockWhen(const Condition& cond) {
  static const auto real = ReturningDone(
      Real<void (*)(Mutex*, const Condition&)>("5Mutex8LockWhenERKNS0_9ConditionE"));
  const HeldCondition held(this, cond);
  Acquiring(this, real, this, held.get());
}
void Mutex::ReaderLockWhen(const Condition& cond) {
  static const auto real = ReturningDone(
      Real<void (*)(Mutex*, const Condition&)>("5Mutex14ReaderLockWhenERKNS0_9ConditionE"));
  const HeldCondition held(this, cond);
  Acquiring(this, real, this, held.get());
}
bool Mutex::LockWhenWithTimeout(const Condition& cond, Duration timeout) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Duration)>(
      "5Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  const HeldCondition held(this, cond);
  return Acquiring(this, real, this, held.get(), timeout);
}
bool Mutex::ReaderLockWhenWithTimeout(const Condition& cond, Duration timeout) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Duration)>(
      "5Mutex25ReaderLockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  const HeldCondition held(this, cond);
  return Acquiring(this, real, this, held.get(), timeout);
}
bool Mutex::LockWhenWithDeadline(const Condition& cond, Time deadline) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Time)>(
      "5Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  const HeldCondition held(this, cond);
  return Acquiring(this, real, this, held.get(), deadline);
}
bool Mutex::ReaderLockWhenWithDeadline(const Condition& cond, Time deadline) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Time)>(
      "5Mutex26ReaderLockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  const HeldCondition held(this, cond);
  return Acquiring(this, real, this, held.get(), deadline);
}

void Mutex::Await(const Condition& cond) {
  static const auto real = ReturningDone(
      Real<void (*)(Mutex*, const Condition&)>("5Mutex5AwaitERKNS0_9ConditionE"));
  const HeldCondition held(this, cond);
  ReleasingThenAcquiring(this, real, this, held.get());
}
bool Mutex::AwaitWithTimeout(const Condition& cond, Duration timeout) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Duration)>(
      "5Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  const HeldCondition held(this, cond);
  return ReleasingThenAcquiring(this, real, this, held.get(), timeout);
}
bool Mutex::AwaitWithDeadline(const Condition& cond, Time deadline) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Time)>(
      "5Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  const HeldCondition held(this, cond);
  return ReleasingThenAcquiring(this, real, this, held.get(), deadline);
}

void CondVar::Wait(Mutex* mu) {
  static const auto real = ReturningDone(
      Real<void (*)(CondVar*, Mutex*)>("7CondVar4WaitEPNS0_5MutexE"));
  ReleasingThenAcquiring(mu, real, this, mu);
}
bool CondVar::WaitWithTimeout(Mutex* mu, Duration timeout) {
  static const auto real = Real<bool (*)(CondVar*, Mutex*, Duration)>(
      "7CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE");
  return ReleasingThenAcquiring(mu, real, this, mu, timeout);
}
bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  static const auto real = Real<bool (*)(CondVar*, Mutex*, Time)>(
      "7CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  return ReleasingThenAcquiring(mu, real, this, mu, deadline);
}

// A waiter that finds the notification already given returns without taking
// its mutex: the notification itself carries the order.
void Notification::Notify() {
  static const auto real = ReturningDone(Real<void (*)(Notification*)>("12Notification6NotifyEv"));
  Releasing(this, real, this);
}
void Notification::WaitForNotification() const {
  static const auto real = ReturningDone(
      Real<void (*)(const Notification*)>("12Notification19WaitForNotificationEv", Member::kConst));
  Acquiring(this, real, this);
}
bool Notification::WaitForNotificationWithTimeout(Duration timeout) const {
  static const auto real = Real<bool (*)(const Notification*, Duration)>(
      "12Notification30WaitForNotificationWithTimeoutENS0_8DurationE", Member::kConst);
  return Acquiring(this, real, this, timeout);
}
bool Notification::WaitForNotificationWithDeadline(Time deadline) const {
  static const auto real = Real<bool (*)(const Notification*, Time)>(
      "12Notification31WaitForNotificationWithDeadlineENS0_4TimeE", Member::kConst);
  return Acquiring(this, real, this, deadline);
}

// Only the last of the decrements takes the counter's mutex.
bool BlockingCounter::DecrementCount() {
  static const auto real = Real<bool (*)(BlockingCounter*)>("15BlockingCounter14DecrementCountEv");
  return Releasing(this, real, this);
}
void BlockingCounter::Wait() {
  static const auto real = ReturningDone(Real<void (*)(BlockingCounter*)>("15BlockingCounter4WaitEv"));
  Acquiring(this, real, this);
}

bool Barrier::Block() {
  static const auto real = Real<bool (*)(Barrier*)>("7Barrier5BlockEv");
  return ReleasingThenAcquiring(this, real, this);
}

ABSL_NAMESPACE_END
}  // namespace absl
