// Users, sessions and access tokens over the in-memory stores and a fake
// clock (SessionIssuer, SessionRefresher, SessionManager, the validator),
// with helpers that sign users in, for unit tests of the session lifecycle
// without PostgreSQL, Redis or sleeping.
#ifndef TGAUTH_TESTS_SERVER_SESSION_SESSION_TEST_HARNESS_H_
#define TGAUTH_TESTS_SERVER_SESSION_SESSION_TEST_HARNESS_H_

#include <memory>
#include <string>

#include "common/fake_clock.h"
#include "server/session/rotation_key.h"
#include "server/session/session_issuer.h"
#include "server/session/session_manager.h"
#include "server/session/session_refresher.h"
#include "server/session/user_directory.h"
#include "server/token/access_token_signer.h"
#include "server/token/access_token_validator.h"
#include "server/token/key_ring.h"
#include "server/token/revoked_sessions.h"
#include "server/token/signing_key.h"
#include "storage/memory/in_memory_oauth_client_store.h"
#include "storage/memory/in_memory_rate_limiter.h"
#include "storage/memory/in_memory_session_store.h"
#include "storage/memory/in_memory_user_store.h"

namespace tgauth::testing {

inline storage::TelegramProfile Ada() {
  return {
      .telegram_id = 100000001, .first_name = "Ada", .last_name = "Lovelace", .username = "ada_l"};
}

inline storage::TelegramProfile Grace() {
  return {.telegram_id = 100000002, .first_name = "Grace", .last_name = "Hopper"};
}

// The address of the client in tests that do not care which it is.
inline constexpr char kClientIp[] = "203.0.113.50";

struct SessionTestHarness {
  static constexpr absl::Duration kGracePeriod = absl::Seconds(10);

  SessionTestHarness();

  // A new session of `profile`'s user (created on first use) on a device
  // named `device`, as any sign-in method would issue it.
  IssuedSession SignIn(const storage::TelegramProfile& profile = Ada(),
                       const std::string& device = "Phone");

  // Gives `profile`'s user (created on first use) `subscription`, as an
  // invite code redemption would.
  void Subscribe(const storage::TelegramProfile& profile, storage::Subscription subscription);

  // The stored session `id`; a default record after a test failure.
  storage::SessionRecord Stored(const std::string& id);

  // Whether this replica's validator already refuses the session.
  bool RememberedAsRevoked(const std::string& id);

  FakeClock clock;
  storage::InMemoryUserStore users;
  // OAuth clients, which sessions issued to a client must name.
  storage::InMemoryOAuthClientStore oauth_clients;
  storage::InMemorySessionStore sessions{users, oauth_clients};
  storage::InMemoryRateLimiter limiter{clock};
  std::unique_ptr<KeyRing> keys = OneKeyRing();
  const SigningKey* key = &keys->signing_key();
  std::unique_ptr<AccessTokenSigner> signer =
      std::make_unique<AccessTokenSigner>("https://auth.example", "tgauth", *key);
  RevokedSessions revoked;  // Marked fresh at construction; the clock is fake.
  std::unique_ptr<AccessTokenValidator> validator = std::make_unique<AccessTokenValidator>(
      "https://auth.example", "tgauth", *keys, revoked, clock);
  UserDirectory directory{users, clock};
  std::unique_ptr<RotationKey> rotation_key = *RotationKey::Generate();
  std::unique_ptr<SessionIssuer> issuer = std::make_unique<SessionIssuer>(
      SessionLifetimes{}, sessions, users, *rotation_key, *signer, clock);
  SessionRefresher refresher{
      {.grace_period = kGracePeriod}, sessions, *rotation_key, *signer, revoked, limiter, clock};
  SessionManager manager{sessions, revoked, SessionLifetimes{}.access_token, limiter, {}, clock};

 private:
  static std::unique_ptr<KeyRing> OneKeyRing();
};

}  // namespace tgauth::testing

#endif  // TGAUTH_TESTS_SERVER_SESSION_SESSION_TEST_HARNESS_H_
