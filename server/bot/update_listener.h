// What the bot (telegram_bot.h) reports about each webhook update it was
// handed, so metrics need no code in its dispatch.
#ifndef TGAUTH_SERVER_BOT_UPDATE_LISTENER_H_
#define TGAUTH_SERVER_BOT_UPDATE_LISTENER_H_

namespace tgauth {

// Which part of the Update (core.telegram.org/bots/api#update) it carries.
enum class UpdateKind { kMessage, kCallbackQuery, kOther };

enum class UpdateOutcome {
  kHandled,    // A handler ran and its reply is due.
  kIgnored,    // Nothing handles it (not a command for this bot, say).
  kDuplicate,  // A redelivery of an update already processed: answered with
               // its first reply again (or a fresh one), not processed again.
  kInvalid,    // No positive update_id.
  kFailed,     // A handler's store failed, or another delivery holds it:
               // Telegram delivers it again.
};

class UpdateListener {
 public:
  virtual ~UpdateListener() = default;

  // Called once per HandleUpdate, on its thread. Must not block.
  virtual void OnUpdate(UpdateKind kind, UpdateOutcome outcome) = 0;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_BOT_UPDATE_LISTENER_H_
