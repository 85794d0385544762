// The subscribers file: what ParseSubscribers accepts and the precise
// reasons it refuses the rest.
#include "server/events/webhook_subscribers.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;

constexpr char kSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

v1::WebhookSubscriber Subscriber(std::string name, std::string url = "https://billing.internal/h") {
  v1::WebhookSubscriber s;
  s.set_name(std::move(name));
  s.set_url(std::move(url));
  s.set_secret(kSecret);
  return s;
}

absl::Status ParseOne(const v1::WebhookSubscriber& s) {
  v1::WebhookSubscriberList list;
  *list.add_subscribers() = s;
  return ParseSubscribers(list).status();
}

TEST(ParseSubscribersTest, KeepsNameUrlAndTypesAndAnEmptyTypeListWantsEverything) {
  v1::WebhookSubscriberList list;
  *list.add_subscribers() = Subscriber("billing");
  list.mutable_subscribers(0)->add_event_types("user.deleted");
  *list.add_subscribers() = Subscriber("audit", "http://audit:8080/");
  absl::StatusOr<std::vector<tgauth::Subscriber>> parsed = ParseSubscribers(list);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].name, "billing");
  EXPECT_EQ((*parsed)[0].url, "https://billing.internal/h");
  EXPECT_TRUE((*parsed)[0].Wants("user.deleted"));
  EXPECT_FALSE((*parsed)[0].Wants("session.created"));
  EXPECT_TRUE((*parsed)[1].Wants("session.created"));
}

TEST(ParseSubscribersTest, RefusesBadNamesUrlsSecretsAndDuplicateNames) {
  EXPECT_THAT(ParseOne(Subscriber("Billing")).message(), HasSubstr("name"));
  EXPECT_THAT(ParseOne(Subscriber("")).message(), HasSubstr("name"));
  EXPECT_THAT(ParseOne(Subscriber("billing", "ftp://x")).message(), HasSubstr("url"));
  v1::WebhookSubscriber no_secret = Subscriber("billing");
  no_secret.set_secret("hunter2");
  absl::Status status = ParseOne(no_secret);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("billing"));
  v1::WebhookSubscriberList twice;
  *twice.add_subscribers() = Subscriber("billing");
  *twice.add_subscribers() = Subscriber("billing");
  EXPECT_THAT(ParseSubscribers(twice).status().message(), HasSubstr("taken"));
}

}  // namespace
}  // namespace tgauth
