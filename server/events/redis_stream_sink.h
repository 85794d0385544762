// The Redis Stream channel's EventSink: every event is appended to one
// stream (storage/redis/redis_event_stream.h) as an entry with id
// "<event_id>-0" and the fields
//   type      Event.type ("session.created", ...)
//   user_id   Event.user_id (may be empty)
//   event_id  Event.event_id, decimal
//   event     the whole tgauth.v1.Event in protobuf's binary wire format
//             (proto/tgauth/v1/events.proto)
// A batch offered again adds nothing: Redis refuses ids at or below the
// stream's last one. A user.deleted event deletes that user's earlier
// entries from the stream (it keeps only the user.deleted entry, which
// holds no personal data).
#ifndef TGAUTH_SERVER_EVENTS_REDIS_STREAM_SINK_H_
#define TGAUTH_SERVER_EVENTS_REDIS_STREAM_SINK_H_

#include "server/events/event_sink.h"
#include "storage/redis/redis_event_stream.h"

namespace tgauth {

class RedisStreamSink final : public EventSink {
 public:
  // `stream` must outlive the sink.
  explicit RedisStreamSink(storage::RedisEventStream& stream) : stream_(stream) {}

  // RedisEventStream::Append's errors (UNAVAILABLE, INTERNAL);
  // INVALID_ARGUMENT for an event that was not numbered.
  absl::Status Accept(absl::Span<const v1::Event> events) override;

 private:
  storage::RedisEventStream& stream_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_REDIS_STREAM_SINK_H_
