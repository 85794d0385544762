// The QR login's unary handlers (unary_call.h): starting a login, and the
// bot's webhook updates, through which the user confirms it in Telegram.
// Both block on PostgreSQL and Redis: run them on the executor. The long
// poll AwaitLogin is no unary handler: see await_login_call.h.
#ifndef TGAUTH_SERVER_RPC_QR_LOGIN_RPCS_H_
#define TGAUTH_SERVER_RPC_QR_LOGIN_RPCS_H_

#include "absl/status/status.h"
#include "server/bot/telegram_bot.h"
#include "server/oauth/authorization_endpoint.h"
#include "server/qr_login/login_broker.h"
#include "server/rpc/call_origin.h"
#include "server/rpc/caller_auth.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

class QrLoginRpcs {
 public:
  // References must outlive the handler; `authorizations` names the app
  // of a login made to grant an OAuth authorization request.
  QrLoginRpcs(LoginBroker& broker, TelegramBot& bot, AuthorizationEndpoint& authorizations)
      : broker_(broker), bot_(bot), authorizations_(authorizations) {}

  // A new login and its QR, for the device of `origin`
  // (DeviceFromProto). With `request.authorization`, the login is for that
  // request's app, which the bot names; INVALID_ARGUMENT and NOT_FOUND then
  // as AuthorizationEndpoint::Describe. Then the statuses of
  // LoginBroker::Create, or INTERNAL if the QR cannot be rendered.
  absl::Status CreateLogin(const CallOrigin& origin, const v1::CreateLoginRequest& request,
                           v1::CreateLoginResponse* response);
  // One Bot API update (core.telegram.org/bots/api#update) that came with
  // the webhook secret; `reply` is set when a call is due. The statuses of
  // TelegramBot::HandleUpdate.
  absl::Status HandleTelegramUpdate(const TelegramWebhook& telegram,
                                    const v1::HandleTelegramUpdateRequest& request,
                                    v1::HandleTelegramUpdateResponse* response);

 private:
  LoginBroker& broker_;
  TelegramBot& bot_;
  AuthorizationEndpoint& authorizations_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_QR_LOGIN_RPCS_H_
