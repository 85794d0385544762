#include "tests/server/login_test_harness.h"

namespace tgauth::testing {

LoginTestHarness::LoginTestHarness(LoginOptions options, SignInNotifier* notifier) {
  key = *SigningKey::Generate();
  signer = std::make_unique<AccessTokenSigner>("https://auth.example", "tgauth", *key);
  issuer = std::make_unique<SessionIssuer>(SessionLifetimes{}, sessions, *signer, clock);
  broker = std::make_unique<LoginBroker>(std::move(options), logins, events, limiter, directory,
                                         *issuer, clock, notifier);
  // The empty key only means "(re)subscribed"; record real wake-ups.
  (void)events.Subscribe([this](std::string_view key) {
    if (!key.empty()) published.emplace_back(key);
    waiters.Notify(absl::string_view(key.data(), key.size()));
  });
}

}  // namespace tgauth::testing
