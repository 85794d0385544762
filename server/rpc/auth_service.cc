#include "server/rpc/auth_service.h"

#include "server/rpc/await_login_call.h"
#include "server/rpc/proto_convert.h"
#include "server/rpc/status_util.h"

namespace tgauth {

grpc::ServerUnaryReactor* AuthServiceImpl::CreateLogin(grpc::CallbackServerContext* context,
                                                       const v1::CreateLoginRequest* request,
                                                       v1::CreateLoginResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  deps_.executor.Post([this, request, response, reactor] {
    absl::StatusOr<NewLogin> login = deps_.broker.Create(DeviceFromProto(request->device()));
    absl::Status status = login.status();
    if (status.ok()) status = ToProto(*login, deps_.broker.options().poll_interval, response);
    reactor->Finish(ToGrpcStatus(status));
  });
  return reactor;
}

grpc::ServerUnaryReactor* AuthServiceImpl::AwaitLogin(grpc::CallbackServerContext* context,
                                                      const v1::AwaitLoginRequest* request,
                                                      v1::AwaitLoginResponse* response) {
  return StartAwaitLogin(*request, response, deps_.broker, deps_.waiters, deps_.executor);
}

grpc::ServerUnaryReactor* AuthServiceImpl::HandleTelegramUpdate(
    grpc::CallbackServerContext* context, const v1::HandleTelegramUpdateRequest* request,
    v1::HandleTelegramUpdateResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  deps_.executor.Post([this, request, response, reactor] {
    absl::StatusOr<std::optional<v1::TelegramBotCall>> reply =
        deps_.bot.HandleUpdate(request->update());
    if (reply.ok() && reply->has_value()) *response->mutable_reply() = **std::move(reply);
    reactor->Finish(ToGrpcStatus(reply.status()));
  });
  return reactor;
}

}  // namespace tgauth
