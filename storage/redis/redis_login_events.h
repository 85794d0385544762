// LoginEvents on Redis pub/sub: PUBLISH <prefix>login-events <key> through
// the pool; one dedicated thread holds the SUBSCRIBE connection. It is an I/O
// loop (a blocking hiredis read), not a timer, with the BackgroundLoop
// start/stop of every background loop.
#ifndef TGAUTH_STORAGE_REDIS_REDIS_LOGIN_EVENTS_H_
#define TGAUTH_STORAGE_REDIS_REDIS_LOGIN_EVENTS_H_

#include <string>
#include <thread>

#include "absl/strings/string_view.h"
#include "absl/synchronization/notification.h"
#include "common/background_loop.h"
#include "storage/login_events.h"
#include "storage/redis/redis_client.h"

namespace tgauth::storage {

class RedisLoginEvents final : public LoginEvents, public BackgroundLoop {
 public:
  // `redis` must outlive this object; subscribers and publishers must use
  // the same `key_prefix` to hear each other.
  explicit RedisLoginEvents(RedisClient& redis, std::string key_prefix = "tgauth:");
  ~RedisLoginEvents() override;  // Stop().

  // The channel events travel on under `key_prefix`: <prefix>login-events.
  // RedisPendingLoginStore publishes its transitions' wake-ups there too.
  static std::string ChannelFor(absl::string_view key_prefix);

  // UNAVAILABLE if Redis is unreachable.
  absl::Status Publish(absl::string_view login_key) override;
  // Sets the handler and Start()s. FAILED_PRECONDITION if called twice.
  absl::Status Subscribe(Handler handler) override;

  // Starts the subscriber thread and returns at once; it (re)connects with
  // backoff (100 ms doubling to 2 s) and calls the handler with "" after
  // each successful SUBSCRIBE. FAILED_PRECONDITION without a handler
  // (Subscribe) or if started before.
  absl::Status Start() override;
  // Stops the subscriber thread (within ~200 ms) and joins it.
  void Stop() override;

 private:
  void SubscribeLoop();
  // Delivers messages from `c` until an I/O error or destruction begins.
  void ReadMessages(redisContext* c, Handler& handler);

  RedisClient& redis_;
  const std::string channel_;
  Handler handler_;  // The subscriber thread's once started.
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_LOGIN_EVENTS_H_
