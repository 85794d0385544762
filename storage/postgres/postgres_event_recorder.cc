#include "storage/postgres/postgres_event_recorder.h"

#include "storage/postgres/outbox_writer.h"

namespace tgauth::storage {

absl::Status PostgresEventRecorder::Record(const v1::Event& event, absl::Time /*now*/) {
  // Transact retries once on a fresh connection when one breaks; if the
  // break lost only the answer to a commit, the event is appended twice (a
  // login.denied repeated is harmless, one lost is not).
  return db_.Transact([&](pqxx::transaction_base& tx) {
    AppendEvent(tx, event);
    return absl::OkStatus();
  });
}

}  // namespace tgauth::storage
