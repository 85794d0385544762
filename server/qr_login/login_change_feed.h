// Tells this replica's WatchLoginChanges streams which logins changed, on
// any replica: the Redis wake-ups (storage/login_events.h) that wake the
// server's own parked polls feed it too. A gateway that parks browsers'
// long polls itself listens on such a stream.
#ifndef TGAUTH_SERVER_QR_LOGIN_LOGIN_CHANGE_FEED_H_
#define TGAUTH_SERVER_QR_LOGIN_LOGIN_CHANGE_FEED_H_

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace tgauth {

class LoginChangeFeed {
 public:
  class Subscriber {
   public:
    virtual ~Subscriber() = default;
    // The login under `login_key` (LoginBroker::LoginKey) changed; "" means
    // changes may have been missed. Runs on the notifying thread with the
    // feed's lock held: must not block, nor subscribe or unsubscribe.
    virtual void OnLoginChanged(absl::string_view login_key) = 0;
    // The server is shutting down: end the stream. Same rules.
    virtual void OnClosing() = 0;
  };

  // `subscriber` hears every change until Unsubscribe, which returns only
  // when no call to it is running. False (not subscribed) after Close().
  bool Subscribe(Subscriber& subscriber);
  void Unsubscribe(Subscriber& subscriber);

  // Tells every subscriber that `login_key` changed ("": re-check all).
  void Notify(absl::string_view login_key);

  // Calls every subscriber's OnClosing; later Subscribe calls fail.
  void Close();

 private:
  absl::Mutex mu_;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_set<Subscriber*> subscribers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_QR_LOGIN_LOGIN_CHANGE_FEED_H_
