// OutboxRelay over the in-memory outbox: numbering, delivery to every sink
// with redelivery after a failure, and retention.
#include "server/events/outbox_relay.h"

#include <vector>

#include "common/fake_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/domain_events.h"
#include "storage/memory/in_memory_event_outbox.h"

namespace tgauth {
namespace {

using ::testing::ElementsAre;

// Keeps the event ids it took; fails while `fail` is set.
class RecordingSink final : public EventSink {
 public:
  absl::Status Accept(absl::Span<const v1::Event> events) override {
    if (fail) return absl::UnavailableError("sink down");
    for (const v1::Event& e : events) ids.push_back(e.event_id());
    return absl::OkStatus();
  }
  std::vector<uint64_t> ids;
  bool fail = false;
};

// The in-memory outbox, counting the calls the relay makes: each is one
// PostgreSQL transaction in production.
class CountingOutbox final : public storage::EventOutbox {
 public:
  explicit CountingOutbox(storage::EventOutbox& outbox) : outbox_(outbox) {}
  absl::StatusOr<storage::EventPage> ReadAfter(uint64_t after_event_id, int limit) override {
    ++calls;
    return outbox_.ReadAfter(after_event_id, limit);
  }
  absl::StatusOr<bool> TryLead() override {
    ++calls;
    return outbox_.TryLead();
  }
  absl::StatusOr<storage::NumberedBatch> NumberPending(int limit) override {
    ++calls;
    return outbox_.NumberPending(limit);
  }
  absl::StatusOr<uint64_t> DeliveredThrough() override {
    ++calls;
    return outbox_.DeliveredThrough();
  }
  absl::Status SetDeliveredThrough(uint64_t event_id) override {
    ++calls;
    return outbox_.SetDeliveredThrough(event_id);
  }
  absl::StatusOr<int> DeleteDeliveredBefore(absl::Time before, int limit) override {
    ++calls;
    return outbox_.DeleteDeliveredBefore(before, limit);
  }
  int calls = 0;

 private:
  storage::EventOutbox& outbox_;
};

class OutboxRelayTest : public ::testing::Test {
 protected:
  void Append(int count) {
    for (int i = 0; i < count; ++i) {
      outbox_.Append(storage::SessionRefreshedEvent(storage::EventOrigin::Current(), "u", "s"),
                     clock_.Now());
    }
  }

  FakeClock clock_;
  storage::InMemoryEventOutbox outbox_;
  RecordingSink first_;
  RecordingSink second_;
  NoRelayObserver observer_;
  OutboxRelay relay_{{.batch_size = 2, .retention = absl::Hours(1)},
                     outbox_,
                     {&first_, &second_},
                     clock_,
                     observer_};
};

TEST_F(OutboxRelayTest, NumbersAndDeliversEveryEventInOrderToEverySink) {
  Append(3);
  absl::StatusOr<RelayRound> round = relay_.RunOnce();
  ASSERT_TRUE(round.ok()) << round.status();
  EXPECT_TRUE(round->leads);
  EXPECT_EQ(round->numbered, 2);  // One batch per round.
  EXPECT_EQ(round->delivered, 2);
  ASSERT_TRUE(relay_.RunOnce().ok());
  EXPECT_THAT(first_.ids, ElementsAre(1, 2, 3));
  EXPECT_THAT(second_.ids, ElementsAre(1, 2, 3));
  EXPECT_EQ(*outbox_.DeliveredThrough(), 3u);
}

TEST_F(OutboxRelayTest, AFailedSinkIsOfferedTheSameEventsAgain) {
  Append(1);
  second_.fail = true;
  EXPECT_FALSE(relay_.RunOnce().ok());
  EXPECT_EQ(*outbox_.DeliveredThrough(), 0u);
  second_.fail = false;
  ASSERT_TRUE(relay_.RunOnce().ok());
  EXPECT_THAT(second_.ids, ElementsAre(1));
  EXPECT_THAT(first_.ids, ElementsAre(1, 1));  // Offered again; a sink dedupes by event_id.
  EXPECT_EQ(*outbox_.DeliveredThrough(), 1u);
}

// Under load every round numbers a batch: the leader numbers it and moves
// the delivered mark, two transactions however many logins the batch holds,
// and one for a round with nothing to number.
TEST_F(OutboxRelayTest, ALeadersRoundCostsTwoStoreCallsAndAnIdleRoundOne) {
  CountingOutbox counting(outbox_);
  OutboxRelay relay({.batch_size = 100, .retention_interval = absl::Hours(1)}, counting,
                    {&first_}, clock_, observer_);
  ASSERT_TRUE(relay.RunOnce().ok());  // Takes the lead; retention's first pass.
  Append(50);
  counting.calls = 0;
  absl::StatusOr<RelayRound> round = relay.RunOnce();
  ASSERT_TRUE(round.ok()) << round.status();
  EXPECT_EQ(round->delivered, 50);
  EXPECT_EQ(counting.calls, 2);
  counting.calls = 0;
  ASSERT_TRUE(relay.RunOnce().ok());
  EXPECT_EQ(counting.calls, 1);
  EXPECT_EQ(first_.ids.size(), 50u);
  EXPECT_EQ(*outbox_.DeliveredThrough(), 50u);
}

TEST_F(OutboxRelayTest, RetentionDeletesDeliveredEventsOlderThanItKeeps) {
  Append(2);
  ASSERT_TRUE(relay_.RunOnce().ok());
  clock_.Advance(absl::Hours(2));
  absl::StatusOr<RelayRound> round = relay_.RunOnce();
  ASSERT_TRUE(round.ok()) << round.status();
  EXPECT_EQ(round->deleted, 2);
  EXPECT_EQ(outbox_.ReadAfter(0, 10)->deleted_through, 2u);
}

}  // namespace
}  // namespace tgauth
