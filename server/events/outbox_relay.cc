#include "server/events/outbox_relay.h"

#include "absl/status/status.h"
#include "common/log.h"
#include "google/protobuf/util/time_util.h"

namespace tgauth {
namespace {

absl::Time OccurredAt(const v1::Event& event) {
  return absl::FromUnixMicros(
      google::protobuf::util::TimeUtil::TimestampToMicroseconds(event.occurred_at()));
}

}  // namespace

OutboxRelay::~OutboxRelay() { Stop(); }

absl::Status OutboxRelay::Start() {
  thread_ = std::thread([this] { Loop(); });
  return absl::OkStatus();
}

void OutboxRelay::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void OutboxRelay::Loop() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    mu_.Unlock();
    absl::StatusOr<RelayRound> round = RunOnce();
    // PostgreSQL down: skip quietly; the next round catches up.
    if (!round.ok() && !absl::IsUnavailable(round.status())) {
      LogWarning("event relay round failed", {{"error", round.status()}});
    }
    const bool full = round.ok() && round->numbered >= options_.batch_size;
    mu_.Lock();
    if (!full) {
      // Stop() wakes the wait at once.
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.poll_interval);
    }
  }
}

absl::StatusOr<RelayRound> OutboxRelay::RunOnce() {
  RelayRound round;
  absl::StatusOr<bool> leads = outbox_.TryLead();
  round.leads = leads.ok() && *leads;
  if (round.leads != led_) {
    LogInfo(round.leads ? "event relay: this replica numbers events"
                        : "event relay: another replica numbers events");
    led_ = round.leads;
  }
  observer_.OnLeading(round.leads);
  if (!leads.ok()) return leads.status();
  if (!round.leads) return round;

  absl::StatusOr<storage::NumberedBatch> numbered = outbox_.NumberPending(options_.batch_size);
  if (!numbered.ok()) return numbered.status();
  round.numbered = static_cast<int>(numbered->events.size());
  for (const v1::Event& event : numbered->events) {
    observer_.OnNumbered(numbered->numbered_at - OccurredAt(event));
  }

  absl::StatusOr<int> delivered = Deliver();
  if (!delivered.ok()) return delivered.status();
  round.delivered = *delivered;

  const absl::Time now = clock_.Now();
  if (now >= next_retention_) {
    next_retention_ = now + options_.retention_interval;
    absl::StatusOr<int> deleted =
        outbox_.DeleteDeliveredBefore(now - options_.retention, options_.retention_batch);
    if (!deleted.ok()) return deleted.status();
    round.deleted = *deleted;
    // A full batch: more are due; go on next round instead of holding this one.
    if (*deleted >= options_.retention_batch) next_retention_ = now;
  }
  return round;
}

absl::StatusOr<int> OutboxRelay::Deliver() {
  absl::StatusOr<uint64_t> mark = outbox_.DeliveredThrough();
  if (!mark.ok()) return mark.status();
  int delivered = 0;
  while (true) {
    absl::StatusOr<storage::EventPage> page = outbox_.ReadAfter(*mark, options_.batch_size);
    if (!page.ok()) return page.status();
    if (page->events.empty()) return delivered;
    for (EventSink* sink : sinks_) {
      if (absl::Status taken = sink->Accept(page->events); !taken.ok()) return taken;
    }
    *mark = page->events.back().event_id();
    if (absl::Status s = outbox_.SetDeliveredThrough(*mark); !s.ok()) return s;
    const absl::Time now = clock_.Now();
    for (const v1::Event& event : page->events) observer_.OnDelivered(now - OccurredAt(event));
    delivered += static_cast<int>(page->events.size());
    if (static_cast<int>(page->events.size()) < options_.batch_size) return delivered;
  }
}

}  // namespace tgauth
