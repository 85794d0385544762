// "New sign-in" notices: a SessionListener, so after any sign-in creates a
// session the bot tells the user where, with a button that ends that session
// at once if it was not them. The button's callback_data is
// "session:end:<session id>" (a UUID, 48 bytes in all), or
// "session:end-listed:<session id>" in a digest (56 bytes; Telegram allows
// 64); only the session's owner can end it with it.
//
// One user's notices are coalesced: the first sign-in is told at once, and
// those in the `digest_window` after it are held and then sent together as
// one digest message (one button per session), so a burst of sign-ins, even
// a hostile one, costs that chat one message per window and cannot flood the
// Bot API queue that every user's notices share.
#ifndef TGAUTH_SERVER_BOT_SIGN_IN_NOTIFIER_H_
#define TGAUTH_SERVER_BOT_SIGN_IN_NOTIFIER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/timer.h"
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

  // At most this many sign-ins are listed, each with its button, in one
  // digest; the message counts the rest.
  static constexpr int kMaxListedInDigest = 10;

  // `site_url` names the site in the notice. An empty `revoke` sends the
  // notices without the button. `digest_window` (> 0) is how long after a
  // notice further sign-ins of that user are held for one digest; held
  // notices go out within 1.1 windows of the notice before them.
  SignInNotifier(std::string site_url, BotApi& bot_api, RevokeSession revoke, const Clock& clock,
                 absl::Duration digest_window = absl::Seconds(30));

  // Sends the session's Telegram user (in their private chat with the bot)
  // "New sign-in to <site> on <device>", how and when, with the button "Not
  // me — end this session"; or holds it for the user's next digest. Never
  // blocks: the call is queued on the BotApi.
  void OnSessionCreated(const CreatedSession& session) override;

  // A press of the button ("end:<session id>" or "end-listed:<session id>"):
  // ends the session if the presser owns it and answers with the outcome; a
  // single notice is also edited to say so (a digest keeps its other
  // buttons). UNAVAILABLE if the session store is unreachable (Telegram
  // retries).
  absl::StatusOr<v1::TelegramBotCall> HandlePress(absl::string_view argument,
                                                  const v1::TelegramCallbackQuery& query) override;

 private:
  // A sign-in as the notice tells it.
  struct HeldSignIn {
    CreatedSession session;
    absl::Time at;
  };
  // Per Telegram user: when their last message went out, and what waits.
  struct Chat {
    absl::Time window_end;
    std::vector<HeldSignIn> held;
  };

  v1::TelegramBotCall Notice(const HeldSignIn& sign_in) const;
  v1::TelegramBotCall Digest(int64_t telegram_id, const std::vector<HeldSignIn>& held) const;
  // Sends the digests whose window ended; forgets quiet chats.
  void SendDueDigests();

  const std::string site_url_;
  BotApi& bot_api_;
  RevokeSession revoke_;
  const Clock& clock_;
  const absl::Duration digest_window_;
  absl::Mutex mu_;
  absl::flat_hash_map<int64_t, Chat> chats_ ABSL_GUARDED_BY(mu_);
  Timer digest_timer_;  // Last: stops before the state it reads goes away.
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_BOT_SIGN_IN_NOTIFIER_H_
