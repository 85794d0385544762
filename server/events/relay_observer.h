// What the outbox relay (server/events/outbox_relay.h) reports, for
// metrics: how long events waited in the outbox. Implemented in
// server/app/metrics; NoRelayObserver where nobody listens.
#ifndef TGAUTH_SERVER_EVENTS_RELAY_OBSERVER_H_
#define TGAUTH_SERVER_EVENTS_RELAY_OBSERVER_H_

#include "absl/time/time.h"

namespace tgauth {

class RelayObserver {
 public:
  virtual ~RelayObserver() = default;

  // An event was numbered `lag` after its transaction appended it
  // (PostgreSQL's clock on both ends).
  virtual void OnNumbered(absl::Duration lag) = 0;
  // An event was taken by every channel `lag` after it was appended (this
  // replica's clock against PostgreSQL's).
  virtual void OnDelivered(absl::Duration lag) = 0;
  // Whether this replica's relay leads, after each round.
  virtual void OnLeading(bool leads) = 0;
};

class NoRelayObserver final : public RelayObserver {
 public:
  void OnNumbered(absl::Duration) override {}
  void OnDelivered(absl::Duration) override {}
  void OnLeading(bool) override {}
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_RELAY_OBSERVER_H_
