// The server's side of AuthService.WatchLoginChanges for gateway tests:
// refused as UNIMPLEMENTED (an older server) until Enable() and after
// Disable(); while enabled, each stream sends its headers at once, and the
// test pushes changes to every open stream or ends them all. Thread-safe.
#ifndef TGAUTH_TESTS_GATEWAY_FAKE_LOGIN_CHANGES_H_
#define TGAUTH_TESTS_GATEWAY_FAKE_LOGIN_CHANGES_H_

#include <grpcpp/grpcpp.h>

#include <deque>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

class FakeLoginChanges {
 public:
  void Enable() {
    absl::MutexLock lock(&mu_);
    enabled_ = true;
  }

  // Refuses the streams opened from now on; those open stay open.
  void Disable() {
    absl::MutexLock lock(&mu_);
    enabled_ = false;
  }

  // Sends `changes` on every open stream. Not while the gateway goes away.
  void Push(const tgauth::v1::LoginChanges& changes) {
    std::vector<Stream*> idle;
    {
      absl::MutexLock lock(&mu_);
      for (Stream* stream : streams_) {
        if (stream->Queue(changes)) idle.push_back(stream);
      }
    }
    // Outside the lock: gRPC may run a reaction, which takes it, inline.
    for (Stream* stream : idle) stream->WriteFront();
  }

  // Ends every open stream with `status`. Not while the gateway goes away.
  void EndAll(const grpc::Status& status) {
    absl::flat_hash_set<Stream*> ending;
    {
      absl::MutexLock lock(&mu_);
      ending.swap(streams_);
    }
    for (Stream* stream : ending) stream->Finish(status);
  }

  // Until `count` streams are open; false after `timeout`.
  bool AwaitOpen(size_t count, absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    auto open = [this, count] { return streams_.size() >= count; };
    return mu_.AwaitWithTimeout(absl::Condition(&open), timeout);
  }

  grpc::ServerWriteReactor<tgauth::v1::LoginChanges>* Serve() {
    absl::MutexLock lock(&mu_);
    return new Stream(*this, enabled_);
  }

 private:
  class Stream final : public grpc::ServerWriteReactor<tgauth::v1::LoginChanges> {
   public:
    Stream(FakeLoginChanges& owner, bool enabled) : owner_(owner) {
      if (!enabled) {
        Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not in this server"));
        return;
      }
      owner_.streams_.insert(this);
      StartSendInitialMetadata();
    }
    // Under the owner's lock: true if no write is outstanding, so the
    // caller starts one (WriteFront) once it has released the lock.
    bool Queue(const tgauth::v1::LoginChanges& changes) {
      queue_.push_back(changes);
      return queue_.size() == 1;
    }
    void WriteFront() {
      const tgauth::v1::LoginChanges* front = nullptr;
      {
        absl::MutexLock lock(&owner_.mu_);
        front = &queue_.front();  // A deque keeps its elements in place.
      }
      StartWrite(front);
    }
    void OnWriteDone(bool ok) override {
      bool more = false;
      {
        absl::MutexLock lock(&owner_.mu_);
        if (!ok || queue_.empty()) return;
        queue_.pop_front();
        more = !queue_.empty();
      }
      if (more) WriteFront();
    }
    void OnCancel() override {
      bool open = false;
      {
        absl::MutexLock lock(&owner_.mu_);
        open = owner_.streams_.erase(this) > 0;
      }
      if (open) Finish(grpc::Status::CANCELLED);
    }
    void OnDone() override {
      {
        absl::MutexLock lock(&owner_.mu_);
        owner_.streams_.erase(this);
      }
      delete this;
    }

   private:
    FakeLoginChanges& owner_;
    std::deque<tgauth::v1::LoginChanges> queue_;  // Under the owner's lock.
  };

  absl::Mutex mu_;
  bool enabled_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_set<Stream*> streams_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_TESTS_GATEWAY_FAKE_LOGIN_CHANGES_H_
