#include "server/rpc/sign_in_rpcs.h"

#include "server/rpc/proto_convert.h"

namespace tgauth {
namespace {

absl::Status Respond(const absl::StatusOr<SignIn>& signed_in, v1::SignInResponse* response) {
  if (signed_in.ok()) ToProto(*signed_in, response);
  return signed_in.status();
}

}  // namespace

absl::Status SignInRpcs::SignInWithWidget(const CallOrigin& origin,
                                          const v1::SignInWithWidgetRequest& request,
                                          v1::SignInResponse* response) {
  return Respond(
      sign_in_.WithWidget(FieldsFromProto(request), DeviceFromProto(request.device(), origin)),
      response);
}

absl::Status SignInRpcs::SignInWithMiniApp(const CallOrigin& origin,
                                           const v1::SignInWithMiniAppRequest& request,
                                           v1::SignInResponse* response) {
  return Respond(
      sign_in_.WithMiniApp(request.init_data(), DeviceFromProto(request.device(), origin)),
      response);
}

absl::Status SignInRpcs::ExchangeLoginLink(const CallOrigin& origin,
                                           const v1::ExchangeLoginLinkRequest& request,
                                           v1::SignInResponse* response) {
  return Respond(sign_in_.WithLoginLink(request.token(), DeviceFromProto(request.device(), origin)),
                 response);
}

absl::Status SignInRpcs::DescribeLoginLink(const CallOrigin& origin,
                                           const v1::DescribeLoginLinkRequest& request,
                                           v1::LoginLinkDescription* response) {
  absl::StatusOr<storage::LoginLink> link = sign_in_.DescribeLoginLink(
      request.token(), DeviceFromProto(request.device(), origin).ip_address);
  if (!link.ok()) return link.status();
  ToProto(*link, response);
  return absl::OkStatus();
}

}  // namespace tgauth
