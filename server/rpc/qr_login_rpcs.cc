#include "server/rpc/qr_login_rpcs.h"

#include <optional>
#include <utility>

#include "server/rpc/proto_convert.h"

namespace tgauth {

absl::Status QrLoginRpcs::CreateLogin(const CallOrigin& origin,
                                      const v1::CreateLoginRequest& request,
                                      v1::CreateLoginResponse* response) {
  absl::StatusOr<NewLogin> login = broker_.Create(DeviceFromProto(request.device(), origin));
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
