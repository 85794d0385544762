// OpenID Connect Back-Channel Logout 1.0 on the in-memory stores: which
// ended sessions the sink queues a logout for (BackchannelLogoutSink), the
// request the channel builds for each (BackchannelLogoutChannel), and
// delivery with retries through the shared WebhookSender to a real local
// HTTP endpoint (tests/fixtures/fake_webhook_subscriber.h) standing in for
// the client.
#include <google/protobuf/struct.pb.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/fake_clock.h"
#include "common/real_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/events/webhook_sender.h"
#include "server/oauth/backchannel_logout_channel.h"
#include "server/oauth/backchannel_logout_sink.h"
#include "server/oauth/client_administration.h"
#include "server/token/jwt_verifier.h"
#include "server/token/logout_token_signer.h"
#include "server/token/signing_key.h"
#include "storage/memory/in_memory_oauth_client_store.h"
#include "storage/memory/in_memory_webhook_delivery_store.h"
#include "tests/fixtures/fake_webhook_subscriber.h"

namespace tgauth {
namespace {

using fixtures::FakeWebhookSubscriber;
using fixtures::WebhookRequest;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kIssuer[] = "https://auth.example";
constexpr char kShopLogout[] = "https://shop.example/backchannel-logout";

v1::Event SessionRevoked(uint64_t event_id, std::string client_id,
                         v1::SessionRevoked::Reason reason = v1::SessionRevoked::REVOKED_BY_USER) {
  v1::Event event;
  event.set_event_id(event_id);
  event.set_type("session.revoked");
  // A user per event: the queue keeps each user's deliveries in order, and
  // a claim returns only the first that is due.
  event.set_user_id(absl::StrCat("user-", event_id));
  event.set_session_id(absl::StrCat("session-", event_id));
  event.mutable_session_revoked()->set_reason(reason);
  event.mutable_session_revoked()->set_client_id(std::move(client_id));
  return event;
}

class BackchannelLogoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = *SigningKey::Generate();
    *jwks_.add_keys() = key_->public_jwk();
    AddClient("shop", kShopLogout);
    AddClient("spa", "");  // Registered no back-channel URI.
  }

  void AddClient(const std::string& client_id, const std::string& logout_uri) {
    absl::StatusOr<ClientWithSecret> created =
        admin_.Create({.client_id = client_id,
                       .settings = {.name = client_id,
                                    .redirect_uris = {"https://app.example/cb"},
                                    .backchannel_logout_uri = logout_uri}});
    ASSERT_TRUE(created.ok()) << created.status();
  }

  // (subscriber, body) of every delivery queued for `client_id`.
  std::vector<std::pair<std::string, std::string>> Queued(const std::string& client_id) {
    std::vector<std::pair<std::string, std::string>> queued;
    const std::vector<storage::WebhookDelivery> claimed = *deliveries_.Claim(
        BackchannelLogoutSubscriber(client_id), clock_.Now(), absl::Hours(1), 100);
    for (const storage::WebhookDelivery& d : claimed) {
      queued.emplace_back(d.subscriber, d.body);
    }
    return queued;
  }

  // The verified claims of the logout token in a request's form body.
  google::protobuf::Struct TokenClaims(absl::string_view body) {
    EXPECT_TRUE(absl::ConsumePrefix(&body, "logout_token=")) << body;
    absl::StatusOr<VerifiedJwt> jwt = VerifyEs256Jwt(body, jwks_);
    EXPECT_TRUE(jwt.ok()) << jwt.status();
    return jwt.ok() ? jwt->claims : google::protobuf::Struct();
  }

  FakeClock clock_;
  storage::InMemoryOAuthClientStore clients_;
  OAuthClientAdministration admin_{clients_, clock_};
  storage::InMemoryWebhookDeliveryStore deliveries_;
  std::unique_ptr<SigningKey> key_;
  v1::GetJwksResponse jwks_;
  BackchannelLogoutSink sink_{clients_, deliveries_, clock_, nullptr};
};

TEST_F(BackchannelLogoutTest, QueuesEveryEndOfAClientsSessionWhenItRegisteredAUri) {
  std::vector<v1::Event> events;
  uint64_t id = 0;
  for (auto reason :
       {v1::SessionRevoked::LOGOUT, v1::SessionRevoked::REVOKED_BY_USER,
        v1::SessionRevoked::OTHER_DEVICES_LOGGED_OUT, v1::SessionRevoked::ADMIN,
        v1::SessionRevoked::USER_BLOCKED, v1::SessionRevoked::USER_DELETED,
        v1::SessionRevoked::REFRESH_TOKEN_REUSE_DETECTED, v1::SessionRevoked::REASON_UNSPECIFIED}) {
    events.push_back(SessionRevoked(++id, "shop", reason));
  }
  ASSERT_TRUE(sink_.Accept(events).ok());
  std::vector<std::pair<std::string, std::string>> queued = Queued("shop");
  ASSERT_EQ(queued.size(), events.size());
  EXPECT_EQ(queued[0], std::make_pair(std::string("backchannel-logout:shop"),
                                      std::string("session-1")));  // The body is the sid.
}

