// WebhookDeliveryStore conformance: the same tests for
// InMemoryWebhookDeliveryStore and PostgresWebhookDeliveryStore, including
// concurrent claims (on PostgreSQL: separate connections, SKIP LOCKED).
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_webhook_delivery_store.h"
#include "storage/postgres/postgres_webhook_delivery_store.h"
#include "tests/storage/conformance.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::Time kNow = absl::FromUnixMicros(1'800'000'000'123'456);
constexpr absl::Duration kLease = absl::Seconds(30);
constexpr int kClaimers = 4;

Backend<WebhookDeliveryStore> MakeInMemory() {
  return {nullptr, std::make_unique<InMemoryWebhookDeliveryStore>()};
}

Backend<WebhookDeliveryStore> MakePostgres() {
  std::shared_ptr<PostgresDatabase> db = ConnectTestDatabase(kClaimers);
  if (db == nullptr) return {};
  return {db, std::make_unique<PostgresWebhookDeliveryStore>(*db)};
}

NewWebhookDelivery Delivery(uint64_t event_id, const std::string& user_id = "u1",
                            const std::string& subscriber = "billing") {
  return {.subscriber = subscriber,
          .event_id = event_id,
          .event_type = "session.created",
          .user_id = user_id,
          .body = absl::StrCat(R"({"type":"session.created","n":)", event_id, "}")};
}

std::vector<uint64_t> EventIds(const std::vector<WebhookDelivery>& deliveries) {
  std::vector<uint64_t> ids;
  for (const WebhookDelivery& d : deliveries) ids.push_back(d.event_id);
  return ids;
}

class WebhookDeliveryStoreTest : public ConformanceTest<WebhookDeliveryStore> {
 protected:
  // Claims everything due for `subscriber` at `now`.
  std::vector<WebhookDelivery> ClaimAll(absl::Time now, const std::string& subscriber = "billing") {
    absl::StatusOr<std::vector<WebhookDelivery>> claimed =
        store().Claim(subscriber, now, kLease, 100);
    EXPECT_TRUE(claimed.ok()) << claimed.status();
    return claimed.ok() ? *claimed : std::vector<WebhookDelivery>{};
  }
};

TEST_P(WebhookDeliveryStoreTest, ClaimReturnsAQueuedDeliveryAsQueuedWithOneAttempt) {
  ASSERT_TRUE(store().Enqueue({Delivery(7)}, kNow).ok());
  std::vector<WebhookDelivery> claimed = ClaimAll(kNow);
  ASSERT_EQ(claimed.size(), 1u);
  const NewWebhookDelivery expected = Delivery(7);
  EXPECT_GT(claimed[0].id, 0);
  EXPECT_EQ(claimed[0].subscriber, expected.subscriber);
  EXPECT_EQ(claimed[0].event_id, 7u);
  EXPECT_EQ(claimed[0].event_type, expected.event_type);
  EXPECT_EQ(claimed[0].user_id, expected.user_id);
  EXPECT_EQ(claimed[0].body, expected.body);
  EXPECT_EQ(claimed[0].state, WebhookDeliveryState::kPending);
  EXPECT_EQ(claimed[0].attempts, 1);
  EXPECT_EQ(claimed[0].created_at, kNow);
}

TEST_P(WebhookDeliveryStoreTest, EnqueueingTheSameEventTwiceQueuesItOnce) {
  ASSERT_TRUE(store().Enqueue({Delivery(1, "u1"), Delivery(2, "u2")}, kNow).ok());
  ASSERT_TRUE(store().Enqueue({Delivery(1, "u1"), Delivery(2, "u2")}, kNow).ok());
  EXPECT_THAT(EventIds(ClaimAll(kNow)), ElementsAre(1, 2));
}

TEST_P(WebhookDeliveryStoreTest, ADeliveredEventOfferedAgainIsNotQueuedAgain) {
  ASSERT_TRUE(store().Enqueue({Delivery(1)}, kNow).ok());
  ASSERT_TRUE(store().MarkDelivered(ClaimAll(kNow).at(0).id, kNow).ok());
  ASSERT_TRUE(store().Enqueue({Delivery(1)}, kNow).ok());
  EXPECT_THAT(ClaimAll(kNow + absl::Hours(1)), IsEmpty());
}

TEST_P(WebhookDeliveryStoreTest, ClaimOnlyTakesTheSubscribersOwnDeliveries) {
  ASSERT_TRUE(
      store().Enqueue({Delivery(1, "u1", "billing"), Delivery(2, "u2", "audit")}, kNow).ok());
  EXPECT_THAT(EventIds(ClaimAll(kNow, "audit")), ElementsAre(2));
}

