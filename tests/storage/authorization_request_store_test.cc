// AuthorizationRequestStore conformance: the same tests for
// InMemoryAuthorizationRequestStore (time moved by a FakeClock) and
// RedisAuthorizationRequestStore (real time, short lifetimes), then what
// only Redis does: hashed keys, TTLs and an unreachable server.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/fake_clock.h"
#include "common/secure_token.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_authorization_request_store.h"
#include "storage/redis/redis_authorization_request_store.h"
#include "tests/storage/conformance.h"
#include "tests/storage/redis/dropping_proxy.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

constexpr absl::Duration kShort = absl::Milliseconds(50);
constexpr absl::Duration kLong = absl::Minutes(5);

AuthorizationRequest Request() {
  return {.client_id = "photos",
          .redirect_uri = "https://photos.example/callback",
          .scope = "openid profile",
          .state = "af0ifjsldkj",
          .nonce = "n-0S6_WzA2Mj",
          .code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
          .prompt = "login",
          .max_age = absl::Seconds(3600),
          .created_at = absl::FromUnixMicros(1'800'000'000'123'456)};
}

using AuthorizationRequestStoreTest = ConformanceTest<AuthorizationRequestStore>;

TEST_P(AuthorizationRequestStoreTest, DescribeLeavesTheRequestAndConsumeUsesItUp) {
  absl::StatusOr<std::string> handle = store().Put(Request(), kLong);
  ASSERT_TRUE(handle.ok()) << handle.status();
  EXPECT_TRUE(IsWellFormedToken(*handle));
  absl::StatusOr<AuthorizationRequest> described = store().Describe(*handle);
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_EQ(*described, Request());
  EXPECT_EQ(*store().Describe(*handle), Request());
  absl::StatusOr<AuthorizationRequest> consumed = store().Consume(*handle);
  ASSERT_TRUE(consumed.ok()) << consumed.status();
  EXPECT_EQ(*consumed, Request());
  EXPECT_TRUE(absl::IsNotFound(store().Consume(*handle).status()));
  EXPECT_TRUE(absl::IsNotFound(store().Describe(*handle).status()));
}

TEST_P(AuthorizationRequestStoreTest, EmptyOptionalFieldsSurvive) {
  AuthorizationRequest bare = Request();
  bare.scope = bare.state = bare.nonce = bare.prompt = "";
  bare.max_age.reset();
  const std::string handle = *store().Put(bare, kLong);
  EXPECT_EQ(*store().Consume(handle), bare);
}

TEST_P(AuthorizationRequestStoreTest, ZeroMaxAgeIsKeptApartFromNone) {
  AuthorizationRequest request = Request();
  request.max_age = absl::ZeroDuration();
  const std::string handle = *store().Put(request, kLong);
  EXPECT_EQ(store().Consume(handle)->max_age, absl::ZeroDuration());
}

TEST_P(AuthorizationRequestStoreTest, UnknownHandleIsNotFound) {
  const std::string unknown = *NewToken();
  EXPECT_TRUE(absl::IsNotFound(store().Describe(unknown).status()));
  EXPECT_TRUE(absl::IsNotFound(store().Consume(unknown).status()));
}

TEST_P(AuthorizationRequestStoreTest, MalformedHandleIsInvalidArgumentAndChangesNothing) {
  const std::string handle = *store().Put(Request(), kLong);
  EXPECT_TRUE(absl::IsInvalidArgument(store().Describe("short").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store().Consume(handle + "A").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store().Consume(handle.substr(1)).status()));
  EXPECT_EQ(*store().Consume(handle), Request());
}

TEST_P(AuthorizationRequestStoreTest, PutRefusesAMissingRequiredFieldOrLifetime) {
  for (std::string AuthorizationRequest::*field :
       {&AuthorizationRequest::client_id, &AuthorizationRequest::redirect_uri,
        &AuthorizationRequest::code_challenge}) {
    AuthorizationRequest request = Request();
    request.*field = "";
    EXPECT_TRUE(absl::IsInvalidArgument(store().Put(request, kLong).status()));
  }
  AuthorizationRequest negative = Request();
  negative.max_age = absl::Seconds(-1);
  EXPECT_TRUE(absl::IsInvalidArgument(store().Put(negative, kLong).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store().Put(Request(), absl::ZeroDuration()).status()));
}

TEST_P(AuthorizationRequestStoreTest, RequestIsGoneAfterItsLifetime) {
  const std::string handle = *store().Put(Request(), kShort);
  backend_.pass_time(2 * kShort);
  EXPECT_TRUE(absl::IsNotFound(store().Describe(handle).status()));
  EXPECT_TRUE(absl::IsNotFound(store().Consume(handle).status()));
}

TEST_P(AuthorizationRequestStoreTest, EveryPutMakesANewHandle) {
  AuthorizationRequest other = Request();
  other.state = "other";
  const std::string a = *store().Put(Request(), kLong);
  const std::string b = *store().Put(other, kLong);
  EXPECT_NE(a, b);
  EXPECT_EQ(store().Consume(b)->state, "other");
  EXPECT_EQ(*store().Consume(a), Request());
}

TEST_P(AuthorizationRequestStoreTest, ConcurrentConsumersGetTheRequestExactlyOnce) {
  const std::string handle = *store().Put(Request(), kLong);
  constexpr int kThreads = 8;
  std::atomic<int> got = 0, not_found = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      absl::StatusOr<AuthorizationRequest> request = store().Consume(handle);
      if (request.ok()) ++got;
      if (absl::IsNotFound(request.status())) ++not_found;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(got, 1);
  EXPECT_EQ(not_found, kThreads - 1);
}

INSTANTIATE_TEST_SUITE_P(
    Stores, AuthorizationRequestStoreTest,
    ::testing::Values(
        Impl<AuthorizationRequestStore>{
            "InMemory",
            FakeOnFakeClock<AuthorizationRequestStore, InMemoryAuthorizationRequestStore>},
        Impl<AuthorizationRequestStore>{
            "Redis", RealOnTestRedis<AuthorizationRequestStore, RedisAuthorizationRequestStore>}),
    BackendName<AuthorizationRequestStore>);

TEST(InMemoryAuthorizationRequestStoreTest, InjectedFailureIsReturnedAndStoresNothing) {
  FakeClock clock;
  InMemoryAuthorizationRequestStore store(clock);
  store.FailNextCalls(absl::UnavailableError("redis unavailable"), 1);
  EXPECT_TRUE(absl::IsUnavailable(store.Put(Request(), kLong).status()));
  EXPECT_EQ(store.size(), 0);
  EXPECT_TRUE(store.Put(Request(), kLong).ok());
}

TEST(RedisAuthorizationRequestStoreTest, KeepsOnlyTheHandlesHashWithItsTtl) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis();
  ASSERT_NE(redis, nullptr);
  const std::string prefix = RandomKeyPrefix();
  RedisAuthorizationRequestStore store(*redis, prefix);
  const std::string handle = *store.Put(Request(), kAuthorizationRequestLifetime);
  const std::string key = prefix + "oauth-request:" + Sha256Hex(handle);
  absl::StatusOr<RedisReply> keys = redis->Command({"KEYS", prefix + "*"}, RedisResend::kAllowed);
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->size(), 1);
  EXPECT_EQ(RedisReply::StrOf(&keys->element(0)), key);
  absl::StatusOr<RedisReply> ttl = redis->Command({"PTTL", key}, RedisResend::kAllowed);
  ASSERT_TRUE(ttl.ok()) << ttl.status();
  EXPECT_GT(ttl->integer(), 0);
  EXPECT_LE(ttl->integer(), 10 * 60'000);
}

TEST(RedisAuthorizationRequestStoreTest, UnreachableRedisIsUnavailableAndNothingChanges) {
  std::unique_ptr<RedisClient> direct = ConnectTestRedis();
  ASSERT_NE(direct, nullptr);
  const std::string prefix = RandomKeyPrefix();
  std::unique_ptr<DroppingProxy> proxy = DroppingProxy::Start(TestRedisUrl());
  ASSERT_NE(proxy, nullptr);
  std::unique_ptr<RedisClient> redis = proxy->ConnectClient();
  ASSERT_NE(redis, nullptr);
  RedisAuthorizationRequestStore store(*redis, prefix);
  const std::string handle = *store.Put(Request(), kLong);
  proxy.reset();  // Redis is gone for this client.
  EXPECT_TRUE(absl::IsUnavailable(store.Put(Request(), kLong).status()));
  EXPECT_TRUE(absl::IsUnavailable(store.Describe(handle).status()));
  EXPECT_TRUE(absl::IsUnavailable(store.Consume(handle).status()));
  absl::StatusOr<RedisReply> keys = direct->Command({"KEYS", prefix + "*"}, RedisResend::kAllowed);
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_EQ(keys->size(), 1);
  EXPECT_EQ(*RedisAuthorizationRequestStore(*direct, prefix).Consume(handle), Request());
}

}  // namespace
}  // namespace tgauth::storage
