// The outbox relay's channels end to end: a QR sign-in through a real
// tgauth-server reaches the Redis Stream (--event_stream) and a Standard
// Webhooks subscriber (--event_webhook_subscribers_file, a real local HTTP
// server), as the same numbered event.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/redis/redis_client.h"
#include "tests/e2e/private_file.h"
#include "tests/e2e/qr_sign_in.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/fixtures/fake_webhook_subscriber.h"
#include "tests/storage/test_env.h"
#include "tgauth/v1/events.pb.h"

namespace tgauth::e2e {
namespace {

using ::testing::StartsWith;

constexpr char kSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
// Generous: the machine is shared; each wait ends as soon as its condition holds.
constexpr absl::Duration kWait = absl::Seconds(20);

// The Event inside a Standard Webhooks body ({"type", "timestamp", "data"}).
v1::Event EventOfWebhook(const std::string& body) {
  google::protobuf::Struct payload;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &payload).ok()) << body;
  std::string data;
  EXPECT_TRUE(
      google::protobuf::util::MessageToJsonString(payload.fields().at("data"), &data).ok());
  v1::Event event;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(data, &event).ok()) << data;
  return event;
}

class EventChannelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = storage::ConnectTestRedis();
    ASSERT_NE(redis_, nullptr);
    stream_ = storage::RandomKeyPrefix() + "events";
    absl::StatusOr<std::unique_ptr<fixtures::FakeWebhookSubscriber>> subscriber =
        fixtures::FakeWebhookSubscriber::Start();
    ASSERT_TRUE(subscriber.ok()) << subscriber.status();
    subscriber_ = *std::move(subscriber);
    subscribers_file_ = WritePrivateFile(
        "subscribers.json",
        absl::StrCat(R"({"subscribers": [{"name": "billing", "url": ")", subscriber_->url(),
                     R"(", "eventTypes": ["session.created"], "secret": ")", kSecret, R"("}]})"));
    absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster = TgauthCluster::Start(
        {.server_flags = {"--login_confirmation=false",  // As SignInWithQr drives it.
                          "--event_relay_poll_interval=10ms",
                          absl::StrCat("--event_stream=", stream_),
                          absl::StrCat("--event_webhook_subscribers_file=", subscribers_file_)}});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
  }
  void TearDown() override {
    cluster_.reset();
    if (!subscribers_file_.empty()) std::remove(subscribers_file_.c_str());
    if (redis_ != nullptr) {
      redis_->Command({"DEL", stream_}, storage::RedisResend::kAllowed).IgnoreError();
    }
  }

  // The events in the stream, decoded from each entry's `event` field.
  std::vector<v1::Event> StreamEvents() {
    absl::StatusOr<storage::RedisReply> reply =
        redis_->Command({"XRANGE", stream_, "-", "+"}, storage::RedisResend::kAllowed);
    EXPECT_TRUE(reply.ok()) << reply.status();
    std::vector<v1::Event> events;
    if (!reply.ok()) return events;
    for (size_t i = 0; i < reply->size(); ++i) {
      const redisReply& fields = *reply->element(i).element[1];
      for (size_t f = 0; f + 1 < fields.elements; f += 2) {
        if (storage::RedisReply::StrOf(fields.element[f]) != "event") continue;
        const absl::string_view bytes = storage::RedisReply::StrOf(fields.element[f + 1]);
        v1::Event event;
        EXPECT_TRUE(event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
        events.push_back(std::move(event));
      }
    }
    return events;
  }

  std::unique_ptr<storage::RedisClient> redis_;
  std::string stream_;
  std::unique_ptr<fixtures::FakeWebhookSubscriber> subscriber_;
  std::string subscribers_file_;
  std::unique_ptr<TgauthCluster> cluster_;
};

TEST_F(EventChannelsTest, ASignInReachesTheRedisStreamAndTheWebhookSubscriber) {
  absl::StatusOr<v1::AwaitLoginResponse> signed_in =
      SignInWithQr(*cluster_, NewTelegramUser(), "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0");
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  const std::string session_id = signed_in->session().session_id();

  // The subscriber asked only for session.created: one request.
  const std::vector<fixtures::WebhookRequest> requests = subscriber_->WaitForRequests(1, kWait);
  ASSERT_EQ(requests.size(), 1u);
  const v1::Event delivered = EventOfWebhook(requests[0].body);
  EXPECT_EQ(delivered.type(), "session.created");
  EXPECT_EQ(delivered.session_id(), session_id);
  EXPECT_EQ(requests[0].Header("webhook-id"), absl::StrCat("evt_", delivered.event_id()));
  EXPECT_THAT(requests[0].Header("webhook-signature"), StartsWith("v1,"));

  // The stream has every event of the sign-in, this one among them.
  std::vector<v1::Event> streamed;
  const absl::Time deadline = absl::Now() + kWait;
  auto has_it = [&] {
    for (const v1::Event& e : streamed) {
      if (e.event_id() == delivered.event_id()) return true;
    }
    return false;
  };
  while (!(streamed = StreamEvents(), has_it()) && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_TRUE(has_it());
  for (const v1::Event& e : streamed) {
    if (e.event_id() != delivered.event_id()) continue;
    EXPECT_EQ(e.type(), "session.created");
    EXPECT_EQ(e.session_id(), session_id);
  }
}

}  // namespace
}  // namespace tgauth::e2e
