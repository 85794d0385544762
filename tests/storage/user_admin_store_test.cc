// UserAdminStore conformance: the same tests for InMemoryUserAdminStore and
// PostgresUserAdminStore (blocking, erasure, listing), with the session and
// user stores of the same kind they act on.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/session_store_fixture.h"

namespace tgauth::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class UserAdminStoreTest : public SessionStoreFixture {
 protected:
  UserAdminStore& admin() { return *backend_.admin; }

  // The ids of `users`, in order.
  static std::vector<std::string> Ids(const std::vector<UserRecord>& users) {
    std::vector<std::string> ids;
    for (const UserRecord& user : users) ids.push_back(user.id);
    return ids;
  }

  // A sign-in of Telegram account `telegram_id` at kNow.
  absl::StatusOr<TelegramSignIn> SignIn(int64_t telegram_id) {
    TelegramProfile profile{.telegram_id = telegram_id, .first_name = "Ada"};
    return sessions().CreateForTelegramUser(profile, SessionOf(""));
  }
};
TGAUTH_INSTANTIATE_SESSION_STORE_SUITE(UserAdminStoreTest);

TEST_P(UserAdminStoreTest, BlockRevokesEveryActiveSessionAndRefusesSignIns) {
  const std::string user = NewUser(42);
  const std::string a = CreateSession(SessionOf(user));
  const std::string b = CreateSession(SessionOf(user, absl::Seconds(1)));

  UserChange blocked = Ok(admin().Block(user, "spam", kNow + absl::Minutes(1)));
  EXPECT_TRUE(blocked.changed);
  EXPECT_THAT(blocked.revoked_session_ids, UnorderedElementsAre(a, b));
  EXPECT_EQ(blocked.user.blocked_at, kNow + absl::Minutes(1));
  EXPECT_EQ(blocked.user.blocked_reason, "spam");
  EXPECT_EQ(Ok(sessions().Get(a)).revoke_reason, kRevokedBlocked);
  EXPECT_TRUE(Ok(sessions().Get(b)).revoked);

  absl::StatusOr<TelegramSignIn> refused = SignIn(42);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Ok(sessions().ListByUser(user)).size(), 2u);  // No session written.
  EXPECT_TRUE(Ok(backend_.users->FindById(user)).blocked());
}

TEST_P(UserAdminStoreTest, BlockingTwiceKeepsTheFirstTimeAndReason) {
  const std::string user = NewUser(42);
  ASSERT_TRUE(admin().Block(user, "first", kNow).ok());
  UserChange again = Ok(admin().Block(user, "second", kNow + absl::Hours(1)));
  EXPECT_FALSE(again.changed);
  EXPECT_EQ(again.user.blocked_at, kNow);
  EXPECT_EQ(again.user.blocked_reason, "first");
}

TEST_P(UserAdminStoreTest, UnblockLetsTheUserSignInAgain) {
  const std::string user = NewUser(42);
  ASSERT_TRUE(admin().Block(user, "", kNow).ok());
  UserChange unblocked = Ok(admin().Unblock(user, kNow + absl::Minutes(1)));
  EXPECT_TRUE(unblocked.changed);
  EXPECT_FALSE(unblocked.user.blocked());
  EXPECT_EQ(unblocked.user.blocked_reason, "");
  EXPECT_FALSE(Ok(admin().Unblock(user, kNow)).changed);

  TelegramSignIn signed_in = Ok(SignIn(42));
  EXPECT_EQ(signed_in.user.id, user);
}

TEST_P(UserAdminStoreTest, UnknownUsersAreNotFound) {
  const std::string absent = "00000000-0000-4000-8000-000000000000";
  EXPECT_TRUE(absl::IsNotFound(admin().Block(absent, "", kNow).status()));
  EXPECT_TRUE(absl::IsNotFound(admin().Unblock("not-a-uuid", kNow).status()));
  EXPECT_TRUE(absl::IsNotFound(admin().Erase(absent, kNow).status()));
  EXPECT_TRUE(absl::IsNotFound(admin().FindByUsername("nobody").status()));
}

