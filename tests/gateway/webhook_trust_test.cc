// What the gateway proves to the server (gateway_fixture.h): the webhook
// secret travels on with each update, the gateway token with every RPC;
// and a client that keeps sending a wrong webhook secret is cut off.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "common/fake_clock.h"
#include "gateway/failed_auth_limiter.h"
#include "tests/gateway/gateway_fixture.h"

namespace tgauth::gateway {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::SizeIs;

constexpr char kUpdate[] = R"json({"update_id": 1001, "message": {"message_id": 5,
  "text": "/start abc", "from": {"id": 42}, "chat": {"id": 42, "type": "private"}}})json";

class WebhookTrustTest : public GatewayFixture {
 protected:
  TestResponse PostUpdate(const std::string& secret, Headers headers = {}) {
    headers.emplace_back("X-Telegram-Bot-Api-Secret-Token", secret);
    return Post("/telegram/webhook", kUpdate, std::move(headers));
  }
};

TEST_F(WebhookTrustTest, TheWebhookSecretGoesOnToTheServerWithTheUpdate) {
  ASSERT_EQ(PostUpdate(kSecret).status, 200);
  ASSERT_THAT(fake_.handle_update.calls(), SizeIs(1));
  EXPECT_THAT(fake_.handle_update.calls()[0].metadata,
              Contains(Pair("x-telegram-bot-api-secret-token", kSecret)));
}

TEST_F(WebhookTrustTest, EveryRpcCarriesTheGatewayToken) {
  ASSERT_EQ(PostUpdate(kSecret).status, 200);
  ASSERT_EQ(Post("/v1/logins", "{}").status, 200);
  ASSERT_EQ(Get("/.well-known/jwks.json").status, 200);
  for (const auto& metadata :
       {fake_.handle_update.calls().at(0).metadata, fake_.create_login.calls().at(0).metadata,
        fake_.get_jwks.calls().at(0).metadata}) {
    EXPECT_THAT(metadata, Contains(Pair("x-tgauth-gateway-token", kGatewayToken)));
  }
}

TEST_F(WebhookTrustTest, AfterTenWrongSecretsFromOneAddressWrongOnesGetTooManyRequests) {
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(PostUpdate(absl::StrCat("guess-", i)).status, 401) << i;
  }
  TestResponse refused = PostUpdate("guess-10");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(ErrorCode(refused), 8);  // RESOURCE_EXHAUSTED
  EXPECT_EQ(ErrorMessage(refused), "too many webhook calls with a wrong secret; retry later");
  EXPECT_EQ(refused.Header("retry-after"), "60");
  EXPECT_THAT(fake_.handle_update.calls(), IsEmpty());
}

TEST_F(WebhookTrustTest, TheRightSecretPassesFromAnAddressThatGuessedTooOften) {
  for (int i = 0; i < 11; ++i) PostUpdate(absl::StrCat("guess-", i));
  EXPECT_EQ(PostUpdate(kSecret).status, 200);
  EXPECT_THAT(fake_.handle_update.calls(), SizeIs(1));
  EXPECT_EQ(PostUpdate("guess-11").status, 429);
}

TEST_F(WebhookTrustTest, WrongSecretsFromOneAddressDoNotBlockAnother) {
  StartGateway({.webhook_secret = kSecret, .client_address = {.trust_forwarded_for = true}});
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(PostUpdate("guess", {{"X-Forwarded-For", "203.0.113.9"}}).status, 401);
  }
  EXPECT_EQ(PostUpdate("guess", {{"X-Forwarded-For", "203.0.113.9"}}).status, 429);
  EXPECT_EQ(PostUpdate("guess", {{"X-Forwarded-For", "198.51.100.7"}}).status, 401);
}

TEST(FailedAuthLimiterTest, AnAddressIsRefusedAfterItsFailuresUntilTheWindowEnds) {
  FakeClock clock;
  FailedAuthLimiter limiter({.max_failures = 2, .window = absl::Minutes(1)}, clock);
  limiter.RecordFailure("203.0.113.9");
  EXPECT_EQ(limiter.RetryAfter("203.0.113.9"), absl::ZeroDuration());
  clock.Advance(absl::Seconds(20));
  limiter.RecordFailure("203.0.113.9");
  EXPECT_EQ(limiter.RetryAfter("203.0.113.9"), absl::Seconds(40));
  EXPECT_EQ(limiter.RetryAfter("198.51.100.7"), absl::ZeroDuration());
  clock.Advance(absl::Seconds(40));
  EXPECT_EQ(limiter.RetryAfter("203.0.113.9"), absl::ZeroDuration());
  limiter.RecordFailure("203.0.113.9");  // A new window: one failure so far.
  EXPECT_EQ(limiter.RetryAfter("203.0.113.9"), absl::ZeroDuration());
}

TEST(FailedAuthLimiterTest, AnIpv6SlashSixtyFourAndAnAddresssSpellingsAreOneClient) {
  FakeClock clock;
  FailedAuthLimiter limiter({.max_failures = 2, .window = absl::Minutes(1)}, clock);
  limiter.RecordFailure("2001:db8:1:2::1");
  limiter.RecordFailure("2001:db8:1:2::ffff");
  EXPECT_GT(limiter.RetryAfter("2001:db8:1:2::7"), absl::ZeroDuration());
  EXPECT_EQ(limiter.RetryAfter("2001:db8:1:3::1"), absl::ZeroDuration());
  limiter.RecordFailure("203.0.113.9");
  limiter.RecordFailure("::ffff:203.0.113.9");
  EXPECT_GT(limiter.RetryAfter("203.0.113.9"), absl::ZeroDuration());
}

TEST(FailedAuthLimiterTest, AFullTableForgetsTheOldestWindowToTrackANewAddress) {
  FakeClock clock;
  FailedAuthLimiter limiter({.max_failures = 1, .window = absl::Minutes(1), .max_addresses = 2},
                            clock);
  limiter.RecordFailure("10.0.0.1");
  clock.Advance(absl::Seconds(1));
  limiter.RecordFailure("10.0.0.2");
  limiter.RecordFailure("10.0.0.3");  // Full: 10.0.0.1, the oldest, makes room.
  EXPECT_GT(limiter.RetryAfter("10.0.0.3"), absl::ZeroDuration());
  EXPECT_GT(limiter.RetryAfter("10.0.0.2"), absl::ZeroDuration());
  EXPECT_EQ(limiter.RetryAfter("10.0.0.1"), absl::ZeroDuration());
}

TEST(FailedAuthLimiterTest, EndedWindowsMakeRoomFirst) {
  FakeClock clock;
  FailedAuthLimiter limiter({.max_failures = 1, .window = absl::Minutes(1), .max_addresses = 2},
                            clock);
  limiter.RecordFailure("10.0.0.1");
  clock.Advance(absl::Seconds(59));
  limiter.RecordFailure("10.0.0.2");
  clock.Advance(absl::Seconds(1));  // 10.0.0.1's window has ended.
  limiter.RecordFailure("10.0.0.3");
  EXPECT_GT(limiter.RetryAfter("10.0.0.2"), absl::ZeroDuration());
  EXPECT_GT(limiter.RetryAfter("10.0.0.3"), absl::ZeroDuration());
}

}  // namespace
}  // namespace tgauth::gateway
