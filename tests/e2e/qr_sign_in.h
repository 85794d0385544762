// Signing a Telegram user in end to end through the QR flow, as the browser
// and the phone would: CreateLogin on the gateway, the START update on the
// webhook, then the redeeming AwaitLogin.
#ifndef TGAUTH_TESTS_E2E_QR_SIGN_IN_H_
#define TGAUTH_TESTS_E2E_QR_SIGN_IN_H_

#include <google/protobuf/struct.pb.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/fixtures/telegram_update_json.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth::e2e {

// A Telegram user with a random id, so tests sharing a database never meet.
fixtures::TelegramUserFixture NewTelegramUser();

// The whole sign-in of `user` from a browser sending `user_agent`; the
// redeemed login (state CONFIRMED, the user and the new session). INTERNAL
// with the HTTP status and body if a step fails.
absl::StatusOr<v1::AwaitLoginResponse> SignInWithQr(TgauthCluster& cluster,
                                                    const fixtures::TelegramUserFixture& user,
                                                    absl::string_view user_agent);

// The callback_data of the button labelled `label` (e.g. "Confirm") in the
// inline keyboard of a bot reply (its reply_markup, Bot API
// InlineKeyboardMarkup); empty if the reply has no such button.
std::string ButtonData(const google::protobuf::Struct& reply, absl::string_view label);

}  // namespace tgauth::e2e

#endif  // TGAUTH_TESTS_E2E_QR_SIGN_IN_H_
