#include "tests/faults/login_load.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/e2e/qr_sign_in.h"

namespace tgauth::faults {
namespace {

using fixtures::HttpReply;

constexpr char kUserAgent[] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0";
// The message ids the phone's chat uses: its /start, the bot's request.
constexpr int64_t kStartMessageId = 10;
constexpr int64_t kRequestMessageId = 11;
// How long a browser's poll may stay parked on the server.
constexpr int kPollWaitSeconds = 5;
// START taps answered without a Confirm button before the person gives up.
constexpr int kMaxScans = 3;

// Telegram numbers updates in order; unique across the whole test process.
int64_t NextUpdateId() {
  static std::atomic<int64_t> id{absl::ToUnixMillis(absl::Now())};
  return ++id;
}

template <typename Message>
std::optional<Message> ParseJson(const std::string& json) {
  Message message;
  if (!google::protobuf::util::JsonStringToMessage(json, &message).ok()) return std::nullopt;
  return message;
}

// The `message` of a JSON error body ({"code": 14, "message": "..."}).
std::string ErrorMessage(const std::string& body) {
  std::optional<google::protobuf::Struct> error = ParseJson<google::protobuf::Struct>(body);
  if (!error) return "";
  auto it = error->fields().find("message");
  return it == error->fields().end() ? "" : it->second.string_value();
}

bool IsOutage(const absl::StatusOr<HttpReply>& reply) {
  return !reply.ok() || reply->status == 503 || reply->status == 504;
}

std::string Describe(const absl::StatusOr<HttpReply>& reply) {
  if (!reply.ok()) return absl::StrCat("transport ", reply.status().message());
  return absl::StrCat("HTTP ", reply->status, " ", reply->body);
}

}  // namespace

LoginLoad::LoginLoad(e2e::TgauthCluster& cluster, LoadOptions options)
    : cluster_(cluster), options_(options), clients_(options.refresh_clients) {}

LoginLoad::~LoginLoad() { Stop(); }

void LoginLoad::Start() {
  for (int i = 0; i < options_.login_workers; ++i) threads_.emplace_back([this] { LoginWorker(); });
  for (int i = 0; i < options_.refresh_clients; ++i) {
    threads_.emplace_back([this, i] { RefreshWorker(i); });
  }
}

void LoginLoad::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  absl::MutexLock lock(&mu_);
  stopping_ = false;
}

bool LoginLoad::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

void LoginLoad::LoginWorker() {
  while (!stopping()) SignIn(absl::Now() + options_.login_patience);
}

std::optional<ReceivedSession> LoginLoad::SignIn(absl::Time give_up) {
  std::optional<StartedLogin> login = StartLogin(give_up);
  if (!login) return std::nullopt;
  std::future<BrowserOutcome> browser =
      std::async(std::launch::async, [&] { return AwaitSession(*login, give_up); });
  const bool confirmed = ScanAndConfirm(*login, give_up);
  return Finish(*login, browser.get(), confirmed);
}

std::optional<LoginLoad::StartedLogin> LoginLoad::StartLogin(absl::Time give_up) {
  const absl::Time started = absl::Now();
  while (absl::Now() < give_up) {
    absl::StatusOr<HttpReply> reply =
        cluster_.Http("POST", "/v1/logins", {{"User-Agent", kUserAgent}});
    if (reply.ok() && reply->status == 200) {
      if (auto login = ParseJson<v1::CreateLoginResponse>(reply->body)) {
        return StartedLogin{
            .login = *std::move(login), .user = e2e::NewTelegramUser(), .started_at = started};
      }
    }
    NoteRetried("CreateLogin", reply);
    absl::SleepFor(options_.retry_pause);
  }
  NoteLoginFailure("CreateLogin: out of patience");
  return std::nullopt;
}

