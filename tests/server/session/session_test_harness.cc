#include "tests/server/session/session_test_harness.h"

#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace tgauth::testing {

SessionTestHarness::SessionTestHarness() { revoked.MarkFresh(absl::InfiniteFuture()); }

std::unique_ptr<KeyRing> SessionTestHarness::OneKeyRing() {
  std::vector<std::unique_ptr<SigningKey>> ring;
  ring.push_back(*SigningKey::Generate());
  return *KeyRing::Create(std::move(ring));
}

IssuedSession SessionTestHarness::SignIn(const storage::TelegramProfile& profile,
                                         const std::string& device) {
  absl::StatusOr<IssuedSignIn> signed_in =
      issuer->Issue(profile, {"Mozilla/5.0", "192.0.2.1", device}, "qr");
  EXPECT_TRUE(signed_in.ok()) << signed_in.status();
  return signed_in.ok() ? signed_in->session : IssuedSession{};
}

void SessionTestHarness::Subscribe(const storage::TelegramProfile& profile,
                                   storage::Subscription subscription) {
  absl::StatusOr<storage::UserRecord> user = directory.Upsert(profile);
  ASSERT_TRUE(user.ok()) << user.status();
  absl::StatusOr<storage::Subscription> changed = users.ChangeSubscription(
      user->id, [&](const storage::Subscription&) { return subscription; }, clock.Now());
  ASSERT_TRUE(changed.ok()) << changed.status();
}

storage::SessionRecord SessionTestHarness::Stored(const std::string& id) {
  absl::StatusOr<storage::SessionRecord> s = sessions.Get(id);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : storage::SessionRecord{};
}

bool SessionTestHarness::RememberedAsRevoked(const std::string& id) {
  return revoked.IsRevoked(id, clock.Now(), absl::Seconds(1)).value_or(false);
}

}  // namespace tgauth::testing
