#include "server/qr_login/login_change_feed.h"

namespace tgauth {

bool LoginChangeFeed::Subscribe(Subscriber& subscriber) {
  absl::MutexLock lock(&mu_);
  if (closed_) return false;
  subscribers_.insert(&subscriber);
  return true;
}

void LoginChangeFeed::Unsubscribe(Subscriber& subscriber) {
  absl::MutexLock lock(&mu_);
  subscribers_.erase(&subscriber);
}

void LoginChangeFeed::Notify(absl::string_view login_key) {
  absl::MutexLock lock(&mu_);
  for (Subscriber* subscriber : subscribers_) subscriber->OnLoginChanged(login_key);
}

void LoginChangeFeed::Close() {
  absl::MutexLock lock(&mu_);
  closed_ = true;
  for (Subscriber* subscriber : subscribers_) subscriber->OnClosing();
}

}  // namespace tgauth
