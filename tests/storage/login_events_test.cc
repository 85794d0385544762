// LoginEvents conformance: the same tests for InMemoryLoginEvents and for two
// RedisLoginEvents instances on separate clients (two replicas).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_login_events.h"
#include "storage/redis/redis_login_events.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

constexpr absl::Duration kWait = absl::Seconds(5);

struct Backend {
  std::shared_ptr<void> deps;               // Destroyed after the events.
  std::unique_ptr<LoginEvents> publisher;   // A replica that publishes...
  std::unique_ptr<LoginEvents> subscriber;  // ...and one that listens (may be the same).
  LoginEvents& subscriber_or_publisher() { return subscriber ? *subscriber : *publisher; }
};

struct Impl {
  const char* name;
  std::function<Backend()> make;
};
void PrintTo(const Impl& impl, std::ostream* os) { *os << impl.name; }

Backend MakeInMemory() { return {nullptr, std::make_unique<InMemoryLoginEvents>(), nullptr}; }

Backend MakeRedis() {
  std::shared_ptr<RedisClient> a = ConnectTestRedis(), b = ConnectTestRedis();
  if (a == nullptr || b == nullptr) return {};
  const std::string prefix = RandomKeyPrefix();
  auto publisher = std::make_unique<RedisLoginEvents>(*a, prefix);
  auto subscriber = std::make_unique<RedisLoginEvents>(*b, prefix);
  return {std::make_shared<std::vector<std::shared_ptr<RedisClient>>>(
              std::vector<std::shared_ptr<RedisClient>>{a, b}),
          std::move(publisher), std::move(subscriber)};
}

// Collects what a handler receives; waits without sleeping.
class Received {
 public:
  LoginEvents::Handler Handler() {
    return [this](absl::string_view key) {
      absl::MutexLock lock(&mu_);
      keys_.emplace_back(key);
    };
  }
  // True once `key` was received, false after kWait.
  bool WaitFor(const std::string& key) {
    absl::MutexLock lock(&mu_);
    auto has_key = [&] { return std::find(keys_.begin(), keys_.end(), key) != keys_.end(); };
    return mu_.AwaitWithTimeout(absl::Condition(&has_key), kWait);
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> keys_ ABSL_GUARDED_BY(mu_);
};

class LoginEventsTest : public ::testing::TestWithParam<Impl> {
 protected:
  void SetUp() override {
    backend_ = GetParam().make();
    ASSERT_NE(backend_.publisher, nullptr);
  }
  LoginEvents& publisher() { return *backend_.publisher; }
  LoginEvents& subscriber() { return backend_.subscriber_or_publisher(); }

  Received received_;  // Outlives backend_, whose threads call into it.
  Backend backend_;
};

TEST_P(LoginEventsTest, SubscriberIsToldToRecheckOnceSubscribed) {
  ASSERT_TRUE(subscriber().Subscribe(received_.Handler()).ok());
  EXPECT_TRUE(received_.WaitFor(""));
}

TEST_P(LoginEventsTest, PublishedKeyReachesTheSubscriber) {
  ASSERT_TRUE(subscriber().Subscribe(received_.Handler()).ok());
  ASSERT_TRUE(received_.WaitFor(""));  // Subscribed: nothing published now is lost.
  ASSERT_TRUE(publisher().Publish("login-key-1").ok());
  EXPECT_TRUE(received_.WaitFor("login-key-1"));
}

TEST_P(LoginEventsTest, PublishWithoutSubscribersSucceeds) {
  EXPECT_TRUE(publisher().Publish("nobody-listens").ok());
}

TEST_P(LoginEventsTest, SecondSubscribeReturnsFailedPrecondition) {
  ASSERT_TRUE(subscriber().Subscribe(received_.Handler()).ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(subscriber().Subscribe(received_.Handler())));
}

INSTANTIATE_TEST_SUITE_P(Brokers, LoginEventsTest,
                         ::testing::Values(Impl{"InMemory", MakeInMemory},
                                           Impl{"Redis", MakeRedis}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(RedisLoginEventsTest, DestructionStopsTheSubscriberPromptly) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis();
  ASSERT_NE(redis, nullptr);
  Received received;
  auto events = std::make_unique<RedisLoginEvents>(*redis, RandomKeyPrefix());
  ASSERT_TRUE(events->Subscribe(received.Handler()).ok());
  ASSERT_TRUE(received.WaitFor(""));
  const absl::Time start = absl::Now();
  events.reset();
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
}

TEST(RedisLoginEventsTest, StopEndsTheSubscriberAndItIsNotRestarted) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis();
  ASSERT_NE(redis, nullptr);
  RedisLoginEvents events(*redis, RandomKeyPrefix());
  EXPECT_EQ(events.Start().code(), absl::StatusCode::kFailedPrecondition);  // No handler yet.
  Received received;
  ASSERT_TRUE(events.Subscribe(received.Handler()).ok());
  ASSERT_TRUE(received.WaitFor(""));
  const absl::Time start = absl::Now();
  events.Stop();
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  events.Stop();  // Idempotent.
  EXPECT_EQ(events.Start().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(InMemoryLoginEventsTest, InjectedFailureIsReturned) {
  InMemoryLoginEvents events;
  events.FailNextCalls(absl::UnavailableError("redis unavailable"), 1);
  EXPECT_TRUE(absl::IsUnavailable(events.Publish("k")));
  EXPECT_TRUE(events.Publish("k").ok());
}

}  // namespace
}  // namespace tgauth::storage
