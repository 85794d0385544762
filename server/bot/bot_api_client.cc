#include "server/bot/bot_api_client.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <deque>
#include <map>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "common/bot_call_json.h"
#include "common/log.h"
#include "common/retry_backoff.h"
#include "server/bot/telegram_names.h"
#include "server/outbound/post_loop.h"

namespace tgauth {
namespace {

// Enough for any Bot API answer tgauth reads (ok, description, retry_after).
constexpr size_t kMaxResponseBytes = 64 * 1024;

// One call on its way: its method, its JSON body, and attempts made so far.
struct Job {
  std::string method;
  std::string body;
  int64_t chat_id = 0;  // 0: not addressed to one chat.
  // sendMessage is what tgauth sends unasked: a security notice (a new
  // sign-in). Edits only tidy up a message the user already answered.
  bool notice() const { return method == "sendMessage"; }
  int attempts = 0;
};

// What a finished attempt means for its call.
struct Verdict {
  enum Kind { kDelivered, kRetry, kFailed };
  Kind kind = kFailed;
  std::string reason;          // For the log when not delivered.
  absl::Duration retry_after;  // Telegram's own wait (429), else zero.
};

// Bot API method names are words ("sendMessage"); anything else would
// reshape the URL.
bool IsMethodName(absl::string_view method) {
  return !method.empty() && method.size() <= 64 &&
         std::all_of(method.begin(), method.end(),
                     [](char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); });
}

// Reads a Bot API error answer: {"ok": false, "error_code": 429,
// "description": "...", "parameters": {"retry_after": 5}}.
Verdict FromHttpAnswer(long status, const std::string& body) {
  if (status >= 200 && status < 300) return {Verdict::kDelivered, "", absl::ZeroDuration()};
  google::protobuf::Struct answer;
  std::string description = absl::StrCat("HTTP ", status);
  absl::Duration retry_after;
  if (google::protobuf::util::JsonStringToMessage(body, &answer).ok()) {
    const auto& fields = answer.fields();
    if (auto it = fields.find("description"); it != fields.end()) {
      absl::StrAppend(&description, ": ", it->second.string_value().substr(0, 200));
    }
    if (auto it = fields.find("parameters"); it != fields.end()) {
      const auto& parameters = it->second.struct_value().fields();
      if (auto r = parameters.find("retry_after"); r != parameters.end()) {
        retry_after = absl::Seconds(std::max(0.0, r->second.number_value()));
      }
    }
  }
  if (status == 429 || status >= 500) return {Verdict::kRetry, description, retry_after};
  return {Verdict::kFailed, description, absl::ZeroDuration()};
}

}  // namespace

class BotApiClient::Sender {
 public:
  Sender(BotApiClientOptions options, std::unique_ptr<PostLoop> loop, const Clock& clock)
      : options_(std::move(options)), loop_(std::move(loop)), clock_(clock) {}

  ~Sender() { loop_->Stop(); }  // Before the state its turns use.

  absl::Status Start() {
    return loop_->Start([this](absl::Time now) { return Turn(now); });
  }

  void Stop() { loop_->Stop(); }

  void Enqueue(Job job) {
    {
      absl::MutexLock lock(&mu_);
      if (unfinished_ >= options_.max_queued && !MakeRoomFor(job)) {
        ++stats_.dropped;
        LogWarning("Bot API queue full: call dropped",
                   {{"max_queued", options_.max_queued}, {"bot_method", job.method}});
        return;
      }
      ++unfinished_;
      queued_.push_back(std::move(job));
    }
    loop_->Wake();
  }

  BotApiClientStats stats() const {
    absl::MutexLock lock(&mu_);
    BotApiClientStats stats = stats_;
    stats.unfinished = unfinished_;
    return stats;
  }

