// The frame shared by the storage conformance suites: one suite of tests per
// store interface, run against the in-memory fake and the real store, each
// backend built fresh for every test.
#ifndef TGAUTH_TESTS_STORAGE_CONFORMANCE_H_
#define TGAUTH_TESTS_STORAGE_CONFORMANCE_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/fake_clock.h"
#include "gtest/gtest.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {

template <typename Store>
struct Backend {
  std::shared_ptr<void> deps;  // What `store` uses; destroyed after it.
  std::unique_ptr<Store> store;
  // Lets time pass for the store: advances a fake clock, or really waits.
  std::function<void(absl::Duration)> pass_time;
};

template <typename Store>
struct Impl {
  const char* name;
  std::function<Backend<Store>()> make;
};

template <typename Store>
void PrintTo(const Impl<Store>& impl, std::ostream* os) {
  *os << impl.name;
}

// A fake constructed as Fake(const Clock&), on a FakeClock.
template <typename Store, typename Fake>
Backend<Store> FakeOnFakeClock() {
  auto clock = std::make_shared<FakeClock>();
  return {clock, std::make_unique<Fake>(*clock), [clock](absl::Duration d) { clock->Advance(d); }};
}

// A Redis store constructed as Real(RedisClient&, key_prefix), on the test
// Redis under a fresh key prefix. Null store after a test failure.
template <typename Store, typename Real>
Backend<Store> RealOnTestRedis() {
  std::shared_ptr<RedisClient> redis = ConnectTestRedis();
  if (redis == nullptr) return {};
  // Redis expires keys on its own clock: the test must really wait.
  return {redis, std::make_unique<Real>(*redis, RandomKeyPrefix()),
          [](absl::Duration d) { absl::SleepFor(d); }};
}

// The gtest parameter name: the backend's name.
template <typename Store>
std::string BackendName(const ::testing::TestParamInfo<Impl<Store>>& info) {
  return info.param.name;
}

// The fixture of a conformance suite: store() is the backend under test.
template <typename Store>
class ConformanceTest : public ::testing::TestWithParam<Impl<Store>> {
 protected:
  void SetUp() override {
    backend_ = this->GetParam().make();
    ASSERT_NE(backend_.store, nullptr);
  }
  Store& store() { return *backend_.store; }

  Backend<Store> backend_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_TESTS_STORAGE_CONFORMANCE_H_
