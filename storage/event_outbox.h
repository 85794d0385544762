// The transactional outbox of domain events, read side: what the relay
// (server/events/outbox_relay.h) numbers and delivers, and what
// EventService.WatchEvents replays. Stores append events with the changes
// they record (storage/postgres/outbox_writer.h; the in-memory fakes to
// InMemoryEventOutbox). PostgreSQL in production
// (storage/postgres/migrations/0005_event_outbox.sql).
#ifndef TGAUTH_STORAGE_EVENT_OUTBOX_H_
#define TGAUTH_STORAGE_EVENT_OUTBOX_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tgauth/v1/events.pb.h"

namespace tgauth::storage {

// Numbered events after a cursor, and where the outbox stands.
struct EventPage {
  std::vector<v1::Event> events;  // event_id order.
  // The last event_id retention deleted: events at or below it are gone.
  uint64_t deleted_through = 0;
};

// Events the relay just numbered, with when it numbered them, and where
// delivery stood: when `delivered_through` equals `numbered_after`, the
// events after the delivered mark are exactly `events`, so the relay
// delivers them without reading them back.
struct NumberedBatch {
  std::vector<v1::Event> events;  // event_id order; occurred_at = when appended.
  absl::Time numbered_at;         // The store's clock.
  uint64_t numbered_after = 0;    // The last event_id numbered before `events`.
  uint64_t delivered_through = 0;  // DeliveredThrough() as of the numbering.
};

class EventOutbox {
 public:
  virtual ~EventOutbox() = default;

  // Numbered events with event_id > `after_event_id`, at most `limit`, in
  // event_id order; empty events if there are none yet. UNAVAILABLE if
  // unreachable.
  virtual absl::StatusOr<EventPage> ReadAfter(uint64_t after_event_id, int limit) = 0;

  // --- The relay's side. Only the one relay that TryLead made leader may
  // --- call the methods below it.

  // True if this outbox leads (numbers events) for the whole deployment:
  // it took the lead now or held it already. Leadership ends when the
  // process or its connection dies; another outbox then takes it.
  // UNAVAILABLE if unreachable (then this outbox no longer leads).
  virtual absl::StatusOr<bool> TryLead() = 0;

  // Gives the next event_ids, in commit order, to at most `limit` events
  // whose transactions committed and that have none yet; returns them
  // (empty if none) with the delivered mark, in one transaction. Takes the
  // lead first if it is free (as TryLead), so a leader need not ask each
  // round. FAILED_PRECONDITION if another outbox leads.
  virtual absl::StatusOr<NumberedBatch> NumberPending(int limit) = 0;

  // The last event_id every channel took (0 before the first), as recorded
  // by SetDeliveredThrough, by this relay or an earlier leader.
  virtual absl::StatusOr<uint64_t> DeliveredThrough() = 0;
  virtual absl::Status SetDeliveredThrough(uint64_t event_id) = 0;

  // Deletes at most `limit` numbered events that occurred before `before`
  // and every channel took; returns how many. UNAVAILABLE if unreachable.
  virtual absl::StatusOr<int> DeleteDeliveredBefore(absl::Time before, int limit) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_EVENT_OUTBOX_H_
