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
  if (led_) {
    // The lead lasts as long as the outbox's connection, and NumberPending
    // takes it again or fails: no need to ask before each round.
    round.leads = true;
  } else {
    absl::StatusOr<bool> leads = outbox_.TryLead();
    round.leads = leads.ok() && *leads;
    if (round.leads) LogInfo("event relay: this replica numbers events");
    led_ = round.leads;
    observer_.OnLeading(round.leads);
    if (!leads.ok()) return leads.status();
    if (!round.leads) return round;
  }

  absl::StatusOr<storage::NumberedBatch> numbered = outbox_.NumberPending(options_.batch_size);
  if (!numbered.ok()) {
    // Asked again next round: another replica may lead now.
    led_ = false;
    if (absl::IsFailedPrecondition(numbered.status())) {
      LogInfo("event relay: another replica numbers events");
      observer_.OnLeading(false);
      round.leads = false;
      return round;
    }
    return numbered.status();
  }
  observer_.OnLeading(true);
  round.numbered = static_cast<int>(numbered->events.size());
  for (const v1::Event& event : numbered->events) {
    observer_.OnNumbered(numbered->numbered_at - OccurredAt(event));
  }

  absl::StatusOr<int> delivered = Deliver(*std::move(numbered));
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

absl::StatusOr<int> OutboxRelay::Deliver(storage::NumberedBatch numbered) {
  if (numbered.delivered_through == numbered.numbered_after) {
    // Everything before this batch was delivered: the batch is all there is
    // to deliver, and it is in hand.
    if (numbered.events.empty()) return 0;
    if (absl::Status s = Offer(numbered.events); !s.ok()) return s;
    return static_cast<int>(numbered.events.size());
  }
  // A backlog (a sink failed, or a new leader took over): read it back.
  uint64_t mark = numbered.delivered_through;
  int delivered = 0;
  while (true) {
    absl::StatusOr<storage::EventPage> page = outbox_.ReadAfter(mark, options_.batch_size);
    if (!page.ok()) return page.status();
    if (page->events.empty()) return delivered;
    if (absl::Status s = Offer(page->events); !s.ok()) return s;
    mark = page->events.back().event_id();
    delivered += static_cast<int>(page->events.size());
    if (static_cast<int>(page->events.size()) < options_.batch_size) return delivered;
  }
}

absl::Status OutboxRelay::Offer(const std::vector<v1::Event>& events) {
  for (EventSink* sink : sinks_) {
    if (absl::Status taken = sink->Accept(events); !taken.ok()) return taken;
  }
  if (absl::Status s = outbox_.SetDeliveredThrough(events.back().event_id()); !s.ok()) return s;
  const absl::Time now = clock_.Now();
  for (const v1::Event& event : events) observer_.OnDelivered(now - OccurredAt(event));
  return absl::OkStatus();
}

}  // namespace tgauth
