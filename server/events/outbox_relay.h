// The outbox relay: numbers the domain events stores append to the outbox
// (storage/event_outbox.h) and hands them to the channels (EventSink).
//
// Exactly one replica's relay numbers at a time: a relay that does not
// lead asks the outbox to each round (a PostgreSQL advisory lock held by
// the relay's own connection, storage/postgres/postgres_event_outbox.h), so
// when the leader's process dies, PostgreSQL frees the lock and another
// replica's next round takes over. The leader then
//   1. numbers committed events in commit order (NumberPending, which
//      checks the lead again in its transaction),
//   2. offers every numbered event after the delivered mark to each sink,
//      in event_id order, and moves the mark past the ones all took: a
//      leader that dies before moving it leaves them for the next leader,
//      which offers them again (sinks ignore an event_id they have), so a
//      committed event is never lost. When nothing was left undelivered
//      before the batch just numbered, that batch is offered as it is,
//      without reading it back: a round costs the leader one PostgreSQL
//      transaction, and one more when it delivers, however many events;
//   3. now and then deletes events older than the retention that every
//      channel took, in batches.
// Numbering commits NOTIFY (server/events/event_feed.h), which wakes every
// replica's WatchEvents streams.
//
// Latency: the relay polls every `poll_interval` (a cheap index probe when
// nothing is pending) rather than having every writing transaction NOTIFY,
// which would serialise all commits on PostgreSQL's notification queue.
#ifndef TGAUTH_SERVER_EVENTS_OUTBOX_RELAY_H_
#define TGAUTH_SERVER_EVENTS_OUTBOX_RELAY_H_

#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/background_loop.h"
#include "common/clock.h"
#include "server/events/event_sink.h"
#include "server/events/relay_observer.h"
#include "storage/event_outbox.h"

namespace tgauth {

struct RelayOptions {
  absl::Duration poll_interval = absl::Milliseconds(50);  // Between rounds.
  int batch_size = 500;                                   // Events per numbering.
  absl::Duration retention = absl::Hours(24 * 7);         // How long events are kept.
  absl::Duration retention_interval = absl::Minutes(1);   // Between retention passes.
  int retention_batch = 1000;                             // Rows per DELETE.
};

// What one round did.
struct RelayRound {
  bool leads = false;  // False: another replica's relay leads; nothing else was done.
  int numbered = 0;
  int delivered = 0;
  int deleted = 0;
};

class OutboxRelay final : public BackgroundLoop {
 public:
  // `outbox`, the sinks, `clock` and `observer` must outlive the relay.
  OutboxRelay(RelayOptions options, storage::EventOutbox& outbox, std::vector<EventSink*> sinks,
              const Clock& clock, RelayObserver& observer)
      : options_(options),
        outbox_(outbox),
        sinks_(std::move(sinks)),
        clock_(clock),
        observer_(observer) {}
  ~OutboxRelay() override;  // Stop().

  // Runs rounds on a thread of its own, one every poll_interval (at once
  // again while a round numbers a full batch). Always OK: a failed round is
  // logged and the next one catches up.
  absl::Status Start() override;
  void Stop() override;

  // One round (see the file comment). The outbox's or a sink's error if a
  // step failed; what the steps before it did stays done.
  absl::StatusOr<RelayRound> RunOnce();

 private:
  // Offers the numbered events after the delivered mark to every sink:
  // those of `numbered` when they follow the mark, else read back.
  absl::StatusOr<int> Deliver(storage::NumberedBatch numbered);
  // Offers `events` (not empty, event_id order) to every sink and moves the
  // delivered mark past them.
  absl::Status Offer(const std::vector<v1::Event>& events);
  void Loop();

  const RelayOptions options_;
  storage::EventOutbox& outbox_;
  const std::vector<EventSink*> sinks_;
  const Clock& clock_;
  RelayObserver& observer_;
  absl::Time next_retention_ = absl::InfinitePast();
  bool led_ = false;  // Led last round: NumberPending needs no TryLead first.

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_OUTBOX_RELAY_H_
