#include "storage/redis/redis_probe.h"

namespace tgauth::storage {

absl::Status RedisProbe::Check() {
  if (context_ == nullptr) {
    absl::StatusOr<RedisContextPtr> opened = OpenRedisContext(endpoint_, timeout_);
    if (!opened.ok()) return opened.status();
    context_ = *std::move(opened);
  }
  // Null: an I/O error or the timeout; hiredis then closes the context.
  auto* raw = static_cast<redisReply*>(redisCommand(context_.get(), "PING"));
  if (raw == nullptr || RedisReply(raw).str() != "PONG") {
    context_.reset();
    return absl::UnavailableError("redis unreachable: no answer to PING");
  }
  return absl::OkStatus();
}

}  // namespace tgauth::storage
