#include "server/events/webhook_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/call_once.h"
#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/log.h"
#include "common/retry_backoff.h"
#include "server/events/webhook_payload.h"

namespace tgauth {
namespace {

// How long the worker waits at most between looks at the clock (in real
// time; Wake() and the clock's timers wake it sooner).
constexpr int kIdleWaitMs = 1000;
// A claim's lease outlasts its request by this much, so a slow store call
// after the answer does not let another replica send it again.
constexpr absl::Duration kLeaseMargin = absl::Seconds(10);
// How often the queue is counted for the metrics and old delivered rows
// are deleted, and how many per batch.
constexpr absl::Duration kHousekeepingInterval = absl::Seconds(5);
constexpr int kDeleteBatch = 1000;

// The answer is not read: only its status matters.
size_t DiscardResponse(char*, size_t size, size_t count, void*) { return size * count; }

}  // namespace

class WebhookSender::Worker {
 public:
  Worker(WebhookSenderOptions options, const std::vector<Subscriber>& subscribers,
         storage::WebhookDeliveryStore& store, const Clock& clock, CURLM* multi)
      : options_(std::move(options)),
        subscribers_(subscribers),
        store_(store),
        clock_(clock),
        multi_(multi) {}

  ~Worker() {
    Stop();
    for (auto& [easy, transfer] : transfers_) curl_multi_remove_handle(multi_, easy);
    transfers_.clear();
    curl_multi_cleanup(multi_);
  }

  absl::Status Start() {
    absl::MutexLock lock(&mu_);
    if (started_) return absl::FailedPreconditionError("the webhook sender was started before");
    started_ = true;
    worker_ = std::thread([this] { Run(); });
    return absl::OkStatus();
  }

  void Stop() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    curl_multi_wakeup(multi_);
    if (worker_.joinable()) worker_.join();
    wakeups_.clear();  // Cancels them: nothing may wake the multi handle after this.
  }

  void Wake() {
    {
      absl::MutexLock lock(&mu_);
      wake_requested_ = true;
    }
    curl_multi_wakeup(multi_);  // Thread-safe: interrupts the worker's poll.
  }

  WebhookSenderStats stats() const {
    absl::MutexLock lock(&mu_);
    return stats_;
  }

 private:
  // One attempt of a delivery, owning its easy handle and headers.
  struct Transfer {
    storage::WebhookDelivery delivery;
    const Subscriber* subscriber = nullptr;
    curl_slist* headers = nullptr;
    CURL* easy = nullptr;
    ~Transfer() {
      curl_easy_cleanup(easy);
      curl_slist_free_all(headers);
    }
  };