  bool WaitUntilIdle(absl::Duration timeout) const {
    absl::MutexLock lock(&mu_);
    auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return unfinished_ == 0; };
    return mu_.AwaitWithTimeout(absl::Condition(&idle), timeout);
  }

 private:
  // With the queue full: evicts a queued call less important than `job`
  // (an edit, or an older notice to the same chat, which the newer one
  // supersedes), counting it dropped; true if room was made. A notice to
  // another chat is never evicted.
  bool MakeRoomFor(const Job& job) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!job.notice()) return false;
    auto victim = std::find_if(queued_.begin(), queued_.end(),
                               [](const Job& queued) { return !queued.notice(); });
    if (victim == queued_.end()) {
      victim = std::find_if(queued_.begin(), queued_.end(), [&](const Job& queued) {
        return queued.chat_id != 0 && queued.chat_id == job.chat_id;
      });
    }
    if (victim == queued_.end()) return false;
    LogWarning("Bot API queue full: queued call dropped",
               {{"max_queued", options_.max_queued}, {"bot_method", victim->method}});
    queued_.erase(victim);
    ++stats_.dropped;
    --unfinished_;
    return true;
  }

  // When `job` may be sent under Telegram's limits: one message per second
  // per chat, options_.max_per_second overall (core.telegram.org/bots/faq,
  // "My bot is hitting limits").
  absl::Time SendableAt(const Job& job) const {
    absl::Time at = absl::InfinitePast();
    if (static_cast<int>(recent_sends_.size()) >= options_.max_per_second) {
      at = recent_sends_.front() + absl::Seconds(1);
    }
    if (job.chat_id != 0) {
      if (auto it = chat_sent_at_.find(job.chat_id); it != chat_sent_at_.end()) {
        at = std::max(at, it->second + options_.per_chat_interval);
      }
    }
    return at;
  }

  // Takes the queued calls that may be sent now, oldest first, up to the
  // free transfer slots; sets next_sendable_ to when the next one may go.
  std::vector<Job> TakeSendable(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    while (!recent_sends_.empty() && recent_sends_.front() + absl::Seconds(1) <= now) {
      recent_sends_.pop_front();
    }
    for (auto it = chat_sent_at_.begin(); it != chat_sent_at_.end();) {
      if (it->second + options_.per_chat_interval <= now) {
        chat_sent_at_.erase(it++);
      } else {
        ++it;
      }
    }
    std::vector<Job> sendable;
    next_sendable_ = absl::InfiniteFuture();
    const int free = options_.max_in_flight - loop_->in_flight();
    for (auto it = queued_.begin(); it != queued_.end();) {
      const absl::Time at = SendableAt(*it);
      if (at > now || static_cast<int>(sendable.size()) >= free) {
        next_sendable_ = std::min(next_sendable_, std::max(at, now));
        ++it;
        continue;
      }
      recent_sends_.push_back(now);
      if (it->chat_id != 0) chat_sent_at_[it->chat_id] = now;
      sendable.push_back(std::move(*it));
      it = queued_.erase(it);
    }
    return sendable;
  }

  // One turn of the loop: sends what may go now; answers how long the
  // loop may sleep.
  absl::Duration Turn(absl::Time now) {
    std::vector<Job> sendable;
    {
      absl::MutexLock lock(&mu_);
      // Due retries go first: they are the oldest calls.
      while (!retry_at_.empty() && retry_at_.begin()->first <= now) {
        queued_.push_front(std::move(retry_at_.begin()->second));
        retry_at_.erase(retry_at_.begin());
      }
      sendable = TakeSendable(now);
    }
    for (Job& job : sendable) StartTransfer(std::move(job));
    WakeWhenSendable(now);
    return NextWait(now);
  }

  // Schedules a wake-up on the clock for when a paced call may go, unless
  // one is due by then already.
  void WakeWhenSendable(absl::Time now) {
    absl::Time at;
    {
      absl::MutexLock lock(&mu_);
      at = next_sendable_;
    }
    if (at == absl::InfiniteFuture() || at <= now) return;
    if (pacing_wakeup_ > now && pacing_wakeup_ <= at) return;
    pacing_wakeup_ = at;
    loop_->WakeAfter(at - now);
  }

  // How long the loop may sleep: until the next retry or paced call is
  // due, or not at all when a call waits for a free slot.
  absl::Duration NextWait(absl::Time now) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::Time due = absl::InfiniteFuture();
    absl::MutexLock lock(&mu_);
    if (!retry_at_.empty()) due = retry_at_.begin()->first;
    if (!queued_.empty() && loop_->in_flight() < options_.max_in_flight) {
      due = std::min(due, next_sendable_);
    }
    return due - now;
  }

  void StartTransfer(Job job) {
    ++job.attempts;
    PostLoop::Post post{
        .url = absl::StrCat(options_.base_url, "/bot", options_.token, "/", job.method),
        .headers = {"Content-Type: application/json"},
        .body = job.body,
        .connect_timeout = options_.connect_timeout,
        .timeout = options_.request_timeout,
        .max_response_bytes = kMaxResponseBytes,
    };
    loop_->Send(std::move(post), [this, job = std::move(job)](PostLoop::Outcome outcome) mutable {
      // The error names the failure without the URL (and token).
      Settle(std::move(job), outcome.error.empty()
                                 ? FromHttpAnswer(outcome.http_status, outcome.response)
                                 : Verdict{Verdict::kRetry, std::move(outcome.error),
                                           absl::ZeroDuration()});
    });
  }

  // Counts the attempt's outcome, or schedules the next attempt.
  void Settle(Job job, Verdict verdict) {
    if (verdict.kind == Verdict::kRetry) {
      if (job.attempts >= options_.max_attempts) {
        verdict.kind = Verdict::kFailed;
        absl::StrAppend(&verdict.reason, " (after ", job.attempts, " attempts)");
      } else if (verdict.retry_after > options_.max_retry_after) {
        verdict.kind = Verdict::kFailed;
        absl::StrAppend(&verdict.reason, " (retry_after too long)");
      } else {
        const absl::Duration wait = std::max(Backoff(job.attempts), verdict.retry_after);
        {
          absl::MutexLock lock(&mu_);
          retry_at_.emplace(clock_.Now() + wait, std::move(job));
          ++stats_.retried;
        }
        loop_->WakeAfter(wait);
        return;
      }
    }
    if (verdict.kind == Verdict::kFailed) {
      LogWarning("Bot API call failed", {{"bot_method", job.method}, {"reason", verdict.reason}});
    }
    absl::MutexLock lock(&mu_);
    --unfinished_;
    ++(verdict.kind == Verdict::kDelivered ? stats_.delivered : stats_.failed);
  }

  absl::Duration Backoff(int attempts_made) {
    return RetryBackoff{options_.initial_backoff, options_.max_backoff}.After(attempts_made,
                                                                              random_);
  }

  const BotApiClientOptions options_;
  const std::unique_ptr<PostLoop> loop_;
  const Clock& clock_;

  mutable absl::Mutex mu_;
  int unfinished_ ABSL_GUARDED_BY(mu_) = 0;      // Accepted, not yet delivered or failed.
  std::deque<Job> queued_ ABSL_GUARDED_BY(mu_);  // Waiting for a slot or their pace.
  std::multimap<absl::Time, Job> retry_at_ ABSL_GUARDED_BY(mu_);
  BotApiClientStats stats_ ABSL_GUARDED_BY(mu_);
  // Pacing: send times in the last second, the last send per chat, and when
  // the next queued call may go.
  std::deque<absl::Time> recent_sends_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<int64_t, absl::Time> chat_sent_at_ ABSL_GUARDED_BY(mu_);
  absl::Time next_sendable_ ABSL_GUARDED_BY(mu_) = absl::InfiniteFuture();

  // The loop thread's own.
  absl::Time pacing_wakeup_ = absl::InfinitePast();
  absl::BitGen random_;
};

