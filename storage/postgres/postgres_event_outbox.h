// EventOutbox on PostgreSQL (migrations/0005_event_outbox.sql). Reads for
// WatchEvents go through the shared pool; everything the relay does goes
// through `relay_db`, a database of its own with ONE connection, because
// the relay lock (queries/try_lead_event_relay.sql) is held by that
// connection: PostgreSQL frees it when the connection ends.
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_EVENT_OUTBOX_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_EVENT_OUTBOX_H_

#include "storage/event_outbox.h"
#include "storage/postgres/postgres_database.h"

namespace tgauth::storage {

class PostgresEventOutbox final : public EventOutbox {
 public:
  // Both must outlive the outbox; `relay_db` has pool size 1.
  PostgresEventOutbox(PostgresDatabase& pool, PostgresDatabase& relay_db)
      : pool_(pool), relay_db_(relay_db) {}

  absl::StatusOr<EventPage> ReadAfter(uint64_t after_event_id, int limit) override;
  absl::StatusOr<bool> TryLead() override;
  // Takes the relay lock again in the same transaction (a no-op while this
  // connection holds it), so a connection that broke and was replaced never
  // numbers unless it won the lock back.
  absl::StatusOr<NumberedBatch> NumberPending(int limit) override;
  absl::StatusOr<uint64_t> DeliveredThrough() override;
  absl::Status SetDeliveredThrough(uint64_t event_id) override;
  absl::StatusOr<int> DeleteDeliveredBefore(absl::Time before, int limit) override;

 private:
  PostgresDatabase& pool_;
  PostgresDatabase& relay_db_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_EVENT_OUTBOX_H_
