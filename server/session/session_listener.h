// The hook after every new session: SessionIssuer tells each registered
// listener of each session it issued, whatever the sign-in method, so that
// notices, events and metrics need no code in the sign-in methods.
#ifndef TGAUTH_SERVER_SESSION_SESSION_LISTENER_H_
#define TGAUTH_SERVER_SESSION_SESSION_LISTENER_H_

#include <cstdint>
#include <string>

#include "storage/device_info.h"

namespace tgauth {

// A session that was just stored and whose tokens were signed. Carries no
// token: listeners never see a credential.
struct CreatedSession {
  std::string user_id;
  int64_t telegram_id = 0;
  std::string session_id;
  storage::DeviceInfo device;
  // SessionInfo.sign_in_method: "qr", "widget", "mini_app" or "login_link".
  std::string sign_in_method;
  // The user's language as last seen (TelegramProfile::language_code), for
  // messages sent about this session; empty when unknown.
  std::string language_code;
  // The OAuth app the session was created for (its client's name); empty
  // for a sign-in to the site itself.
  std::string app_name;
};

class SessionListener {
 public:
  virtual ~SessionListener() = default;

  // Called once per new session, on the thread that issued it, before the
  // client receives its tokens. Must not block (queue any I/O) and cannot
  // fail the sign-in.
  virtual void OnSessionCreated(const CreatedSession& session) = 0;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_SESSION_LISTENER_H_
