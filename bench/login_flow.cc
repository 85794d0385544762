#include "bench/login_flow.h"

// clang-format off
#include <utility>  // Before asio: Boost 1.74 + GCC 12 needs std::exchange.
// clang-format on

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <exception>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/json_util.h"
#include "tests/fixtures/bot_reply_buttons.h"
#include "tests/fixtures/telegram_update_json.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth::bench {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

// Waits for every coroutine started with Spawn, without a thread: the last
// one to finish cancels the timer Wait() sleeps on.
class TaskGroup {
 public:
  explicit TaskGroup(asio::any_io_executor executor) : executor_(executor), timer_(executor) {}

  void Spawn(asio::awaitable<void> task) {
    ++pending_;
    asio::co_spawn(executor_, std::move(task), [this](std::exception_ptr error) {
      if (error) {
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "bench task failed: %s\n", e.what());
        }
      }
      if (--pending_ == 0) timer_.cancel();
    });
  }

  asio::awaitable<void> Wait() {
    while (pending_ > 0) {
      timer_.expires_after(std::chrono::hours(24));
      boost::system::error_code ignored;
      co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
  }

 private:
  asio::any_io_executor executor_;
  asio::steady_timer timer_;
  int pending_ = 0;
};

namespace {

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

asio::awaitable<void> Sleep(Clock::duration d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  boost::system::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

// Counts a transport failure or a non-200 reply as "<step>: <why>".
bool Expect200(const BenchReply& reply, const char* step, FailureCounts& failures) {
  if (!reply.ok()) {
    failures.Add(absl::StrCat(step, ": ", reply.failure));
    return false;
  }
  if (reply.status != 200) {
    failures.Add(absl::StrCat(step, ": HTTP ", reply.status));
    return false;
  }
  return true;
}

bool ParseJson(const std::string& body, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  return google::protobuf::util::JsonStringToMessage(body, message, options).ok();
}

// True if a poll's reply is in `state`; counts why not.
bool IsInState(const BenchReply& reply, tgauth::v1::LoginState state, const char* step,
               FailureCounts& failures, tgauth::v1::AwaitLoginResponse* out = nullptr) {
  if (!Expect200(reply, step, failures)) return false;
  tgauth::v1::AwaitLoginResponse response;
  if (!ParseJson(reply.body, &response)) {
    failures.Add(absl::StrCat(step, ": bad JSON"));
    return false;
  }
  if (response.state() != state) {
    failures.Add(absl::StrCat(step, ": ", tgauth::v1::LoginState_Name(response.state())));
    return false;
  }
  if (out != nullptr) *out = std::move(response);
  return true;
}

// True if a poll's reply is CONFIRMED with a session; counts why not.
bool IsConfirmedWithSession(const BenchReply& reply, const char* step, FailureCounts& failures) {
  tgauth::v1::AwaitLoginResponse response;
  if (!IsInState(reply, tgauth::v1::LOGIN_STATE_CONFIRMED, step, failures, &response)) {
    return false;
  }
  if (response.session().access_token().empty() || response.session().refresh_token().empty()) {
    failures.Add(absl::StrCat(step, ": CONFIRMED without a session"));
    return false;
  }
  return true;
}

// One parked poll's reply, filled in by a concurrently running Receive.
struct PendingReply {
  BenchReply reply;
  Clock::time_point received;
};

asio::awaitable<void> ReceiveInto(HttpConnection* connection, std::chrono::milliseconds timeout,
                                  PendingReply* out) {
  out->reply = co_await connection->Receive(timeout);
  out->received = Clock::now();
}

}  // namespace

struct LoginFlow::ParkedPoll {
  std::unique_ptr<HttpConnection> connection;
  PendingReply pending;
  bool sent = false;
  bool answered = false;   // The reply (or a failure) has arrived.
  bool confirmed = false;  // Its webhook got HTTP 200.
  Clock::time_point confirmed_at;
};

// Ids start from the clock so that consecutive runs against one server use
// fresh update_ids (de-duplicated by the server) and fresh users; both stay
// far below 1e15, where JSON numbers built by the fixture stay exact.
LoginFlow::LoginFlow(LoginFlowOptions options)
    : options_(std::move(options)),
      next_update_id_(absl::ToUnixMillis(absl::Now()) % 100'000'000'000 * 1000),
      next_telegram_id_(6'000'000'000'000 +
                        absl::ToUnixMillis(absl::Now()) % 1'000'000'000 * 1000) {}

std::unique_ptr<HttpConnection> LoginFlow::NewConnection(asio::any_io_executor executor) const {
  return std::make_unique<HttpConnection>(executor, options_.endpoint, options_.host_header);
}

std::chrono::milliseconds LoginFlow::PollTimeout(int wait_seconds) const {
  return std::chrono::seconds(wait_seconds) + options_.request_timeout;
}

asio::awaitable<std::optional<LoginFlow::Login>> LoginFlow::CreateLogin(HttpConnection& connection,
                                                                        LatencySamples* latency,
                                                                        FailureCounts& failures) {
  const auto start = Clock::now();
  // Built outside the co_await: GCC 12 miscompiles braced string literals
  // inside a co_await expression ("array used as initializer").
  BenchRequest request;
  request.method = "POST";
  request.target = options_.base_path + "/v1/logins";
  request.body = R"({"deviceName":"tgauth-login-bench"})";
  const BenchReply reply =
      co_await connection.Exchange(std::move(request), options_.request_timeout);
  if (!Expect200(reply, "create", failures)) co_return std::nullopt;
  if (latency != nullptr) latency->Add(Ms(Clock::now() - start));
  tgauth::v1::CreateLoginResponse response;
  if (!ParseJson(reply.body, &response)) {
    failures.Add("create: bad JSON");
    co_return std::nullopt;
  }
  if (response.login_token().empty() || response.poll_token().empty() ||
      !absl::EndsWith(response.deep_link(), absl::StrCat("?start=", response.login_token()))) {
    failures.Add("create: incomplete reply");
    co_return std::nullopt;
  }
  co_return Login{response.login_token(), response.poll_token()};
}

asio::awaitable<std::optional<BenchReply>> LoginFlow::PostUpdate(HttpConnection& connection,
                                                                  std::string body,
                                                                  const char* step,
                                                                  LatencySamples* latency,
                                                                  FailureCounts& failures) {
  const auto start = Clock::now();
  BenchRequest request;  // Not braced inside co_await: see CreateLogin.
  request.method = "POST";
  request.target = options_.base_path + "/telegram/webhook";
  request.headers.emplace_back("X-Telegram-Bot-Api-Secret-Token", options_.webhook_secret);
  request.body = std::move(body);
  BenchReply reply = co_await connection.Exchange(std::move(request), options_.request_timeout);
  if (!Expect200(reply, step, failures)) co_return std::nullopt;
  if (latency != nullptr) latency->Add(Ms(Clock::now() - start));
  co_return reply;
}

asio::awaitable<LoginFlow::Scan> LoginFlow::Start(HttpConnection& connection,
                                                  const std::string& login_token,
                                                  LatencySamples* latency,
                                                  FailureCounts& failures) {
  Scan scan;
  scan.user.id = next_telegram_id_++;
  scan.user.first_name = "Bench";
  scan.user.last_name = "";
  scan.user.username = absl::StrCat("bench_", scan.user.id);
  fixtures::TelegramMessageFixture message;
  message.update_id = next_update_id_++;
  message.message_id = 1;  // The first message in this user's chat with the bot.
  const std::optional<BenchReply> reply =
      co_await PostUpdate(connection, fixtures::StartCommandUpdateJson(scan.user, message, login_token),
                          "webhook", latency, failures);
  scan.ok = reply.has_value();
  if (reply) scan.confirm_button = fixtures::ButtonData(reply->body, "Confirm");
  co_return scan;
}

asio::awaitable<bool> LoginFlow::Press(HttpConnection& connection, const Scan& scan,
                                       LatencySamples* latency, FailureCounts& failures) {
  // A new update on the bot's request, the message after the user's /start.
  fixtures::TelegramMessageFixture press;
  press.update_id = next_update_id_++;
  press.message_id = 2;
  co_return (co_await PostUpdate(connection,
                                 fixtures::CallbackQueryUpdateJson(scan.user, press,
                                                                   scan.confirm_button),
                                 "confirm", latency, failures))
      .has_value();
}

asio::awaitable<bool> LoginFlow::Confirm(HttpConnection& connection, const std::string& login_token,
                                         FailureCounts& failures) {
  const Scan scan = co_await Start(connection, login_token, nullptr, failures);
  if (!scan.ok || scan.confirm_button.empty()) co_return scan.ok;
  co_return co_await Press(connection, scan, nullptr, failures);
}

BenchRequest LoginFlow::PollRequest(const Login& login, int wait_seconds,
                                    tgauth::v1::LoginState known_state) const {
  return {
      "GET",
      absl::StrCat(options_.base_path, "/v1/logins/", login.login_token, "?wait=", wait_seconds,
                   "&known_state=", tgauth::v1::LoginState_Name(known_state)),
      {{"Authorization", absl::StrCat("Bearer ", login.poll_token)}},
      ""};
}

asio::awaitable<void> LoginFlow::RunLogins(int browsers, std::chrono::seconds duration,
                                           int poll_wait_seconds, LoginPhaseStats& stats) {
  TaskGroup group(co_await asio::this_coro::executor);
  const auto deadline = Clock::now() + duration;
  for (int i = 0; i < browsers; ++i) group.Spawn(Browser(deadline, poll_wait_seconds, stats));
  co_await group.Wait();
}

asio::awaitable<void> LoginFlow::Browser(Clock::time_point deadline, int wait_seconds,
                                         LoginPhaseStats& stats) {
  const auto executor = co_await asio::this_coro::executor;
  // Like a browser tab plus the user's phone: the page's API calls, its long
  // poll (which must not share a connection), and Telegram's webhook call.
  const auto api = NewConnection(executor);
  const auto poll = NewConnection(executor);
  const auto hook = NewConnection(executor);
  while (!stopping_ && Clock::now() < deadline) {
    const auto started = Clock::now();
    const auto login = co_await CreateLogin(*api, &stats.create, stats.failures);
    if (!login) {
      co_await Sleep(std::chrono::milliseconds(100));  // Do not spin on a failing gateway.
      continue;
    }
    const BenchReply sent =
        co_await poll->Send(PollRequest(*login, wait_seconds), options_.request_timeout);
    if (!sent.ok()) {
      stats.failures.Add(absl::StrCat("poll: ", sent.failure));
      continue;
    }
    PendingReply pending;
    TaskGroup receiving(executor);
    receiving.Spawn(ReceiveInto(poll.get(), PollTimeout(wait_seconds), &pending));
    const Scan scan = co_await Start(*hook, login->login_token, &stats.webhook, stats.failures);
    auto webhook_replied = Clock::now();
    // Without a scan the poll would sit out its whole wait.
    if (!scan.ok) poll->Close();
    co_await receiving.Wait();
    if (!scan.ok) continue;
    if (!scan.confirm_button.empty()) {
      // The page shows the scan and waits on, as the login page does, while
      // the user presses Confirm.
      if (!IsInState(pending.reply, tgauth::v1::LOGIN_STATE_SCANNED, "poll", stats.failures)) {
        continue;
      }
      const BenchReply resent = co_await poll->Send(
          PollRequest(*login, wait_seconds, tgauth::v1::LOGIN_STATE_SCANNED),
          options_.request_timeout);
      if (!resent.ok()) {
        stats.failures.Add(absl::StrCat("poll: ", resent.failure));
        continue;
      }
      receiving.Spawn(ReceiveInto(poll.get(), PollTimeout(wait_seconds), &pending));
      const bool pressed = co_await Press(*hook, scan, &stats.webhook, stats.failures);
      webhook_replied = Clock::now();
      if (!pressed) poll->Close();
      co_await receiving.Wait();
      if (!pressed) continue;
      ++stats.confirm_presses;
    }
    if (!IsConfirmedWithSession(pending.reply, "poll", stats.failures)) continue;
    if (pending.received < webhook_replied) ++stats.poll_before_webhook_reply;
    stats.wake.Add(std::max(0.0, Ms(pending.received - webhook_replied)));
    stats.login.Add(Ms(pending.received - started));
    ++stats.completed;
  }
}

asio::awaitable<void> LoginFlow::RunParked(int parked, int workers, int wait_seconds,
                                           std::chrono::milliseconds settle,
                                           std::function<void()> measure, ParkedPhaseStats& stats) {
  const auto executor = co_await asio::this_coro::executor;
  std::vector<std::optional<Login>> logins(parked);
  std::vector<ParkedPoll> polls(parked);  // Never resized: coroutines hold pointers.
  TaskGroup receivers(executor);
  for (auto step : {0, 1}) {
    int next = 0;
    TaskGroup group(executor);
    for (int i = 0; i < workers; ++i) {
      group.Spawn(step == 0 ? CreateWorker(&next, &logins, &stats)
                            : ParkWorker(&next, &logins, &polls, wait_seconds, &receivers, &stats));
    }
    co_await group.Wait();
  }
  if (!stopping_) co_await Sleep(settle);
  for (const ParkedPoll& poll : polls) stats.held += (poll.sent && !poll.answered) ? 1 : 0;
  measure();

  int next = 0;
  TaskGroup releasing(executor);
  for (int i = 0; i < workers; ++i) releasing.Spawn(ReleaseWorker(&next, &logins, &polls, &stats));
  co_await releasing.Wait();
  co_await receivers.Wait();
  for (const ParkedPoll& poll : polls) {
    if (!poll.sent || !poll.confirmed) continue;
    if (!IsConfirmedWithSession(poll.pending.reply, "parked poll", stats.failures)) continue;
    ++stats.confirmed;
    stats.wake.Add(std::max(0.0, Ms(poll.pending.received - poll.confirmed_at)));
  }
}

asio::awaitable<void> LoginFlow::CreateWorker(int* next, std::vector<std::optional<Login>>* logins,
                                              ParkedPhaseStats* stats) {
  const auto api = NewConnection(co_await asio::this_coro::executor);
  while (!stopping_ && *next < static_cast<int>(logins->size())) {
    const int i = (*next)++;
    (*logins)[i] = co_await CreateLogin(*api, nullptr, stats->failures);
    if ((*logins)[i]) ++stats->created;
  }
}

asio::awaitable<void> LoginFlow::ParkWorker(int* next,
                                            const std::vector<std::optional<Login>>* logins,
                                            std::vector<ParkedPoll>* polls, int wait_seconds,
                                            TaskGroup* receivers, ParkedPhaseStats* stats) {
  const auto executor = co_await asio::this_coro::executor;
  while (!stopping_ && *next < static_cast<int>(logins->size())) {
    const int i = (*next)++;
    if (!(*logins)[i]) continue;
    ParkedPoll& poll = (*polls)[i];
    poll.connection = NewConnection(executor);
    const BenchReply sent = co_await poll.connection->Send(PollRequest(*(*logins)[i], wait_seconds),
                                                           options_.request_timeout);
    if (!sent.ok()) {
      stats->failures.Add(absl::StrCat("park: ", sent.failure));
      continue;
    }
    poll.sent = true;
    ++stats->sent;
    receivers->Spawn(
        ReceiveParked(&poll, PollRequest(*(*logins)[i], wait_seconds), PollTimeout(wait_seconds)));
  }
}

asio::awaitable<void> LoginFlow::ReceiveParked(ParkedPoll* poll, BenchRequest request,
                                               std::chrono::milliseconds timeout) {
  constexpr int kRetries = 20;
  for (int retry = 0;; ++retry) {
    co_await ReceiveInto(poll->connection.get(), timeout, &poll->pending);
    if (poll->pending.reply.status != 429 || retry == kRetries || stopping_) break;
    co_await Sleep(std::chrono::milliseconds(100));
    if (!(co_await poll->connection->Send(request, options_.request_timeout)).ok()) break;
  }
  poll->answered = true;
  poll->connection.reset();  // Frees the socket as soon as the poll is over.
}

asio::awaitable<void> LoginFlow::ReleaseWorker(int* next,
                                               const std::vector<std::optional<Login>>* logins,
                                               std::vector<ParkedPoll>* polls,
                                               ParkedPhaseStats* stats) {
  const auto hook = NewConnection(co_await asio::this_coro::executor);
  while (*next < static_cast<int>(polls->size())) {
    const int i = (*next)++;
    ParkedPoll& poll = (*polls)[i];
    if (!poll.sent) continue;
    poll.confirmed = co_await Confirm(*hook, (*logins)[i]->login_token, stats->failures);
    poll.confirmed_at = Clock::now();
    // Without a confirmation the poll would sit out its whole wait.
    if (!poll.confirmed && poll.connection) poll.connection->Close();
  }
}

}  // namespace tgauth::bench