LoginLoad::BrowserOutcome LoginLoad::AwaitSession(const StartedLogin& started, absl::Time give_up) {
  const v1::CreateLoginResponse& login = started.login;
  auto poll = [this, &login](v1::LoginState known, int wait) {
    std::string target = absl::StrCat("/v1/logins/", login.login_token(), "?wait=", wait);
    if (known != v1::LOGIN_STATE_UNSPECIFIED) {
      absl::StrAppend(&target, "&known_state=", v1::LoginState_Name(known));
    }
    return cluster_.Http("GET", target, {{"Authorization", "Bearer " + login.poll_token()}});
  };
  BrowserOutcome outcome;
  v1::LoginState known = v1::LOGIN_STATE_UNSPECIFIED;
  while (absl::Now() < give_up) {
    absl::StatusOr<HttpReply> reply = poll(known, kPollWaitSeconds);
    outcome.poll_statuses.push_back(reply.ok() ? reply->status : 0);
    if (IsOutage(reply)) {
      NoteRetried("AwaitLogin", reply);
      absl::SleepFor(options_.retry_pause);
      continue;
    }
    if (reply->status == 404) {
      outcome.renewed = true;
      return outcome;
    }
    std::optional<v1::AwaitLoginResponse> answer =
        reply->status == 200 ? ParseJson<v1::AwaitLoginResponse>(reply->body) : std::nullopt;
    if (!answer) {
      outcome.failure = absl::StrCat("AwaitLogin: ", Describe(reply));
      return outcome;
    }
    if (answer->state() == v1::LOGIN_STATE_CONFIRMED) {
      outcome.session = answer->session();
      outcome.session_ids.push_back(answer->session().session_id());
      // As a page reloaded right after: the same poll token gets the
      // login's one session again.
      absl::StatusOr<HttpReply> repeat = poll(v1::LOGIN_STATE_UNSPECIFIED, 0);
      if (repeat.ok() && repeat->status == 200) {
        if (auto again = ParseJson<v1::AwaitLoginResponse>(repeat->body)) {
          outcome.session_ids.push_back(again->session().session_id());
        }
      }
      return outcome;
    }
    if (answer->state() != v1::LOGIN_STATE_PENDING && answer->state() != v1::LOGIN_STATE_SCANNED) {
      outcome.failure = absl::StrCat("AwaitLogin: ", reply->body);
      return outcome;
    }
    known = answer->state();
  }
  outcome.failure = "AwaitLogin: out of patience";
  return outcome;
}

bool LoginLoad::ScanAndConfirm(const StartedLogin& started, absl::Time give_up) {
  // Sends one update until the webhook answers 200, as Telegram redelivers.
  auto deliver = [&](absl::string_view step, const std::string& update) {
    absl::StatusOr<HttpReply> reply;
    while (absl::Now() < give_up) {
      reply = cluster_.SendUpdate(update);
      if (reply.ok() && reply->status == 200) break;
      NoteRetried(step, reply);
      absl::SleepFor(options_.retry_pause);
    }
    return reply;
  };
  std::string confirm;
  for (int scans = 0; confirm.empty() && scans < kMaxScans && absl::Now() < give_up; ++scans) {
    absl::StatusOr<HttpReply> reply =
        deliver("webhook /start",
                fixtures::StartCommandUpdateJson(
                    started.user, {.update_id = NextUpdateId(), .message_id = kStartMessageId},
                    started.login.login_token()));
    if (!reply.ok() || reply->status != 200) return false;
    if (auto answer = ParseJson<google::protobuf::Struct>(reply->body)) {
      confirm = e2e::ButtonData(*answer, "Confirm");
    }
    // Answered without the request (the answer to an earlier delivery was
    // lost): the person taps START again.
    if (confirm.empty()) {
      absl::MutexLock lock(&mu_);
      ++lost_bot_replies_;
    }
  }
  if (confirm.empty()) return false;
  absl::StatusOr<HttpReply> pressed = deliver(
      "webhook Confirm",
      fixtures::CallbackQueryUpdateJson(
          started.user, {.update_id = NextUpdateId(), .message_id = kRequestMessageId}, confirm));
  return pressed.ok() && pressed->status == 200;
}

std::optional<ReceivedSession> LoginLoad::Finish(const StartedLogin& started,
                                                 BrowserOutcome outcome, bool confirmed) {
  if (outcome.renewed) {
    absl::MutexLock lock(&mu_);
    ++renewed_logins_;
    return std::nullopt;
  }
  if (!outcome.session) {
    NoteLoginFailure(confirmed ? outcome.failure
                               : absl::StrCat(outcome.failure, " (never pressed Confirm)"));
    return std::nullopt;
  }
  ReceivedSession received{.login_token = started.login.login_token(),
                           .telegram_id = started.user.id,
                           .session_id = outcome.session->session_id()};
  absl::MutexLock lock(&mu_);
  sessions_.push_back(received);
  std::vector<std::string>& ids = sessions_by_login_[received.login_token];
  ids.insert(ids.end(), outcome.session_ids.begin(), outcome.session_ids.end());
  refresh_tokens_.push_back({received.session_id, outcome.session->refresh_token()});
  completions_.push_back(absl::Now());
  slowest_login_ = std::max(slowest_login_, completions_.back() - started.started_at);
  if (handed_to_refreshers_.size() < clients_.size()) {
    handed_to_refreshers_.push_back(received);
    handed_refresh_tokens_.push_back(outcome.session->refresh_token());
  }
  return received;
}

void LoginLoad::RefreshWorker(int index) {
  RefreshClient& client = clients_[index];
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (!client.session && next_handed_ < handed_to_refreshers_.size()) {
        client.session = handed_to_refreshers_[next_handed_];
        client.refresh_token = handed_refresh_tokens_[next_handed_];
        ++next_handed_;
      }
      const absl::Duration pause =
          client.session ? options_.refresh_interval : absl::Milliseconds(50);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), pause)) return;
    }
    if (client.session) Refresh(client, absl::Now() + options_.login_patience);
  }
}

