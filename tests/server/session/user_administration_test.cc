// UserAdministration over the in-memory stores: argument checks, pages,
// what blocking does to sign-ins, erasure of the account's rate-limit
// buckets, and the ownership check of session revocation.
#include "server/session/user_administration.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/session/account_buckets.h"
#include "storage/memory/in_memory_invite_store.h"
#include "storage/memory/in_memory_user_admin_store.h"
#include "tests/server/session/session_test_harness.h"

namespace tgauth {
namespace {

using ::testing::ElementsAre;
using testing::Ada;
using testing::Grace;

class UserAdministrationTest : public ::testing::Test {
 protected:
  UserAdministrationTest() { admin_.ForgetInRedis(h_.limiter); }

  // The user of `profile`, signed in once; its id.
  std::string SignedIn(const storage::TelegramProfile& profile) {
    h_.SignIn(profile);
    return h_.users.FindByTelegramId(profile.telegram_id)->id;
  }

  testing::SessionTestHarness h_;
  storage::InMemoryInviteStore invites_{h_.users};
  storage::InMemoryUserAdminStore store_{h_.users, h_.sessions, invites_};
  UserAdministration admin_{h_.users, store_, h_.sessions, h_.clock};
};

TEST_F(UserAdministrationTest, MalformedKeysAreInvalidArgument) {
  EXPECT_TRUE(absl::IsInvalidArgument(admin_.FindById("42").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(admin_.FindByTelegramId(0).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(admin_.FindByUsername("@").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(admin_.FindByUsername("a b").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(admin_.Block("", "", "alice").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(admin_.Erase("x", "alice").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(admin_.RevokeAllSessions("x", "alice").status()));
}

TEST_F(UserAdministrationTest, UsernameIsFoundWithOrWithoutAt) {
  const std::string ada = SignedIn(Ada());
  EXPECT_EQ(admin_.FindByUsername("@ADA_L")->id, ada);
  EXPECT_EQ(admin_.FindByUsername("ada_l")->id, ada);
}

TEST_F(UserAdministrationTest, BlockReasonIsLimited) {
  const std::string ada = SignedIn(Ada());
  EXPECT_TRUE(absl::IsInvalidArgument(
      admin_.Block(ada, std::string(kMaxBlockReasonBytes + 1, 'x'), "alice").status()));
  EXPECT_TRUE(admin_.Block(ada, std::string(kMaxBlockReasonBytes, 'x'), "alice").ok());
}

TEST_F(UserAdministrationTest, BlockedUserGetsNoSessionFromAnySignIn) {
  const std::string ada = SignedIn(Ada());
  ASSERT_TRUE(admin_.Block(ada, "", "alice").ok());
  absl::StatusOr<IssuedSignIn> issued = h_.issuer->Issue(Ada(), {}, "widget");
  EXPECT_EQ(issued.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(issued.status().message(), storage::kBlockedUserMessage);
  EXPECT_EQ(h_.issuer->IssueOnce("poll-token-of-a-qr-login", Ada(), {}, "qr", true).status().code(),
            absl::StatusCode::kPermissionDenied);
  // Other users still sign in.
  EXPECT_TRUE(h_.issuer->Issue(Grace(), {}, "widget").ok());
}

TEST_F(UserAdministrationTest, PagesFollowEachOtherWithoutGapOrRepeat) {
  std::vector<std::string> created;
  for (int64_t id = 1; id <= 5; ++id) {
    h_.clock.Advance(absl::Seconds(1));
    created.insert(created.begin(), SignedIn({.telegram_id = id, .first_name = "U"}));
  }
  std::vector<std::string> seen;
  std::string token;
  do {
    absl::StatusOr<UserPage> page = admin_.List({}, token, 2);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->users.size(), 2u);
    for (const storage::UserRecord& user : page->users) seen.push_back(user.id);
    token = page->next_page_token;
  } while (!token.empty());
  EXPECT_EQ(seen, created);  // Newest first.
}

TEST_F(UserAdministrationTest, PageSizeAndTokenAreChecked) {
  EXPECT_TRUE(absl::IsInvalidArgument(admin_.List({}, "", -1).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(admin_.List({}, "", kMaxUserPageSize + 1).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(admin_.List({}, "not base64!", 10).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(admin_.List({}, "MTIz", 10).status()));  // "123"
  EXPECT_TRUE(admin_.List({}, "", 0).ok());
}

TEST_F(UserAdministrationTest, EraseForgetsTheAccountsRateLimitBuckets) {
  const std::string ada = SignedIn(Ada());
  const std::string other = absl::StrCat(kSignInBucket, Grace().telegram_id);
  for (const char* prefix : kAccountBuckets) {
    ASSERT_TRUE(h_.limiter.Allow(absl::StrCat(prefix, Ada().telegram_id), 1, absl::Hours(1)).ok());
  }
  ASSERT_TRUE(h_.limiter.Allow(other, 1, absl::Hours(1)).ok());

  ASSERT_TRUE(admin_.Erase(ada, "alice").ok());
  for (const char* prefix : kAccountBuckets) {
    EXPECT_FALSE(*h_.limiter.Exceeded(absl::StrCat(prefix, Ada().telegram_id), 1)) << prefix;
  }
  EXPECT_TRUE(*h_.limiter.Exceeded(other, 1));  // Only the erased account's.
  EXPECT_TRUE(absl::IsNotFound(admin_.FindById(ada).status()));
}

// This replica's bot knows of a block, unblock or erasure made here at
// once, without waiting for BlockedAccounts' next reload.
TEST_F(UserAdministrationTest, BlocksUnblocksAndErasuresAreNotedInBlockedAccountsAtOnce) {
  BlockedAccounts blocked({}, store_, h_.clock);
  admin_.KeepCurrent(blocked);
  const std::string ada = SignedIn(Ada());
  ASSERT_TRUE(admin_.Block(ada, "spam", "alice").ok());
  EXPECT_TRUE(blocked.IsBlocked(Ada().telegram_id));
  ASSERT_TRUE(admin_.Unblock(ada, "alice").ok());
  EXPECT_FALSE(blocked.IsBlocked(Ada().telegram_id));
  ASSERT_TRUE(admin_.Block(ada, "spam", "alice").ok());
  ASSERT_TRUE(admin_.Erase(ada, "alice").ok());
  EXPECT_FALSE(blocked.IsBlocked(Ada().telegram_id));  // It may sign up again.
}

TEST_F(UserAdministrationTest, RevokingAnotherUsersSessionIsNotFound) {
  const std::string ada = SignedIn(Ada());
  const IssuedSession grace = h_.SignIn(Grace());
  EXPECT_TRUE(absl::IsNotFound(admin_.RevokeSession(ada, grace.session_id, "alice").status()));
  EXPECT_FALSE(h_.Stored(grace.session_id).revoked);
  EXPECT_TRUE(*admin_.RevokeSession(h_.users.FindByTelegramId(Grace().telegram_id)->id,
                                    grace.session_id, "alice"));
  EXPECT_EQ(h_.Stored(grace.session_id).revoke_reason, kRevokedByAdmin);
}

TEST_F(UserAdministrationTest, SessionsAreNewestFirst) {
  const IssuedSession first = h_.SignIn(Ada());
  h_.clock.Advance(absl::Seconds(1));
  const IssuedSession second = h_.SignIn(Ada());
  const std::string ada = h_.users.FindByTelegramId(Ada().telegram_id)->id;
  absl::StatusOr<std::vector<storage::SessionRecord>> sessions = admin_.Sessions(ada);
  ASSERT_TRUE(sessions.ok());
  ASSERT_EQ(sessions->size(), 2u);
  EXPECT_EQ((*sessions)[0].id, second.session_id);
  EXPECT_EQ((*sessions)[1].id, first.session_id);
}

}  // namespace
}  // namespace tgauth
