#include "server/rpc/qr_login_rpcs.h"

#include <optional>
#include <string>
#include <utility>

#include "server/rpc/proto_convert.h"

namespace tgauth {

absl::Status QrLoginRpcs::CreateLogin(const CallOrigin& origin,
                                      const v1::CreateLoginRequest& request,
                                      v1::CreateLoginResponse* response) {
  std::string app_name;
  if (!request.authorization().empty()) {
    absl::StatusOr<AuthorizationSummary> authorization =
        authorizations_.Describe(request.authorization());
    if (!authorization.ok()) return authorization.status();
    app_name = std::move(authorization->client_name);
  }
  absl::StatusOr<NewLogin> login =
      broker_.Create(DeviceFromProto(request.device(), origin), app_name);
  if (!login.ok()) return login.status();
  return ToProto(*login, broker_.options().poll_interval, response);
}

absl::Status QrLoginRpcs::HandleTelegramUpdate(const TelegramWebhook& /*telegram*/,
                                               const v1::HandleTelegramUpdateRequest& request,
                                               v1::HandleTelegramUpdateResponse* response) {
  absl::StatusOr<std::optional<v1::TelegramBotCall>> reply = bot_.HandleUpdate(request.update());
  if (reply.ok() && reply->has_value()) *response->mutable_reply() = **std::move(reply);
  return reply.status();
}

}  // namespace tgauth
