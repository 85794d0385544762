#include "server/events/redis_stream_sink.h"

#include <vector>

namespace tgauth {

absl::Status RedisStreamSink::Accept(absl::Span<const v1::Event> events) {
  std::vector<storage::StreamEvent> entries;
  entries.reserve(events.size());
  for (const v1::Event& event : events) {
    entries.push_back({.event_id = event.event_id(),
                       .type = event.type(),
                       .user_id = event.user_id(),
                       .event = event.SerializeAsString()});
  }
  absl::StatusOr<int> added = stream_.Append(entries);
  if (!added.ok()) return added.status();
  // Erasure reaches the stream too: a deleted user's earlier entries go.
  // If this fails, the relay offers the batch again and erasure reruns.
  for (const v1::Event& event : events) {
    if (!event.has_user_deleted()) continue;
    absl::StatusOr<int64_t> erased = stream_.EraseUser(event.user_id(), event.event_id());
    if (!erased.ok()) return erased.status();
  }
  return absl::OkStatus();
}

}  // namespace tgauth
