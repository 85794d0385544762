#include "server/events/webhook_sender.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/log.h"
#include "common/retry_backoff.h"
#include "server/events/standard_webhook_channel.h"
#include "server/outbound/post_loop.h"

namespace tgauth {
namespace {

// A claim's lease outlasts its request by this much, so a slow store call
// after the answer does not let another replica send it again.
constexpr absl::Duration kLeaseMargin = absl::Seconds(10);
// How often the queue is counted for the metrics and old delivered rows
// are deleted, and how many per batch.
constexpr absl::Duration kHousekeepingInterval = absl::Seconds(5);
constexpr int kDeleteBatch = 1000;

}  // namespace

class WebhookSender::Worker {
 public:
  Worker(WebhookSenderOptions options, std::unique_ptr<DeliveryChannel> channel,
         storage::WebhookDeliveryStore& store, const Clock& clock, std::unique_ptr<PostLoop> loop,
         std::string name)
      : options_(std::move(options)),
        channel_(std::move(channel)),
        store_(store),
        clock_(clock),
        loop_(std::move(loop)),
        name_(std::move(name)) {}

  ~Worker() { loop_->Stop(); }  // Before the state its turns use.

  absl::Status Start() {
    return loop_->Start([this](absl::Time now) { return Turn(now); });
  }

  void Stop() { loop_->Stop(); }

  void Wake() {
    {
      absl::MutexLock lock(&mu_);
      wake_requested_ = true;
    }
    loop_->Wake();
  }

  WebhookSenderStats stats() const {
    absl::MutexLock lock(&mu_);
    return stats_;
  }

 private:
  // One turn of the loop: claims and sends what is due, counts the queue
  // now and then; answers how long the loop may sleep.
  absl::Duration Turn(absl::Time now) {
    bool woken = std::exchange(claim_now_, false);
    {
      absl::MutexLock lock(&mu_);
      woken |= std::exchange(wake_requested_, false);
    }
    if (woken || now >= next_claim_) {
      ClaimDue(now);
      next_claim_ = now + options_.poll_interval;
    }
    if (now >= next_housekeeping_) {
      Housekeep(now);
      next_housekeeping_ = now + kHousekeepingInterval;
    }
    return next_claim_ - now;
  }

  // Claims, per subscriber, as many due deliveries as it has free slots.
  void ClaimDue(absl::Time now) {
    const absl::Duration lease = options_.request_timeout + kLeaseMargin;
    for (const std::string& subscriber : channel_->Subscribers()) {
      const int free = options_.max_in_flight_per_subscriber - in_flight_[subscriber];
      if (free <= 0) continue;
      absl::StatusOr<std::vector<storage::WebhookDelivery>> due =
          store_.Claim(subscriber, now, lease, free);
      if (!due.ok()) {
        LogWarning("deliveries not claimed",
                   {{"sender", name_}, {"subscriber", subscriber}, {"error", due.status()}});
        return;  // The store is down: try again at the next poll.
      }
      for (storage::WebhookDelivery& delivery : *due) StartTransfer(std::move(delivery));
    }
  }

  void StartTransfer(storage::WebhookDelivery delivery) {
    ++in_flight_[delivery.subscriber];
    absl::StatusOr<PostLoop::Post> post = channel_->Request(delivery);
    if (!post.ok()) {
      // UNAVAILABLE is one more failed attempt; anything else cannot succeed.
      Settle(delivery, std::string(post.status().message()),
             /*give_up=*/!absl::IsUnavailable(post.status()));
      return;
    }
    post->connect_timeout = options_.connect_timeout;
    post->timeout = options_.request_timeout;
    loop_->Send(*std::move(post),
                [this, delivery = std::move(delivery)](PostLoop::Outcome outcome) mutable {
                  // The answer's body is not read: only its status matters. The error
                  // names the failure without the URL, which may hold credentials.
                  std::string error = std::move(outcome.error);
                  if (error.empty() && (outcome.http_status < 200 || outcome.http_status >= 300)) {
                    error = absl::StrCat("HTTP ", outcome.http_status);
                  }
                  Settle(delivery, error, /*give_up=*/false);
                  // A finished delivery frees a slot and may release the user's next.
                  claim_now_ = true;
                });
  }

