// The session domain objects (SessionRefresher, SessionManager) over the
// in-memory stores of LoginTestHarness and its fake clock, with helpers that
// sign users in, for unit tests of the session lifecycle.
#ifndef TGAUTH_TESTS_SERVER_SESSION_TEST_HARNESS_H_
#define TGAUTH_TESTS_SERVER_SESSION_TEST_HARNESS_H_

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "server/rotation_key.h"
#include "server/session_manager.h"
#include "server/session_refresher.h"
#include "tests/server/login_test_harness.h"

namespace tgauth::testing {

inline storage::TelegramProfile Grace() {
  return {.telegram_id = 100000002, .first_name = "Grace", .last_name = "Hopper"};
}

struct SessionTestHarness : LoginTestHarness {
  static constexpr absl::Duration kGracePeriod = absl::Seconds(10);

  // A new session of `profile`'s user (created on first use) on a device
  // named `device`, as any sign-in method would issue it.
  IssuedSession SignIn(const storage::TelegramProfile& profile = Ada(),
                       const std::string& device = "Phone") {
    absl::StatusOr<storage::UserRecord> user = directory.Upsert(profile);
    EXPECT_TRUE(user.ok()) << user.status();
    if (!user.ok()) return {};
    absl::StatusOr<IssuedSession> session = issuer->Issue(
        user->id, profile.telegram_id, {"Mozilla/5.0", "192.0.2.1", device}, "qr");
    EXPECT_TRUE(session.ok()) << session.status();
    return session.ok() ? *session : IssuedSession{};
  }

  // The stored session `id`; a default record after a test failure.
  storage::SessionRecord Stored(const std::string& id) {
    absl::StatusOr<storage::SessionRecord> s = sessions.Get(id);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : storage::SessionRecord{};
  }

  // Whether this replica's validator already refuses the session.
  bool RememberedAsRevoked(const std::string& id) {
    return revoked.IsRevoked(id, clock.Now(), absl::Seconds(1)).value_or(false);
  }

  std::unique_ptr<RotationKey> rotation_key = *RotationKey::Generate();
  SessionRefresher refresher{{.grace_period = kGracePeriod}, sessions, *rotation_key, *signer,
                             revoked, clock};
  SessionManager manager{sessions, revoked, SessionLifetimes{}.access_token, clock};
};

}  // namespace tgauth::testing

#endif  // TGAUTH_TESTS_SERVER_SESSION_TEST_HARNESS_H_
