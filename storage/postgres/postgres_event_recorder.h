// EventRecorder on PostgreSQL: one transaction per event, appended by
// storage/postgres/outbox_writer.h.
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_EVENT_RECORDER_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_EVENT_RECORDER_H_

#include "storage/event_recorder.h"
#include "storage/postgres/postgres_database.h"

namespace tgauth::storage {

class PostgresEventRecorder final : public EventRecorder {
 public:
  // `db` must outlive the recorder.
  explicit PostgresEventRecorder(PostgresDatabase& db) : db_(db) {}

  absl::Status Record(const v1::Event& event, absl::Time now) override;

 private:
  PostgresDatabase& db_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_EVENT_RECORDER_H_