TEST_F(BackchannelLogoutTest, SkipsSessionsWithoutAClientWithAUriAndMereExpiry) {
  v1::Event created = SessionRevoked(5, "shop");
  created.set_type("session.created");
  created.mutable_session_created()->set_client_id("shop");
  ASSERT_TRUE(sink_
                  .Accept({SessionRevoked(1, ""), SessionRevoked(2, "spa"),
                           SessionRevoked(3, "unknown-app"),
                           SessionRevoked(4, "shop", v1::SessionRevoked::EXPIRED), created})
                  .ok());
  EXPECT_THAT(Queued("shop"), IsEmpty());
  EXPECT_THAT(Queued("spa"), IsEmpty());
  EXPECT_THAT(Queued("unknown-app"), IsEmpty());
}

TEST_F(BackchannelLogoutTest, AnEventOfferedAgainIsQueuedOnce) {
  ASSERT_TRUE(sink_.Accept({SessionRevoked(1, "shop")}).ok());
  ASSERT_TRUE(sink_.Accept({SessionRevoked(1, "shop"), SessionRevoked(2, "shop")}).ok());
  EXPECT_THAT(Queued("shop"), ElementsAre(std::make_pair("backchannel-logout:shop", "session-1"),
                                          std::make_pair("backchannel-logout:shop", "session-2")));
}

TEST_F(BackchannelLogoutTest, AStoreFailureMakesTheRelayOfferTheBatchAgain) {
  deliveries_.FailNextCalls(absl::UnavailableError("down"), 1);
  EXPECT_TRUE(absl::IsUnavailable(sink_.Accept({SessionRevoked(1, "shop")})));
  ASSERT_TRUE(sink_.Accept({SessionRevoked(1, "shop")}).ok());
  EXPECT_EQ(Queued("shop").size(), 1u);
}

TEST_F(BackchannelLogoutTest, TheChannelServesClientsWithAUriAndPostsASignedLogoutToken) {
  LogoutTokenSigner signer(kIssuer, *key_);
  BackchannelLogoutChannel channel(clients_, signer, clock_);
  EXPECT_THAT(channel.Subscribers(), ElementsAre("backchannel-logout:shop"));

  ASSERT_TRUE(sink_.Accept({SessionRevoked(7, "shop")}).ok());
  std::vector<storage::WebhookDelivery> due =
      *deliveries_.Claim("backchannel-logout:shop", clock_.Now(), absl::Minutes(1), 10);
  ASSERT_EQ(due.size(), 1u);
  absl::StatusOr<PostLoop::Post> post = channel.Request(due[0]);
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->url, kShopLogout);
  EXPECT_THAT(post->headers, ElementsAre("Content-Type: application/x-www-form-urlencoded"));
  google::protobuf::Struct claims = TokenClaims(post->body);
  EXPECT_EQ(claims.fields().at("iss").string_value(), kIssuer);
  EXPECT_EQ(claims.fields().at("aud").string_value(), "shop");
  EXPECT_EQ(claims.fields().at("sub").string_value(), "user-7");
  EXPECT_EQ(claims.fields().at("sid").string_value(), "session-7");
  EXPECT_EQ(claims.fields().at("iat").number_value(), absl::ToUnixSeconds(clock_.Now()));
}

TEST_F(BackchannelLogoutTest, AClientWhoseUriIsGoneIsNotFound) {
  LogoutTokenSigner signer(kIssuer, *key_);
  BackchannelLogoutChannel channel(clients_, signer, clock_);
  storage::WebhookDelivery delivery{
      .subscriber = BackchannelLogoutSubscriber("spa"), .user_id = "user-1", .body = "session-1"};
  EXPECT_TRUE(absl::IsNotFound(channel.Request(delivery).status()));
  delivery.subscriber = BackchannelLogoutSubscriber("deleted-app");
  EXPECT_TRUE(absl::IsNotFound(channel.Request(delivery).status()));
  delivery.subscriber = "billing";  // A webhook subscriber's row.
  EXPECT_TRUE(absl::IsNotFound(channel.Request(delivery).status()));
  clients_.FailNextCalls(absl::UnavailableError("down"), 1);
  delivery.subscriber = BackchannelLogoutSubscriber("shop");
  EXPECT_TRUE(absl::IsUnavailable(channel.Request(delivery).status()));
}

