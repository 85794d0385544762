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
  return added.ok() ? absl::OkStatus() : added.status();
}

}  // namespace tgauth
