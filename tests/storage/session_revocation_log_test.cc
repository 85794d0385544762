// PostgresSessionRevocationLog on the test database: it reports what
// sessions.revoked_at says, from the given time on. (The fake used by the
// feed's unit tests lives in tests/server/session/revocation_feed_test.cc.)
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/postgres/postgres_session_revocation_log.h"
#include "storage/postgres/postgres_session_store.h"
#include "storage/postgres/postgres_user_store.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

const absl::Time kNow = absl::FromUnixMicros(1'800'000'000'654'321);

class PostgresSessionRevocationLogTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(db_, nullptr); }

  std::string NewSession(const std::string& user_id, char token_byte) {
    absl::StatusOr<SessionRecord> session =
        sessions_.Create({.user_id = user_id,
                          .sign_in_method = "qr",
                          .refresh_token_hash = std::string(32, token_byte),
                          .created_at = kNow,
                          .expires_at = kNow + absl::Hours(1),
                          .refresh_token_expires_at = kNow + absl::Hours(1)});
    EXPECT_TRUE(session.ok()) << session.status();
    return session.ok() ? session->id : "";
  }

  void Revoke(const std::string& session_id, absl::Time at) {
    ASSERT_TRUE(db_->Transact([&](pqxx::transaction_base& tx) {
                     tx.exec_params0(
                         "UPDATE sessions SET revoked_at = $1::timestamptz"
                         " WHERE id = $2::uuid",
                         ToSqlTime(at), session_id);
                     return absl::OkStatus();
                   })
                    .ok());
  }

  std::unique_ptr<PostgresDatabase> db_ = ConnectTestDatabase();
  PostgresUserStore users_{*db_};
  PostgresSessionStore sessions_{*db_};
  PostgresSessionRevocationLog log_{*db_};
};

TEST_F(PostgresSessionRevocationLogTest, ReportsSessionsRevokedAtOrAfterTheGivenTime) {
  absl::StatusOr<UserRecord> user = users_.Insert({.telegram_id = 42, .first_name = "A"}, kNow);
  ASSERT_TRUE(user.ok()) << user.status();
  const std::string early = NewSession(user->id, 'a');
  const std::string late = NewSession(user->id, 'b');
  NewSession(user->id, 'c');  // Never revoked.
  Revoke(early, kNow + absl::Seconds(1));
  Revoke(late, kNow + absl::Seconds(2));

  absl::StatusOr<std::vector<SessionRevocation>> revoked =
      log_.RevokedSince(kNow + absl::Seconds(2));
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_THAT(*revoked, ElementsAre(Field(&SessionRevocation::session_id, late)));
  EXPECT_EQ((*revoked)[0].revoked_at, kNow + absl::Seconds(2));

  revoked = log_.RevokedSince(kNow);
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->size(), 2u);
  EXPECT_THAT(*log_.RevokedSince(kNow + absl::Seconds(3)), IsEmpty());
}

}  // namespace
}  // namespace tgauth::storage