// Delivery through the shared WebhookSender, on the real clock, to a local
// HTTP endpoint registered as the shop's backchannel_logout_uri.
class BackchannelLogoutDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<FakeWebhookSubscriber>> app = FakeWebhookSubscriber::Start();
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = *std::move(app);
    ASSERT_TRUE(admin_
                    .Create({.client_id = "shop",
                             .settings = {.name = "Shop",
                                          .redirect_uris = {"https://shop.example/cb"},
                                          .backchannel_logout_uri = app_->url()}})
                    .ok());
    *jwks_.add_keys() = key_->public_jwk();
  }

  // Starts the sender (fast retries, then `options`) and queues the end of
  // session-1 through the sink.
  void StartSenderAndEndASession(WebhookSenderOptions options) {
    options.initial_backoff = absl::Milliseconds(20);
    options.max_backoff = absl::Milliseconds(50);
    options.poll_interval = absl::Milliseconds(20);
    absl::StatusOr<std::unique_ptr<WebhookSender>> sender = WebhookSender::Create(
        options, std::make_unique<BackchannelLogoutChannel>(clients_, signer_, clock_), deliveries_,
        clock_, "the back-channel logout sender");
    ASSERT_TRUE(sender.ok()) << sender.status();
    sender_ = *std::move(sender);
    sink_ = std::make_unique<BackchannelLogoutSink>(clients_, deliveries_, clock_, sender_.get());
    ASSERT_TRUE(sender_->Start().ok());
    ASSERT_TRUE(sink_->Accept({SessionRevoked(1, "shop")}).ok());
  }

  // Polls the queue until `done` holds or 20 s pass; whether it held.
  bool WaitForQueue(std::function<bool(const storage::WebhookDeliveryCounts&)> done) {
    const absl::Time deadline = absl::Now() + absl::Seconds(20);
    while (absl::Now() < deadline) {
      if (done(*deliveries_.Count())) return true;
      absl::SleepFor(absl::Milliseconds(10));
    }
    return false;
  }

  RealClock clock_;
  storage::InMemoryOAuthClientStore clients_;
  OAuthClientAdministration admin_{clients_, clock_};
  std::unique_ptr<FakeWebhookSubscriber> app_;
  std::unique_ptr<SigningKey> key_ = *SigningKey::Generate();
  v1::GetJwksResponse jwks_;
  LogoutTokenSigner signer_{kIssuer, *key_};
  storage::InMemoryWebhookDeliveryStore deliveries_;
  // Declared after what they use: destroyed (stopped) first.
  std::unique_ptr<WebhookSender> sender_;
  std::unique_ptr<BackchannelLogoutSink> sink_;
};

// A client that fails is retried until it answers 2xx, each time with a
// freshly signed token.
TEST_F(BackchannelLogoutDeliveryTest, RetriesWithFreshTokensUntilTheClientAnswers) {
  app_->AnswerNext(2, {.status = 503});
  app_->SetAnswer({.status = 200});
  StartSenderAndEndASession({});
  std::vector<WebhookRequest> requests = app_->WaitForRequests(3, absl::Seconds(20));
  ASSERT_EQ(requests.size(), 3u);
  std::vector<std::string> jtis;
  for (const WebhookRequest& request : requests) {
    EXPECT_EQ(request.Header("content-type"), "application/x-www-form-urlencoded");
    absl::string_view token = request.body;
    ASSERT_TRUE(absl::ConsumePrefix(&token, "logout_token="));
    absl::StatusOr<VerifiedJwt> jwt = VerifyEs256Jwt(token, jwks_);
    ASSERT_TRUE(jwt.ok()) << jwt.status();
    EXPECT_EQ(jwt->claims.fields().at("sid").string_value(), "session-1");
    jtis.push_back(jwt->claims.fields().at("jti").string_value());
  }
  EXPECT_NE(jtis[0], jtis[1]);
  EXPECT_NE(jtis[1], jtis[2]);
  EXPECT_TRUE(WaitForQueue([](const auto& c) { return c.pending == 0; }));
  EXPECT_EQ(deliveries_.Count()->dead, 0);
  sender_->Stop();
  EXPECT_EQ(app_->Requests().size(), 3u);  // Delivered: no fourth request.
}

// Each attempt at a client slower than the request timeout times out; out
// of attempts, the delivery is a dead letter.
TEST_F(BackchannelLogoutDeliveryTest, AClientThatNeverAnswersIsDeadLetteredAfterMaxAttempts) {
  app_->SetAnswer({.status = 200, .latency = absl::Seconds(5)});
  StartSenderAndEndASession({.request_timeout = absl::Milliseconds(200), .max_attempts = 2});
  EXPECT_TRUE(WaitForQueue([](const auto& c) { return c.dead == 1 && c.pending == 0; }));
  std::vector<storage::WebhookDelivery> dead = *deliveries_.ListDead(0, 10);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].attempts, 2);
  EXPECT_EQ(dead[0].subscriber, "backchannel-logout:shop");
}

}  // namespace
}  // namespace tgauth
