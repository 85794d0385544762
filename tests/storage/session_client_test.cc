// SessionStore conformance, sessions issued to OAuth clients: the client,
// the scope granted and the user's authentication time (OpenID Connect Core
// 1.0 sections 2 and 12.2) read back through every path that returns a
// session; a first-party session reads back none of them. The same tests
// for InMemorySessionStore and PostgresSessionStore.
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "storage/memory/in_memory_oauth_client_store.h"
#include "tests/storage/session_store_fixture.h"

namespace tgauth::storage {
namespace {

constexpr char kClient[] = "shop";
constexpr char kScope[] = "openid profile";

RefreshDecision DoNothing(const RefreshChain&) { return RefreshDecision::Nothing(); }

// What a session issued to `client_id` with `scope`, created with
// `auth_time`, reads back as.
struct Issued {
  std::string client_id;
  std::string scope;
  absl::Time auth_time;
};

// The failures name `where` the session was read.
void ExpectIssued(const SessionRecord& session, const Issued& want, const std::string& where) {
  EXPECT_EQ(session.client_id, want.client_id) << where;
  EXPECT_EQ(session.scope, want.scope) << where;
  EXPECT_EQ(session.auth_time, want.auth_time) << where;
}

class SessionClientTest : public SessionStoreFixture {
 protected:
  // Reads the session of `s` (the only one of its user, created by the
  // caller) through Get, ListByUser, ListActiveByUser, Refresh and
  // RotateCurrent, and expects `want` from each.
  void ExpectReadBack(const std::string& id, const NewSession& s, const Issued& want) {
    absl::StatusOr<SessionRecord> got = sessions().Get(id);
    ASSERT_TRUE(got.ok()) << got.status();
    ExpectIssued(*got, want, "Get");
    std::vector<SessionRecord> all = Ok(sessions().ListByUser(s.user_id));
    ASSERT_EQ(all.size(), 1u);
    ExpectIssued(all[0], want, "ListByUser");
    std::vector<SessionRecord> active = Ok(sessions().ListActiveByUser(s.user_id, kNow));
    ASSERT_EQ(active.size(), 1u);
    ExpectIssued(active[0], want, "ListActiveByUser");
    absl::StatusOr<RefreshChain> chain = sessions().Refresh(
        s.refresh_token_hash, RefreshTokenHolder::Client(want.client_id), DoNothing);
    ASSERT_TRUE(chain.ok()) << chain.status();
    ExpectIssued(chain->session, want, "Refresh");
    const absl::Time now = kNow + absl::Minutes(5);
    absl::StatusOr<RefreshChain> rotated = sessions().RotateCurrent(
        s.refresh_token_hash, RefreshTokenHolder::Client(want.client_id),
        RefreshDecision::Rotate(now, Sha256(*NewToken()), now + absl::Hours(24)));
    ASSERT_TRUE(rotated.ok()) << rotated.status();
    ExpectIssued(rotated->session, want, "RotateCurrent");
  }
};

TEST_P(SessionClientTest, SessionOfAClientReadsBackItsClientScopeAndAuthTime) {
  RegisterClient(kClient);
  NewSession s = SessionOf(NewUser(1));
  s.client_id = kClient;
  s.scope = kScope;
  // Signed in 40 s before the client redeemed its code; sub-microsecond
  // digits are not kept, as for every stored time.
  s.auth_time = s.created_at - absl::Seconds(40) + absl::Nanoseconds(999);
  const Issued want{kClient, kScope, s.created_at - absl::Seconds(40)};
  absl::StatusOr<SessionRecord> created = sessions().Create(s);
  ASSERT_TRUE(created.ok()) << created.status();
  ExpectIssued(*created, want, "Create");
  ExpectReadBack(created->id, s, want);
}

TEST_P(SessionClientTest, FirstPartySessionReadsBackNoClientAndAuthTimeAtCreation) {
  const NewSession s = SessionOf(NewUser(1), absl::Microseconds(7));
  const Issued want{"", "", s.created_at};
  absl::StatusOr<SessionRecord> created = sessions().Create(s);
  ASSERT_TRUE(created.ok()) << created.status();
  ExpectIssued(*created, want, "Create");
  ExpectReadBack(created->id, s, want);
}

TEST_P(SessionClientTest, SessionOfADisabledClientIsStillCreated) {
  RegisterClient(kClient);
  ASSERT_TRUE(backend_.clients->Disable(kClient, kNow).ok());
  NewSession s = SessionOf(NewUser(1));
  s.client_id = kClient;
  // Refusing a disabled client is the token endpoint's job, not the store's.
  absl::StatusOr<SessionRecord> created = sessions().Create(s);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->client_id, kClient);
}

TEST_P(SessionClientTest, CreateWithUnregisteredClientReturnsFailedPreconditionAndWritesNothing) {
  RegisterClient(kClient);
  const std::string user = NewUser(1);
  NewSession s = SessionOf(user);
  s.client_id = "unregistered";
  absl::Status status = sessions().Create(s).status();
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_EQ(status.message(), kUnknownOAuthClientMessage);
  EXPECT_TRUE(Ok(sessions().ListByUser(user)).empty());
  // Nor did it take the refresh token hash.
  s.client_id = kClient;
  EXPECT_TRUE(sessions().Create(s).ok());
}

TEST_P(SessionClientTest, SignInWritesTheClientScopeAndAuthTime) {
  RegisterClient(kClient);
  NewSession s = SessionOf("");
  s.client_id = kClient;
  s.scope = kScope;
  s.auth_time = s.created_at - absl::Seconds(1);
  absl::StatusOr<TelegramSignIn> signed_in =
      sessions().CreateForTelegramUser({.telegram_id = 1, .first_name = "Ada"}, s);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  const Issued want{kClient, kScope, s.auth_time};
  ExpectIssued(signed_in->session, want, "CreateForTelegramUser");
  s.user_id = signed_in->user.id;
  ExpectReadBack(signed_in->session.id, s, want);
}

TEST_P(SessionClientTest, SignInWithUnregisteredClientReturnsFailedPreconditionAndWritesNothing) {
  NewSession s = SessionOf("");
  s.client_id = "unregistered";
  absl::Status status =
      sessions().CreateForTelegramUser({.telegram_id = 1, .first_name = "Ada"}, s).status();
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_EQ(status.message(), kUnknownOAuthClientMessage);
  // All or nothing: not even the user.
  EXPECT_TRUE(absl::IsNotFound(backend_.users->FindByTelegramId(1).status()));
}

TGAUTH_INSTANTIATE_SESSION_STORE_SUITE(SessionClientTest);

TEST(InMemorySessionStoreTest, WithoutClientStoreNoClientIsRegistered) {
  InMemoryUserStore users;
  InMemorySessionStore sessions(users);
  TelegramProfile profile;
  profile.telegram_id = 1;
  NewSession s = SessionOf(Ok(users.Insert(profile, kNow)).id);
  EXPECT_TRUE(sessions.Create(s).ok());
  s.refresh_token_hash = Sha256(*NewToken());
  s.client_id = kClient;
  EXPECT_TRUE(absl::IsFailedPrecondition(sessions.Create(s).status()));
}

// PostgreSQL only: the foreign key behind the check, as migration 0012 sets
// it. A client that sessions name cannot be deleted (clients are disabled).
TEST(PostgresSessionClientTest, ClientNamedByASessionCannotBeDeleted) {
  std::unique_ptr<PostgresDatabase> db = ConnectTestDatabase();
  ASSERT_NE(db, nullptr);
  PostgresOAuthClientStore clients(*db);
  PostgresUserStore users(*db);
  PostgresSessionStore sessions(*db);
  ASSERT_TRUE(clients.Create(PublicClient(kClient)).ok());
  TelegramProfile profile;
  profile.telegram_id = 1;
  NewSession s = SessionOf(Ok(users.Insert(profile, kNow)).id);
  s.client_id = kClient;
  ASSERT_TRUE(sessions.Create(s).ok());
  absl::Status deleted = db->Transact([](pqxx::transaction_base& tx) {
    tx.exec0("DELETE FROM oauth_clients WHERE client_id = 'shop'");
    return absl::OkStatus();
  });
  EXPECT_TRUE(absl::IsFailedPrecondition(deleted)) << deleted;
}

}  // namespace
}  // namespace tgauth::storage