TEST_P(WebhookDeliveryStoreTest, AClaimedDeliveryIsNotClaimedAgainUntilItsLeaseRunsOut) {
  ASSERT_TRUE(store().Enqueue({Delivery(1)}, kNow).ok());
  ASSERT_EQ(ClaimAll(kNow).size(), 1u);
  EXPECT_THAT(ClaimAll(kNow + kLease - absl::Seconds(1)), IsEmpty());
  std::vector<WebhookDelivery> again = ClaimAll(kNow + kLease);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 2);
}

TEST_P(WebhookDeliveryStoreTest, ALaterEventOfTheSameUserWaitsWhileAnEarlierIsPending) {
  ASSERT_TRUE(
      store().Enqueue({Delivery(1, "u1"), Delivery(2, "u1"), Delivery(3, "u2")}, kNow).ok());
  std::vector<WebhookDelivery> first = ClaimAll(kNow);
  ASSERT_THAT(EventIds(first), ElementsAre(1, 3));
  ASSERT_TRUE(store().MarkDelivered(first[1].id, kNow).ok());
  // Event 1 fails and is due again later: event 2 still waits for it.
  ASSERT_TRUE(store().Reschedule(first[0].id, "HTTP 500", kNow + absl::Minutes(1)).ok());
  EXPECT_THAT(ClaimAll(kNow + absl::Seconds(59)), IsEmpty());
  std::vector<WebhookDelivery> retried = ClaimAll(kNow + absl::Minutes(1));
  EXPECT_THAT(EventIds(retried), ElementsAre(1));
  EXPECT_EQ(retried[0].last_error, "HTTP 500");
  ASSERT_TRUE(store().MarkDelivered(retried[0].id, kNow).ok());
  EXPECT_THAT(EventIds(ClaimAll(kNow + absl::Minutes(1))), ElementsAre(2));
}

TEST_P(WebhookDeliveryStoreTest, EventsAboutNoUserKeepNoOrder) {
  ASSERT_TRUE(store().Enqueue({Delivery(1, ""), Delivery(2, "")}, kNow).ok());
  EXPECT_THAT(EventIds(ClaimAll(kNow)), ElementsAre(1, 2));
}

TEST_P(WebhookDeliveryStoreTest, DeadLetteringReleasesTheUsersNextEventAndListsTheLetter) {
  ASSERT_TRUE(store().Enqueue({Delivery(1), Delivery(2)}, kNow).ok());
  std::vector<WebhookDelivery> first = ClaimAll(kNow);
  ASSERT_THAT(EventIds(first), ElementsAre(1));
  ASSERT_TRUE(store().MarkDead(first[0].id, "HTTP 503", kNow + absl::Seconds(1)).ok());
  EXPECT_THAT(EventIds(ClaimAll(kNow + absl::Seconds(1))), ElementsAre(2));

  absl::StatusOr<std::vector<WebhookDelivery>> dead = store().ListDead(0, 10);
  ASSERT_TRUE(dead.ok()) << dead.status();
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].id, first[0].id);
  EXPECT_EQ((*dead)[0].state, WebhookDeliveryState::kDead);
  EXPECT_EQ((*dead)[0].last_error, "HTTP 503");
  EXPECT_EQ((*dead)[0].attempts, 1);
  EXPECT_EQ((*dead)[0].finished_at, kNow + absl::Seconds(1));
}

TEST_P(WebhookDeliveryStoreTest, ReplayQueuesADeadLetterAgainWithNoAttempts) {
  ASSERT_TRUE(store().Enqueue({Delivery(1)}, kNow).ok());
  const int64_t id = ClaimAll(kNow).at(0).id;
  ASSERT_TRUE(store().MarkDead(id, "HTTP 500", kNow).ok());
  ASSERT_TRUE(store().Replay(id, kNow + absl::Hours(1)).ok());
  EXPECT_THAT(*store().ListDead(0, 10), IsEmpty());
  std::vector<WebhookDelivery> claimed = ClaimAll(kNow + absl::Hours(1));
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].attempts, 1);
}

TEST_P(WebhookDeliveryStoreTest, ReplayOfAnythingButADeadLetterIsNotFound) {
  ASSERT_TRUE(store().Enqueue({Delivery(1)}, kNow).ok());
  const int64_t id = ClaimAll(kNow).at(0).id;
  EXPECT_TRUE(absl::IsNotFound(store().Replay(id, kNow)));         // Pending.
  EXPECT_TRUE(absl::IsNotFound(store().Replay(id + 1000, kNow)));  // Unknown.
}

