// A channel the outbox relay delivers numbered events to (the Redis Stream,
// the webhook queue, WatchEvents' live streams).
#ifndef TGAUTH_SERVER_EVENTS_EVENT_SINK_H_
#define TGAUTH_SERVER_EVENTS_EVENT_SINK_H_

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "tgauth/v1/events.pb.h"

namespace tgauth {

class EventSink {
 public:
  virtual ~EventSink() = default;

  // Takes `events`, numbered and in `event_id` order, each after every event
  // an earlier call took. Called from the relay's one thread; must return
  // quickly (hand slow work, such as HTTP delivery, to its own queue).
  // A failure makes the relay offer the same events again later, so a sink
  // must take an event it already has without duplicating it (by event_id).
  virtual absl::Status Accept(absl::Span<const v1::Event> events) = 0;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_EVENT_SINK_H_
