// PendingLoginStore conformance: the same tests for InMemoryPendingLoginStore
// (time moved by a FakeClock) and RedisPendingLoginStore (real time, short
// retentions, bounded polling).
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "common/fake_clock.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_pending_login_store.h"
#include "storage/redis/redis_pending_login_store.h"
#include "tests/storage/conformance.h"
#include "tests/storage/redis/dropping_proxy.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

const absl::Time kNow = absl::FromUnixMicros(1'800'000'000'111'111);
constexpr absl::Duration kRetention = absl::Minutes(10);

PendingLogin NewLogin() {
  PendingLogin login;
  login.poll_token_hash = std::string("\x00\x01poll\xff", 7);  // Binary on purpose.
  login.created_at = kNow;
  login.expires_at = kNow + absl::Minutes(5);
  login.device = {"Mozilla/5.0 (X11)", "192.0.2.7", "", "Europe/Berlin"};
  login.match_code = "07";
  login.match_code_choices = {"41", "07", "93"};
  return login;
}

LoginUser Scanner() { return {"0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2b", {42, "Alice", "", "a", ""}}; }

void ExpectSameLogin(const PendingLogin& a, const PendingLogin& b) {
  EXPECT_EQ(a.poll_token_hash, b.poll_token_hash);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.expires_at, b.expires_at);
  EXPECT_EQ(a.device, b.device);
  EXPECT_EQ(a.match_code, b.match_code);
  EXPECT_EQ(a.match_code_choices, b.match_code_choices);
  EXPECT_EQ(a.user, b.user);
}

class PendingLoginStoreTest : public ConformanceTest<PendingLoginStore> {
 protected:
  // Lets time pass in steps until `key` is gone; false if it never goes.
  bool GoneWithin(absl::string_view key, absl::Duration limit) {
    for (absl::Duration waited; waited < limit; waited += absl::Milliseconds(10)) {
      if (absl::IsNotFound(store().Get(key).status())) return true;
      backend_.pass_time(absl::Milliseconds(10));
    }
    return false;
  }
};

TEST_P(PendingLoginStoreTest, CreatedLoginIsReturnedByGet) {
  ASSERT_TRUE(store().Create("k1", NewLogin(), kRetention).ok());
  absl::StatusOr<PendingLogin> got = store().Get("k1");
  ASSERT_TRUE(got.ok()) << got.status();
  ExpectSameLogin(*got, NewLogin());
}

TEST_P(PendingLoginStoreTest, CreatedLoginKeepsItsUser) {
  PendingLogin login = NewLogin();
  login.state = LoginState::kConfirmed;
  login.user = Scanner();
  ASSERT_TRUE(store().Create("k1", login, kRetention).ok());
  absl::StatusOr<PendingLogin> got = store().Get("k1");
  ASSERT_TRUE(got.ok()) << got.status();
  ExpectSameLogin(*got, login);
}

TEST_P(PendingLoginStoreTest, CreateOfTakenKeyReturnsAlreadyExists) {
  ASSERT_TRUE(store().Create("k1", NewLogin(), kRetention).ok());
  PendingLogin other = NewLogin();
  other.poll_token_hash = "other";
  EXPECT_TRUE(absl::IsAlreadyExists(store().Create("k1", other, kRetention)));
  EXPECT_EQ(store().Get("k1")->poll_token_hash, NewLogin().poll_token_hash);
}

TEST_P(PendingLoginStoreTest, CreateWithoutRetentionReturnsInvalidArgument) {
  EXPECT_TRUE(absl::IsInvalidArgument(store().Create("k1", NewLogin(), absl::ZeroDuration())));
}

TEST_P(PendingLoginStoreTest, GetOfUnknownKeyReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(store().Get("nope").status()));
}

TEST_P(PendingLoginStoreTest, TransitionFromCurrentStateAppliesAndSetsUser) {
  ASSERT_TRUE(store().Create("k1", NewLogin(), kRetention).ok());
  const LoginUser user = Scanner();
  absl::StatusOr<LoginTransition> t =
      store().Transition("k1", LoginState::kPending, LoginState::kConfirmed, &user);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->applied);
  EXPECT_EQ(t->login.state, LoginState::kConfirmed);
  EXPECT_EQ(t->login.user, user);
  ExpectSameLogin(*store().Get("k1"), t->login);
}

TEST_P(PendingLoginStoreTest, TransitionWithoutUserKeepsTheUser) {
  ASSERT_TRUE(store().Create("k1", NewLogin(), kRetention).ok());
  const LoginUser user = Scanner();
  ASSERT_TRUE(store().Transition("k1", LoginState::kPending, LoginState::kScanned, &user).ok());
  absl::StatusOr<LoginTransition> t =
      store().Transition("k1", LoginState::kScanned, LoginState::kConfirmed, nullptr);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->applied);
  EXPECT_EQ(t->login.user, user);
}

