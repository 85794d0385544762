#include "server/events/event_feed.h"

#include "absl/status/status.h"

namespace tgauth {
namespace {

// How long one wait for an announcement lasts: how soon Stop() is noticed.
constexpr absl::Duration kAwaitSlice = absl::Milliseconds(200);

}  // namespace

EventFeed::~EventFeed() { Stop(); }

absl::Status EventFeed::Start() {
  thread_ = std::thread([this] { Loop(); });
  return absl::OkStatus();
}

void EventFeed::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

bool EventFeed::Subscribe(Subscriber& subscriber) {
  absl::MutexLock lock(&mu_);
  if (closed_) return false;
  subscribers_.insert(&subscriber);
  return true;
}

void EventFeed::Unsubscribe(Subscriber& subscriber) {
  absl::MutexLock lock(&mu_);
  subscribers_.erase(&subscriber);
}

void EventFeed::WakeAll() {
  absl::MutexLock lock(&mu_);
  ++generation_;
  for (Subscriber* subscriber : subscribers_) subscriber->OnNewEvents();
}

void EventFeed::Close() {
  absl::MutexLock lock(&mu_);
  closed_ = true;
  for (Subscriber* subscriber : subscribers_) subscriber->OnClosing();
}

void EventFeed::Loop() {
  absl::Time last_wake = absl::Now();
  bool connected = true;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    absl::StatusOr<bool> announced = notifications_.Await(kAwaitSlice);
    if (!announced.ok()) {
      connected = false;
      absl::MutexLock lock(&mu_);
      // Not a busy loop while PostgreSQL is down.
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), kAwaitSlice);
      continue;
    }
    // Back after an outage: announcements may have been missed.
    const bool reconnected = !connected;
    connected = true;
    if (*announced || reconnected || absl::Now() - last_wake >= fallback_interval_) {
      last_wake = absl::Now();
      WakeAll();
    }
  }
}

}  // namespace tgauth