  // Records the attempt's outcome (`error` empty: delivered); `give_up`
  // dead-letters a failure whatever attempts are left.
  void Settle(const storage::WebhookDelivery& d, const std::string& error, bool give_up) {
    const std::string& subscriber = d.subscriber;
    --in_flight_[subscriber];
    const absl::Time now = clock_.Now();
    const bool last = !error.empty() && (give_up || d.attempts >= options_.max_attempts);
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
      LogWarning("delivery dead-lettered", {{"sender", name_},
                                            {"subscriber", subscriber},
                                            {"event_id", d.event_id},
                                            {"attempts", d.attempts},
                                            {"reason", error}});
    } else {
      const absl::Duration wait =
          RetryBackoff{options_.initial_backoff, options_.max_backoff}.After(d.attempts, random_);
      recorded = store_.Reschedule(d.id, error, now + wait);
      loop_->WakeAfter(wait);
    }
    if (!recorded.ok()) {
      // The lease runs out and the delivery is sent again: at least once.
      LogWarning("delivery outcome not recorded", {{"sender", name_},
                                                   {"subscriber", subscriber},
                                                   {"event_id", d.event_id},
                                                   {"error", recorded}});
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
      LogWarning("delivered rows not deleted", {{"sender", name_}, {"error", deleted.status()}});
    }
  }

  const WebhookSenderOptions options_;
  const std::unique_ptr<DeliveryChannel> channel_;
  storage::WebhookDeliveryStore& store_;
  const Clock& clock_;
  const std::unique_ptr<PostLoop> loop_;
  const std::string name_;

  mutable absl::Mutex mu_;
  bool wake_requested_ ABSL_GUARDED_BY(mu_) = false;
  WebhookSenderStats stats_ ABSL_GUARDED_BY(mu_);

  // The loop thread's own.
  absl::Time next_claim_ = absl::InfinitePast();
  absl::Time next_housekeeping_ = absl::InfinitePast();
  bool claim_now_ = false;
  absl::flat_hash_map<std::string, int> in_flight_;  // By subscriber name.
  absl::BitGen random_;
};

absl::StatusOr<std::unique_ptr<WebhookSender>> WebhookSender::Create(
    WebhookSenderOptions options, std::unique_ptr<DeliveryChannel> channel,
    storage::WebhookDeliveryStore& store, const Clock& clock, std::string name) {
  if (options.max_attempts < 1 || options.max_in_flight_per_subscriber < 1 ||
      options.request_timeout <= absl::ZeroDuration() ||
      options.connect_timeout <= absl::ZeroDuration() ||
      options.initial_backoff <= absl::ZeroDuration() ||
      options.max_backoff < options.initial_backoff ||
      options.poll_interval <= absl::ZeroDuration() ||
      options.delivered_retention <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(absl::StrCat(
        name,
        ": attempts and requests in flight must be at least 1, timeouts, backoff, "
        "poll interval and retention positive, the maximum backoff at least the initial one"));
  }
  absl::StatusOr<std::unique_ptr<PostLoop>> loop = PostLoop::Create(clock, name);
  if (!loop.ok()) return loop.status();
  return std::unique_ptr<WebhookSender>(new WebhookSender(std::make_unique<Worker>(
      std::move(options), std::move(channel), store, clock, *std::move(loop), std::move(name))));
}

absl::StatusOr<std::unique_ptr<WebhookSender>> WebhookSender::Create(
    WebhookSenderOptions options, const std::vector<Subscriber>& subscribers,
    storage::WebhookDeliveryStore& store, const Clock& clock) {
  return Create(std::move(options), std::make_unique<StandardWebhookChannel>(subscribers, clock),
                store, clock, "the webhook sender");
}

WebhookSender::WebhookSender(std::unique_ptr<Worker> worker) : worker_(std::move(worker)) {}

WebhookSender::~WebhookSender() = default;

absl::Status WebhookSender::Start() { return worker_->Start(); }

void WebhookSender::Stop() { worker_->Stop(); }

void WebhookSender::Wake() { worker_->Wake(); }

WebhookSenderStats WebhookSender::stats() const { return worker_->stats(); }

}  // namespace tgauth
