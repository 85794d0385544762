// PostgresSessionRevocationLog on the test database, with revocations made
// by PostgresSessionStore: it reads in commit order, so a revocation whose
// transaction commits late is still read; and a session row held by another
// transaction fails fast instead of waiting. (The fake used by the feed's
// unit tests lives in tests/server/session/revocation_feed_test.cc.)
#include <thread>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/postgres/postgres_session_revocation_log.h"
#include "storage/postgres/postgres_session_store.h"
#include "storage/postgres/postgres_user_store.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const absl::Time kNow = absl::FromUnixMicros(1'800'000'000'654'321);
const absl::Time kLongAgo = absl::UnixEpoch();

std::vector<std::string> IdsOf(const RevocationBatch& batch) {
  std::vector<std::string> ids;
  for (const SessionRevocation& r : batch.revocations) ids.push_back(r.session_id);
  return ids;
}

class PostgresSessionRevocationLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(db_, nullptr);
    absl::StatusOr<UserRecord> user = users_.Insert({.telegram_id = 42, .first_name = "A"}, kNow);
    ASSERT_TRUE(user.ok()) << user.status();
    user_id_ = user->id;
  }

  std::string NewSession(char token_byte) {
    absl::StatusOr<SessionRecord> session =
        sessions_.Create({.user_id = user_id_,
                          .sign_in_method = "qr",
                          .refresh_token_hash = std::string(32, token_byte),
                          .created_at = kNow,
                          .expires_at = kNow + absl::Hours(1),
                          .refresh_token_expires_at = kNow + absl::Hours(1)});
    EXPECT_TRUE(session.ok()) << session.status();
    return session.ok() ? session->id : "";
  }

  RevocationBatch Read(uint64_t cursor, absl::Time not_before = kLongAgo) {
    absl::StatusOr<RevocationBatch> batch = log_.RevokedAfter(cursor, not_before);
    EXPECT_TRUE(batch.ok()) << batch.status();
    return batch.ok() ? *batch : RevocationBatch();
  }

  // Runs `work` in a transaction on another connection that stays open,
  // holding its locks and uncommitted writes, until `commit` is notified.
  std::thread HoldTransaction(std::function<void(pqxx::transaction_base&)> work,
                              absl::Notification& started, absl::Notification& commit) {
    return std::thread([this, work, &started, &commit] {
      EXPECT_TRUE(other_db_
                      ->Transact([&](pqxx::transaction_base& tx) {
                        work(tx);
                        started.Notify();
                        commit.WaitForNotification();
                        return absl::OkStatus();
                      })
                      .ok());
    });
  }

  std::unique_ptr<PostgresDatabase> db_ = ConnectTestDatabase();
  std::unique_ptr<PostgresDatabase> other_db_ = ConnectTestDatabase(1);
  PostgresUserStore users_{*db_};
  PostgresSessionStore sessions_{*db_};
  PostgresSessionRevocationLog log_{*db_};
  std::string user_id_;
};

TEST_F(PostgresSessionRevocationLogTest, ReadsEachRevocationFromTheCursorOn) {
  const std::string early = NewSession('a');
  const std::string late = NewSession('b');
  NewSession('c');  // Never revoked.
  ASSERT_TRUE(sessions_.Revoke(early, kNow, "logout").ok());
  const RevocationBatch first = Read(0);
  EXPECT_THAT(IdsOf(first), UnorderedElementsAre(early));
  ASSERT_TRUE(sessions_.Revoke(late, kNow, "logout").ok());
  const RevocationBatch second = Read(first.cursor);
  EXPECT_THAT(IdsOf(second), UnorderedElementsAre(late));
  EXPECT_THAT(Read(second.cursor).revocations, IsEmpty());
}

TEST_F(PostgresSessionRevocationLogTest, RevokedAtIsTheDatabasesClockNotTheCallers) {
  const std::string id = NewSession('a');
  const absl::Time before = absl::Now() - absl::Seconds(5);
  ASSERT_TRUE(sessions_.Revoke(id, kNow, "logout").ok());  // kNow is years ahead.
  const RevocationBatch batch = Read(0);
  ASSERT_EQ(batch.revocations.size(), 1u);
  EXPECT_GT(batch.revocations[0].revoked_at, before);
  EXPECT_LT(batch.revocations[0].revoked_at, absl::Now() + absl::Seconds(5));
  EXPECT_THAT(Read(0, absl::Now() + absl::Minutes(1)).revocations, IsEmpty());
}

TEST_F(PostgresSessionRevocationLogTest, RevocationThatCommitsAfterALaterOneIsStillRead) {
  const std::string slow = NewSession('a');
  const std::string fast = NewSession('b');
  const uint64_t start = Read(0).cursor;
  absl::Notification started, commit;
  // Revoked first, committed last, as revoke_session.sql stamps it: its
  // stamp is older than the one of the revocation the reads below pass.
  std::thread slow_revocation = HoldTransaction(
      [&](pqxx::transaction_base& tx) {
        tx.exec_params(
            "UPDATE sessions SET revoked_at = clock_timestamp(),"
            " revoked_xid = pg_current_xact_id(), revoke_reason = 'logout' WHERE id = $1::uuid",
            slow);
      },
      started, commit);
  started.WaitForNotification();
  absl::SleepFor(absl::Milliseconds(50));
  ASSERT_TRUE(sessions_.Revoke(fast, kNow, "logout").ok());
  const RevocationBatch seen_fast = Read(start);
  EXPECT_THAT(IdsOf(seen_fast), UnorderedElementsAre(fast));
  commit.Notify();
  slow_revocation.join();
  EXPECT_THAT(IdsOf(Read(seen_fast.cursor)), ::testing::Contains(slow));
}

TEST_F(PostgresSessionRevocationLogTest, LockedSessionFailsFastWithUnavailable) {
  const std::string id = NewSession('a');
  absl::Notification started, commit;
  std::thread holder = HoldTransaction(
      [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT 1 FROM sessions WHERE id = $1::uuid FOR UPDATE", id);
      },
      started, commit);
  started.WaitForNotification();
  const absl::Time asked = absl::Now();
  absl::StatusOr<bool> revoked = sessions_.Revoke(id, kNow, "logout");
  const absl::Duration waited = absl::Now() - asked;
  commit.Notify();
  holder.join();
  EXPECT_EQ(revoked.status().code(), absl::StatusCode::kUnavailable) << revoked.status();
  EXPECT_LT(waited, absl::Seconds(10));
  EXPECT_TRUE(*sessions_.Revoke(id, kNow, "logout"));  // Free again: it goes through.
}

}  // namespace
}  // namespace tgauth::storage
