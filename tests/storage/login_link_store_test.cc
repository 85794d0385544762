// LoginLinkStore conformance: the same tests for InMemoryLoginLinkStore
// (time moved by a FakeClock) and RedisLoginLinkStore (real time, short
// lifetimes, bounded polling).
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "common/fake_clock.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_login_link_store.h"
#include "storage/redis/redis_login_link_store.h"
#include "tests/storage/conformance.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

// The fake's clock starts at FakeClock's default; Redis only sees durations.
const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

LoginLink Link(absl::Duration lifetime = absl::Minutes(5)) {
  return {.who = {.telegram_id = 42,
                  .first_name = "Ada",
                  .last_name = "Lovelace",
                  .username = "ada",
                  .photo_url = "https://t.me/i/userpic/320/ada.jpg"},
          .expires_at = kNow + lifetime};
}

using LoginLinkStoreTest = ConformanceTest<LoginLinkStore>;

TEST_P(LoginLinkStoreTest, CreatedLinkIsConsumedOnce) {
  ASSERT_TRUE(store().Create("k1", Link(), kNow).ok());
  absl::StatusOr<LoginLink> link = store().Consume("k1");
  ASSERT_TRUE(link.ok()) << link.status();
  EXPECT_EQ(*link, Link());
  EXPECT_TRUE(absl::IsNotFound(store().Consume("k1").status()));
}

TEST_P(LoginLinkStoreTest, FindLeavesTheLinkInPlace) {
  ASSERT_TRUE(store().Create("k1", Link(), kNow).ok());
  absl::StatusOr<LoginLink> found = store().Find("k1");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(*found, Link());
  EXPECT_EQ(*store().Find("k1"), Link());
  EXPECT_EQ(*store().Consume("k1"), Link());
  EXPECT_TRUE(absl::IsNotFound(store().Find("k1").status()));
}

TEST_P(LoginLinkStoreTest, FindOfUnknownOrExpiredKeyReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(store().Find("nope").status()));
  ASSERT_TRUE(store().Create("k1", Link(absl::Milliseconds(50)), kNow).ok());
  backend_.pass_time(absl::Milliseconds(100));
  EXPECT_TRUE(absl::IsNotFound(store().Find("k1").status()));
}

TEST_P(LoginLinkStoreTest, EmptyProfileFieldsSurvive) {
  LoginLink bare = Link();
  bare.who = {.telegram_id = 7, .first_name = "Ben"};
  ASSERT_TRUE(store().Create("k1", bare, kNow).ok());
  EXPECT_EQ(*store().Consume("k1"), bare);
}

TEST_P(LoginLinkStoreTest, ConsumeOfUnknownKeyReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(store().Consume("nope").status()));
}

TEST_P(LoginLinkStoreTest, CreateOfHeldKeyReturnsAlreadyExists) {
  ASSERT_TRUE(store().Create("k1", Link(), kNow).ok());
  LoginLink other = Link();
  other.who.telegram_id = 43;
  EXPECT_TRUE(absl::IsAlreadyExists(store().Create("k1", other, kNow)));
  EXPECT_EQ(store().Consume("k1")->who.telegram_id, 42);
}

TEST_P(LoginLinkStoreTest, CreateOfExpiredLinkReturnsInvalidArgument) {
  EXPECT_TRUE(absl::IsInvalidArgument(store().Create("k1", Link(absl::ZeroDuration()), kNow)));
  EXPECT_TRUE(absl::IsNotFound(store().Consume("k1").status()));
}

TEST_P(LoginLinkStoreTest, ConcurrentConsumersGetTheLinkExactlyOnce) {
  ASSERT_TRUE(store().Create("k1", Link(), kNow).ok());
  constexpr int kThreads = 8;
  std::atomic<int> got = 0, not_found = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      absl::StatusOr<LoginLink> link = store().Consume("k1");
      if (link.ok()) ++got;
      if (absl::IsNotFound(link.status())) ++not_found;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(got, 1);
  EXPECT_EQ(not_found, kThreads - 1);
}

TEST_P(LoginLinkStoreTest, LinkIsGoneAfterItsLifetime) {
  ASSERT_TRUE(store().Create("k1", Link(absl::Milliseconds(50)), kNow).ok());
  // Redis drops an expired key on access, however late its sweeper runs.
  backend_.pass_time(absl::Milliseconds(100));
  EXPECT_TRUE(absl::IsNotFound(store().Consume("k1").status()));
  // Its key is free again.
  EXPECT_TRUE(store().Create("k1", Link(), kNow).ok());
}

INSTANTIATE_TEST_SUITE_P(
    Stores, LoginLinkStoreTest,
    ::testing::Values(
        Impl<LoginLinkStore>{"InMemory", FakeOnFakeClock<LoginLinkStore, InMemoryLoginLinkStore>},
        Impl<LoginLinkStore>{"Redis", RealOnTestRedis<LoginLinkStore, RedisLoginLinkStore>}),
    BackendName<LoginLinkStore>);

TEST(InMemoryLoginLinkStoreTest, InjectedFailureIsReturnedThenHeals) {
  FakeClock clock(kNow);
  InMemoryLoginLinkStore store(clock);
  store.FailNextCalls(absl::UnavailableError("redis unavailable"), 1);
  EXPECT_TRUE(absl::IsUnavailable(store.Create("k1", Link(), kNow)));
  EXPECT_TRUE(store.Create("k1", Link(), kNow).ok());
}

TEST(RedisLoginLinkStoreTest, StoresOnlyUnderTheHashedKeyWithATtl) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis();
  ASSERT_NE(redis, nullptr);
  const std::string prefix = RandomKeyPrefix();
  RedisLoginLinkStore store(*redis, prefix);
  ASSERT_TRUE(store.Create("k1", Link(), kNow).ok());
  absl::StatusOr<RedisReply> ttl =
      redis->Command({"PTTL", prefix + "login-link:k1"}, RedisResend::kAllowed);
  ASSERT_TRUE(ttl.ok()) << ttl.status();
  EXPECT_GT(ttl->integer(), 0);
  EXPECT_LE(ttl->integer(), 5 * 60 * 1000);
}

}  // namespace
}  // namespace tgauth::storage
