#include "server/rpc/watch_events_call.h"

#include <deque>
#include <memory>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "server/rpc/call_log_scope.h"
#include "server/rpc/status_util.h"
#include "server/rpc/write_stream_reactors.h"
#include "storage/event_types.h"

namespace tgauth {
namespace {

constexpr char kShuttingDown[] = "the server is shutting down; resume on another replica";

// The stream's state, shared by its reactor, the executor's reads and the
// feed's wake-ups. Exactly one of them drives the reactor at a time, as
// `phase_` says, so a Finish never races a write.
class WatchStream final : public EventFeed::Subscriber,
                          public std::enable_shared_from_this<WatchStream> {
 public:
  WatchStream(const v1::WatchEventsRequest& request, grpc::ServerWriteReactor<v1::Event>* reactor,
              storage::EventOutbox& outbox, EventFeed& feed, Executor& executor,
              std::string request_id)
      : types_(request.types().begin(), request.types().end()),
        first_after_(request.after_event_id()),
        cursor_(request.after_event_id()),
        reactor_(reactor),
        outbox_(outbox),
        feed_(feed),
        executor_(executor),
        request_id_(std::move(request_id)) {}

  void Start() {
    if (!feed_.Subscribe(*this)) {
      return FinishFromReading(grpc::Status(grpc::StatusCode::UNAVAILABLE, kShuttingDown));
    }
    {
      absl::MutexLock lock(&mu_);
      phase_ = Phase::kReading;
    }
    if (absl::Status queued = Read(); !queued.ok()) FinishFromReading(ToGrpcStatus(queued));
  }

  // The reactor's OnWriteDone.
  void WriteDone(bool ok) {
    const v1::Event* next = nullptr;
    std::optional<grpc::Status> finish;
    {
      absl::MutexLock lock(&mu_);
      if (!ok || stop_.has_value()) {
        phase_ = Phase::kFinished;
        finish = ok ? *stop_ : grpc::Status::CANCELLED;
      } else {
        pending_.pop_front();
        if (!pending_.empty()) {
          next = &pending_.front();
        } else {
          phase_ = Phase::kReading;
        }
      }
    }
    if (finish.has_value()) return reactor_->Finish(*finish);
    if (next != nullptr) return reactor_->StartWrite(next);
    if (absl::Status queued = Read(); !queued.ok()) FinishFromReading(ToGrpcStatus(queued));
  }

  // Ends the stream with `why`: the reactor's OnCancel (the client went
  // away or its deadline passed) or the server's shutdown. Reading or
  // writing, that path sees `stop_` and finishes.
  void Stop(const grpc::Status& why) {
    bool finish = false;
    {
      absl::MutexLock lock(&mu_);
      if (stop_.has_value()) return;
      stop_ = why;
      if (phase_ == Phase::kIdle) {
        phase_ = Phase::kFinished;
        finish = true;
      }
    }
    if (finish) reactor_->Finish(why);
  }

  // The reactor's OnDone: nothing touches the reactor from now on.
  void Done() { feed_.Unsubscribe(*this); }

  void OnClosing() override {
    // Not here: finishing may end the call, whose OnDone unsubscribes,
    // taking the feed's lock this runs under.
    executor_.PostUrgent([self = shared_from_this()] {
      self->Stop(grpc::Status(grpc::StatusCode::UNAVAILABLE, kShuttingDown));
    });
  }

  void OnNewEvents() override {
    {
      absl::MutexLock lock(&mu_);
      if (phase_ != Phase::kIdle) return;
      phase_ = Phase::kReading;
    }
    // A full queue: stay idle; the feed's next wake-up tries again.
    if (!Read().ok()) {
      absl::MutexLock lock(&mu_);
      phase_ = Phase::kIdle;
    }
  }

 private:
  enum class Phase { kReading, kWriting, kIdle, kFinished };

  absl::Status Read() {
    return executor_.Post([self = shared_from_this()] { self->ReadPages(); });
  }

  // On the executor: reads pages until one has an event to write (then
  // writes it) or the stream is caught up (then goes idle).
  void ReadPages() {
    const CallLogScope request_id_field(request_id_);
    while (true) {
      const uint64_t generation = feed_.generation();
      absl::StatusOr<storage::EventPage> page = outbox_.ReadAfter(cursor_, kWatchPageSize);
      if (!page.ok()) return FinishFromReading(grpc::Status(
                          grpc::StatusCode::UNAVAILABLE, "events cannot be read now; retry"));
      if (first_after_ != 0 && first_after_ < page->deleted_through) {
        return FinishFromReading(grpc::Status(
            grpc::StatusCode::OUT_OF_RANGE,
            absl::StrCat("events after ", first_after_, " were deleted by retention; resume from ",
                         page->deleted_through)));
      }
      first_after_ = 0;  // Checked once: later reads start after events it saw.
      const v1::Event* first = nullptr;
      std::optional<grpc::Status> stop;
      {
        absl::MutexLock lock(&mu_);
        stop = stop_;
        if (stop.has_value()) {
          phase_ = Phase::kFinished;
        } else {
          for (v1::Event& event : page->events) {
            cursor_ = event.event_id();
            if (types_.empty() || types_.contains(event.type())) {
              pending_.push_back(std::move(event));
            }
          }
          if (!pending_.empty()) {
            phase_ = Phase::kWriting;
            first = &pending_.front();
          } else if (static_cast<int>(page->events.size()) < kWatchPageSize &&
                     feed_.generation() == generation) {
            phase_ = Phase::kIdle;  // Caught up; OnNewEvents reads again.
            return;
          }
        }
      }
      if (stop.has_value()) return reactor_->Finish(*stop);
      if (first != nullptr) return reactor_->StartWrite(first);
    }
  }

  // Finishes the stream from the reading phase (no write outstanding).
  void FinishFromReading(const grpc::Status& status) {
    std::optional<grpc::Status> stop;
    {
      absl::MutexLock lock(&mu_);
      phase_ = Phase::kFinished;
      stop = stop_;
    }
    reactor_->Finish(stop.value_or(status));
  }

  const absl::flat_hash_set<std::string> types_;
  uint64_t first_after_;  // The request's cursor, until the retention check.
  uint64_t cursor_;       // The last event_id written or filtered out.
  grpc::ServerWriteReactor<v1::Event>* const reactor_;
  storage::EventOutbox& outbox_;
  EventFeed& feed_;
  Executor& executor_;
  const std::string request_id_;

  absl::Mutex mu_;
  Phase phase_ ABSL_GUARDED_BY(mu_) = Phase::kReading;
  std::optional<grpc::Status> stop_ ABSL_GUARDED_BY(mu_);  // Set: finish with it.
  // Events to write; the front one is being written.
  std::deque<v1::Event> pending_ ABSL_GUARDED_BY(mu_);
};

class WatchEventsReactor final : public SharedStateWriteReactor<v1::Event, WatchStream> {
 public:
  WatchEventsReactor(const v1::WatchEventsRequest& request, storage::EventOutbox& outbox,
                     EventFeed& feed, Executor& executor, std::string request_id) {
    state_ = std::make_shared<WatchStream>(request, this, outbox, feed, executor,
                                           std::move(request_id));
    state_->Start();
  }
};

}  // namespace

grpc::ServerWriteReactor<v1::Event>* StartWatchEvents(const v1::WatchEventsRequest& request,
                                                      storage::EventOutbox& outbox,
                                                      EventFeed& feed, Executor& executor,
                                                      std::string request_id) {
  for (const std::string& type : request.types()) {
    if (!storage::IsEventType(type)) {
      return RefuseWatchEvents(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                            absl::StrCat("unknown event type: ", type)));
    }
  }
  return new WatchEventsReactor(request, outbox, feed, executor, std::move(request_id));
}

grpc::ServerWriteReactor<v1::Event>* RefuseWatchEvents(const grpc::Status& status) {
  return RefuseStream<v1::Event>(status);
}

}  // namespace tgauth
