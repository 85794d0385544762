// The domain events UserAdminStore appends with an operator's changes, read
// back through EventOutbox: the same tests for the in-memory fakes and for
// PostgreSQL, where each event commits in the change's own transaction.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/event_origin.h"
#include "tests/storage/session_store_fixture.h"

namespace tgauth::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class UserAdminEventsTest : public SessionStoreFixture {
 protected:
  // Every event appended since the last call, numbered, in event_id order.
  std::vector<v1::Event> NewEvents() {
    absl::StatusOr<NumberedBatch> batch = backend_.events->NumberPending(1000);
    EXPECT_TRUE(batch.ok()) << batch.status();
    return batch.ok() ? batch->events : std::vector<v1::Event>();
  }

  static std::vector<std::string> TypesOf(const std::vector<v1::Event>& events) {
    std::vector<std::string> types;
    for (const v1::Event& e : events) types.push_back(e.type());
    return types;
  }

  UserAdminStore& admin() { return *backend_.admin; }
};
TGAUTH_INSTANTIATE_SESSION_STORE_SUITE(UserAdminEventsTest);

TEST_P(UserAdminEventsTest, BlockAppendsSessionRevokedAndUserBlockedByTheOperator) {
  const std::string user = NewUser(42);
  const std::string session = CreateSession(SessionOf(user));
  NewEvents();
  {
    const EventOriginScope operator_scope(EventOrigin::Admin("alice"));
    ASSERT_TRUE(admin().Block(user, "spam", kNow).ok());
  }
  const std::vector<v1::Event> events = NewEvents();
  ASSERT_THAT(TypesOf(events), ElementsAre("session.revoked", "user.blocked"));
  EXPECT_EQ(events[0].session_id(), session);
  EXPECT_EQ(events[0].session_revoked().reason(), v1::SessionRevoked::USER_BLOCKED);
  EXPECT_EQ(events[1].user_blocked().reason(), "spam");
  for (const v1::Event& e : events) {
    EXPECT_EQ(e.user_id(), user);
    EXPECT_EQ(e.actor().kind(), v1::Actor::ADMIN);
    EXPECT_EQ(e.actor().name(), "alice");
  }
  // A second block changes nothing, so it records nothing.
  ASSERT_TRUE(admin().Block(user, "again", kNow).ok());
  EXPECT_THAT(NewEvents(), IsEmpty());
}

TEST_P(UserAdminEventsTest, RefusedSignInOfABlockedUserAppendsNothing) {
  const std::string user = NewUser(42);
  ASSERT_TRUE(admin().Block(user, "", kNow).ok());
  NewEvents();
  TelegramProfile profile{.telegram_id = 42, .first_name = "Renamed"};
  EXPECT_FALSE(sessions().CreateForTelegramUser(profile, SessionOf("")).ok());
  EXPECT_THAT(NewEvents(), IsEmpty());
}

TEST_P(UserAdminEventsTest, UnblockAndEraseAppendTheirEvents) {
  const std::string user = NewUser(42, "ada");
  ASSERT_TRUE(admin().Block(user, "", kNow).ok());
  NewEvents();
  const EventOriginScope operator_scope(EventOrigin::Admin("bob"));
  ASSERT_TRUE(admin().Unblock(user, kNow).ok());
  const std::string session = CreateSession(SessionOf(user));
  NewEvents();
  ASSERT_TRUE(admin().Erase(user, kNow).ok());
  const std::vector<v1::Event> events = NewEvents();
  ASSERT_THAT(TypesOf(events), ElementsAre("session.revoked", "user.deleted"));
  EXPECT_EQ(events[0].session_revoked().reason(), v1::SessionRevoked::USER_DELETED);
  EXPECT_EQ(events[1].actor().name(), "bob");
  EXPECT_EQ(events[1].user_id(), user);
  EXPECT_EQ(events[1].user_deleted().ByteSizeLong(), 0u);  // No personal data.
}

}  // namespace
}  // namespace tgauth::storage
