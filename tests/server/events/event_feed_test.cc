// EventFeed: a subscriber may ask generation() from OnNewEvents, that is
// under the feed's lock, as a WatchEvents reader does while holding its own
// lock (server/rpc/watch_events_call.cc): the feed's lock is not taken again.
#include "server/events/event_feed.h"

#include "gtest/gtest.h"

namespace tgauth {
namespace {

// Never announces; the test wakes the feed itself.
class SilentNotifications final : public storage::EventNotifications {
 public:
  absl::StatusOr<bool> Await(absl::Duration timeout) override { return false; }
};

class GenerationReader final : public EventFeed::Subscriber {
 public:
  explicit GenerationReader(EventFeed& feed) : feed_(feed) {}
  void OnNewEvents() override { seen_ = feed_.generation(); }
  void OnClosing() override {}
  uint64_t seen() const { return seen_; }

 private:
  EventFeed& feed_;
  uint64_t seen_ = 0;
};

TEST(EventFeedTest, ASubscriberReadsTheGenerationItIsWokenFor) {
  SilentNotifications notifications;
  EventFeed feed(notifications);
  GenerationReader reader(feed);
  ASSERT_TRUE(feed.Subscribe(reader));
  feed.WakeAll();
  EXPECT_EQ(reader.seen(), 1u);
  feed.WakeAll();
  EXPECT_EQ(reader.seen(), 2u);
  feed.Unsubscribe(reader);
}

}  // namespace
}  // namespace tgauth
