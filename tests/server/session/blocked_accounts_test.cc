// BlockedAccounts: what a reload reads, notes that a stale reload must not
// undo, and keeping the set while the store is unreachable.
#include "server/session/blocked_accounts.h"

#include <functional>

#include "common/fake_clock.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_invite_store.h"
#include "storage/memory/in_memory_session_store.h"
#include "storage/memory/in_memory_user_admin_store.h"
#include "storage/memory/in_memory_user_store.h"

namespace tgauth {
namespace {

// The in-memory store, running `during_read` (once) while a reload reads
// it, as a change that commits while the reload's query runs.
class ReadHookAdminStore final : public storage::UserAdminStore {
 public:
  explicit ReadHookAdminStore(storage::UserAdminStore& store) : store_(store) {}

  absl::StatusOr<std::vector<int64_t>> ListBlockedTelegramIds() override {
    absl::StatusOr<std::vector<int64_t>> ids = store_.ListBlockedTelegramIds();
    if (during_read) std::exchange(during_read, nullptr)();
    return ids;
  }
  absl::StatusOr<storage::UserRecord> FindByUsername(absl::string_view username) override {
    return store_.FindByUsername(username);
  }
  absl::StatusOr<std::vector<storage::UserRecord>> List(
      const storage::UserFilter& filter, const std::optional<storage::UserCursor>& after,
      int limit) override {
    return store_.List(filter, after, limit);
  }
  absl::StatusOr<storage::UserChange> Block(absl::string_view user_id, absl::string_view reason,
                                            absl::Time now) override {
    return store_.Block(user_id, reason, now);
  }
  absl::StatusOr<storage::UserChange> Unblock(absl::string_view user_id, absl::Time now) override {
    return store_.Unblock(user_id, now);
  }
  absl::StatusOr<storage::UserChange> Erase(absl::string_view user_id, absl::Time now) override {
    return store_.Erase(user_id, now);
  }
  absl::StatusOr<std::vector<storage::UserRedemption>> ListRedemptions(
      absl::string_view user_id) override {
    return store_.ListRedemptions(user_id);
  }

  std::function<void()> during_read;

 private:
  storage::UserAdminStore& store_;
};

class BlockedAccountsTest : public ::testing::Test {
 protected:
  std::string NewUser(int64_t telegram_id) {
    absl::StatusOr<storage::UserRecord> user =
        users_.Insert({.telegram_id = telegram_id, .first_name = "Ada"}, clock_.Now());
    EXPECT_TRUE(user.ok()) << user.status();
    return user.ok() ? user->id : "";
  }

  FakeClock clock_;
  storage::InMemoryUserStore users_;
  storage::InMemorySessionStore sessions_{users_};
  storage::InMemoryInviteStore invites_{users_};
  storage::InMemoryUserAdminStore store_{users_, sessions_, invites_};
  ReadHookAdminStore admin_{store_};
  BlockedAccounts blocked_{{.reload_interval = absl::Seconds(1)}, admin_, clock_};
};

TEST_F(BlockedAccountsTest, StartLoadsTheBlockedAccountsAndReloadsEveryInterval) {
  ASSERT_TRUE(store_.Block(NewUser(1), "spam", clock_.Now()).ok());
  const std::string later = NewUser(2);
  ASSERT_TRUE(blocked_.Start().ok());
  EXPECT_TRUE(blocked_.IsBlocked(1));
  EXPECT_FALSE(blocked_.IsBlocked(2));

  ASSERT_TRUE(store_.Block(later, "spam", clock_.Now()).ok());
  EXPECT_FALSE(blocked_.IsBlocked(2));  // Another replica's block: known at the next reload.
  clock_.Advance(absl::Seconds(1));
  EXPECT_TRUE(blocked_.IsBlocked(2));
}

TEST_F(BlockedAccountsTest, ANoteCountsAtOnce) {
  blocked_.Note(7, true);
  EXPECT_TRUE(blocked_.IsBlocked(7));
  blocked_.Note(7, false);
  EXPECT_FALSE(blocked_.IsBlocked(7));
}

TEST_F(BlockedAccountsTest, AReloadThatReadBeforeANotedChangeDoesNotUndoIt) {
  const std::string ada = NewUser(1);
  const std::string bob = NewUser(2);
  ASSERT_TRUE(store_.Block(bob, "spam", clock_.Now()).ok());
  ASSERT_TRUE(blocked_.Reload().ok());
  // Both change after the reload's read: it answers Bob blocked, Ada not.
  admin_.during_read = [&] {
    ASSERT_TRUE(store_.Block(ada, "spam", clock_.Now()).ok());
    blocked_.Note(1, true);
    ASSERT_TRUE(store_.Unblock(bob, clock_.Now()).ok());
    blocked_.Note(2, false);
  };
  ASSERT_TRUE(blocked_.Reload().ok());
  EXPECT_TRUE(blocked_.IsBlocked(1));
  EXPECT_FALSE(blocked_.IsBlocked(2));
  ASSERT_TRUE(blocked_.Reload().ok());  // Notes apply to one reload only.
  EXPECT_TRUE(blocked_.IsBlocked(1));
  EXPECT_FALSE(blocked_.IsBlocked(2));
}

TEST_F(BlockedAccountsTest, AnUnreachableStoreKeepsTheSetAsItWas) {
  ASSERT_TRUE(store_.Block(NewUser(1), "spam", clock_.Now()).ok());
  ASSERT_TRUE(blocked_.Start().ok());
  users_.FailNextCalls(absl::UnavailableError("database down"));
  EXPECT_TRUE(absl::IsUnavailable(blocked_.Reload()));
  EXPECT_TRUE(blocked_.IsBlocked(1));
  users_.FailNextCalls(absl::OkStatus());
  EXPECT_TRUE(blocked_.Reload().ok());
}

}  // namespace
}  // namespace tgauth
