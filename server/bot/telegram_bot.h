// The bot's front door: routes Telegram webhook updates (Bot API,
// core.telegram.org/bots/api) to the handlers registered for them, and makes
// each update take effect once however often Telegram redelivers it.
//
//   "/start"                     a greeting that points to the site
//   "/start <prefix><argument>"  the BotCommand of the longest matching
//                                prefix ("" catches the QR login tokens)
//   "/<name> <argument>"         the BotCommand registered as `name`
//   a button press               the BotCallback of the callback_data's
//                                "<prefix>:" (unknown ones are answered)
//
// Commands count only in private chats from human users; "/<name>@<bot>"
// counts when <bot> is this bot. Everything else is acknowledged and ignored.
//
// The reply travels in the webhook's HTTP response (Telegram's "making
// requests when getting updates"), so Telegram redelivers an update only
// when that reply never reached it. The ledger keeps each reply with the
// update's "processed" mark, and a redelivery gets it again, except replies
// that carry a secret (BotCommand::RepliesCarrySecrets), which are issued
// afresh instead of kept.
#ifndef TGAUTH_SERVER_BOT_TELEGRAM_BOT_H_
#define TGAUTH_SERVER_BOT_TELEGRAM_BOT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/bot/bot_callback.h"
#include "server/bot/bot_command.h"
#include "server/bot/update_listener.h"
#include "server/session/blocked_accounts.h"
#include "storage/update_ledger.h"
#include "tgauth/v1/telegram.pb.h"

namespace tgauth {

struct TelegramBotOptions {
  std::string bot_username;  // Without '@'; accepts "/start@<bot_username>".
  std::string site_url;      // Where people without a login link are sent.
  // How long a delivery's claim outlives the process that holds it (a crash
  // mid-update delays the redelivery by at most this); renewed every third
  // of it while the update is being processed, so longer work keeps it.
  absl::Duration update_lease = absl::Seconds(5);
  absl::Duration update_retention = absl::Hours(24);  // Telegram retries for ~24 h.
};

class TelegramBot {
 public:
  // `ledger` and `clock` (which renews claims) must outlive the bot.
  TelegramBot(TelegramBotOptions options, storage::UpdateLedger& ledger, const Clock& clock)
      : options_(std::move(options)), ledger_(ledger), clock_(clock) {}

  // Register handlers before the first update; each must outlive the bot.
  // Routes "/<name> <argument>" to `handler`. `name`: lowercase, without
  // '/', not "start"; matched regardless of the case the user typed.
  void AddCommand(std::string name, BotCommand& handler);
  // Routes "/start <prefix><argument>" to `handler` (Telegram's start
  // parameter: A-Z a-z 0-9 _ -). The longest matching prefix wins; "" takes
  // every payload no other prefix matches.
  void AddStartPayload(std::string prefix, BotCommand& handler);
  // Routes presses of buttons whose callback_data is "<prefix>:<argument>".
  void AddCallback(std::string prefix, BotCallback& handler);

  // Handles one update; returns the Bot API call to send as the webhook
  // reply, or nullopt when none is due (updates nobody handles). An
  // update_id already processed is not processed again: it gets the reply
  // kept from its first delivery (nullopt if none was kept), or a fresh one
  // from a command whose replies carry secrets. INVALID_ARGUMENT, before anything else,
  // for an update without a positive update_id. UNAVAILABLE/INTERNAL when a handler's
  // store failed, or while another delivery of the same update is still
  // being processed: nothing was recorded, so Telegram's redelivery is
  // handled.
  absl::StatusOr<std::optional<v1::TelegramBotCall>> HandleUpdate(const v1::TelegramUpdate& update);

  // From now on, a command (other than a bare "/start") or a button press
  // from a Telegram account that `blocked` holds is answered with
  // BotText::account_blocked instead of reaching its handler; the check
  // reads no store. `blocked` must outlive the bot. Call before the first
  // update.
  void RefuseBlockedUsers(const BlockedAccounts& blocked) { blocked_ = &blocked; }

  // Registers `listener` (which must outlive the bot) to hear of every
  // update. Register before the first update.
  void AddListener(UpdateListener& listener) { listeners_.push_back(&listener); }

 private:
  using Reply = absl::AnyInvocable<absl::StatusOr<v1::TelegramBotCall>()>;
  // What answers an update.
  struct Route {
    Reply reply;
    // False when the reply carries a secret: it is not kept, and a
    // redelivery runs `reply` again.
    bool keep_reply = true;
  };

  // HandleUpdate() without the listeners; sets `outcome`.
  absl::StatusOr<std::optional<v1::TelegramBotCall>> Dispatch(const v1::TelegramUpdate& update,
                                                              UpdateOutcome& outcome);
  // What answers `message`, or nullopt if it is not a command for us.
  std::optional<Route> RouteMessage(const v1::TelegramMessage& message);
  // What answers a button press.
  std::optional<Route> RouteCallback(const v1::TelegramCallbackQuery& query);
  // The refusal to send `from` if their account is blocked; nullopt if not,
  // or if no BlockedAccounts was given (the sign-in refuses a blocked user
  // anyway).
  std::optional<std::string> RefusalFor(const v1::TelegramUser& from) const;
  // Runs `reply` while renewing the claim on `update_id`.
  absl::StatusOr<v1::TelegramBotCall> RunRenewingClaim(int64_t update_id, Reply& reply);
  // Runs the route's reply unless `update_id` was processed, and records it
  // with the reply to keep; sets `outcome`.
  absl::StatusOr<std::optional<v1::TelegramBotCall>> ProcessOnce(int64_t update_id, Route route,
                                                                  UpdateOutcome& outcome);
  // The answer to a redelivery of a processed update: the reply `kept`
  // from its first delivery, or a fresh one when the route keeps none.
  absl::StatusOr<std::optional<v1::TelegramBotCall>> AnswerAgain(absl::string_view kept,
                                                                 Route& route);

  TelegramBotOptions options_;
  storage::UpdateLedger& ledger_;
  const Clock& clock_;
  absl::flat_hash_map<std::string, BotCommand*> commands_;
  std::vector<std::pair<std::string, BotCommand*>> start_payloads_;  // Longest prefix first.
  absl::flat_hash_map<std::string, BotCallback*> callbacks_;
  std::vector<UpdateListener*> listeners_;
  const BlockedAccounts* blocked_ = nullptr;  // Null: nobody is refused.
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_BOT_TELEGRAM_BOT_H_
