// The fixture of the SessionStore conformance suites (session_store_test.cc,
// session_refresh_test.cc, ...): each test runs against InMemorySessionStore
// and PostgresSessionStore, with a UserStore of the same kind for the owners
// and an OAuthClientStore for the clients sessions are issued to.
#ifndef TGAUTH_TESTS_STORAGE_SESSION_STORE_FIXTURE_H_
#define TGAUTH_TESTS_STORAGE_SESSION_STORE_FIXTURE_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "common/secure_token.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_invite_store.h"
#include "storage/memory/in_memory_oauth_client_store.h"
#include "storage/memory/in_memory_session_store.h"
#include "storage/memory/in_memory_user_admin_store.h"
#include "storage/postgres/postgres_event_outbox.h"
#include "storage/postgres/postgres_invite_store.h"
#include "storage/postgres/postgres_oauth_client_store.h"
#include "storage/postgres/postgres_session_store.h"
#include "storage/postgres/postgres_user_admin_store.h"
#include "storage/postgres/postgres_user_store.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {

inline const absl::Time kNow = absl::FromUnixMicros(1'800'000'000'654'321);

struct SessionBackend {
  std::shared_ptr<void> deps;  // What the stores use; destroyed after them.
  std::unique_ptr<UserStore> users;
  std::unique_ptr<OAuthClientStore> clients;  // Those a session may name.
  std::unique_ptr<SessionStore> sessions;
  std::unique_ptr<InviteStore> invites;   // To give users a subscription.
  std::shared_ptr<EventOutbox> events;    // What the stores appended.
  std::unique_ptr<UserAdminStore> admin;  // Over the three stores above.
};

struct SessionImpl {
  const char* name;
  std::function<SessionBackend()> make;
};
inline void PrintTo(const SessionImpl& impl, std::ostream* os) { *os << impl.name; }

inline SessionBackend MakeInMemorySessions() {
  auto users = std::make_unique<InMemoryUserStore>();
  auto clients = std::make_unique<InMemoryOAuthClientStore>();
  auto sessions = std::make_unique<InMemorySessionStore>(*users, *clients);
  auto invites = std::make_unique<InMemoryInviteStore>(*users);
  // The user store owns the fakes' outbox and outlives this handle's use.
  std::shared_ptr<EventOutbox> events(std::shared_ptr<EventOutbox>(), &users->events());
  auto admin = std::make_unique<InMemoryUserAdminStore>(*users, *sessions, *invites);
  return {nullptr,
          std::move(users),
          std::move(clients),
          std::move(sessions),
          std::move(invites),
          std::move(events),
          std::move(admin)};
}

inline SessionBackend MakePostgresSessions() {
  std::shared_ptr<PostgresDatabase> db = ConnectTestDatabase(/*pool_size=*/8);
  if (db == nullptr) return {};
  std::shared_ptr<PostgresDatabase> relay_db =
      PostgresDatabase::Connect(TestDatabaseUrl(), /*pool_size=*/1).value_or(nullptr);
  if (relay_db == nullptr) return {};
  auto users = std::make_unique<PostgresUserStore>(*db);
  auto sessions = std::make_unique<PostgresSessionStore>(*db);
  auto invites = std::make_unique<PostgresInviteStore>(*db);
  auto events = std::make_shared<PostgresEventOutbox>(*db, *relay_db);
  auto deps = std::make_shared<
      std::pair<std::shared_ptr<PostgresDatabase>, std::shared_ptr<PostgresDatabase>>>(db,
                                                                                       relay_db);
  return {deps,
          std::move(users),
          std::make_unique<PostgresOAuthClientStore>(*db),
          std::move(sessions),
          std::move(invites),
          std::move(events),
          std::make_unique<PostgresUserAdminStore>(*db)};
}

// A session of `user_id` created at kNow + `offset`, with a fresh token:
// 30 days absolute, 7 days idle.
inline NewSession SessionOf(std::string user_id, absl::Duration offset = absl::ZeroDuration()) {
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

// A public OAuth client (PKCE only) with this id, registered at kNow, for
// sessions to be issued to.
inline OAuthClient PublicClient(const std::string& client_id) {
  return {.client_id = client_id,
          .name = "Client " + client_id,
          .redirect_uris = {"https://" + client_id + ".example/cb"},
          .created_at = kNow,
          .updated_at = kNow};
}

// The value of `result`; T() after recording a failure if it is an error.
template <typename T>
T Ok(absl::StatusOr<T> result) {
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : T();
}

// Instantiates `suite` for both backends.
#define TGAUTH_INSTANTIATE_SESSION_STORE_SUITE(suite)                                        \
  INSTANTIATE_TEST_SUITE_P(Stores, suite,                                                    \
                           ::testing::Values(SessionImpl{"InMemory", MakeInMemorySessions},  \
                                             SessionImpl{"Postgres", MakePostgresSessions}), \
                           [](const auto& info) { return std::string(info.param.name); })

class SessionStoreFixture : public ::testing::TestWithParam<SessionImpl> {
 protected:
  void SetUp() override {
    backend_ = GetParam().make();
    ASSERT_NE(backend_.sessions, nullptr);
  }
  SessionStore& sessions() { return *backend_.sessions; }

  // A user to own sessions, with this Telegram id (and username), created
  // at kNow + `offset`.
  std::string NewUser(int64_t telegram_id, std::string username = "",
                      absl::Duration offset = absl::ZeroDuration()) {
    TelegramProfile profile;
    profile.telegram_id = telegram_id;
    profile.first_name = "Ada";
    profile.username = std::move(username);
    absl::StatusOr<UserRecord> user = backend_.users->Insert(profile, kNow + offset);
    EXPECT_TRUE(user.ok()) << user.status();
    return user.ok() ? user->id : "";
  }

  // Registers PublicClient(client_id).
  void RegisterClient(const std::string& client_id) {
    ASSERT_TRUE(backend_.clients->Create(PublicClient(client_id)).ok());
  }

  // Gives `user_id` the subscription `tier` for `days` (0: no lapse) from
  // kNow, by redeeming a fresh single-use invite code.
  void Subscribe(const std::string& user_id, const std::string& tier, int days) {
    const std::string code_hash = Sha256(*NewToken());
    ASSERT_TRUE(backend_.invites
                    ->Create({.code_hash = code_hash,
                              .hint = "TEST",
                              .tier = tier,
                              .subscription_days = days,
                              .created_at = kNow})
                    .ok());
    absl::StatusOr<Redemption> redeemed = backend_.invites->Redeem(code_hash, user_id, kNow);
    ASSERT_TRUE(redeemed.ok()) << redeemed.status();
    ASSERT_EQ(redeemed->result, RedeemResult::kRedeemed);
  }

  // Creates `s`; its id, "" after a failure.
  std::string CreateSession(const NewSession& s) {
    absl::StatusOr<SessionRecord> created = sessions().Create(s);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->id : "";
  }

  // Rotates the current token `hash` at `now` to a fresh successor expiring
  // a day later; the successor's hash, "" after a failure.
  std::string Rotate(const std::string& hash, absl::Time now) {
    const std::string successor = Sha256(*NewToken());
    absl::StatusOr<RefreshChain> chain =
        sessions().Refresh(hash, RefreshTokenHolder::FirstParty(), [&](const RefreshChain&) {
          return RefreshDecision::Rotate(now, successor, now + absl::Hours(24));
        });
    EXPECT_TRUE(chain.ok()) << chain.status();
    return chain.ok() ? successor : "";
  }

  SessionBackend backend_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_TESTS_STORAGE_SESSION_STORE_FIXTURE_H_
