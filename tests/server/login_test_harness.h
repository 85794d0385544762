// A LoginBroker over the in-memory stores and a fake clock, for unit tests of
// the login flow without PostgreSQL, Redis or sleeping.
#ifndef TGAUTH_TESTS_SERVER_LOGIN_TEST_HARNESS_H_
#define TGAUTH_TESTS_SERVER_LOGIN_TEST_HARNESS_H_

#include <memory>
#include <string>
#include <vector>

#include "server/access_token_signer.h"
#include "server/common/clock.h"
#include "server/login_broker.h"
#include "server/login_wait_list.h"
#include "server/session_issuer.h"
#include "server/access_token_validator.h"
#include "server/key_ring.h"
#include "server/revoked_sessions.h"
#include "server/signing_key.h"
#include "server/user_directory.h"
#include "storage/in_memory_login_events.h"
#include "storage/in_memory_pending_login_store.h"
#include "storage/in_memory_rate_limiter.h"
#include "storage/in_memory_session_store.h"
#include "storage/in_memory_user_store.h"

namespace tgauth::testing {

inline storage::TelegramProfile Ada() {
  return {
      .telegram_id = 100000001, .first_name = "Ada", .last_name = "Lovelace", .username = "ada_l"};
}

// The options tests start from: the bot's confirmation step on, as deployed.
inline LoginOptions TestLoginOptions() { return {.bot_username = "tgauth_test_bot"}; }

struct LoginTestHarness {
  // `notifier`, if not null, is told of the sessions logins create.
  explicit LoginTestHarness(LoginOptions options = TestLoginOptions(),
                            SignInNotifier* notifier = nullptr);

  FakeClock clock;
  storage::InMemoryUserStore users;
  storage::InMemorySessionStore sessions{users};
  storage::InMemoryPendingLoginStore logins{clock};
  storage::InMemoryLoginEvents events;
  storage::InMemoryRateLimiter limiter{clock};
  std::vector<std::string> published;  // Keys the broker woke.
  LoginWaitList waiters;               // Woken by `events`, as in the server.
  std::unique_ptr<KeyRing> keys;  // One key.
  const SigningKey* key = nullptr;  // The ring's signing key.
  std::unique_ptr<AccessTokenSigner> signer;
  RevokedSessions revoked;  // Marked fresh at construction; the clock is fake.
  std::unique_ptr<AccessTokenValidator> validator;
  UserDirectory directory{users, clock};
  std::unique_ptr<SessionIssuer> issuer;
  std::unique_ptr<LoginBroker> broker;
};

}  // namespace tgauth::testing

#endif  // TGAUTH_TESTS_SERVER_LOGIN_TEST_HARNESS_H_
