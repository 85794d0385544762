// An in-process tgauth.v1.AuthService that returns canned answers and
// records what it was asked, for driving the gateway without a real server.
#ifndef TGAUTH_TESTS_GATEWAY_FAKE_AUTH_SERVICE_H_
#define TGAUTH_TESTS_GATEWAY_FAKE_AUTH_SERVICE_H_

#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

// One RPC's canned answer and the calls it received. Thread-safe.
template <typename Request, typename Response>
class FakeRpc {
 public:
  struct Call {
    Request request;
    absl::Duration deadline_in;  // How far away the caller's deadline was.
  };

  void Answer(grpc::Status status, Response response = {}) {
    absl::MutexLock lock(&mu_);
    status_ = std::move(status);
    response_ = std::move(response);
  }

  std::vector<Call> calls() const {
    absl::MutexLock lock(&mu_);
    return calls_;
  }

  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const Request* request,
                                  Response* response) {
    absl::MutexLock lock(&mu_);
    calls_.push_back({*request, absl::FromChrono(context->deadline()) - absl::Now()});
    *response = response_;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(status_);
    return reactor;
  }

 private:
  mutable absl::Mutex mu_;
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
  Response response_ ABSL_GUARDED_BY(mu_);
  std::vector<Call> calls_ ABSL_GUARDED_BY(mu_);
};

class FakeAuthService final : public tgauth::v1::AuthService::CallbackService {
 public:
  FakeRpc<tgauth::v1::CreateLoginRequest, tgauth::v1::CreateLoginResponse> create_login;
  FakeRpc<tgauth::v1::AwaitLoginRequest, tgauth::v1::AwaitLoginResponse> await_login;
  FakeRpc<tgauth::v1::HandleTelegramUpdateRequest, tgauth::v1::HandleTelegramUpdateResponse>
      handle_update;
  FakeRpc<tgauth::v1::GetJwksRequest, tgauth::v1::GetJwksResponse> get_jwks;

  grpc::ServerUnaryReactor* CreateLogin(grpc::CallbackServerContext* context,
                                        const tgauth::v1::CreateLoginRequest* request,
                                        tgauth::v1::CreateLoginResponse* response) override {
    return create_login.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* AwaitLogin(grpc::CallbackServerContext* context,
                                       const tgauth::v1::AwaitLoginRequest* request,
                                       tgauth::v1::AwaitLoginResponse* response) override {
    return await_login.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* HandleTelegramUpdate(
      grpc::CallbackServerContext* context, const tgauth::v1::HandleTelegramUpdateRequest* request,
      tgauth::v1::HandleTelegramUpdateResponse* response) override {
    return handle_update.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* GetJwks(grpc::CallbackServerContext* context,
                                    const tgauth::v1::GetJwksRequest* request,
                                    tgauth::v1::GetJwksResponse* response) override {
    return get_jwks.Serve(context, request, response);
  }
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_TESTS_GATEWAY_FAKE_AUTH_SERVICE_H_
