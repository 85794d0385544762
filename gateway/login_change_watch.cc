#include "gateway/login_change_watch.h"

#include <grpcpp/client_context.h>
#include <grpcpp/support/client_callback.h>

#include <utility>

namespace tgauth::gateway {

class LoginChangeWatch::Stream final : public grpc::ClientReadReactor<tgauth::v1::LoginChanges> {
 public:
  explicit Stream(LoginChangeWatch& watch) : watch_(watch) {}

  void Begin() {
    watch_.stub_.async()->WatchLoginChanges(&context_, &request_, this);
    StartRead(&changes_);
    StartCall();
  }

  void Cancel() { context_.TryCancel(); }

  // The server sends its headers as the stream opens, before any change.
  void OnReadInitialMetadataDone(bool ok) override {
    if (!ok) return;
    opened_ = true;
    watch_.Opened();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // OnDone follows.
    for (const std::string& key : changes_.login_keys()) watch_.waiters_.Notify(key);
    if (changes_.resync()) watch_.waiters_.Notify("");
    StartRead(&changes_);
  }

  void OnDone(const grpc::Status& /*status*/) override {
    LoginChangeWatch& watch = watch_;
    const bool opened = opened_;
    watch.Forget(this);
    // Before Ended: the context holds the channel, which the watch's owner
    // may release as soon as Ended lets Stop return.
    delete this;
    watch.Ended(opened);
  }

 private:
  LoginChangeWatch& watch_;
  grpc::ClientContext context_;
  tgauth::v1::WatchLoginChangesRequest request_;
  tgauth::v1::LoginChanges changes_;
  bool opened_ = false;  // Only touched by gRPC's reactions, one at a time.
};

LoginChangeWatch::LoginChangeWatch(tgauth::v1::AuthService::StubInterface& stub,
                                   LoginWaitList& waiters, const Clock& clock)
    : stub_(stub), waiters_(waiters), clock_(clock) {}

LoginChangeWatch::~LoginChangeWatch() { Stop(); }

void LoginChangeWatch::Stop() {
  Timer reconnect;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    reconnect = std::move(reconnect_);
    if (stream_ != nullptr) stream_->Cancel();
  }
  reconnect.Cancel();  // Outside the lock: a running Connect takes it.
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(+[](int* live) { return *live == 0; }, &live_streams_));
}

void LoginChangeWatch::Start() { Connect(); }

void LoginChangeWatch::Connect() {
  Stream* stream = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    stream = stream_ = new Stream(*this);
    ++live_streams_;
  }
  stream->Begin();
}

void LoginChangeWatch::Opened() {
  {
    absl::MutexLock lock(&mu_);
    failures_ = 0;
  }
  connected_ = true;
  // Logins may have changed while the stream was down: all re-check.
  waiters_.Notify("");
}

void LoginChangeWatch::Forget(Stream* stream) {
  absl::MutexLock lock(&mu_);
  if (stream_ == stream) stream_ = nullptr;
}

void LoginChangeWatch::Ended(bool opened) {
  connected_ = false;
  Timer ran;
  bool stopping = false;
  {
    absl::MutexLock lock(&mu_);
    stopping = stopping_;
  }
  // Changes from now on go unheard: polls parked here move to the server.
  if (opened && !stopping) waiters_.Notify("");
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      ran = std::move(reconnect_);
      reconnect_ = clock_.RunAfter(kLoginWatchBackoff.After(++failures_, random_),
                                   [this] { Connect(); });
    }
  }
  ran.Cancel();  // Outside the lock: it may still be returning from Connect.
  absl::MutexLock lock(&mu_);
  --live_streams_;  // Last: Stop waits for it.
}

}  // namespace tgauth::gateway
