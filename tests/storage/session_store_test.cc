// SessionStore conformance: the same tests for InMemorySessionStore and
// PostgresSessionStore.
#include <functional>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "server/common/secure_token.h"
#include "storage/in_memory_session_store.h"
#include "storage/postgres_session_store.h"
#include "storage/postgres_user_store.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

const absl::Time kNow = absl::FromUnixMicros(1'800'000'000'654'321);

struct Backend {
  std::shared_ptr<void> deps;  // What the stores use; destroyed after them.
  std::unique_ptr<UserStore> users;
  std::unique_ptr<SessionStore> sessions;
};

struct Impl {
  const char* name;
  std::function<Backend()> make;
};
void PrintTo(const Impl& impl, std::ostream* os) { *os << impl.name; }

Backend MakeInMemory() {
  auto users = std::make_unique<InMemoryUserStore>();
  auto sessions = std::make_unique<InMemorySessionStore>(*users);
  return {nullptr, std::move(users), std::move(sessions)};
}

Backend MakePostgres() {
  std::shared_ptr<PostgresDatabase> db = ConnectTestDatabase();
  if (db == nullptr) return {};
  auto users = std::make_unique<PostgresUserStore>(*db);
  auto sessions = std::make_unique<PostgresSessionStore>(*db);
  return {db, std::move(users), std::move(sessions)};
}

class SessionStoreTest : public ::testing::TestWithParam<Impl> {
 protected:
  void SetUp() override {
    backend_ = GetParam().make();
    ASSERT_NE(backend_.sessions, nullptr);
  }
  SessionStore& sessions() { return *backend_.sessions; }

  // A user to own sessions, with this Telegram id.
  std::string NewUser(int64_t telegram_id) {
    TelegramProfile profile;
    profile.telegram_id = telegram_id;
    absl::StatusOr<UserRecord> user = backend_.users->Insert(profile, kNow);
    EXPECT_TRUE(user.ok()) << user.status();
    return user.ok() ? user->id : "";
  }

  // A session of `user_id` created at kNow + `offset`, with a fresh token.
  static NewSession SessionOf(std::string user_id, absl::Duration offset = absl::ZeroDuration()) {
    NewSession s;
    s.user_id = std::move(user_id);
    s.sign_in_method = "qr";
    s.device = {"Mozilla/5.0", "2001:db8::1", "Laptop"};
    s.refresh_token_hash = Sha256(*NewToken());  // Raw bytes, zeros included.
    s.created_at = kNow + offset;
    s.expires_at = s.created_at + absl::Hours(24 * 30);
    s.refresh_token_expires_at = s.created_at + absl::Hours(24 * 7);
    return s;
  }

  Backend backend_;
};

TEST_P(SessionStoreTest, CreateReturnsTheSessionWithAnId) {
  const NewSession s = SessionOf(NewUser(1));
  absl::StatusOr<SessionRecord> created = sessions().Create(s);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(IsUuid(created->id)) << created->id;
  EXPECT_EQ(created->user_id, s.user_id);
  EXPECT_EQ(created->sign_in_method, "qr");
  EXPECT_EQ(created->device, s.device);
  EXPECT_EQ(created->created_at, s.created_at);
  EXPECT_EQ(created->expires_at, s.expires_at);
  EXPECT_FALSE(created->revoked);
}

TEST_P(SessionStoreTest, CreateSessionWithUnknownUserReturnsFailedPrecondition) {
  EXPECT_TRUE(absl::IsFailedPrecondition(
      sessions().Create(SessionOf("0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2b")).status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(sessions().Create(SessionOf("not-a-uuid")).status()));
}

TEST_P(SessionStoreTest, CreateWithTakenRefreshTokenHashReturnsAlreadyExistsAndWritesNothing) {
  const std::string user = NewUser(1);
  const NewSession first = SessionOf(user);
  ASSERT_TRUE(sessions().Create(first).ok());
  NewSession second = SessionOf(user, absl::Seconds(1));
  second.refresh_token_hash = first.refresh_token_hash;
  EXPECT_TRUE(absl::IsAlreadyExists(sessions().Create(second).status()));
  EXPECT_EQ(sessions().ListByUser(user)->size(), 1u);  // No session without its token.
}

TEST_P(SessionStoreTest, ListByUserReturnsOnlyTheirSessionsOldestFirst) {
  const std::string alice = NewUser(1), bob = NewUser(2);
  absl::StatusOr<SessionRecord> later = sessions().Create(SessionOf(alice, absl::Seconds(5)));
  absl::StatusOr<SessionRecord> earlier = sessions().Create(SessionOf(alice));
  ASSERT_TRUE(sessions().Create(SessionOf(bob)).ok());
  ASSERT_TRUE(later.ok() && earlier.ok());

  absl::StatusOr<std::vector<SessionRecord>> list = sessions().ListByUser(alice);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 2u);  // A new sign-in never touches other sessions.
  EXPECT_EQ((*list)[0].id, earlier->id);
  EXPECT_EQ((*list)[1].id, later->id);
  EXPECT_EQ((*list)[1].created_at, kNow + absl::Seconds(5));
  EXPECT_EQ((*list)[0].device, earlier->device);
}

TEST_P(SessionStoreTest, ListByUserWithoutSessionsIsEmpty) {
  const std::string user = NewUser(1);
  EXPECT_TRUE(sessions().ListByUser(user)->empty());
  EXPECT_TRUE(sessions().ListByUser("0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2b")->empty());
  EXPECT_TRUE(sessions().ListByUser("not-a-uuid")->empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, SessionStoreTest,
                         ::testing::Values(Impl{"InMemory", MakeInMemory},
                                           Impl{"Postgres", MakePostgres}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(InMemorySessionStoreTest, InjectedFailureIsReturned) {
  InMemoryUserStore users;
  InMemorySessionStore sessions(users);
  sessions.FailNextCalls(absl::UnavailableError("database unavailable"));
  EXPECT_TRUE(absl::IsUnavailable(sessions.ListByUser("x").status()));
  sessions.FailNextCalls(absl::OkStatus());
  EXPECT_TRUE(sessions.ListByUser("x").ok());
}

}  // namespace
}  // namespace tgauth::storage
