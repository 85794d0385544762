#include "tests/server/login_test_harness.h"

namespace tgauth::testing {

LoginTestHarness::LoginTestHarness(LoginOptions options, SignInNotifier* notifier) {
  std::vector<std::unique_ptr<SigningKey>> ring;
  ring.push_back(*SigningKey::Generate());
  keys = *KeyRing::Create(std::move(ring));
  key = &keys->signing_key();
  signer = std::make_unique<AccessTokenSigner>("https://auth.example", "tgauth", *key);
  revoked.MarkFresh(absl::InfiniteFuture());
  validator = std::make_unique<AccessTokenValidator>("https://auth.example", "tgauth", *keys,
                                                     revoked, clock);
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
