// EventOutbox in memory, for unit tests of domain logic: the in-memory
// stores append the events their changes cause (the fakes of one deployment
// share the InMemoryUserStore's outbox), it records events as an
// EventRecorder, and a test reads them with Appended(). Thread-safe; numbers
// and reads like PostgresEventOutbox (tests/storage checks both). It always
// leads.
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_EVENT_OUTBOX_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_EVENT_OUTBOX_H_

#include <cstdint>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "storage/event_outbox.h"
#include "storage/event_recorder.h"

namespace tgauth::storage {

class InMemoryEventOutbox final : public EventOutbox, public EventRecorder {
 public:
  // Appends `event` (not numbered yet), occurring at `now`.
  void Append(v1::Event event, absl::Time now);
  // Append(event, now).
  absl::Status Record(const v1::Event& event, absl::Time now) override {
    Append(event, now);
    return absl::OkStatus();
  }

  // Every event appended so far, numbered or not, in append order.
  std::vector<v1::Event> Appended() const;

  absl::StatusOr<EventPage> ReadAfter(uint64_t after_event_id, int limit) override;
  absl::StatusOr<bool> TryLead() override { return true; }
  absl::StatusOr<NumberedBatch> NumberPending(int limit) override;
  absl::StatusOr<uint64_t> DeliveredThrough() override;
  absl::Status SetDeliveredThrough(uint64_t event_id) override;
  absl::StatusOr<int> DeleteDeliveredBefore(absl::Time before, int limit) override;

 private:
  mutable absl::Mutex mu_;
  std::vector<v1::Event> events_ ABSL_GUARDED_BY(mu_);  // Append order; numbered ones first.
  uint64_t last_event_id_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t delivered_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t deleted_through_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time last_append_ ABSL_GUARDED_BY(mu_) = absl::UnixEpoch();
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_EVENT_OUTBOX_H_
