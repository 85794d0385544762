// WebhookSender on the test PostgreSQL, sending to real local HTTP
// subscribers (tests/fixtures/fake_webhook_subscriber.h): signed requests,
// retries until a subscriber recovers, the dead-letter list and its replay,
// a hanging subscriber that delays no other, and each user's events in
// order.
#include "server/events/webhook_sender.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "common/real_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/events/webhook_dead_letters.h"
#include "server/events/webhook_sink.h"
#include "storage/memory/in_memory_webhook_delivery_store.h"
#include "storage/postgres/postgres_webhook_delivery_store.h"
#include "tests/fixtures/fake_webhook_subscriber.h"
#include "tests/storage/test_env.h"
#include "tgauth/v1/webhooks.pb.h"

namespace tgauth {
namespace {

using fixtures::FakeWebhookSubscriber;
using fixtures::WebhookAnswer;
using fixtures::WebhookRequest;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
// Generous: the machine is shared; each wait ends as soon as its condition holds.
constexpr absl::Duration kWait = absl::Seconds(20);

v1::Event Event(uint64_t event_id, std::string user_id) {
  v1::Event event;
  event.set_event_id(event_id);
  event.set_type("session.created");
  *event.mutable_occurred_at() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(1'800'000'000);
  event.set_user_id(std::move(user_id));
  event.mutable_session_created()->set_sign_in_method("widget");
  return event;
}

std::vector<std::string> WebhookIds(const std::vector<WebhookRequest>& requests) {
  std::vector<std::string> ids;
  for (const WebhookRequest& r : requests) ids.push_back(r.Header("webhook-id"));
  return ids;
}

class WebhookSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = storage::ConnectTestDatabase();
    ASSERT_NE(db_, nullptr);
    store_ = std::make_unique<storage::PostgresWebhookDeliveryStore>(*db_);
  }

  // A subscriber named `name`, listening; added to those the sender serves.
  FakeWebhookSubscriber& AddSubscriber(const std::string& name) {
    absl::StatusOr<std::unique_ptr<FakeWebhookSubscriber>> started = FakeWebhookSubscriber::Start();
    EXPECT_TRUE(started.ok()) << started.status();
    v1::WebhookSubscriber* s = list_.add_subscribers();
    s->set_name(name);
    s->set_url((*started)->url());
    s->set_secret(kSecret);
    fakes_.push_back(*std::move(started));
    return *fakes_.back();
  }

  void StartSender(WebhookSenderOptions options = {}) {
    options.initial_backoff = absl::Milliseconds(20);
    options.max_backoff = absl::Milliseconds(100);
    options.poll_interval = absl::Milliseconds(50);
    absl::StatusOr<std::vector<Subscriber>> parsed = ParseSubscribers(list_);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    subscribers_ = *std::move(parsed);
    absl::StatusOr<std::unique_ptr<WebhookSender>> sender =
        WebhookSender::Create(options, subscribers_, *store_, clock_);
    ASSERT_TRUE(sender.ok()) << sender.status();
    sender_ = *std::move(sender);
    sink_ = std::make_unique<WebhookSink>(subscribers_, *store_, clock_, sender_.get());
    dead_letters_ = std::make_unique<WebhookDeadLetters>(*store_, clock_, sender_.get());
    ASSERT_TRUE(sender_->Start().ok());
  }

  // Polls the queue until `done` holds or kWait passes; whether it held.
  bool WaitForQueue(std::function<bool(const storage::WebhookDeliveryCounts&)> done) {
    const absl::Time deadline = absl::Now() + kWait;
    while (absl::Now() < deadline) {
      absl::StatusOr<storage::WebhookDeliveryCounts> counts = store_->Count();
      if (counts.ok() && done(*counts)) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }
  bool WaitUntilNothingPending() {
    return WaitForQueue([](const auto& c) { return c.pending == 0; });
  }

  RealClock clock_;
  std::unique_ptr<storage::PostgresDatabase> db_;
  std::unique_ptr<storage::PostgresWebhookDeliveryStore> store_;
  v1::WebhookSubscriberList list_;
  std::vector<std::unique_ptr<FakeWebhookSubscriber>> fakes_;
  std::vector<Subscriber> subscribers_;
  // Declared after what they use: destroyed (stopped) first.
  std::unique_ptr<WebhookSender> sender_;
  std::unique_ptr<WebhookSink> sink_;
  std::unique_ptr<WebhookDeadLetters> dead_letters_;
};

TEST_F(WebhookSenderTest, PostsTheEventSignedSoAStandardWebhooksVerifierAcceptsIt) {
  FakeWebhookSubscriber& billing = AddSubscriber("billing");
  StartSender();
  const absl::Time before = absl::Now();
  ASSERT_TRUE(sink_->Accept({Event(5, "u1")}).ok());
  std::vector<WebhookRequest> requests = billing.WaitForRequests(1, kWait);
  ASSERT_EQ(requests.size(), 1u);
  const WebhookRequest& r = requests[0];
  EXPECT_EQ(r.target, "/hook");
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("webhook-id"), "evt_5");
  int64_t timestamp = 0;
  ASSERT_TRUE(absl::SimpleAtoi(r.Header("webhook-timestamp"), &timestamp));
  EXPECT_GE(timestamp, absl::ToUnixSeconds(before));
  EXPECT_LE(timestamp, absl::ToUnixSeconds(absl::Now()));
  EXPECT_EQ(r.Header("webhook-signature"),
            WebhookKey::FromSecret(kSecret)->Sign("evt_5", timestamp, r.body));
  v1::WebhookPayload payload;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.body, &payload).ok()) << r.body;
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(payload.data(), Event(5, "u1")));
  EXPECT_TRUE(WaitUntilNothingPending());
}

