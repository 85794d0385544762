// BotApi over HTTPS with libcurl: POST <base_url>/bot<token>/<method> with
// the call's JSON parameters (core.telegram.org/bots/api#making-requests).
//
// One worker thread drives every request through a curl multi handle, so a
// slow or unreachable Telegram holds no caller and no executor thread, and
// several requests are in flight at once. Network errors, HTTP 5xx and 429
// are retried with exponential backoff (a 429's parameters.retry_after is
// honoured); other 4xx answers are final. Retry deadlines are read on the
// injected Clock, whose timers wake the worker when one falls due. The worker
// is an I/O loop (curl multi), started and stopped as a BackgroundLoop. The
// URL holds the token, so neither is ever logged.
#ifndef TGAUTH_SERVER_BOT_BOT_API_CLIENT_H_
#define TGAUTH_SERVER_BOT_BOT_API_CLIENT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/background_loop.h"
#include "common/clock.h"
#include "server/bot/bot_api.h"

namespace tgauth {

struct BotApiClientOptions {
  std::string base_url = "https://api.telegram.org";  // http(s)://host[:port][/path]
  std::string token;                                  // "<bot id>:<secret>".
  absl::Duration connect_timeout = absl::Seconds(5);
  absl::Duration request_timeout = absl::Seconds(10);        // One attempt, to its last byte.
  int max_attempts = 4;                                      // Including the first.
  absl::Duration initial_backoff = absl::Milliseconds(500);  // Doubles per retry, jittered.
  absl::Duration max_backoff = absl::Seconds(30);
  // A 429 that asks for a longer wait gives the call up: a flood-limited bot
  // would otherwise fill its queue with calls nobody wants any more.
  absl::Duration max_retry_after = absl::Seconds(60);
  // Calls accepted and not yet finished. When full, a new notice
  // (sendMessage) takes the place of a queued edit, or of an older queued
  // notice to the same chat; other calls are dropped. A notice to another
  // chat is never dropped for it.
  int max_queued = 1000;
  int max_in_flight = 8;  // Concurrent requests.
  // Telegram's limits (core.telegram.org/bots/faq): about one message per
  // second to one chat, about 30 per second overall. Paced on the clock.
  absl::Duration per_chat_interval = absl::Seconds(1);
  int max_per_second = 30;
};

// Counts since the client started, and the queue now.
struct BotApiClientStats {
  int64_t delivered = 0;  // Answered with 2xx.
  int64_t failed = 0;     // Refused by Telegram, or out of attempts.
  int64_t dropped = 0;    // Not accepted: the queue was full.
  int64_t retried = 0;    // Attempts after the first.
  int64_t unfinished = 0;  // Now: accepted, not yet delivered or failed.
};

class BotApiClient final : public BotApi, public BackgroundLoop {
 public:
  // A client whose worker is not started yet (Start()). `clock` times the
  // retries and must outlive the client. INVALID_ARGUMENT for a base URL
  // that is not http(s)://, a malformed token or limits below 1; INTERNAL if
  // libcurl cannot start.
  static absl::StatusOr<std::unique_ptr<BotApiClient>> Create(BotApiClientOptions options,
                                                              const Clock& clock);

  ~BotApiClient() override;  // Stop().

  // Starts the worker thread; calls queued before are sent then.
  // FAILED_PRECONDITION if started before.
  absl::Status Start() override;
  // Stops the worker: requests in flight are abandoned, queued calls are
  // dropped (their number is logged). Idempotent.
  void Stop() override;

  // Queues `call` (its `method` names the Bot API method); never blocks. A
  // full queue drops the call with a warning.
  void Call(v1::TelegramBotCall call) override;

  BotApiClientStats stats() const;

  // Waits until every accepted call was delivered or given up, or `timeout`
  // passed; true if idle. For a graceful shutdown, and for tests.
  bool WaitUntilIdle(absl::Duration timeout) const;

 private:
  class Sender;  // The worker and libcurl's state, in the .cc.
  explicit BotApiClient(std::unique_ptr<Sender> sender);

  std::unique_ptr<Sender> sender_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_BOT_BOT_API_CLIENT_H_
