// AuthServiceImpl's sign-in methods other than the QR login: each converts
// the request, runs TelegramSignIn on the executor (it blocks on PostgreSQL
// and Redis) and finishes the reactor.
#include "server/rpc/auth_service.h"
#include "server/rpc/proto_convert.h"
#include "server/rpc/unary_reactors.h"

namespace tgauth {
namespace {

// Runs `sign_in` on the executor and finishes `reactor` with its outcome.
template <typename SignInFn>
grpc::ServerUnaryReactor* RunSignIn(grpc::CallbackServerContext* context, Executor& executor,
                                    v1::SignInResponse* response, SignInFn sign_in) {
  return OnExecutor(context, executor, [response, sign_in = std::move(sign_in)]() mutable {
    absl::StatusOr<SignIn> signed_in = sign_in();
    if (signed_in.ok()) ToProto(*signed_in, response);
    return signed_in.status();
  });
}

}  // namespace

grpc::ServerUnaryReactor* AuthServiceImpl::SignInWithWidget(
    grpc::CallbackServerContext* context, const v1::SignInWithWidgetRequest* request,
    v1::SignInResponse* response) {
  return RunSignIn(context, deps_.executor, response, [this, request] {
    return deps_.sign_in.WithWidget(FieldsFromProto(*request), DeviceFromProto(request->device()));
  });
}

grpc::ServerUnaryReactor* AuthServiceImpl::SignInWithMiniApp(
    grpc::CallbackServerContext* context, const v1::SignInWithMiniAppRequest* request,
    v1::SignInResponse* response) {
  return RunSignIn(context, deps_.executor, response, [this, request] {
    return deps_.sign_in.WithMiniApp(request->init_data(), DeviceFromProto(request->device()));
  });
}

grpc::ServerUnaryReactor* AuthServiceImpl::ExchangeLoginLink(
    grpc::CallbackServerContext* context, const v1::ExchangeLoginLinkRequest* request,
    v1::SignInResponse* response) {
  return RunSignIn(context, deps_.executor, response, [this, request] {
    return deps_.sign_in.WithLoginLink(request->token(), DeviceFromProto(request->device()));
  });
}

}  // namespace tgauth