TEST_P(PendingLoginStoreTest, ScannerWithoutUserIdSurvivesTheRoundTrip) {
  ASSERT_TRUE(store().Create("k1", NewLogin(), kRetention).ok());
  const LoginUser scanner = {"", {42, "Alice", "", "a", ""}};  // Not yet a tgauth user.
  ASSERT_TRUE(store().Transition("k1", LoginState::kPending, LoginState::kScanned, &scanner).ok());
  absl::StatusOr<PendingLogin> got = store().Get("k1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->user, scanner);
  // Confirming later names the tgauth user.
  const LoginUser confirmed = Scanner();
  absl::StatusOr<LoginTransition> t =
      store().Transition("k1", LoginState::kScanned, LoginState::kConfirmed, &confirmed);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->login.user, confirmed);
}

TEST_P(PendingLoginStoreTest, TransitionFromWrongStateChangesNothing) {
  ASSERT_TRUE(store().Create("k1", NewLogin(), kRetention).ok());
  const LoginUser user = Scanner();
  absl::StatusOr<LoginTransition> t =
      store().Transition("k1", LoginState::kConfirmed, LoginState::kRedeemed, &user);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_FALSE(t->applied);
  ExpectSameLogin(t->login, NewLogin());
  ExpectSameLogin(*store().Get("k1"), NewLogin());
}

TEST_P(PendingLoginStoreTest, TransitionOfUnknownKeyReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(
      store().Transition("nope", LoginState::kPending, LoginState::kDenied, nullptr).status()));
}

TEST_P(PendingLoginStoreTest, ConcurrentTransitionsApplyExactlyOnce) {
  PendingLogin login = NewLogin();
  login.state = LoginState::kConfirmed;
  ASSERT_TRUE(store().Create("k1", login, kRetention).ok());
  constexpr int kThreads = 8;
  std::atomic<int> applied = 0, failed = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      absl::StatusOr<LoginTransition> t =
          store().Transition("k1", LoginState::kConfirmed, LoginState::kRedeemed, nullptr);
      if (!t.ok()) ++failed;
      if (t.ok() && t->applied) ++applied;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(applied, 1);
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(store().Get("k1")->state, LoginState::kRedeemed);
}

TEST_P(PendingLoginStoreTest, LoginIsGoneAfterItsRetention) {
  ASSERT_TRUE(store().Create("k1", NewLogin(), absl::Milliseconds(50)).ok());
  EXPECT_TRUE(store().Get("k1").ok());
  EXPECT_TRUE(GoneWithin("k1", absl::Seconds(2)));
  // Its key is free again.
  EXPECT_TRUE(store().Create("k1", NewLogin(), kRetention).ok());
}

TEST_P(PendingLoginStoreTest, TransitionDoesNotExtendRetention) {
  ASSERT_TRUE(store().Create("k1", NewLogin(), absl::Milliseconds(50)).ok());
  ASSERT_TRUE(store().Transition("k1", LoginState::kPending, LoginState::kScanned, nullptr).ok());
  EXPECT_TRUE(GoneWithin("k1", absl::Seconds(2)));
}

INSTANTIATE_TEST_SUITE_P(
    Stores, PendingLoginStoreTest,
    ::testing::Values(
        Impl<PendingLoginStore>{"InMemory",
                                FakeOnFakeClock<PendingLoginStore, InMemoryPendingLoginStore>},
        Impl<PendingLoginStore>{"Redis",
                                RealOnTestRedis<PendingLoginStore, RedisPendingLoginStore>}),
    BackendName<PendingLoginStore>);

TEST(InMemoryPendingLoginStoreTest, InjectedFailureIsReturned) {
  FakeClock clock;
  InMemoryPendingLoginStore store(clock);
  store.FailNextCalls(absl::UnavailableError("redis unavailable"), 1);
  EXPECT_TRUE(absl::IsUnavailable(store.Get("k").status()));
  EXPECT_TRUE(absl::IsNotFound(store.Get("k").status()));
}

TEST(RedisPendingLoginStoreTest, KeyPrefixesIsolateStores) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis();
  ASSERT_NE(redis, nullptr);
  RedisPendingLoginStore a(*redis, RandomKeyPrefix()), b(*redis, RandomKeyPrefix());
  ASSERT_TRUE(a.Create("k1", NewLogin(), kRetention).ok());
  EXPECT_TRUE(absl::IsNotFound(b.Get("k1").status()));
}

