// AuthorizationCodeStore conformance: the same tests for
// InMemoryAuthorizationCodeStore (time moved by a FakeClock) and
// RedisAuthorizationCodeStore (real time, short lifetimes), then what only
// Redis does: hashed keys, TTLs, lost replies and an unreachable server.
#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/fake_clock.h"
#include "common/secure_token.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_authorization_code_store.h"
#include "storage/redis/redis_authorization_code_store.h"
#include "tests/storage/conformance.h"
#include "tests/storage/redis/dropping_proxy.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

constexpr absl::Duration kShort = absl::Milliseconds(50);
constexpr absl::Duration kLong = absl::Minutes(5);

AuthorizationCode Code() {
  return {.client_id = "photos",
          .redirect_uri = "https://photos.example/callback?x=1",
          .scope = "openid profile",
          .nonce = "n-0S6_WzA2Mj",
          .code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
          .user_id = "3f9a1c1e-0d7b-4c53-9a57-2f1f6f0e8d11",
          .auth_time = absl::FromUnixMicros(1'800'000'000'123'456),
          .sign_in_method = "qr",
          .device = {.user_agent = "Mozilla/5.0 Firefox/128.0",
                     .ip_address = "2001:db8::1",
                     .name = "Laptop",
                     .time_zone = "Europe/Berlin"}};
}

using AuthorizationCodeStoreTest = ConformanceTest<AuthorizationCodeStore>;

TEST_P(AuthorizationCodeStoreTest, IssuedCodeIsRedeemedOnceThenReportedAsReused) {
  absl::StatusOr<std::string> code = store().Issue(Code(), kLong);
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_TRUE(IsWellFormedToken(*code));
  absl::StatusOr<RedeemedCode> first = store().Redeem(*code, kLong);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->redemption, CodeRedemption::kFirst);
  EXPECT_EQ(first->code, Code());
  EXPECT_EQ(first->session_id, "");
  absl::StatusOr<RedeemedCode> second = store().Redeem(*code, kLong);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->redemption, CodeRedemption::kReused);
  EXPECT_EQ(second->code, Code());
  EXPECT_EQ(store().Redeem(*code, kLong)->redemption, CodeRedemption::kReused);
}

TEST_P(AuthorizationCodeStoreTest, ReuseNamesTheSessionTheFirstRedemptionRecorded) {
  const std::string code = *store().Issue(Code(), kLong);
  ASSERT_EQ(store().Redeem(code, kLong)->redemption, CodeRedemption::kFirst);
  ASSERT_TRUE(store().RecordSession(code, "session-1").ok());
  absl::StatusOr<RedeemedCode> reused = store().Redeem(code, kLong);
  ASSERT_TRUE(reused.ok()) << reused.status();
  EXPECT_EQ(reused->redemption, CodeRedemption::kReused);
  EXPECT_EQ(reused->session_id, "session-1");
  EXPECT_EQ(reused->code, Code());
}

TEST_P(AuthorizationCodeStoreTest, RecordSessionIsIdempotentAndKeepsTheFirstId) {
  const std::string code = *store().Issue(Code(), kLong);
  ASSERT_TRUE(store().Redeem(code, kLong).ok());
  ASSERT_TRUE(store().RecordSession(code, "session-1").ok());
  EXPECT_TRUE(store().RecordSession(code, "session-1").ok());
  EXPECT_TRUE(absl::IsAlreadyExists(store().RecordSession(code, "session-2")));
  EXPECT_EQ(store().Redeem(code, kLong)->session_id, "session-1");
}

TEST_P(AuthorizationCodeStoreTest, RecordSessionBeforeRedemptionChangesNothing) {
  const std::string code = *store().Issue(Code(), kLong);
  EXPECT_TRUE(absl::IsFailedPrecondition(store().RecordSession(code, "session-1")));
  absl::StatusOr<RedeemedCode> first = store().Redeem(code, kLong);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->redemption, CodeRedemption::kFirst);
  EXPECT_TRUE(store().RecordSession(code, "session-2").ok());
}

TEST_P(AuthorizationCodeStoreTest, UnknownCodeIsNotFound) {
  const std::string unknown = *NewToken();
  EXPECT_TRUE(absl::IsNotFound(store().Redeem(unknown, kLong).status()));
  EXPECT_TRUE(absl::IsNotFound(store().RecordSession(unknown, "session-1")));
}

TEST_P(AuthorizationCodeStoreTest, MalformedInputIsInvalidArgumentAndChangesNothing) {
  const std::string code = *store().Issue(Code(), kLong);
  EXPECT_TRUE(absl::IsInvalidArgument(store().Redeem("short", kLong).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store().Redeem(code + "A", kLong).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store().Redeem(code, absl::ZeroDuration()).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store().RecordSession("short", "session-1")));
  EXPECT_TRUE(absl::IsInvalidArgument(store().RecordSession(code, "")));
  // The code is still unredeemed.
  EXPECT_EQ(store().Redeem(code, kLong)->redemption, CodeRedemption::kFirst);
  EXPECT_TRUE(absl::IsInvalidArgument(store().RecordSession(code, "")));
  EXPECT_EQ(store().Redeem(code, kLong)->session_id, "");
}

