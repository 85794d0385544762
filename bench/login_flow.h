// The two workloads of tgauth-login-bench as coroutines over HttpConnection:
// complete logins by looping virtual browsers, and many polls parked at once.
// Single-threaded: everything runs on the caller's io_context.
#ifndef TGAUTH_BENCH_LOGIN_FLOW_H_
#define TGAUTH_BENCH_LOGIN_FLOW_H_

// clang-format off
#include <utility>  // Before asio: Boost 1.74 + GCC 12 needs std::exchange.
// clang-format on

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/bench_stats.h"
#include "bench/http_connection.h"
#include "tests/fixtures/telegram_update_json.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth::bench {

struct LoginFlowOptions {
  boost::asio::ip::tcp::endpoint endpoint;  // The gateway.
  std::string host_header;                  // "host:port".
  std::string base_path;                    // Prefix of every path; often empty.
  std::string webhook_secret;
  std::chrono::milliseconds request_timeout{10'000};  // Long polls get wait + this.
};

struct LoginPhaseStats {
  int64_t completed = 0;                  // Polls that returned CONFIRMED with a session.
  int64_t poll_before_webhook_reply = 0;  // Wake-ups that beat the webhook's reply.
  int64_t confirm_presses = 0;            // Confirm buttons pressed (--login_confirmation).
  LatencySamples wake;                    // Last webhook reply received -> poll reply received.
  LatencySamples login;                   // Create sent -> CONFIRMED poll reply: one whole login.
  LatencySamples create;                  // POST /v1/logins round trip.
  LatencySamples webhook;                 // POST /telegram/webhook round trip (each).
  FailureCounts failures;
};

struct ParkedPhaseStats {
  int64_t created = 0;    // Logins created.
  int64_t sent = 0;       // Polls written to their connections.
  int64_t held = 0;       // Polls still unanswered when memory was read.
  int64_t confirmed = 0;  // Polls released with CONFIRMED and a session.
  LatencySamples wake;    // As in LoginPhaseStats, with all polls parked.
  FailureCounts failures;
};

class TaskGroup;  // login_flow.cc: waits for a set of coroutines.

class LoginFlow {
 public:
  explicit LoginFlow(LoginFlowOptions options);

  // Phase 1: `browsers` coroutines loop create -> park poll (wait=
  // `poll_wait_seconds`) -> webhook -> wake-up until `duration` has passed or
  // Stop(); returns when every started login has finished.
  boost::asio::awaitable<void> RunLogins(int browsers, std::chrono::seconds duration,
                                         int poll_wait_seconds, LoginPhaseStats& stats);

  // Phase 2: creates `parked` logins and parks a poll for each on its own
  // connection (`workers` at a time), waits `settle`, calls `measure` while
  // they are parked, then confirms every login and waits for the polls.
  boost::asio::awaitable<void> RunParked(int parked, int workers, int wait_seconds,
                                         std::chrono::milliseconds settle,
                                         std::function<void()> measure, ParkedPhaseStats& stats);

  // Starts no new logins; parked polls are released at once.
  void Stop() { stopping_ = true; }
  bool stopping() const { return stopping_; }

 private:
  struct Login {
    std::string login_token;
    std::string poll_token;
  };
  struct ParkedPoll;

  std::unique_ptr<HttpConnection> NewConnection(boost::asio::any_io_executor executor) const;
  boost::asio::awaitable<std::optional<Login>> CreateLogin(HttpConnection& connection,
                                                           LatencySamples* latency,
                                                           FailureCounts& failures);
  // A new Telegram user's /start <login_token>: whether the webhook got
  // HTTP 200, and the callback_data of the Confirm button the bot asked them
  // to press (empty when the scan signs in: --login_confirmation=false).
  struct Scan {
    bool ok = false;
    fixtures::TelegramUserFixture user;
    std::string confirm_button;
  };
  boost::asio::awaitable<Scan> Start(HttpConnection& connection, const std::string& login_token,
                                     LatencySamples* latency, FailureCounts& failures);
  // The user of `scan` presses Confirm; true on HTTP 200.
  boost::asio::awaitable<bool> Press(HttpConnection& connection, const Scan& scan,
                                     LatencySamples* latency, FailureCounts& failures);
  // Start, then Press if the bot asks; true when every webhook got HTTP 200.
  boost::asio::awaitable<bool> Confirm(HttpConnection& connection, const std::string& login_token,
                                       FailureCounts& failures);
  // POSTs one Update to the webhook: its reply if HTTP 200, else counts why
  // not as "<step>: ...".
  boost::asio::awaitable<std::optional<BenchReply>> PostUpdate(HttpConnection& connection,
                                                               std::string body, const char* step,
                                                               LatencySamples* latency,
                                                               FailureCounts& failures);
  // GET /v1/logins/<token>?wait=..&known_state=..: answers once the state
  // differs from `known_state`, as the login page polls.
  BenchRequest PollRequest(const Login& login, int wait_seconds,
                           tgauth::v1::LoginState known_state = tgauth::v1::LOGIN_STATE_PENDING) const;
  std::chrono::milliseconds PollTimeout(int wait_seconds) const;

  boost::asio::awaitable<void> Browser(std::chrono::steady_clock::time_point deadline,
                                       int wait_seconds, LoginPhaseStats& stats);
  boost::asio::awaitable<void> CreateWorker(int* next, std::vector<std::optional<Login>>* logins,
                                            ParkedPhaseStats* stats);
  boost::asio::awaitable<void> ParkWorker(int* next,
                                          const std::vector<std::optional<Login>>* logins,
                                          std::vector<ParkedPoll>* polls, int wait_seconds,
                                          TaskGroup* receivers, ParkedPhaseStats* stats);
  // Receives a parked poll's answer; a poll turned away with 429 (the server
  // busy) is sent again on its connection, as the login page retries it.
  boost::asio::awaitable<void> ReceiveParked(ParkedPoll* poll, BenchRequest request,
                                             std::chrono::milliseconds timeout);
  boost::asio::awaitable<void> ReleaseWorker(int* next,
                                             const std::vector<std::optional<Login>>* logins,
                                             std::vector<ParkedPoll>* polls,
                                             ParkedPhaseStats* stats);

  LoginFlowOptions options_;
  bool stopping_ = false;
  int64_t next_update_id_;    // Unique per webhook: the server de-duplicates by it.
  int64_t next_telegram_id_;  // A new Telegram user per login.
};

}  // namespace tgauth::bench

#endif  // TGAUTH_BENCH_LOGIN_FLOW_H_
