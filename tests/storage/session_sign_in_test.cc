// SessionStore conformance for CreateForTelegramUser, the one write of a
// sign-in: the user upsert and the session with its first refresh token,
// all or nothing; the same tests for InMemorySessionStore and
// PostgresSessionStore.
#include <string>

#include "common/uuid.h"
#include "gtest/gtest.h"
#include "tests/storage/session_store_fixture.h"

namespace tgauth::storage {
namespace {

TelegramProfile Ada() { return {42, "Ada", "Lovelace", "ada", "https://t.me/i/ada.jpg"}; }

using SessionSignInTest = SessionStoreFixture;

TEST_P(SessionSignInTest, FirstSignInCreatesTheUserAndTheSession) {
  const NewSession s = SessionOf("");
  absl::StatusOr<TelegramSignIn> signed_in = sessions().CreateForTelegramUser(Ada(), s);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  EXPECT_TRUE(IsUuid(signed_in->user.id));
  EXPECT_EQ(signed_in->user.profile, Ada());
  EXPECT_EQ(signed_in->user.created_at, s.created_at);
  EXPECT_EQ(signed_in->user.updated_at, s.created_at);
  EXPECT_TRUE(IsUuid(signed_in->session.id));
  EXPECT_EQ(signed_in->session.user_id, signed_in->user.id);
  EXPECT_EQ(signed_in->session.device, s.device);
  EXPECT_EQ(signed_in->session.expires_at, s.expires_at);
  // Both rows are stored: the user, and the session under its token.
  EXPECT_EQ(Ok(backend_.users->FindByTelegramId(42)).id, signed_in->user.id);
  EXPECT_EQ(Ok(sessions().Get(signed_in->session.id)).user_id, signed_in->user.id);
  absl::StatusOr<RefreshChain> chain =
      sessions().Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(),
                         [](const RefreshChain&) { return RefreshDecision::Nothing(); });
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_EQ(chain->session.id, signed_in->session.id);
}

TEST_P(SessionSignInTest, UnchangedProfileSignsTheSameUserInWithoutWritingIt) {
  const UserRecord first = Ok(sessions().CreateForTelegramUser(Ada(), SessionOf(""))).user;
  const TelegramSignIn again =
      Ok(sessions().CreateForTelegramUser(Ada(), SessionOf("", absl::Hours(1))));
  EXPECT_EQ(again.user.id, first.id);
  EXPECT_EQ(again.user.updated_at, first.updated_at);
  EXPECT_EQ(Ok(sessions().ListByUser(first.id)).size(), 2u);
}

// The new sign-in notice speaks the language the user was last seen with:
// a sign-in without one (the Login Widget sends none) keeps it.
TEST_P(SessionSignInTest, LanguageIsKeptAsLastSeen) {
  TelegramProfile in_russian = Ada();
  in_russian.language_code = "ru-RU";
  EXPECT_EQ(Ok(sessions().CreateForTelegramUser(in_russian, SessionOf(""))).user.profile,
            in_russian);
  const UserRecord by_widget =
      Ok(sessions().CreateForTelegramUser(Ada(), SessionOf("", absl::Hours(1)))).user;
  EXPECT_EQ(by_widget.profile.language_code, "ru-RU");
  EXPECT_EQ(Ok(backend_.users->FindByTelegramId(42)).profile.language_code, "ru-RU");
  TelegramProfile in_english = Ada();
  in_english.language_code = "en";
  EXPECT_EQ(Ok(sessions().CreateForTelegramUser(in_english, SessionOf("", absl::Hours(2))))
                .user.profile.language_code,
            "en");
  EXPECT_EQ(Ok(backend_.users->FindByTelegramId(42)).profile.language_code, "en");
}

TEST_P(SessionSignInTest, ChangedProfileIsWrittenAndAnEmptyPhotoKeepsTheStoredOne) {
  const UserRecord first = Ok(sessions().CreateForTelegramUser(Ada(), SessionOf(""))).user;
  TelegramProfile renamed = Ada();
  renamed.username = "countess";
  renamed.photo_url = "";  // The bot's sign-ins carry no photo.
  const NewSession later = SessionOf("", absl::Hours(1));
  const UserRecord user = Ok(sessions().CreateForTelegramUser(renamed, later)).user;
  EXPECT_EQ(user.id, first.id);
  EXPECT_EQ(user.profile.username, "countess");
  EXPECT_EQ(user.profile.photo_url, Ada().photo_url);
  EXPECT_EQ(user.updated_at, later.created_at);
  EXPECT_EQ(Ok(backend_.users->FindByTelegramId(42)).profile, user.profile);
}

TEST_P(SessionSignInTest, ExistingUserKeepsTheirSubscription) {
  const std::string user_id = NewUser(42);
  Subscribe(user_id, "pro", 0);
  const UserRecord user = Ok(sessions().CreateForTelegramUser(Ada(), SessionOf(""))).user;
  EXPECT_EQ(user.id, user_id);
  EXPECT_EQ(user.subscription.tier, "pro");
}

TEST_P(SessionSignInTest, TakenRefreshTokenHashReturnsAlreadyExistsAndWritesNothing) {
  const NewSession s = SessionOf(NewUser(7));
  ASSERT_TRUE(sessions().Create(s).ok());
  NewSession again = SessionOf("", absl::Seconds(1));
  again.refresh_token_hash = s.refresh_token_hash;
  EXPECT_TRUE(absl::IsAlreadyExists(sessions().CreateForTelegramUser(Ada(), again).status()));
  // Neither the user nor a session was written.
  EXPECT_TRUE(absl::IsNotFound(backend_.users->FindByTelegramId(42).status()));
}

TGAUTH_INSTANTIATE_SESSION_STORE_SUITE(SessionSignInTest);

}  // namespace
}  // namespace tgauth::storage