  void Run() {
    absl::Time next_claim = absl::InfinitePast();
    absl::Time next_housekeeping = absl::InfinitePast();
    while (true) {
      bool woken = false;
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) break;
        woken = std::exchange(wake_requested_, false);
      }
      const absl::Time now = clock_.Now();
      if (woken || now >= next_claim) {
        ClaimDue(now);
        next_claim = now + options_.poll_interval;
      }
      if (now >= next_housekeeping) {
        Housekeep(now);
        next_housekeeping = now + kHousekeepingInterval;
      }
      int running = 0;
      curl_multi_perform(multi_, &running);
      // A finished delivery frees a slot and may release the user's next.
      const bool freed = ReapFinished() > 0;
      curl_multi_poll(multi_, nullptr, 0, freed ? 0 : WaitMs(next_claim), nullptr);
      if (freed) {
        absl::MutexLock lock(&mu_);
        wake_requested_ = true;
      }
    }
  }

  int WaitMs(absl::Time next_claim) const {
    const absl::Duration until = next_claim - clock_.Now();
    return static_cast<int>(std::clamp<int64_t>(
        absl::ToInt64Milliseconds(absl::Ceil(until, absl::Milliseconds(1))), 0, kIdleWaitMs));
  }

  // Claims, per subscriber, as many due deliveries as it has free slots.
  void ClaimDue(absl::Time now) {
    const absl::Duration lease = options_.request_timeout + kLeaseMargin;
    for (const Subscriber& subscriber : subscribers_) {
      const int free = options_.max_in_flight_per_subscriber - in_flight_[subscriber.name];
      if (free <= 0) continue;
      absl::StatusOr<std::vector<storage::WebhookDelivery>> due =
          store_.Claim(subscriber.name, now, lease, free);
      if (!due.ok()) {
        LogWarning("webhook deliveries not claimed",
                   {{"subscriber", subscriber.name}, {"error", due.status()}});
        return;  // The store is down: try again at the next poll.
      }
      for (storage::WebhookDelivery& delivery : *due)
        StartTransfer(std::move(delivery), subscriber);
    }
  }

  void StartTransfer(storage::WebhookDelivery delivery, const Subscriber& subscriber) {
    auto transfer = std::make_unique<Transfer>();
    transfer->delivery = std::move(delivery);
    transfer->subscriber = &subscriber;
    ++in_flight_[subscriber.name];
    const storage::WebhookDelivery& d = transfer->delivery;
    const std::string id = WebhookId(d.event_id);
    const int64_t timestamp = absl::ToUnixSeconds(clock_.Now());
    for (const std::string& header :
         {std::string("Content-Type: application/json"), absl::StrCat("webhook-id: ", id),
          absl::StrCat("webhook-timestamp: ", timestamp),
          absl::StrCat("webhook-signature: ", subscriber.key.Sign(id, timestamp, d.body)),
          // curl would otherwise wait for "100 Continue" before larger bodies.
          std::string("Expect:")}) {
      curl_slist* appended = curl_slist_append(transfer->headers, header.c_str());
      if (appended == nullptr) {
        Settle(std::move(transfer), "cannot create a request");
        return;
      }
      transfer->headers = appended;
    }
    CURL* easy = transfer->easy = curl_easy_init();
    if (easy == nullptr) {
      Settle(std::move(transfer), "cannot create a request");
      return;
    }
    curl_easy_setopt(easy, CURLOPT_URL, subscriber.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);  // Signals belong to main.cc.
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "tgauth");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->headers);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, d.body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(d.body.size()));
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(absl::ToInt64Milliseconds(options_.connect_timeout)));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(absl::ToInt64Milliseconds(options_.request_timeout)));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, DiscardResponse);
    if (curl_multi_add_handle(multi_, easy) != CURLM_OK) {
      Settle(std::move(transfer), "cannot start a request");
      return;
    }
    transfers_.emplace(easy, std::move(transfer));
  }

  // Settles every finished transfer; how many there were.
  int ReapFinished() {
    int finished = 0;
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      const CURLcode result = message->data.result;
      curl_multi_remove_handle(multi_, easy);
      auto node = transfers_.extract(easy);
      if (node.empty()) continue;
      ++finished;
      std::string error;
      if (result != CURLE_OK) {
        // Names the failure without the URL, which may hold credentials.
        error = curl_easy_strerror(result);
      } else {
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        if (status < 200 || status >= 300) error = absl::StrCat("HTTP ", status);
      }
      Settle(std::move(node.mapped()), error);
    }
    return finished;
  }

  // Records the attempt's outcome (`error` empty: delivered).
  void Settle(std::unique_ptr<Transfer> transfer, const std::string& error) {
    const storage::WebhookDelivery& d = transfer->delivery;
    const std::string& subscriber = transfer->subscriber->name;
    --in_flight_[subscriber];
    const absl::Time now = clock_.Now();
    const bool last = !error.empty() && d.attempts >= options_.max_attempts;
    {
      // Counted before the store records it, so whoever sees the outcome
      // in the store also sees it counted.
      absl::MutexLock lock(&mu_);
      ++(error.empty() ? stats_.delivered : last ? stats_.dead_lettered : stats_.retried);
    }
    absl::Status recorded;
    if (error.empty()) {
      recorded = store_.MarkDelivered(d.id, now);
    } else if (last) {
      recorded = store_.MarkDead(d.id, error, now);
      LogWarning("webhook delivery dead-lettered", {{"subscriber", subscriber},
                                                    {"event_id", d.event_id},
                                                    {"attempts", d.attempts},
                                                    {"reason", error}});
    } else {
      const absl::Duration wait =
          RetryBackoff{options_.initial_backoff, options_.max_backoff}.After(d.attempts, random_);
      recorded = store_.Reschedule(d.id, error, now + wait);
      ScheduleWakeup(wait);
    }
    if (!recorded.ok()) {
      // The lease runs out and the delivery is sent again: at least once.
      LogWarning("webhook delivery outcome not recorded",
                 {{"subscriber", subscriber}, {"event_id", d.event_id}, {"error", recorded}});
    }
  }

  // Counts the queue for the metrics and deletes old delivered rows.
  void Housekeep(absl::Time now) {
    absl::StatusOr<storage::WebhookDeliveryCounts> counts = store_.Count();
    if (counts.ok()) {
      absl::MutexLock lock(&mu_);
      stats_.pending = counts->pending;
      stats_.dead = counts->dead;
    }
    absl::StatusOr<int> deleted =
        store_.DeleteDelivered(now - options_.delivered_retention, kDeleteBatch);
    if (!deleted.ok()) {
      LogWarning("delivered webhooks not deleted", {{"error", deleted.status()}});
    }
  }

  // Wakes the worker `wait` from now on the clock, when a retry falls due.
  void ScheduleWakeup(absl::Duration wait) {
    std::erase_if(wakeups_, [](const Timer& t) { return !t.active(); });
    wakeups_.push_back(clock_.RunAfter(wait, [this] { Wake(); }));
  }

  const WebhookSenderOptions options_;
  const std::vector<Subscriber>& subscribers_;
  storage::WebhookDeliveryStore& store_;
  const Clock& clock_;
  CURLM* const multi_;

  mutable absl::Mutex mu_;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool wake_requested_ ABSL_GUARDED_BY(mu_) = false;
  WebhookSenderStats stats_ ABSL_GUARDED_BY(mu_);

  // The worker thread's own.
  absl::flat_hash_map<std::string, int> in_flight_;  // By subscriber name.
  absl::flat_hash_map<CURL*, std::unique_ptr<Transfer>> transfers_;
  absl::BitGen random_;
  std::vector<Timer> wakeups_;  // One per retry; the worker's own until Stop.

  std::thread worker_;  // Started by Start(), joined by Stop().
};

