#include "tests/server/qr_login/login_test_harness.h"

#include <utility>

#include "absl/strings/string_view.h"

namespace tgauth::testing {

LoginTestHarness::LoginTestHarness(LoginOptions options) {
  broker = std::make_unique<LoginBroker>(std::move(options), logins, limiter, *issuer, clock);
  // The empty key only means "(re)subscribed"; record real wake-ups.
  (void)events.Subscribe([this](absl::string_view key) {
    if (!key.empty()) published.emplace_back(key);
    waiters.Notify(key);
    login_changes.Notify(key);
  });
}

}  // namespace tgauth::testing
