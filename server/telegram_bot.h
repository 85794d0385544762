// The bot's side of sign-in: turns Telegram webhook updates into login
// confirmations and the bot's replies (Bot API, core.telegram.org/bots/api).
#ifndef TGAUTH_SERVER_TELEGRAM_BOT_H_
#define TGAUTH_SERVER_TELEGRAM_BOT_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/login_broker.h"
#include "storage/update_ledger.h"
#include "tgauth/v1/telegram.pb.h"

namespace tgauth {

struct TelegramBotOptions {
  std::string bot_username;                         // Without '@'; accepts "/start@<bot_username>".
  std::string site_url;                             // Where people without a login link are sent.
  absl::Duration update_lease = absl::Seconds(30);  // One delivery's processing time.
  absl::Duration update_retention = absl::Hours(24);  // Telegram retries for ~24 h.
};

class TelegramBot {
 public:
  TelegramBot(TelegramBotOptions options, LoginBroker& logins, storage::UpdateLedger& ledger)
      : options_(std::move(options)), logins_(logins), ledger_(ledger) {}

  // Handles one update: "/start <login_token>" in a private chat confirms
  // that login; "/start" alone gets a greeting. Returns the reply to send,
  // or nullopt for updates that need none (every other kind of update, bots,
  // groups, and an update_id already processed). UNAVAILABLE/INTERNAL when a
  // store failed: nothing was recorded, so Telegram's redelivery is handled.
  absl::StatusOr<std::optional<v1::TelegramSendMessage>> HandleUpdate(
      const v1::TelegramUpdate& update);

 private:
  // The payload of a /start command addressed to this bot, or nullopt.
  std::optional<std::string> StartPayload(const v1::TelegramMessage& message) const;
  absl::StatusOr<std::string> ReplyToStart(const std::string& payload,
                                           const v1::TelegramUser& from);

  TelegramBotOptions options_;
  LoginBroker& logins_;
  storage::UpdateLedger& ledger_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_TELEGRAM_BOT_H_
