// An in-process tgauth.v1.AuthService that returns canned answers and
// records what it was asked, for driving the gateway without a real server.
#ifndef TGAUTH_TESTS_GATEWAY_FAKE_AUTH_SERVICE_H_
#define TGAUTH_TESTS_GATEWAY_FAKE_AUTH_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <deque>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/gateway/fake_login_changes.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

// One RPC's canned answers and the calls it received. Thread-safe.
template <typename Request, typename Response>
class FakeRpc {
 public:
  struct Call {
    Request request;
    absl::Duration deadline_in;                   // How far away the caller's deadline was.
    std::string authorization;                    // The `authorization` metadata, "" if none.
    std::map<std::string, std::string> metadata;  // All the client's metadata, by key.
  };

  // Every call gets this answer (after any AnswerNext ones).
  void Answer(grpc::Status status, Response response = {}) {
    absl::MutexLock lock(&mu_);
    status_ = std::move(status);
    response_ = std::move(response);
  }

  // One call gets this answer: the first not yet answered by an earlier
  // AnswerNext; the calls after those get Answer's.
  void AnswerNext(grpc::Status status, Response response = {}) {
    absl::MutexLock lock(&mu_);
    next_.emplace_back(std::move(status), std::move(response));
  }

  std::vector<Call> calls() const {
    absl::MutexLock lock(&mu_);
    return calls_;
  }

  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const Request* request,
                                  Response* response) {
    absl::MutexLock lock(&mu_);
    std::string authorization;
    auto it = context->client_metadata().find("authorization");
    if (it != context->client_metadata().end()) {
      authorization.assign(it->second.data(), it->second.size());
    }
    std::map<std::string, std::string> metadata;
    for (const auto& [key, value] : context->client_metadata()) {
      metadata.emplace(std::string(key.data(), key.size()),
                       std::string(value.data(), value.size()));
    }
    calls_.push_back({*request, absl::FromChrono(context->deadline()) - absl::Now(),
                      std::move(authorization), std::move(metadata)});
    grpc::Status status = status_;
    *response = response_;
    if (!next_.empty()) {
      std::tie(status, *response) = std::move(next_.front());
      next_.pop_front();
    }
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(status);
    return reactor;
  }

 private:
  mutable absl::Mutex mu_;
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
  Response response_ ABSL_GUARDED_BY(mu_);
  std::deque<std::pair<grpc::Status, Response>> next_ ABSL_GUARDED_BY(mu_);
  std::vector<Call> calls_ ABSL_GUARDED_BY(mu_);
};

// Every AuthService RPC the gateway calls, each a FakeRpc named after it
// (WatchLoginChanges: FakeLoginChanges). Unconfigured RPCs answer OK with
// an empty response.
class FakeAuthService final : public tgauth::v1::AuthService::CallbackService {
 public:
  FakeRpc<tgauth::v1::CreateLoginRequest, tgauth::v1::CreateLoginResponse> create_login;
  FakeRpc<tgauth::v1::AwaitLoginRequest, tgauth::v1::AwaitLoginResponse> await_login;
  FakeRpc<tgauth::v1::HandleTelegramUpdateRequest, tgauth::v1::HandleTelegramUpdateResponse>
      handle_update;
  FakeRpc<tgauth::v1::GetJwksRequest, tgauth::v1::GetJwksResponse> get_jwks;
  FakeRpc<tgauth::v1::GetOpenIdConfigurationRequest, tgauth::v1::OpenIdConfiguration>
      get_openid_configuration;
  FakeRpc<tgauth::v1::RefreshSessionRequest, tgauth::v1::RefreshSessionResponse> refresh_session;
  FakeRpc<tgauth::v1::RevokeSessionRequest, tgauth::v1::RevokeSessionResponse> revoke_session;
  FakeRpc<tgauth::v1::ListSessionsRequest, tgauth::v1::ListSessionsResponse> list_sessions;
  FakeRpc<tgauth::v1::RevokeOtherSessionsRequest, tgauth::v1::RevokeOtherSessionsResponse>
      revoke_other_sessions;
  FakeRpc<tgauth::v1::GetMeRequest, tgauth::v1::GetMeResponse> get_me;
  FakeRpc<tgauth::v1::SignInWithWidgetRequest, tgauth::v1::SignInResponse> sign_in_with_widget;
  FakeRpc<tgauth::v1::SignInWithMiniAppRequest, tgauth::v1::SignInResponse> sign_in_with_mini_app;
  FakeRpc<tgauth::v1::ExchangeLoginLinkRequest, tgauth::v1::SignInResponse> exchange_login_link;
  FakeRpc<tgauth::v1::DescribeLoginLinkRequest, tgauth::v1::LoginLinkDescription>
      describe_login_link;

  FakeLoginChanges login_changes;

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
  grpc::ServerWriteReactor<tgauth::v1::LoginChanges>* WatchLoginChanges(
      grpc::CallbackServerContext* /*context*/,
      const tgauth::v1::WatchLoginChangesRequest* /*request*/) override {
    return login_changes.Serve();
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
  grpc::ServerUnaryReactor* GetOpenIdConfiguration(
      grpc::CallbackServerContext* context,
      const tgauth::v1::GetOpenIdConfigurationRequest* request,
      tgauth::v1::OpenIdConfiguration* response) override {
    return get_openid_configuration.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* RefreshSession(grpc::CallbackServerContext* context,
                                           const tgauth::v1::RefreshSessionRequest* request,
                                           tgauth::v1::RefreshSessionResponse* response) override {
    return refresh_session.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* RevokeSession(grpc::CallbackServerContext* context,
                                          const tgauth::v1::RevokeSessionRequest* request,
                                          tgauth::v1::RevokeSessionResponse* response) override {
    return revoke_session.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* ListSessions(grpc::CallbackServerContext* context,
                                         const tgauth::v1::ListSessionsRequest* request,
                                         tgauth::v1::ListSessionsResponse* response) override {
    return list_sessions.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* RevokeOtherSessions(
      grpc::CallbackServerContext* context, const tgauth::v1::RevokeOtherSessionsRequest* request,
      tgauth::v1::RevokeOtherSessionsResponse* response) override {
    return revoke_other_sessions.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* GetMe(grpc::CallbackServerContext* context,
                                  const tgauth::v1::GetMeRequest* request,
                                  tgauth::v1::GetMeResponse* response) override {
    return get_me.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* SignInWithWidget(grpc::CallbackServerContext* context,
                                             const tgauth::v1::SignInWithWidgetRequest* request,
                                             tgauth::v1::SignInResponse* response) override {
    return sign_in_with_widget.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* SignInWithMiniApp(grpc::CallbackServerContext* context,
                                              const tgauth::v1::SignInWithMiniAppRequest* request,
                                              tgauth::v1::SignInResponse* response) override {
    return sign_in_with_mini_app.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* ExchangeLoginLink(grpc::CallbackServerContext* context,
                                              const tgauth::v1::ExchangeLoginLinkRequest* request,
                                              tgauth::v1::SignInResponse* response) override {
    return exchange_login_link.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* DescribeLoginLink(grpc::CallbackServerContext* context,
                                              const tgauth::v1::DescribeLoginLinkRequest* request,
                                              tgauth::v1::LoginLinkDescription* response) override {
    return describe_login_link.Serve(context, request, response);
  }
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_TESTS_GATEWAY_FAKE_AUTH_SERVICE_H_