TEST_P(WebhookDeliveryStoreTest, SettlingADeliveryThatIsNotPendingIsNotFound) {
  ASSERT_TRUE(store().Enqueue({Delivery(1)}, kNow).ok());
  const int64_t id = ClaimAll(kNow).at(0).id;
  ASSERT_TRUE(store().MarkDelivered(id, kNow).ok());
  EXPECT_TRUE(absl::IsNotFound(store().MarkDelivered(id, kNow)));
  EXPECT_TRUE(absl::IsNotFound(store().Reschedule(id, "HTTP 500", kNow)));
  EXPECT_TRUE(absl::IsNotFound(store().MarkDead(id, "HTTP 500", kNow)));
}

TEST_P(WebhookDeliveryStoreTest, ListDeadPagesByIdAfterTheGivenOne) {
  std::vector<NewWebhookDelivery> queued;
  for (uint64_t e = 1; e <= 3; ++e) queued.push_back(Delivery(e, absl::StrCat("u", e)));
  ASSERT_TRUE(store().Enqueue(queued, kNow).ok());
  for (const WebhookDelivery& d : ClaimAll(kNow)) {
    ASSERT_TRUE(store().MarkDead(d.id, "HTTP 500", kNow).ok());
  }
  std::vector<WebhookDelivery> page1 = *store().ListDead(0, 2);
  EXPECT_THAT(EventIds(page1), ElementsAre(1, 2));
  EXPECT_THAT(EventIds(*store().ListDead(page1.back().id, 2)), ElementsAre(3));
}

TEST_P(WebhookDeliveryStoreTest, CountSeesPendingAndDeadDeliveries) {
  ASSERT_TRUE(
      store().Enqueue({Delivery(1, "u1"), Delivery(2, "u2"), Delivery(3, "u3")}, kNow).ok());
  std::vector<WebhookDelivery> claimed = ClaimAll(kNow);
  ASSERT_TRUE(store().MarkDelivered(claimed[0].id, kNow).ok());
  ASSERT_TRUE(store().MarkDead(claimed[1].id, "HTTP 500", kNow).ok());
  absl::StatusOr<WebhookDeliveryCounts> counts = store().Count();
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->pending, 1);
  EXPECT_EQ(counts->dead, 1);
}

TEST_P(WebhookDeliveryStoreTest, DeleteDeliveredRemovesOnlyOldDeliveredRowsInBatches) {
  ASSERT_TRUE(
      store().Enqueue({Delivery(1, "u1"), Delivery(2, "u2"), Delivery(3, "u3")}, kNow).ok());
  std::vector<WebhookDelivery> claimed = ClaimAll(kNow);
  ASSERT_TRUE(store().MarkDelivered(claimed[0].id, kNow).ok());
  ASSERT_TRUE(store().MarkDelivered(claimed[1].id, kNow).ok());
  EXPECT_EQ(*store().DeleteDelivered(kNow, 10), 0);  // Not before `kNow`.
  EXPECT_EQ(*store().DeleteDelivered(kNow + absl::Seconds(1), 1), 1);
  EXPECT_EQ(*store().DeleteDelivered(kNow + absl::Seconds(1), 10), 1);
  EXPECT_EQ(store().Count()->pending, 1);
}

TEST_P(WebhookDeliveryStoreTest, ConcurrentClaimsNeverTakeTheSameDelivery) {
  constexpr int kEvents = 40;
  std::vector<NewWebhookDelivery> queued;
  for (int e = 1; e <= kEvents; ++e) queued.push_back(Delivery(e, absl::StrCat("u", e)));
  ASSERT_TRUE(store().Enqueue(queued, kNow).ok());
  std::vector<std::vector<WebhookDelivery>> claimed(kClaimers);
  std::vector<std::thread> claimers;
  for (int i = 0; i < kClaimers; ++i) {
    claimers.emplace_back([&, i] {
      for (int round = 0; round < 10; ++round) {
        absl::StatusOr<std::vector<WebhookDelivery>> got =
            store().Claim("billing", kNow, kLease, 3);
        if (got.ok()) claimed[i].insert(claimed[i].end(), got->begin(), got->end());
      }
    });
  }
  for (std::thread& t : claimers) t.join();
  absl::flat_hash_set<uint64_t> seen;
  for (const auto& mine : claimed) {
    for (const WebhookDelivery& d : mine) EXPECT_TRUE(seen.insert(d.event_id).second) << d.event_id;
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kEvents));
}

INSTANTIATE_TEST_SUITE_P(Stores, WebhookDeliveryStoreTest,
                         ::testing::Values(Impl<WebhookDeliveryStore>{"InMemory", MakeInMemory},
                                           Impl<WebhookDeliveryStore>{"Postgres", MakePostgres}),
                         BackendName<WebhookDeliveryStore>);

}  // namespace
}  // namespace tgauth::storage
