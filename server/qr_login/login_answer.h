// A Telegram user's answer to a login's confirmation request in the bot
// (LoginBroker::Answer), and what it did.
#ifndef TGAUTH_SERVER_QR_LOGIN_LOGIN_ANSWER_H_
#define TGAUTH_SERVER_QR_LOGIN_LOGIN_ANSWER_H_

#include <string>

#include "storage/pending_login_store.h"

namespace tgauth {

// The scanning user's answer in the bot.
struct LoginAnswer {
  enum Kind { kConfirm, kDeny, kPickCode };
  Kind kind = kDeny;
  std::string code;  // With kPickCode: the match code the user picked.
};

// What an answer did. The first three changed the login; the rest changed
// nothing.
enum class AnswerOutcome {
  kConfirmed,         // CONFIRMED: the browser's poll signs in.
  kDenied,            // DENIED at the user's request.
  kWrongCode,         // DENIED: the picked code is not the browser's.
  kAlreadyConfirmed,  // A second press: it was confirmed (or redeemed) before.
  kAlreadyDenied,     // It was denied before.
  kExpired,           // Too late: expired, or long gone.
  kNotScanner,        // Pressed by another Telegram user than the scanner.
};

struct AnsweredLogin {
  AnswerOutcome outcome = AnswerOutcome::kExpired;
  storage::PendingLogin login;  // As after the answer; default when long gone.
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_QR_LOGIN_LOGIN_ANSWER_H_