TEST_P(AuthorizationCodeStoreTest, IssueRefusesAMissingRequiredFieldOrLifetime) {
  for (std::string AuthorizationCode::*field :
       {&AuthorizationCode::client_id, &AuthorizationCode::redirect_uri,
        &AuthorizationCode::code_challenge, &AuthorizationCode::user_id,
        &AuthorizationCode::sign_in_method}) {
    AuthorizationCode code = Code();
    code.*field = "";
    EXPECT_TRUE(absl::IsInvalidArgument(store().Issue(code, kLong).status()));
  }
  EXPECT_TRUE(absl::IsInvalidArgument(store().Issue(Code(), absl::ZeroDuration()).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store().Issue(Code(), -kLong).status()));
}

TEST_P(AuthorizationCodeStoreTest, EmptyOptionalFieldsSurvive) {
  AuthorizationCode bare = Code();
  bare.scope = "";
  bare.nonce = "";
  bare.device = {};
  const std::string code = *store().Issue(bare, kLong);
  EXPECT_EQ(store().Redeem(code, kLong)->code, bare);
}

TEST_P(AuthorizationCodeStoreTest, EveryIssueMakesANewCode) {
  const std::string a = *store().Issue(Code(), kLong);
  const std::string b = *store().Issue(Code(), kLong);
  EXPECT_NE(a, b);
  EXPECT_EQ(store().Redeem(a, kLong)->redemption, CodeRedemption::kFirst);
  EXPECT_EQ(store().Redeem(b, kLong)->redemption, CodeRedemption::kFirst);
}

TEST_P(AuthorizationCodeStoreTest, CodeNotRedeemedWithinItsLifetimeIsGone) {
  const std::string code = *store().Issue(Code(), kShort);
  backend_.pass_time(2 * kShort);
  EXPECT_TRUE(absl::IsNotFound(store().Redeem(code, kLong).status()));
  EXPECT_TRUE(absl::IsNotFound(store().RecordSession(code, "session-1")));
}

TEST_P(AuthorizationCodeStoreTest, RedeemedCodeIsRememberedForItsRetentionNotItsLifetime) {
  const std::string kept = *store().Issue(Code(), kShort);
  ASSERT_EQ(store().Redeem(kept, kLong)->redemption, CodeRedemption::kFirst);
  const std::string forgotten = *store().Issue(Code(), kLong);
  ASSERT_EQ(store().Redeem(forgotten, kShort)->redemption, CodeRedemption::kFirst);
  backend_.pass_time(2 * kShort);
  EXPECT_EQ(store().Redeem(kept, kLong)->redemption, CodeRedemption::kReused);
  EXPECT_TRUE(absl::IsNotFound(store().Redeem(forgotten, kLong).status()));
}

TEST_P(AuthorizationCodeStoreTest, ConcurrentRedeemersGetTheFirstRedemptionExactlyOnce) {
  const std::string code = *store().Issue(Code(), kLong);
  constexpr int kThreads = 8;
  std::atomic<int> first = 0, reused = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      absl::StatusOr<RedeemedCode> r = store().Redeem(code, kLong);
      if (!r.ok()) return;
      ++(r->redemption == CodeRedemption::kFirst ? first : reused);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(first, 1);
  EXPECT_EQ(reused, kThreads - 1);
}

INSTANTIATE_TEST_SUITE_P(
    Stores, AuthorizationCodeStoreTest,
    ::testing::Values(
        Impl<AuthorizationCodeStore>{
            "InMemory", FakeOnFakeClock<AuthorizationCodeStore, InMemoryAuthorizationCodeStore>},
        Impl<AuthorizationCodeStore>{
            "Redis", RealOnTestRedis<AuthorizationCodeStore, RedisAuthorizationCodeStore>}),
    BackendName<AuthorizationCodeStore>);

TEST(InMemoryAuthorizationCodeStoreTest, InjectedFailureIsReturnedAndStoresNothing) {
  FakeClock clock;
  InMemoryAuthorizationCodeStore store(clock);
  store.FailNextCalls(absl::UnavailableError("redis unavailable"), 1);
  EXPECT_TRUE(absl::IsUnavailable(store.Issue(Code(), kLong).status()));
  EXPECT_EQ(store.size(), 0);
  EXPECT_TRUE(store.Issue(Code(), kLong).ok());
}

// The keys under `prefix`, sorted.
std::vector<std::string> KeysUnder(RedisClient& redis, const std::string& prefix) {
  absl::StatusOr<RedisReply> keys = redis.Command({"KEYS", prefix + "*"}, RedisResend::kAllowed);
  EXPECT_TRUE(keys.ok()) << keys.status();
  std::vector<std::string> out;
  for (size_t i = 0; keys.ok() && i < keys->size(); ++i) {
    out.emplace_back(RedisReply::StrOf(&keys->element(i)));
  }
  std::sort(out.begin(), out.end());
  return out;
}