// A pending-login store whose one-connection client goes through a proxy
// that can lose a reply after Redis ran the request.
struct StoreBehindProxy {
  std::unique_ptr<DroppingProxy> proxy;
  std::unique_ptr<RedisClient> redis;
  std::unique_ptr<RedisPendingLoginStore> store;
};

StoreBehindProxy ConnectBehindProxy() {
  StoreBehindProxy s;
  s.proxy = DroppingProxy::Start(TestRedisUrl());
  if (s.proxy == nullptr) return s;
  absl::StatusOr<std::unique_ptr<RedisClient>> redis =
      RedisClient::Connect(s.proxy->url(), 1, absl::Seconds(2));
  if (!redis.ok()) {
    ADD_FAILURE() << redis.status();
    return s;
  }
  s.redis = *std::move(redis);
  s.store = std::make_unique<RedisPendingLoginStore>(*s.redis, RandomKeyPrefix());
  // Loads both scripts, so the next EVALSHA runs instead of answering NOSCRIPT.
  EXPECT_TRUE(s.store->Create("warm-up", NewLogin(), kRetention).ok());
  EXPECT_TRUE(
      s.store->Transition("warm-up", LoginState::kPending, LoginState::kDenied, nullptr).ok());
  return s;
}

TEST(RedisPendingLoginStoreTest, TransitionWhoseReplyIsLostIsReadBackNotResent) {
  StoreBehindProxy s = ConnectBehindProxy();
  ASSERT_NE(s.store, nullptr);
  ASSERT_TRUE(s.store->Create("k1", NewLogin(), kRetention).ok());
  const int scripts_before = s.proxy->RequestsContaining("EVALSHA");
  const int reads_before = s.proxy->RequestsContaining("HGETALL");
  s.proxy->DropReplyTo("EVALSHA");
  const LoginUser scanner = Scanner();
  absl::StatusOr<LoginTransition> t =
      s.store->Transition("k1", LoginState::kPending, LoginState::kScanned, &scanner);
  ASSERT_TRUE(t.ok()) << t.status();
  // The script ran once, and this call is told it applied it.
  EXPECT_TRUE(t->applied);
  EXPECT_EQ(t->login.state, LoginState::kScanned);
  EXPECT_EQ(t->login.user, scanner);
  EXPECT_EQ(s.proxy->RequestsContaining("EVALSHA"), scripts_before + 1);
  EXPECT_EQ(s.proxy->RequestsContaining("HGETALL"), reads_before + 1);
}

TEST(RedisPendingLoginStoreTest, TransitionReadBackTellsAnotherCallsTransitionApart) {
  StoreBehindProxy s = ConnectBehindProxy();
  ASSERT_NE(s.store, nullptr);
  ASSERT_TRUE(s.store->Create("k1", NewLogin(), kRetention).ok());
  const LoginUser scanner = Scanner();
  ASSERT_TRUE(s.store->Transition("k1", LoginState::kPending, LoginState::kScanned, &scanner).ok());
  ASSERT_TRUE(
      s.store->Transition("k1", LoginState::kScanned, LoginState::kConfirmed, nullptr).ok());
  // Two redeems whose replies are lost: only the one that applied is told so.
  s.proxy->DropReplyTo("EVALSHA");
  absl::StatusOr<LoginTransition> first =
      s.store->Transition("k1", LoginState::kConfirmed, LoginState::kRedeemed, nullptr);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(first->applied);
  s.proxy->DropReplyTo("EVALSHA");
  absl::StatusOr<LoginTransition> second =
      s.store->Transition("k1", LoginState::kConfirmed, LoginState::kRedeemed, nullptr);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_FALSE(second->applied);
  EXPECT_EQ(second->login.state, LoginState::kRedeemed);
}

TEST(RedisPendingLoginStoreTest, CreateWhoseReplyIsLostSucceedsOnce) {
  StoreBehindProxy s = ConnectBehindProxy();
  ASSERT_NE(s.store, nullptr);
  s.proxy->DropReplyTo("EVALSHA");
  ASSERT_TRUE(s.store->Create("k1", NewLogin(), kRetention).ok());
  absl::StatusOr<PendingLogin> got = s.store->Get("k1");
  ASSERT_TRUE(got.ok()) << got.status();
  ExpectSameLogin(*got, NewLogin());
  // Another login under the same key is still refused.
  PendingLogin other = NewLogin();
  other.poll_token_hash = "another";
  s.proxy->DropReplyTo("EVALSHA");
  EXPECT_TRUE(absl::IsAlreadyExists(s.store->Create("k1", other, kRetention)));
}

}  // namespace
}  // namespace tgauth::storage
