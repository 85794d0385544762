// WebhookSink on the in-memory queue: one delivery per event and subscriber
// that wants its type, the body in the Standard Webhooks payload shape
// printed by protobuf's JSON printer, and nothing queued twice.
#include "server/events/webhook_sink.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include "common/fake_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/events/webhook_payload.h"
#include "storage/memory/in_memory_webhook_delivery_store.h"
#include "tgauth/v1/webhooks.pb.h"

namespace tgauth {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::StartsWith;

constexpr char kSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

v1::Event SessionCreated(uint64_t event_id, std::string user_id) {
  v1::Event event;
  event.set_event_id(event_id);
  event.set_type("session.created");
  *event.mutable_occurred_at() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(1'800'000'000);
  event.set_user_id(std::move(user_id));
  event.mutable_session_created()->set_sign_in_method("qr");
  return event;
}

v1::Event UserDeleted(uint64_t event_id) {
  v1::Event event = SessionCreated(event_id, "u2");
  event.set_type("user.deleted");
  event.mutable_user_deleted();
  return event;
}

class WebhookSinkTest : public ::testing::Test {
 protected:
  WebhookSinkTest() {
    v1::WebhookSubscriberList list;
    v1::WebhookSubscriber* all = list.add_subscribers();
    all->set_name("audit");
    all->set_url("https://audit.internal/h");
    all->set_secret(kSecret);
    v1::WebhookSubscriber* billing = list.add_subscribers();
    billing->set_name("billing");
    billing->set_url("https://billing.internal/h");
    billing->set_secret(kSecret);
    billing->add_event_types("user.deleted");
    subscribers_ = *ParseSubscribers(list);
  }

  // (subscriber, event_id) of every queued delivery, in queue order.
  std::vector<std::pair<std::string, uint64_t>> Queued() {
    std::vector<std::pair<std::string, uint64_t>> queued;
    for (const char* name : {"audit", "billing"}) {
      const std::vector<storage::WebhookDelivery> claimed =
          *store_.Claim(name, clock_.Now(), absl::Hours(1), 100);
      for (const storage::WebhookDelivery& d : claimed)
        queued.emplace_back(d.subscriber, d.event_id);
    }
    return queued;
  }

  FakeClock clock_;
  storage::InMemoryWebhookDeliveryStore store_;
  std::vector<Subscriber> subscribers_;
  WebhookSink sink_{subscribers_, store_, clock_, nullptr};
};

TEST_F(WebhookSinkTest, QueuesEachEventForEverySubscriberThatWantsItsType) {
  ASSERT_TRUE(sink_.Accept({SessionCreated(1, "u1"), UserDeleted(2)}).ok());
  EXPECT_THAT(Queued(), ElementsAre(Pair("audit", 1), Pair("audit", 2), Pair("billing", 2)));
}

TEST_F(WebhookSinkTest, ABatchOfferedAgainQueuesNothingNew) {
  ASSERT_TRUE(sink_.Accept({SessionCreated(1, "u1")}).ok());
  ASSERT_TRUE(sink_.Accept({SessionCreated(1, "u1"), SessionCreated(2, "u2")}).ok());
  EXPECT_THAT(Queued(), ElementsAre(Pair("audit", 1), Pair("audit", 2)));
}

TEST_F(WebhookSinkTest, TheBodyIsTheStandardWebhooksPayloadWithTheEventAsData) {
  const v1::Event event = SessionCreated(7, "u1");
  ASSERT_TRUE(sink_.Accept({event}).ok());
  std::vector<storage::WebhookDelivery> queued =
      *store_.Claim("audit", clock_.Now(), absl::Hours(1), 10);
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].event_type, "session.created");
  EXPECT_EQ(queued[0].user_id, "u1");
  v1::WebhookPayload payload;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(queued[0].body, &payload).ok());
  EXPECT_EQ(payload.type(), "session.created");
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(payload.timestamp(), event.occurred_at()));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(payload.data(), event));
  // The envelope's top-level keys, as Standard Webhooks names them.
  EXPECT_THAT(queued[0].body,
              StartsWith(R"({"type":"session.created","timestamp":"2027-01-15T08:00:00Z",)"
                         R"("data":{)"));
}

TEST_F(WebhookSinkTest, AFailingQueueFailsTheBatchSoTheRelayOffersItAgain) {
  store_.FailNextCalls(absl::UnavailableError("postgres down"), 1);
  EXPECT_TRUE(absl::IsUnavailable(sink_.Accept({SessionCreated(1, "u1")})));
  ASSERT_TRUE(sink_.Accept({SessionCreated(1, "u1")}).ok());
  EXPECT_THAT(Queued(), ElementsAre(Pair("audit", 1)));
}

TEST(WebhookIdTest, IsTheEventIdSoRetriesAndSubscribersShareIt) {
  EXPECT_EQ(WebhookId(42), "evt_42");
}

}  // namespace
}  // namespace tgauth
