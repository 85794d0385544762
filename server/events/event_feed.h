// Wakes this replica's readers of numbered events (WatchEvents streams)
// when the relay, on any replica, numbers new ones: a thread waits on
// storage::EventNotifications (PostgreSQL LISTEN) and tells each
// subscriber. Subscribers read the events themselves
// (storage::EventOutbox::ReadAfter), so a wake-up carries no data and a
// lost one costs only latency: the feed also wakes everyone every
// `fallback_interval` and after its connection comes back.
//
// No wake-up is missed between a reader's last read and its subscription:
// a reader takes generation() before reading, and if the generation moved
// by the time it would go idle, it reads again instead.
#ifndef TGAUTH_SERVER_EVENTS_EVENT_FEED_H_
#define TGAUTH_SERVER_EVENTS_EVENT_FEED_H_

#include <atomic>
#include <cstdint>
#include <thread>

#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/background_loop.h"
#include "storage/event_notifications.h"

namespace tgauth {

class EventFeed final : public BackgroundLoop {
 public:
  class Subscriber {
   public:
    virtual ~Subscriber() = default;
    // New events may be numbered. Runs on the feed's thread with the feed's
    // lock held: must not block, nor subscribe or unsubscribe.
    virtual void OnNewEvents() = 0;
    // The server is shutting down: end the reader's stream (its client
    // reconnects to another replica). Same rules as OnNewEvents.
    virtual void OnClosing() = 0;
  };

  // `notifications` must outlive the feed.
  explicit EventFeed(storage::EventNotifications& notifications,
                     absl::Duration fallback_interval = absl::Seconds(1))
      : notifications_(notifications), fallback_interval_(fallback_interval) {}
  ~EventFeed() override;  // Stop().

  // Starts waiting for announcements on a thread of its own. Always OK.
  absl::Status Start() override;
  void Stop() override;

  // Counts wake-ups; moves before each round of OnNewEvents. Takes no lock,
  // so a reader may ask while holding its own lock, the one OnNewEvents
  // takes under the feed's: asking under the feed's lock would order the
  // two locks both ways (a deadlock).
  uint64_t generation() const { return generation_.load(); }

  // `subscriber` hears every wake-up until Unsubscribe, which returns only
  // when no call to it is running. False (not subscribed) after Close().
  bool Subscribe(Subscriber& subscriber);
  void Unsubscribe(Subscriber& subscriber);

  // Wakes every subscriber now.
  void WakeAll();

  // Tells every subscriber OnClosing, and refuses new ones: at the start of
  // a shutdown, so endless streams do not hold it up to its deadline.
  void Close();

 private:
  void Loop();

  storage::EventNotifications& notifications_;
  const absl::Duration fallback_interval_;
  mutable absl::Mutex mu_;
  std::atomic<uint64_t> generation_ = 0;  // Moved under mu_, read without it.
  absl::flat_hash_set<Subscriber*> subscribers_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_EVENT_FEED_H_