TEST_F(WebhookSenderTest, ASubscriberThatAnswers500ThenRecoversGetsTheEventOnce) {
  FakeWebhookSubscriber& billing = AddSubscriber("billing");
  billing.AnswerNext(2, {.status = 500});
  StartSender();
  ASSERT_TRUE(sink_->Accept({Event(1, "u1")}).ok());
  ASSERT_TRUE(WaitUntilNothingPending());
  // Two refusals, then the one delivery; nothing after it.
  EXPECT_THAT(WebhookIds(billing.Requests()), ElementsAre("evt_1", "evt_1", "evt_1"));
  EXPECT_EQ(sender_->stats().delivered, 1);
  EXPECT_EQ(sender_->stats().retried, 2);
  EXPECT_THAT(*dead_letters_->List(0, 10), IsEmpty());
}

TEST_F(WebhookSenderTest, ASubscriberThatNeverRecoversIsDeadLetteredAndReplayDeliversIt) {
  FakeWebhookSubscriber& billing = AddSubscriber("billing");
  billing.SetAnswer({.status = 503});
  StartSender({.max_attempts = 3});
  ASSERT_TRUE(sink_->Accept({Event(1, "u1")}).ok());
  ASSERT_TRUE(WaitForQueue([](const auto& c) { return c.pending == 0 && c.dead == 1; }));
  EXPECT_EQ(billing.Requests().size(), 3u);
  std::vector<storage::WebhookDelivery> dead = *dead_letters_->List(0, 10);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].subscriber, "billing");
  EXPECT_EQ(dead[0].event_id, 1u);
  EXPECT_EQ(dead[0].attempts, 3);
  EXPECT_EQ(dead[0].last_error, "HTTP 503");
  EXPECT_EQ(sender_->stats().dead_lettered, 1);

  billing.SetAnswer({.status = 200});
  ASSERT_TRUE(dead_letters_->Replay(dead[0].id).ok());
  ASSERT_EQ(billing.WaitForRequests(4, kWait).size(), 4u);
  ASSERT_TRUE(WaitForQueue([](const auto& c) { return c.pending == 0 && c.dead == 0; }));
  EXPECT_EQ(sender_->stats().delivered, 1);
  EXPECT_TRUE(absl::IsNotFound(dead_letters_->Replay(dead[0].id)));
}

TEST_F(WebhookSenderTest, AHangingSubscriberDelaysNeitherOtherSubscribersNorQueuing) {
  FakeWebhookSubscriber& slow = AddSubscriber("slow");
  FakeWebhookSubscriber& fast = AddSubscriber("fast");
  slow.SetAnswer({.status = 204, .latency = absl::Minutes(5)});
  StartSender({.request_timeout = absl::Minutes(1), .max_in_flight_per_subscriber = 1});
  ASSERT_TRUE(sink_->Accept({Event(1, "u1")}).ok());
  ASSERT_EQ(slow.WaitForRequests(1, kWait).size(), 1u);  // Now it hangs.
  // Later events are queued at once and reach the other subscriber while
  // the slow one still holds its only slot.
  ASSERT_TRUE(sink_->Accept({Event(2, "u2"), Event(3, "u3")}).ok());
  EXPECT_THAT(WebhookIds(fast.WaitForRequests(3, kWait)), ElementsAre("evt_1", "evt_2", "evt_3"));
  EXPECT_EQ(slow.Requests().size(), 1u);
}

TEST_F(WebhookSenderTest, AUsersLaterEventWaitsUntilTheEarlierIsDelivered) {
  FakeWebhookSubscriber& billing = AddSubscriber("billing");
  billing.AnswerNext(2, {.status = 500});
  StartSender();
  ASSERT_TRUE(sink_->Accept({Event(1, "u1"), Event(2, "u1"), Event(3, "u1")}).ok());
  ASSERT_TRUE(WaitUntilNothingPending());
  EXPECT_THAT(WebhookIds(billing.Requests()),
              ElementsAre("evt_1", "evt_1", "evt_1", "evt_2", "evt_3"));
}

TEST_F(WebhookSenderTest, ADeadLetterReleasesTheUsersNextEvent) {
  FakeWebhookSubscriber& billing = AddSubscriber("billing");
  billing.AnswerNext(2, {.status = 500});
  StartSender({.max_attempts = 2});
  ASSERT_TRUE(sink_->Accept({Event(1, "u1"), Event(2, "u1")}).ok());
  ASSERT_TRUE(WaitForQueue([](const auto& c) { return c.pending == 0 && c.dead == 1; }));
  EXPECT_THAT(WebhookIds(billing.Requests()), ElementsAre("evt_1", "evt_1", "evt_2"));
}

TEST(WebhookSenderOptionsTest, RefusesLimitsBelowOne) {
  std::vector<Subscriber> none;
  storage::InMemoryWebhookDeliveryStore store;
  RealClock clock;
  for (WebhookSenderOptions bad : {WebhookSenderOptions{.max_attempts = 0},
                                   WebhookSenderOptions{.max_in_flight_per_subscriber = 0},
                                   WebhookSenderOptions{.request_timeout = absl::ZeroDuration()}}) {
    EXPECT_TRUE(absl::IsInvalidArgument(WebhookSender::Create(bad, none, store, clock).status()));
  }
}

}  // namespace
}  // namespace tgauth
