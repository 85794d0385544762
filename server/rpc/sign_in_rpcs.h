// The handlers (unary_call.h) of the sign-in methods other than the QR
// login: each converts the request (the device by its origin,
// DeviceFromProto) and runs TelegramSignIn, which blocks on
// PostgreSQL and Redis: run them on the executor. The response is filled
// only when they return OK; errors are TelegramSignIn's.
#ifndef TGAUTH_SERVER_RPC_SIGN_IN_RPCS_H_
#define TGAUTH_SERVER_RPC_SIGN_IN_RPCS_H_

#include "absl/status/status.h"
#include "server/rpc/call_origin.h"
#include "server/signin/telegram_sign_in.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

class SignInRpcs {
 public:
  // `sign_in` must outlive the handler.
  explicit SignInRpcs(TelegramSignIn& sign_in) : sign_in_(sign_in) {}

  // Telegram Login Widget (core.telegram.org/widgets/login).
  absl::Status SignInWithWidget(const CallOrigin& origin,
                                const v1::SignInWithWidgetRequest& request,
                                v1::SignInResponse* response);
  // Telegram Mini App init data (core.telegram.org/bots/webapps).
  absl::Status SignInWithMiniApp(const CallOrigin& origin,
                                 const v1::SignInWithMiniAppRequest& request,
                                 v1::SignInResponse* response);
  // A login link the bot sent, exchanged once.
  absl::Status ExchangeLoginLink(const CallOrigin& origin,
                                 const v1::ExchangeLoginLinkRequest& request,
                                 v1::SignInResponse* response);

  // Whose a login link is, without using it up; unknown links limited per
  // address of `origin` (TelegramSignIn::DescribeLoginLink).
  absl::Status DescribeLoginLink(const CallOrigin& origin,
                                 const v1::DescribeLoginLinkRequest& request,
                                 v1::LoginLinkDescription* response);

 private:
  TelegramSignIn& sign_in_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_SIGN_IN_RPCS_H_
