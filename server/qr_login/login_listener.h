// What the QR login reports as logins move through their states
// (login_broker.h), so metrics need no code in the broker's steps.
#ifndef TGAUTH_SERVER_QR_LOGIN_LOGIN_LISTENER_H_
#define TGAUTH_SERVER_QR_LOGIN_LOGIN_LISTENER_H_

namespace tgauth {

enum class LoginEvent {
  kCreated,    // A browser started a login.
  kScanned,    // PENDING -> SCANNED: a Telegram user opened its link.
  kConfirmed,  // -> CONFIRMED, in the bot or by the scan itself.
  kDenied,     // SCANNED -> DENIED: a denial or a wrong match code.
  kExpired,    // A poll answered that the login expired unconfirmed.
  kRedeemed,   // CONFIRMED -> REDEEMED: its poll took the session.
};

class LoginListener {
 public:
  virtual ~LoginListener() = default;

  // Called once per change this replica made (or, for kExpired, per poll
  // that answered EXPIRED), on the thread that made it. Must not block.
  virtual void OnLoginEvent(LoginEvent event) = 0;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_QR_LOGIN_LOGIN_LISTENER_H_
