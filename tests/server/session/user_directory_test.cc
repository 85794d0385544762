#include "server/session/user_directory.h"

#include "absl/strings/string_view.h"
#include "common/fake_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_user_store.h"

namespace tgauth {
namespace {

using storage::TelegramProfile;
using storage::UserRecord;
using ::testing::_;
using ::testing::Return;

TelegramProfile Grace() {
  return {.telegram_id = 42, .first_name = "Grace", .last_name = "Hopper", .username = "grace"};
}

class UserDirectoryTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  storage::InMemoryUserStore users_;
  UserDirectory directory_{users_, clock_};
};

TEST_F(UserDirectoryTest, CreatesAbsentUser) {
  absl::StatusOr<UserRecord> user = directory_.Upsert(Grace());
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->profile, Grace());
  EXPECT_EQ(users_.FindByTelegramId(42)->id, user->id);
}

TEST_F(UserDirectoryTest, UnchangedProfileIsNotWritten) {
  const UserRecord first = *directory_.Upsert(Grace());
  clock_.Advance(absl::Hours(1));
  const UserRecord again = *directory_.Upsert(Grace());
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.updated_at, first.updated_at);
}

TEST_F(UserDirectoryTest, ChangedProfileIsWrittenAndMovesUpdatedAt) {
  const UserRecord first = *directory_.Upsert(Grace());
  clock_.Advance(absl::Hours(1));
  TelegramProfile renamed = Grace();
  renamed.username = "amazing_grace";
  const UserRecord again = *directory_.Upsert(renamed);
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.profile.username, "amazing_grace");
  EXPECT_GT(again.updated_at, first.updated_at);
}

TEST_F(UserDirectoryTest, SignInWithoutAPhotoKeepsTheStoredOne) {
  TelegramProfile with_photo = Grace();
  with_photo.photo_url = "https://t.me/i/userpic/320/grace.jpg";
  const UserRecord first = *directory_.Upsert(with_photo);
  clock_.Advance(absl::Hours(1));
  const UserRecord again = *directory_.Upsert(Grace());  // Through the bot: no photo.
  EXPECT_EQ(again.profile.photo_url, with_photo.photo_url);
  EXPECT_EQ(again.updated_at, first.updated_at);
  with_photo.photo_url = "https://t.me/i/userpic/320/grace2.jpg";
  EXPECT_EQ(directory_.Upsert(with_photo)->profile.photo_url, with_photo.photo_url);
}

TEST_F(UserDirectoryTest, FindByIdShowsTheSubscriptionInForce) {
  const UserRecord user = *directory_.Upsert(Grace());
  const storage::Subscription premium{.tier = "Premium",
                                      .expires_at = clock_.Now() + absl::Hours(1)};
  auto to_premium = [&](const storage::Subscription&) { return premium; };
  ASSERT_TRUE(users_.ChangeSubscription(user.id, to_premium, clock_.Now()).ok());
  EXPECT_EQ(directory_.Find(user.id)->subscription, premium);
  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(directory_.Find(user.id)->subscription, storage::Subscription());
}

TEST_F(UserDirectoryTest, InvalidProfilesAreRejectedAndNothingIsWritten) {
  TelegramProfile no_id = Grace();
  no_id.telegram_id = 0;
  EXPECT_EQ(directory_.Upsert(no_id).status().code(), absl::StatusCode::kInvalidArgument);
  TelegramProfile no_name = Grace();
  no_name.first_name = "";
  EXPECT_EQ(directory_.Upsert(no_name).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::IsNotFound(users_.FindByTelegramId(42).status()));
}

class MockUserStore : public storage::UserStore {
 public:
  MOCK_METHOD(absl::StatusOr<UserRecord>, FindByTelegramId, (int64_t), (override));
  MOCK_METHOD(absl::StatusOr<UserRecord>, FindById, (absl::string_view), (override));
  MOCK_METHOD(absl::StatusOr<UserRecord>, Insert, (const TelegramProfile&, absl::Time), (override));
  MOCK_METHOD(absl::StatusOr<UserRecord>, UpdateProfile,
              (absl::string_view, const TelegramProfile&, absl::Time), (override));
};

TEST(UserDirectoryRaceTest, LosingAConcurrentInsertResolvesToTheWinnersRow) {
  FakeClock clock;
  MockUserStore store;
  const UserRecord winner{.id = "winner-id", .profile = Grace()};
  EXPECT_CALL(store, FindByTelegramId(42))
      .WillOnce(Return(absl::NotFoundError("no user")))
      .WillOnce(Return(winner));
  EXPECT_CALL(store, Insert(_, _)).WillOnce(Return(absl::AlreadyExistsError("taken")));
  EXPECT_CALL(store, UpdateProfile(_, _, _)).Times(0);
  UserDirectory directory(store, clock);
  absl::StatusOr<UserRecord> user = directory.Upsert(Grace());
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->id, "winner-id");
}

TEST(UserDirectoryRaceTest, StoreOutageIsReturnedAsUnavailable) {
  FakeClock clock;
  MockUserStore store;
  EXPECT_CALL(store, FindByTelegramId(42)).WillOnce(Return(absl::UnavailableError("down")));
  UserDirectory directory(store, clock);
  EXPECT_EQ(directory.Upsert(Grace()).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace tgauth