long long Pttl(RedisClient& redis, const std::string& key) {
  absl::StatusOr<RedisReply> ttl = redis.Command({"PTTL", key}, RedisResend::kAllowed);
  EXPECT_TRUE(ttl.ok()) << ttl.status();
  return ttl.ok() ? ttl->integer() : -1;
}

TEST(RedisAuthorizationCodeStoreTest, KeepsOnlyTheCodesHashWithItsTtl) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis();
  ASSERT_NE(redis, nullptr);
  const std::string prefix = RandomKeyPrefix();
  RedisAuthorizationCodeStore store(*redis, prefix);
  const std::string code = *store.Issue(Code(), kAuthorizationCodeLifetime);
  const std::string key = prefix + "oauth-code:" + Sha256Hex(code);
  EXPECT_EQ(KeysUnder(*redis, prefix), std::vector<std::string>{key});
  absl::StatusOr<RedisReply> hash = redis->Command({"HGETALL", key}, RedisResend::kAllowed);
  ASSERT_TRUE(hash.ok()) << hash.status();
  for (size_t i = 0; i < hash->size(); ++i) {
    EXPECT_EQ(RedisReply::StrOf(&hash->element(i)).find(code), absl::string_view::npos);
  }
  EXPECT_GT(Pttl(*redis, key), 0);
  EXPECT_LE(Pttl(*redis, key), 60'000);
  ASSERT_TRUE(store.Redeem(code, kRedeemedCodeRetention).ok());
  EXPECT_GT(Pttl(*redis, key), 60'000);
  EXPECT_LE(Pttl(*redis, key), 10 * 60'000);
}

// A store whose one-connection client goes through a proxy that can lose a
// reply after Redis ran the request, or vanish.
struct StoreBehindProxy {
  std::unique_ptr<DroppingProxy> proxy;
  std::unique_ptr<RedisClient> redis;
  std::unique_ptr<RedisAuthorizationCodeStore> store;
};

StoreBehindProxy ConnectBehindProxy(const std::string& prefix) {
  StoreBehindProxy s;
  s.proxy = DroppingProxy::Start(TestRedisUrl());
  if (s.proxy == nullptr) return s;
  s.redis = s.proxy->ConnectClient();
  if (s.redis == nullptr) return s;
  s.store = std::make_unique<RedisAuthorizationCodeStore>(*s.redis, prefix);
  // Loads the scripts, so the next EVALSHA runs instead of answering NOSCRIPT.
  const std::string warm_up = *s.store->Issue(Code(), kLong);
  EXPECT_TRUE(s.store->Redeem(warm_up, kLong).ok());
  EXPECT_TRUE(s.store->RecordSession(warm_up, "warm-up").ok());
  return s;
}

TEST(RedisAuthorizationCodeStoreTest, LostRepliesAreReadBackNotResent) {
  StoreBehindProxy s = ConnectBehindProxy(RandomKeyPrefix());
  ASSERT_NE(s.store, nullptr);
  s.proxy->DropReplyTo("EVALSHA");
  absl::StatusOr<std::string> code = s.store->Issue(Code(), kLong);
  ASSERT_TRUE(code.ok()) << code.status();
  const int scripts_before = s.proxy->RequestsContaining("EVALSHA");
  s.proxy->DropReplyTo("EVALSHA");
  absl::StatusOr<RedeemedCode> first = s.store->Redeem(*code, kLong);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->redemption, CodeRedemption::kFirst);
  EXPECT_EQ(first->code, Code());
  EXPECT_EQ(s.proxy->RequestsContaining("EVALSHA"), scripts_before + 1);
  // Another redemption whose reply is lost is told it came second.
  s.proxy->DropReplyTo("EVALSHA");
  absl::StatusOr<RedeemedCode> second = s.store->Redeem(*code, kLong);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->redemption, CodeRedemption::kReused);
}

TEST(RedisAuthorizationCodeStoreTest, UnreachableRedisIsUnavailableAndNothingIsWritten) {
  std::unique_ptr<RedisClient> direct = ConnectTestRedis();
  ASSERT_NE(direct, nullptr);
  const std::string prefix = RandomKeyPrefix();
  StoreBehindProxy s = ConnectBehindProxy(prefix);
  ASSERT_NE(s.store, nullptr);
  const std::string issued = *s.store->Issue(Code(), kLong);
  const std::vector<std::string> keys_before = KeysUnder(*direct, prefix);
  s.proxy.reset();  // Redis is gone for this client.
  EXPECT_TRUE(absl::IsUnavailable(s.store->Issue(Code(), kLong).status()));
  EXPECT_TRUE(absl::IsUnavailable(s.store->Redeem(issued, kLong).status()));
  EXPECT_TRUE(absl::IsUnavailable(s.store->RecordSession(issued, "session-1")));
  EXPECT_EQ(KeysUnder(*direct, prefix), keys_before);
  // The code was not spent.
  RedisAuthorizationCodeStore store(*direct, prefix);
  EXPECT_EQ(store.Redeem(issued, kLong)->redemption, CodeRedemption::kFirst);
}

}  // namespace
}  // namespace tgauth::storage
