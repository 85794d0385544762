#include "storage/memory/in_memory_event_outbox.h"

#include <algorithm>

#include "google/protobuf/util/time_util.h"
#include "storage/memory/fake_support.h"

namespace tgauth::storage {
namespace {

using google::protobuf::util::TimeUtil;

absl::Time OccurredAt(const v1::Event& event) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(event.occurred_at()));
}

}  // namespace

void InMemoryEventOutbox::Append(v1::Event event, absl::Time now) {
  event.set_event_id(0);
  *event.mutable_occurred_at() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(ToStoredPrecision(now)));
  absl::MutexLock lock(&mu_);
  last_append_ = now;
  events_.push_back(std::move(event));
}

std::vector<v1::Event> InMemoryEventOutbox::Appended() const {
  absl::MutexLock lock(&mu_);
  return events_;
}

absl::StatusOr<EventPage> InMemoryEventOutbox::ReadAfter(uint64_t after_event_id, int limit) {
  absl::MutexLock lock(&mu_);
  EventPage page;
  page.deleted_through = deleted_through_;
  for (const v1::Event& event : events_) {
    if (static_cast<int>(page.events.size()) >= limit) break;
    if (event.event_id() > after_event_id) page.events.push_back(event);
  }
  return page;
}

absl::StatusOr<NumberedBatch> InMemoryEventOutbox::NumberPending(int limit) {
  absl::MutexLock lock(&mu_);
  NumberedBatch batch;
  batch.numbered_at = last_append_;
  batch.numbered_after = last_event_id_;
  batch.delivered_through = delivered_;
  for (v1::Event& event : events_) {
    if (static_cast<int>(batch.events.size()) >= limit) break;
    if (event.event_id() != 0) continue;
    event.set_event_id(++last_event_id_);
    batch.events.push_back(event);
  }
  return batch;
}

absl::StatusOr<uint64_t> InMemoryEventOutbox::DeliveredThrough() {
  absl::MutexLock lock(&mu_);
  return delivered_;
}

absl::Status InMemoryEventOutbox::SetDeliveredThrough(uint64_t event_id) {
  absl::MutexLock lock(&mu_);
  delivered_ = std::max(delivered_, event_id);
  return absl::OkStatus();
}

absl::StatusOr<int> InMemoryEventOutbox::DeleteDeliveredBefore(absl::Time before, int limit) {
  absl::MutexLock lock(&mu_);
  int deleted = 0;
  auto gone = [&](const v1::Event& event) {
    if (deleted >= limit || event.event_id() == 0 || event.event_id() > delivered_ ||
        OccurredAt(event) >= before) {
      return false;
    }
    ++deleted;
    deleted_through_ = std::max(deleted_through_, event.event_id());
    return true;
  };
  events_.erase(std::remove_if(events_.begin(), events_.end(), gone), events_.end());
  return deleted;
}

}  // namespace tgauth::storage
