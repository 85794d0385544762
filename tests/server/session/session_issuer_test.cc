// SessionIssuer's hook: every registered listener hears of every session
// it issues, once, and of none that failed.
#include "server/session/session_issuer.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/session/recording_session_listener.h"
#include "tests/server/session/session_test_harness.h"

namespace tgauth {
namespace {

using testing::Ada;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class SessionIssuerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h_.issuer->AddListener(first_);
    h_.issuer->AddListener(second_);
    absl::StatusOr<storage::UserRecord> user = h_.directory.Upsert(Ada());
    ASSERT_TRUE(user.ok()) << user.status();
    user_id_ = user->id;
  }

  absl::StatusOr<IssuedSession> Issue() {
    absl::StatusOr<IssuedSignIn> signed_in =
        h_.issuer->Issue(Ada(), {.user_agent = "curl/8.0", .ip_address = "192.0.2.7"}, "widget");
    if (!signed_in.ok()) return signed_in.status();
    EXPECT_EQ(signed_in->user.id, user_id_);
    return signed_in->session;
  }

  testing::SessionTestHarness h_;
  testing::RecordingSessionListener first_;
  testing::RecordingSessionListener second_;
  std::string user_id_;
};

TEST_F(SessionIssuerTest, EveryListenerHearsOfEachIssuedSessionOnceWithoutItsTokens) {
  absl::StatusOr<IssuedSession> issued = Issue();
  ASSERT_TRUE(issued.ok()) << issued.status();
  for (const testing::RecordingSessionListener* listener : {&first_, &second_}) {
    ASSERT_THAT(listener->Heard(), SizeIs(1));
    const CreatedSession heard = listener->Heard()[0];
    EXPECT_EQ(heard.user_id, user_id_);
    EXPECT_EQ(heard.telegram_id, Ada().telegram_id);
    EXPECT_EQ(heard.session_id, issued->session_id);
    EXPECT_EQ(heard.device.user_agent, "curl/8.0");
    EXPECT_EQ(heard.device.ip_address, "192.0.2.7");
    EXPECT_EQ(heard.sign_in_method, "widget");
  }
  ASSERT_TRUE(Issue().ok());
  EXPECT_THAT(first_.Heard(), SizeIs(2));
}

TEST_F(SessionIssuerTest, ListenersHearNothingWhenTheSessionCannotBeStored) {
  h_.sessions.FailNextCalls(absl::UnavailableError("database down"), 1);
  EXPECT_EQ(Issue().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(first_.Heard(), IsEmpty());
  EXPECT_THAT(second_.Heard(), IsEmpty());
}

}  // namespace
}  // namespace tgauth
