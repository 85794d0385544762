// "New sign-in" notices: a SessionListener, so after any sign-in creates a
// session the bot tells the user where, with a button that ends that session at once if it was
// not them. The button's callback_data is "session:end:<session id>" (a
// UUID, 48 bytes in all); only the session's owner can end it with it.
#ifndef TGAUTH_SERVER_BOT_SIGN_IN_NOTIFIER_H_
#define TGAUTH_SERVER_BOT_SIGN_IN_NOTIFIER_H_

#include <cstdint>
#include <string>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/clock.h"
#include "server/bot/bot_api.h"
#include "server/bot/bot_callback.h"
#include "server/session/session_listener.h"
#include "server/session/session_manager.h"
#include "server/session/user_directory.h"
#include "storage/device_info.h"

namespace tgauth {

class SignInNotifier final : public BotCallback, public SessionListener {
 public:
  // The callback_data prefix of the notice's button.
  static constexpr absl::string_view kCallbackPrefix = "session";

  // Ends session `session_id` if the Telegram user `telegram_id` owns it.
  // OK once it is ended (also if it already was); PERMISSION_DENIED or
  // NOT_FOUND if it is not theirs; UNAVAILABLE if a store is unreachable.
  using RevokeSession =
      absl::AnyInvocable<absl::Status(int64_t telegram_id, const std::string& session_id)>;

  // The button's action: RevokeOwn for the user Telegram knows as the
  // presser, found in `users`; NOT_FOUND "no such session" if there is no
  // such user. Both must outlive the returned function.
  static RevokeSession RevokeAsTelegramUser(UserDirectory& users, SessionManager& sessions);

  // `site_url` names the site in the notice. An empty `revoke` sends the
  // notices without the button.
  SignInNotifier(std::string site_url, BotApi& bot_api, RevokeSession revoke, const Clock& clock)
      : site_url_(std::move(site_url)),
        bot_api_(bot_api),
        revoke_(std::move(revoke)),
        clock_(clock) {}

  // Sends the session's Telegram user (in their private chat with the bot)
  // "New sign-in to <site> on <device>", how and when, with the button "Not
  // me — end this session". Never blocks: the call is queued on the BotApi.
  void OnSessionCreated(const CreatedSession& session) override;

  // A press of the button ("end:<session id>"): ends the session if the
  // presser owns it, answers with the outcome and edits the notice to say
  // so. UNAVAILABLE if the session store is unreachable (Telegram retries).
  absl::StatusOr<v1::TelegramBotCall> HandlePress(absl::string_view argument,
                                                  const v1::TelegramCallbackQuery& query) override;

 private:
  const std::string site_url_;
  BotApi& bot_api_;
  RevokeSession revoke_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_BOT_SIGN_IN_NOTIFIER_H_
