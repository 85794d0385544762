// LoginBroker tells its LoginListeners of each step a login takes, once,
// and of nothing that was refused.
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/qr_login/login_broker.h"
#include "server/qr_login/login_listener.h"
#include "tests/server/qr_login/login_test_harness.h"

namespace tgauth {
namespace {

using testing::Ada;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class RecordingLoginListener final : public LoginListener {
 public:
  void OnLoginEvent(LoginEvent event) override { heard.push_back(event); }
  std::vector<LoginEvent> heard;
};

class LoginListenerTest : public ::testing::Test {
 protected:
  LoginListenerTest() { h_.broker->AddListener(listener_); }

  NewLogin Create() {
    absl::StatusOr<NewLogin> login = h_.broker->Create({.ip_address = "203.0.113.7"});
    EXPECT_TRUE(login.ok()) << login.status();
    return *login;
  }

  testing::LoginTestHarness h_;
  RecordingLoginListener listener_;
};

TEST_F(LoginListenerTest, EachStepOfAConfirmedLoginIsToldOnce) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Scan(login.login_token, Ada()).ok());
  ASSERT_TRUE(h_.broker->Scan(login.login_token, Ada()).ok());  // Scanned again: no change.
  const std::string key = LoginBroker::LoginKey(login.login_token);
  ASSERT_TRUE(h_.broker->Answer(key, Ada(), {.kind = LoginAnswer::kConfirm}).ok());
  ASSERT_TRUE(h_.broker->Poll(login.login_token, login.poll_token).ok());
  ASSERT_TRUE(h_.broker->Poll(login.login_token, login.poll_token).ok());  // A repeat.
  EXPECT_THAT(listener_.heard, ElementsAre(LoginEvent::kCreated, LoginEvent::kScanned,
                                           LoginEvent::kConfirmed, LoginEvent::kRedeemed));
}

TEST_F(LoginListenerTest, ADenialIsTold) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Scan(login.login_token, Ada()).ok());
  ASSERT_TRUE(h_.broker
                  ->Answer(LoginBroker::LoginKey(login.login_token), Ada(),
                           {.kind = LoginAnswer::kDeny})
                  .ok());
  EXPECT_THAT(listener_.heard,
              ElementsAre(LoginEvent::kCreated, LoginEvent::kScanned, LoginEvent::kDenied));
}

TEST_F(LoginListenerTest, APollThatFindsTheLoginExpiredTellsIt) {
  NewLogin login = Create();
  ASSERT_EQ(h_.broker->Poll(login.login_token, login.poll_token)->state, PollState::kPending);
  h_.clock.Advance(absl::Minutes(5));
  ASSERT_EQ(h_.broker->Poll(login.login_token, login.poll_token)->state, PollState::kExpired);
  EXPECT_THAT(listener_.heard, ElementsAre(LoginEvent::kCreated, LoginEvent::kExpired));
}

TEST_F(LoginListenerTest, RefusedCallsTellNothing) {
  NewLogin login = Create();
  listener_.heard.clear();
  storage::TelegramProfile mallory = Ada();
  mallory.telegram_id = 666;
  ASSERT_TRUE(h_.broker->Scan(login.login_token, Ada()).ok());
  listener_.heard.clear();
  EXPECT_FALSE(h_.broker->Scan(login.login_token, mallory).ok());
  EXPECT_FALSE(h_.broker->Poll(login.login_token, std::string(43, 'A')).ok());
  EXPECT_THAT(listener_.heard, IsEmpty());
}

}  // namespace
}  // namespace tgauth