absl::StatusOr<std::unique_ptr<BotApiClient>> BotApiClient::Create(BotApiClientOptions options,
                                                                   const Clock& clock) {
  absl::string_view base = options.base_url;
  if (!absl::StartsWith(base, "https://") && !absl::StartsWith(base, "http://")) {
    return absl::InvalidArgumentError("the Bot API base URL must be an http:// or https:// URL");
  }
  while (absl::ConsumeSuffix(&base, "/")) {
  }
  options.base_url = std::string(base);
  if (!IsValidBotToken(options.token)) {
    return absl::InvalidArgumentError("the bot token must look like <bot id>:<secret>");
  }
  if (options.max_attempts < 1 || options.max_queued < 1 || options.max_in_flight < 1 ||
      options.max_per_second < 1 || options.per_chat_interval < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "Bot API client limits (attempts, queue, requests in flight) must be at least 1");
  }
  absl::StatusOr<std::unique_ptr<PostLoop>> loop = PostLoop::Create(clock, "the Bot API client");
  if (!loop.ok()) return loop.status();
  return std::unique_ptr<BotApiClient>(
      new BotApiClient(std::make_unique<Sender>(std::move(options), *std::move(loop), clock)));
}

BotApiClient::BotApiClient(std::unique_ptr<Sender> sender) : sender_(std::move(sender)) {}

BotApiClient::~BotApiClient() = default;

absl::Status BotApiClient::Start() { return sender_->Start(); }

void BotApiClient::Stop() { sender_->Stop(); }

void BotApiClient::Call(v1::TelegramBotCall call) {
  const std::string method = call.method().empty() ? "sendMessage" : call.method();
  if (!IsMethodName(method)) {
    LogWarning("Bot API call not sent: not a method name", {{"bot_method", method}});
    return;
  }
  absl::StatusOr<std::string> body = BotCallJson(call, BotCallJsonForm::kRequestBody);
  if (!body.ok()) {
    LogWarning("Bot API call not sent", {{"bot_method", method}, {"error", body.status()}});
    return;
  }
  sender_->Enqueue(Job{.method = method, .body = *std::move(body), .chat_id = call.chat_id()});
}

BotApiClientStats BotApiClient::stats() const { return sender_->stats(); }

bool BotApiClient::WaitUntilIdle(absl::Duration timeout) const {
  return sender_->WaitUntilIdle(timeout);
}

}  // namespace tgauth
