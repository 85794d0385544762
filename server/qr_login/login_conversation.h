// The bot's side of a QR login: the reply to "/start <login_token>" and the
// presses of the confirmation request's buttons.
//
// With the confirmation step the reply asks "Sign in to <site>?" and shows
// the browser and OS (from its user agent), its IP address and the time in
// the browser's time zone, with Confirm / Deny buttons, or, with match
// codes, the three codes to pick from and Deny. Every press is answered
// (answerCallbackQuery, as the webhook reply); a press that decided the
// login also edits the request to its outcome, through the BotApi.
//
// callback_data is "login:<choice>:<login key>", where <choice> is "ok",
// "no" or a match code, and <login key> the login's storage key (SHA-256 of
// the login token) in base64url: 43 characters, 52 bytes in all. It names
// the login without carrying the login token, and it grants nothing: only
// the Telegram user who scanned the login can answer it (LoginBroker::Answer).
#ifndef TGAUTH_SERVER_QR_LOGIN_LOGIN_CONVERSATION_H_
#define TGAUTH_SERVER_QR_LOGIN_LOGIN_CONVERSATION_H_

#include <string>

#include "absl/strings/string_view.h"
#include "server/bot/bot_api.h"
#include "server/bot/bot_callback.h"
#include "server/bot/bot_command.h"
#include "server/bot/bot_text.h"
#include "server/qr_login/login_broker.h"

namespace tgauth {

class LoginConversation final : public BotCommand, public BotCallback {
 public:
  // The callback_data prefix of the confirmation request's buttons.
  static constexpr absl::string_view kCallbackPrefix = "login";

  // `site_url` names the site in the bot's messages; `bot_api` carries the
  // edits (a NoBotApi leaves the request as it was; the press is still
  // answered).
  LoginConversation(std::string site_url, LoginBroker& logins, BotApi& bot_api)
      : site_url_(std::move(site_url)), logins_(logins), bot_api_(bot_api) {}

  // "/start <login_token>" (registered as the bot's catch-all start
  // payload): the confirmation request, or with the confirmation step off,
  // "you signed in". An expired, used or bogus token gets a message saying
  // so. UNAVAILABLE if a store failed.
  absl::StatusOr<v1::TelegramBotCall> Handle(absl::string_view login_token,
                                             const v1::TelegramMessage& message) override;

  // A press of Confirm, Deny or a match code ("<choice>:<login key>"):
  // answers every press; see LoginBroker::Answer for what counts.
  absl::StatusOr<v1::TelegramBotCall> HandlePress(absl::string_view argument,
                                                  const v1::TelegramCallbackQuery& query) override;

 private:
  v1::TelegramBotCall ConfirmationRequest(const BotText& say, const storage::PendingLogin& login,
                                          const std::string& login_key);
  // Where `login` signs in to, as the bot names it (SiteOrApp).
  std::string Destination(const BotText& say, const storage::PendingLogin& login) const {
    return SiteOrApp(say, site_url_, login.app_name);
  }
  // Replaces the request's text and buttons with what the press decided.
  void EditToOutcome(const BotText& say, const v1::TelegramCallbackQuery& query, const AnsweredLogin& answered,
                     const LoginAnswer& answer);

  const std::string site_url_;
  LoginBroker& logins_;
  BotApi& bot_api_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_QR_LOGIN_LOGIN_CONVERSATION_H_
