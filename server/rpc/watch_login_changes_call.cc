#include "server/rpc/watch_login_changes_call.h"

#include <memory>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "server/rpc/write_stream_reactors.h"

namespace tgauth {
namespace {

constexpr char kShuttingDown[] = "the server is shutting down; watch another replica";

// The stream's state, shared by its reactor, the feed's calls and the
// executor's tasks. At most one write is outstanding; `stop_` ends the
// stream as soon as none is.
class ChangeStream final : public LoginChangeFeed::Subscriber,
                           public std::enable_shared_from_this<ChangeStream> {
 public:
  ChangeStream(grpc::ServerWriteReactor<v1::LoginChanges>* reactor, LoginChangeFeed& feed,
               Executor& executor)
      : reactor_(reactor), feed_(feed), executor_(executor) {}

  void Start() {
    if (!feed_.Subscribe(*this)) {
      {
        absl::MutexLock lock(&mu_);
        finished_ = true;
      }
      reactor_->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, kShuttingDown));
    }
  }

  void OnLoginChanged(absl::string_view login_key) override {
    bool kick = false;
    {
      absl::MutexLock lock(&mu_);
      if (finished_ || stop_.has_value()) return;
      if (login_key.empty() || keys_.size() >= kMaxPendingLoginKeys) {
        resync_ = true;
        keys_.clear();
      } else if (!resync_) {
        keys_.emplace(login_key);
      }
      kick = !writing_ && !kicked_;
      kicked_ = kicked_ || kick;
    }
    // Not here: a write may complete inline, and its OnDone unsubscribes,
    // taking the feed's lock this runs under.
    if (kick) executor_.PostUrgent([self = shared_from_this()] { self->WriteNext(); });
  }

  void OnClosing() override {
    executor_.PostUrgent([self = shared_from_this()] {
      self->Stop(grpc::Status(grpc::StatusCode::UNAVAILABLE, kShuttingDown));
    });
  }

  // The reactor's OnWriteDone.
  void WriteDone(bool ok) {
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      if (!ok) stop_ = grpc::Status::CANCELLED;
    }
    WriteNext();
  }

  // Ends the stream with `why` once no write is outstanding.
  void Stop(const grpc::Status& why) {
    {
      absl::MutexLock lock(&mu_);
      if (!stop_.has_value()) stop_ = why;
    }
    WriteNext();
  }

  // The reactor's OnDone: nothing touches the reactor from now on.
  void Done() { feed_.Unsubscribe(*this); }

 private:
  // Writes what changed since the last write, or finishes on `stop_`; does
  // nothing while a write is outstanding.
  void WriteNext() {
    std::optional<grpc::Status> finish;
    {
      absl::MutexLock lock(&mu_);
      kicked_ = false;
      if (writing_ || finished_) return;
      if (stop_.has_value()) {
        finished_ = true;
        finish = stop_;
      } else if (resync_ || !keys_.empty()) {
        message_.Clear();
        message_.set_resync(resync_);
        for (const std::string& key : keys_) message_.add_login_keys(key);
        keys_.clear();
        resync_ = false;
        writing_ = true;
      } else {
        return;
      }
    }
    if (finish.has_value()) return reactor_->Finish(*finish);
    reactor_->StartWrite(&message_);
  }

  grpc::ServerWriteReactor<v1::LoginChanges>* const reactor_;
  LoginChangeFeed& feed_;
  Executor& executor_;

  absl::Mutex mu_;
  absl::flat_hash_set<std::string> keys_ ABSL_GUARDED_BY(mu_);  // Changed since the last write.
  bool resync_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;  // message_ is on the wire.
  bool kicked_ ABSL_GUARDED_BY(mu_) = false;   // A WriteNext is queued.
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<grpc::Status> stop_ ABSL_GUARDED_BY(mu_);
  v1::LoginChanges message_;  // Only touched by the one writer.
};

class WatchLoginChangesReactor final
    : public SharedStateWriteReactor<v1::LoginChanges, ChangeStream> {
 public:
  WatchLoginChangesReactor(LoginChangeFeed& feed, Executor& executor) {
    state_ = std::make_shared<ChangeStream>(this, feed, executor);
    // At once, not with the first change: the gateway takes the headers to
    // mean "changes are heard from now on" (gateway/login_change_watch.h).
    StartSendInitialMetadata();
    state_->Start();
  }
};

}  // namespace

grpc::ServerWriteReactor<v1::LoginChanges>* StartWatchLoginChanges(LoginChangeFeed& feed,
                                                                   Executor& executor) {
  return new WatchLoginChangesReactor(feed, executor);
}

grpc::ServerWriteReactor<v1::LoginChanges>* RefuseWatchLoginChanges(const grpc::Status& status) {
  return RefuseStream<v1::LoginChanges>(status);
}

}  // namespace tgauth