int LoginLoad::RefreshEveryClient(absl::Duration patience) {
  int refreshed = 0;
  for (RefreshClient& client : clients_) {
    if (client.session && Refresh(client, absl::Now() + patience)) ++refreshed;
  }
  return refreshed;
}

int LoginLoad::refresh_clients_with_a_session() const {
  return static_cast<int>(
      std::count_if(clients_.begin(), clients_.end(),
                    [](const RefreshClient& client) { return client.session.has_value(); }));
}

bool LoginLoad::Refresh(RefreshClient& client, absl::Time give_up) {
  while (absl::Now() < give_up) {
    absl::StatusOr<HttpReply> reply =
        cluster_.Http("POST", "/v1/sessions:refresh", {{"Content-Type", "application/json"}},
                      absl::StrCat(R"({"refresh_token":")", client.refresh_token, R"("})"));
    if (IsOutage(reply)) {
      NoteRetried("RefreshSession", reply);
      absl::SleepFor(options_.retry_pause);
      continue;
    }
    std::optional<v1::RefreshSessionResponse> answer =
        reply->status == 200 ? ParseJson<v1::RefreshSessionResponse>(reply->body) : std::nullopt;
    absl::MutexLock lock(&mu_);
    if (!answer) {
      refresh_failures_.push_back(absl::StrCat("RefreshSession: ", Describe(reply)));
      client.session.reset();
      return false;
    }
    client.refresh_token = answer->session().refresh_token();
    refresh_tokens_.push_back({answer->session().session_id(), client.refresh_token});
    ++completed_refreshes_;
    return true;
  }
  absl::MutexLock lock(&mu_);
  refresh_failures_.push_back("RefreshSession: out of patience");
  return false;
}

void LoginLoad::NoteRetried(absl::string_view step, const absl::StatusOr<HttpReply>& reply) {
  std::string what = !reply.ok() ? absl::StrCat(step, " transport ", reply.status().message())
                                 : absl::StrCat(step, " HTTP ", reply->status, " \"",
                                                ErrorMessage(reply->body), "\"");
  const bool clear = IsOutage(reply) && reply.ok() && !ErrorMessage(reply->body).empty();
  absl::MutexLock lock(&mu_);
  ++retried_[what];
  if (!clear) ++unclear_;
}

void LoginLoad::NoteLoginFailure(std::string what) {
  absl::MutexLock lock(&mu_);
  login_failures_.push_back(std::move(what));
}

int LoginLoad::completed_logins() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(completions_.size());
}

int LoginLoad::CompletedBetween(absl::Time from, absl::Time to) const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(std::count_if(completions_.begin(), completions_.end(),
                                        [&](absl::Time t) { return t >= from && t < to; }));
}

std::optional<absl::Time> LoginLoad::FirstCompletionAfter(absl::Time t) const {
  absl::MutexLock lock(&mu_);
  std::optional<absl::Time> first;
  for (absl::Time done : completions_) {
    if (done >= t && (!first || done < *first)) first = done;
  }
  return first;
}

int LoginLoad::completed_refreshes() const {
  absl::MutexLock lock(&mu_);
  return completed_refreshes_;
}

absl::Duration LoginLoad::slowest_login() const {
  absl::MutexLock lock(&mu_);
  return slowest_login_;
}

std::vector<ReceivedSession> LoginLoad::sessions() const {
  absl::MutexLock lock(&mu_);
  return sessions_;
}

std::vector<ReceivedRefreshToken> LoginLoad::refresh_tokens() const {
  absl::MutexLock lock(&mu_);
  return refresh_tokens_;
}

int LoginLoad::logins_redeemed_twice() const {
  absl::MutexLock lock(&mu_);
  int twice = 0;
  for (const auto& [login, ids] : sessions_by_login_) {
    if (std::any_of(ids.begin(), ids.end(), [&](const std::string& id) { return id != ids[0]; })) {
      ++twice;
    }
  }
  return twice;
}

std::vector<std::string> LoginLoad::login_failures() const {
  absl::MutexLock lock(&mu_);
  return login_failures_;
}

int LoginLoad::renewed_logins() const {
  absl::MutexLock lock(&mu_);
  return renewed_logins_;
}

int LoginLoad::lost_bot_replies() const {
  absl::MutexLock lock(&mu_);
  return lost_bot_replies_;
}

std::vector<std::string> LoginLoad::refresh_failures() const {
  absl::MutexLock lock(&mu_);
  return refresh_failures_;
}

std::map<std::string, int> LoginLoad::retried_answers() const {
  absl::MutexLock lock(&mu_);
  return retried_;
}

int LoginLoad::unclear_answers() const {
  absl::MutexLock lock(&mu_);
  return unclear_;
}

}  // namespace tgauth::faults
