// A LoginBroker over the in-memory stores and a fake clock, on top of the
// session harness, for unit tests of the QR login without PostgreSQL, Redis
// or sleeping.
#ifndef TGAUTH_TESTS_SERVER_QR_LOGIN_LOGIN_TEST_HARNESS_H_
#define TGAUTH_TESTS_SERVER_QR_LOGIN_LOGIN_TEST_HARNESS_H_

#include <memory>
#include <string>
#include <vector>

#include "common/login_wait_list.h"
#include "server/qr_login/login_broker.h"
#include "server/qr_login/login_change_feed.h"
#include "storage/memory/in_memory_login_events.h"
#include "storage/memory/in_memory_pending_login_store.h"
#include "tests/server/session/session_test_harness.h"

namespace tgauth::testing {

// The options tests start from: the bot's confirmation step on, as deployed.
inline LoginOptions TestLoginOptions() { return {.bot_username = "tgauth_test_bot"}; }

struct LoginTestHarness : SessionTestHarness {
  explicit LoginTestHarness(LoginOptions options = TestLoginOptions());

  storage::InMemoryLoginEvents events;
  // Publishes its wake-ups on `events`; counts quotas in `limiter`.
  storage::InMemoryPendingLoginStore logins{clock, &events, &limiter};
  std::vector<std::string> published;  // Keys the broker woke.
  LoginWaitList waiters{clock};        // Woken by `events`, as in the server.
  LoginChangeFeed login_changes;       // Fed by `events`, as in the server.
  std::unique_ptr<LoginBroker> broker;
};

}  // namespace tgauth::testing

#endif  // TGAUTH_TESTS_SERVER_QR_LOGIN_LOGIN_TEST_HARNESS_H_
