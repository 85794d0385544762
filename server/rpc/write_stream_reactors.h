// The reactors tgauth's server-streaming calls share: one for a call
// refused before it starts, and one that hands gRPC's reactions to the
// call's shared state.
#ifndef TGAUTH_SERVER_RPC_WRITE_STREAM_REACTORS_H_
#define TGAUTH_SERVER_RPC_WRITE_STREAM_REACTORS_H_

#include <grpcpp/grpcpp.h>

#include <memory>

namespace tgauth {

// A stream refused before it starts (the caller failed authentication, or
// asked for what does not exist): a reactor that only finishes with
// `status`, and deletes itself once gRPC is done with it.
template <typename Message>
grpc::ServerWriteReactor<Message>* RefuseStream(const grpc::Status& status) {
  class Refused final : public grpc::ServerWriteReactor<Message> {
   public:
    explicit Refused(const grpc::Status& status) { this->Finish(status); }
    void OnDone() override { delete this; }
  };
  return new Refused(status);
}

// A stream's reactor whose state (`State`, shared with the executor's
// tasks and the feeds that wake it, so it may outlive the reactor) does the
// work: State::WriteDone(bool ok) after each write, Stop(status) when the
// client goes away, Done() once gRPC is done with the reactor, which then
// deletes itself. The subclass's constructor makes the state.
template <typename Message, typename State>
class SharedStateWriteReactor : public grpc::ServerWriteReactor<Message> {
 public:
  void OnWriteDone(bool ok) override { state_->WriteDone(ok); }
  void OnCancel() override { state_->Stop(grpc::Status::CANCELLED); }
  void OnDone() override {
    state_->Done();
    delete this;
  }

 protected:
  std::shared_ptr<State> state_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_WRITE_STREAM_REACTORS_H_
