#include "storage/redis/redis_login_events.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/log.h"

namespace tgauth::storage {
namespace {

constexpr absl::Duration kMinBackoff = absl::Milliseconds(100);
constexpr absl::Duration kMaxBackoff = absl::Seconds(2);
// How often the reader wakes to check for shutdown.
constexpr int kStopCheckMillis = 200;

}  // namespace

RedisLoginEvents::RedisLoginEvents(RedisClient& redis, std::string key_prefix)
    : redis_(redis), channel_(ChannelFor(key_prefix)) {}

std::string RedisLoginEvents::ChannelFor(absl::string_view key_prefix) {
  return absl::StrCat(key_prefix, "login-events");
}

RedisLoginEvents::~RedisLoginEvents() { Stop(); }

void RedisLoginEvents::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

absl::Status RedisLoginEvents::Publish(absl::string_view login_key) {
  return redis_.Command({"PUBLISH", channel_, login_key}, RedisResend::kAllowed).status();
}

absl::Status RedisLoginEvents::Subscribe(Handler handler) {
  if (handler_ != nullptr) return absl::FailedPreconditionError("already subscribed");
  handler_ = std::move(handler);
  return Start();
}

absl::Status RedisLoginEvents::Start() {
  if (handler_ == nullptr) return absl::FailedPreconditionError("no handler: call Subscribe");
  if (thread_.joinable() || stop_.HasBeenNotified()) {
    return absl::FailedPreconditionError("already started");
  }
  thread_ = std::thread([this] { SubscribeLoop(); });
  return absl::OkStatus();
}

void RedisLoginEvents::SubscribeLoop() {
  Handler& handler = handler_;
  absl::Duration backoff = kMinBackoff;
  while (!stop_.HasBeenNotified()) {
    absl::StatusOr<RedisContextPtr> c = OpenRedisContext(redis_.endpoint(), redis_.timeout());
    if (c.ok()) {
      const char* argv[] = {"SUBSCRIBE", channel_.c_str()};
      const size_t lens[] = {9, channel_.size()};
      auto* reply = static_cast<redisReply*>(redisCommandArgv(c->get(), 2, argv, lens));
      if (reply != nullptr && reply->type == REDIS_REPLY_ARRAY) {
        freeReplyObject(reply);
        backoff = kMinBackoff;
        handler("");  // Events may have been missed while disconnected.
        ReadMessages(c->get(), handler);
      } else if (reply != nullptr) {
        freeReplyObject(reply);
      }
      if (stop_.HasBeenNotified()) return;
      LogWarning("redis: login events subscription lost", {{"error", (*c)->errstr}});
    } else {
      LogWarning("redis: login events unavailable", {{"error", c.status().message()}});
    }
    stop_.WaitForNotificationWithTimeout(backoff);
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

void RedisLoginEvents::ReadMessages(redisContext* c, Handler& handler) {
  // Reads are driven by poll() rather than a socket timeout: in hiredis 0.14
  // a timed-out read leaves the context unusable.
  while (!stop_.HasBeenNotified()) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(c, &raw) != REDIS_OK) return;
    if (raw == nullptr) {
      pollfd p = {c->fd, POLLIN, 0};
      const int ready = poll(&p, 1, kStopCheckMillis);
      if (ready < 0 && errno != EINTR) return;
      if (ready > 0 && redisBufferRead(c) != REDIS_OK) return;
      continue;
    }
    RedisReply reply(static_cast<redisReply*>(raw));
    // ["message", channel, payload]; subscribe confirmations are skipped.
    if (reply.size() == 3 && RedisReply::StrOf(&reply.element(0)) == "message") {
      handler(RedisReply::StrOf(&reply.element(2)));
    }
  }
}

}  // namespace tgauth::storage