TEST_P(UserAdminStoreTest, EraseClearsPersonalDataAndReleasesTheTelegramId) {
  const std::string user = NewUser(42, "ada");
  Subscribe(user, "Premium", 30);
  const std::string session = CreateSession(SessionOf(user));

  UserChange erased = Ok(admin().Erase(user, kNow + absl::Minutes(1)));
  EXPECT_THAT(erased.revoked_session_ids, ElementsAre(session));
  EXPECT_TRUE(absl::IsNotFound(backend_.users->FindById(user).status()));
  EXPECT_TRUE(absl::IsNotFound(backend_.users->FindByTelegramId(42).status()));
  EXPECT_TRUE(absl::IsNotFound(admin().FindByUsername("ada").status()));
  EXPECT_TRUE(Ok(admin().List({}, std::nullopt, 10)).empty());
  EXPECT_TRUE(absl::IsNotFound(admin().Erase(user, kNow).status()));
  const SessionRecord revoked = Ok(sessions().Get(session));
  EXPECT_EQ(revoked.revoke_reason, kRevokedDeleted);
  EXPECT_EQ(revoked.device, DeviceInfo{});

  // The same Telegram account signs up again, as a new user.
  TelegramSignIn again = Ok(SignIn(42));
  EXPECT_NE(again.user.id, user);
  EXPECT_EQ(again.user.subscription, Subscription{});
}

TEST_P(UserAdminStoreTest, ListBlockedTelegramIdsNamesEveryBlockedUserAndNoOther) {
  EXPECT_TRUE(Ok(admin().ListBlockedTelegramIds()).empty());
  const std::string blocked = NewUser(41);
  const std::string unblocked = NewUser(42);
  const std::string erased = NewUser(43);
  NewUser(44);  // Never blocked.
  for (const std::string& user : {blocked, unblocked, erased}) {
    ASSERT_TRUE(admin().Block(user, "spam", kNow).ok());
  }
  ASSERT_TRUE(admin().Unblock(unblocked, kNow).ok());
  ASSERT_TRUE(admin().Erase(erased, kNow).ok());
  EXPECT_THAT(Ok(admin().ListBlockedTelegramIds()), ElementsAre(41));
}

TEST_P(UserAdminStoreTest, ListPagesNewestFirst) {
  const std::string a = NewUser(1, "", absl::Seconds(1));
  const std::string b = NewUser(2, "", absl::Seconds(2));
  const std::string c = NewUser(3, "", absl::Seconds(3));

  std::vector<UserRecord> first = Ok(admin().List({}, std::nullopt, 2));
  EXPECT_THAT(Ids(first), ElementsAre(c, b));
  const UserCursor after{first.back().created_at, first.back().id};
  EXPECT_THAT(Ids(Ok(admin().List({}, after, 2))), ElementsAre(a));
}

TEST_P(UserAdminStoreTest, ListFiltersByCreationBlockAndTier) {
  const std::string a = NewUser(1, "", absl::Seconds(1));
  const std::string b = NewUser(2, "", absl::Seconds(2));
  const std::string c = NewUser(3, "", absl::Seconds(3));
  ASSERT_TRUE(admin().Block(b, "", kNow).ok());
  Subscribe(c, "Gold", 0);

  EXPECT_THAT(Ids(Ok(admin().List({.blocked = true}, std::nullopt, 10))), ElementsAre(b));
  EXPECT_THAT(Ids(Ok(admin().List({.blocked = false}, std::nullopt, 10))), ElementsAre(c, a));
  EXPECT_THAT(Ids(Ok(admin().List({.tier = "Gold"}, std::nullopt, 10))), ElementsAre(c));
  EXPECT_THAT(Ids(Ok(admin().List({.created_after = kNow + absl::Seconds(2),
                                   .created_before = kNow + absl::Seconds(3)},
                                  std::nullopt, 10))),
              ElementsAre(b));
}

TEST_P(UserAdminStoreTest, FindByUsernameIgnoresCase) {
  const std::string user = NewUser(42, "Ada_Lovelace");
  EXPECT_EQ(Ok(admin().FindByUsername("ada_lovelace")).id, user);
}

TEST_P(UserAdminStoreTest, ListRedemptionsNamesEachCodeAndTier) {
  const std::string user = NewUser(42);
  EXPECT_TRUE(Ok(admin().ListRedemptions(user)).empty());
  Subscribe(user, "Gold", 0);
  std::vector<UserRedemption> redemptions = Ok(admin().ListRedemptions(user));
  ASSERT_EQ(redemptions.size(), 1u);
  EXPECT_EQ(redemptions[0].tier, "Gold");
  EXPECT_GT(redemptions[0].invite_code_id, 0);
  EXPECT_EQ(redemptions[0].redeemed_at, kNow);
}

}  // namespace
}  // namespace tgauth::storage
