// A Redis Stream of numbered events, for
// consumers that read with consumer groups (XREADGROUP). Each event becomes
// one entry whose id is "<event_id>-0", so an entry is found by its event id
// (XRANGE key <event_id> <event_id>) and appending an event twice is
// refused by Redis itself: XADD with an id at or below the stream's last
// one fails, which Append takes to mean "already there".
#ifndef TGAUTH_STORAGE_REDIS_REDIS_EVENT_STREAM_H_
#define TGAUTH_STORAGE_REDIS_REDIS_EVENT_STREAM_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "storage/redis/redis_client.h"

namespace tgauth::storage {

// One entry's fields.
struct StreamEvent {
  uint64_t event_id = 0;  // > 0; the entry id is "<event_id>-0".
  std::string type;       // Field "type".
  std::string user_id;    // Field "user_id"; may be empty.
  std::string event;      // Field "event": the serialised event (binary safe).
};

class RedisEventStream {
 public:
  // Appends to the stream at key `stream`, trimmed to about `max_len`
  // entries (XADD MAXLEN ~: Redis trims whole nodes, so a few more may
  // stay). `redis` must outlive this.
  RedisEventStream(RedisClient& redis, std::string stream, int64_t max_len)
      : redis_(redis), stream_(std::move(stream)), max_len_(max_len) {}

  // Appends `events` (in event_id order) in one script run: all or, if
  // Redis fails midway, a prefix. An event whose id is not above the
  // stream's last entry is skipped as already appended. How many were
  // added. INVALID_ARGUMENT for an event_id of 0; UNAVAILABLE if Redis is
  // unreachable; INTERNAL for any other error reply.
  absl::StatusOr<int> Append(absl::Span<const StreamEvent> events);

  // Deletes (XDEL) every entry of `user_id` whose event id is below
  // `before_event_id`: erasure of a deleted user, whose user.deleted
  // event (no personal data) stays. Scans the stream in short script runs
  // so Redis never blocks for long; running it again is harmless. How
  // many entries were deleted. INVALID_ARGUMENT for an empty user_id;
  // UNAVAILABLE if Redis is unreachable; INTERNAL for any other error.
  absl::StatusOr<int64_t> EraseUser(absl::string_view user_id, uint64_t before_event_id);

  const std::string& stream() const { return stream_; }

 private:
  RedisClient& redis_;
  const std::string stream_;
  const int64_t max_len_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_EVENT_STREAM_H_