absl::StatusOr<std::unique_ptr<WebhookSender>> WebhookSender::Create(
    WebhookSenderOptions options, const std::vector<Subscriber>& subscribers,
    storage::WebhookDeliveryStore& store, const Clock& clock) {
  if (options.max_attempts < 1 || options.max_in_flight_per_subscriber < 1 ||
      options.request_timeout <= absl::ZeroDuration() ||
      options.connect_timeout <= absl::ZeroDuration() ||
      options.initial_backoff <= absl::ZeroDuration() ||
      options.max_backoff < options.initial_backoff ||
      options.poll_interval <= absl::ZeroDuration() ||
      options.delivered_retention <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "webhook sender: attempts and requests in flight must be at least 1, timeouts, backoff, "
        "poll interval and retention positive, the maximum backoff at least the initial one");
  }
  static absl::once_flag curl_initialized;
  static CURLcode init_result = CURLE_OK;
  absl::call_once(curl_initialized, [] { init_result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (init_result != CURLE_OK) return absl::InternalError("libcurl failed to initialise");
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) return absl::InternalError("libcurl cannot create a multi handle");
  return std::unique_ptr<WebhookSender>(new WebhookSender(
      std::make_unique<Worker>(std::move(options), subscribers, store, clock, multi)));
}

WebhookSender::WebhookSender(std::unique_ptr<Worker> worker) : worker_(std::move(worker)) {}

WebhookSender::~WebhookSender() = default;

absl::Status WebhookSender::Start() { return worker_->Start(); }

void WebhookSender::Stop() { worker_->Stop(); }

void WebhookSender::Wake() { worker_->Wake(); }

WebhookSenderStats WebhookSender::stats() const { return worker_->stats(); }

}  // namespace tgauth
