#include "server/qr_login/login_broker.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/qr_login/match_code.h"
#include "tests/server/qr_login/login_test_harness.h"
#include "tests/server/session/recording_session_listener.h"

namespace tgauth {
namespace {

using testing::Ada;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class LoginBrokerTest : public ::testing::Test {
 protected:
  NewLogin Create() {
    absl::StatusOr<NewLogin> login =
        h_.broker->Create({.user_agent = "Mozilla/5.0 Firefox/120", .ip_address = "203.0.113.7"});
    EXPECT_TRUE(login.ok()) << login.status();
    return *login;
  }

  testing::LoginTestHarness h_;
};

TEST_F(LoginBrokerTest, CreateIssuesDistinctWellFormedTokensAndDeepLink) {
  NewLogin login = Create();
  EXPECT_TRUE(IsWellFormedToken(login.login_token));
  EXPECT_TRUE(IsWellFormedToken(login.poll_token));
  EXPECT_NE(login.login_token, login.poll_token);
  EXPECT_EQ(login.deep_link, "https://t.me/tgauth_test_bot?start=" + login.login_token);
  EXPECT_EQ(login.expires_at, h_.clock.Now() + absl::Minutes(5));
}

TEST_F(LoginBrokerTest, RedeemingTellsTheSessionListenersOnceAfterTheSessionExists) {
  testing::RecordingSessionListener listener;
  h_.issuer->AddListener(listener);
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  EXPECT_TRUE(listener.Heard().empty());  // Confirmed, not yet redeemed: no session.
  absl::StatusOr<PollOutcome> outcome = h_.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  ASSERT_EQ(listener.Heard().size(), 1u);
  EXPECT_EQ(listener.Heard()[0].session_id, outcome->session->session_id);
  EXPECT_EQ(listener.Heard()[0].sign_in_method, "qr");
  EXPECT_EQ(listener.Heard()[0].device.ip_address, "203.0.113.7");
  // A repeat (its answer lost, say) gets the same session: no new one to hear of.
  ASSERT_TRUE(h_.broker->Poll(login.login_token, login.poll_token).ok());
  EXPECT_EQ(listener.Heard().size(), 1u);
}

TEST(LoginOptionsTest, MatchCodesNeedTheConfirmationStep) {
  EXPECT_TRUE(CheckLoginOptions({.confirm_in_bot = true, .match_code = true}).ok());
  EXPECT_TRUE(CheckLoginOptions({.confirm_in_bot = false, .match_code = false}).ok());
  EXPECT_EQ(CheckLoginOptions({.confirm_in_bot = false, .match_code = true}).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(LoginBrokerTest, StoresOnlyHashesOfTokens) {
  NewLogin login = Create();
  absl::StatusOr<storage::PendingLogin> stored =
      h_.logins.Get(LoginBroker::LoginKey(login.login_token));
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->poll_token_hash, Sha256(login.poll_token));
  EXPECT_EQ(LoginBroker::LoginKey(login.login_token), Sha256Hex(login.login_token));
}

TEST_F(LoginBrokerTest, PollOfUnscannedLoginIsPending) {
  NewLogin login = Create();
  absl::StatusOr<PollOutcome> outcome = h_.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state, PollState::kPending);
  EXPECT_FALSE(outcome->session.has_value());
}

TEST_F(LoginBrokerTest, ConfirmThenPollRedeemsIntoExactlyOneSession) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  EXPECT_THAT(h_.published, ElementsAre(LoginBroker::LoginKey(login.login_token)));

  absl::StatusOr<PollOutcome> outcome = h_.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->state, PollState::kConfirmed);
  ASSERT_TRUE(outcome->user.has_value());
  EXPECT_EQ(outcome->user->profile, Ada());
  ASSERT_TRUE(outcome->session.has_value());
  EXPECT_TRUE(IsWellFormedToken(outcome->session->refresh_token));
  EXPECT_EQ(outcome->session->access_token_lifetime, absl::Minutes(15));

  absl::StatusOr<std::vector<storage::SessionRecord>> sessions =
      h_.sessions.ListByUser(outcome->user->user_id);
  ASSERT_TRUE(sessions.ok());
  ASSERT_EQ(sessions->size(), 1u);
  EXPECT_EQ((*sessions)[0].id, outcome->session->session_id);
  EXPECT_EQ((*sessions)[0].sign_in_method, "qr");
  EXPECT_EQ((*sessions)[0].device.ip_address, "203.0.113.7");
}

TEST_F(LoginBrokerTest, RedeemAgainAfterTheClientRefreshedReturnsFailedPrecondition) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  absl::StatusOr<PollOutcome> first = h_.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(first.ok()) << first.status();
  // The client used its refresh token: the first answer did arrive.
  ASSERT_TRUE(h_.refresher.Refresh(first->session->refresh_token, "203.0.113.7").ok());
  absl::StatusOr<PollOutcome> again = h_.broker->Poll(login.login_token, login.poll_token);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(again.status().message(), HasSubstr("already redeemed"));
}

TEST_F(LoginBrokerTest, RetryAfterACrashBeforeTheSessionCommittedCreatesTheLoginsOneSession) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  // What a process killed between the two steps of redemption leaves: the
  // login REDEEMED, and no session.
  const std::string key = LoginBroker::LoginKey(login.login_token);
  ASSERT_TRUE(
      h_.logins
          .Transition(key, {.from = storage::LoginState::kConfirmed, .to = storage::LoginState::kRedeemed})
          ->applied);

  absl::StatusOr<PollOutcome> retry = h_.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->state, PollState::kConfirmed);
  ASSERT_TRUE(retry->session.has_value());
  absl::StatusOr<std::vector<storage::SessionRecord>> sessions =
      h_.sessions.ListByUser(retry->user->user_id);
  ASSERT_TRUE(sessions.ok());
  ASSERT_EQ(sessions->size(), 1u);
  EXPECT_EQ((*sessions)[0].id, retry->session->session_id);
}

TEST_F(LoginBrokerTest, RetryAfterTheAnswerWasLostGetsTheSameSessionAndItsTokensWork) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  // The session committed, but the process died before the browser got it.
  absl::StatusOr<PollOutcome> lost = h_.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(lost.ok()) << lost.status();

  h_.clock.Advance(absl::Seconds(30));
  absl::StatusOr<PollOutcome> retry = h_.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(retry.ok()) << retry.status();
  ASSERT_TRUE(retry->session.has_value());
  EXPECT_EQ(retry->session->session_id, lost->session->session_id);
  EXPECT_EQ(retry->session->refresh_token, lost->session->refresh_token);
  EXPECT_TRUE(h_.validator->Validate(retry->session->access_token).ok());
  EXPECT_EQ(h_.sessions.ListByUser(retry->user->user_id)->size(), 1u);
  EXPECT_TRUE(h_.refresher.Refresh(retry->session->refresh_token, "203.0.113.7").ok());
}

TEST_F(LoginBrokerTest, ConcurrentRetriesOfOneLoginMakeOneSession) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  std::vector<std::string> session_ids(4);
  std::vector<std::thread> polls;
  for (std::string& id : session_ids) {
    polls.emplace_back([&] {
      absl::StatusOr<PollOutcome> outcome = h_.broker->Poll(login.login_token, login.poll_token);
      if (outcome.ok() && outcome->session.has_value()) id = outcome->session->session_id;
    });
  }
  for (std::thread& poll : polls) poll.join();
  for (const std::string& id : session_ids) EXPECT_EQ(id, session_ids[0]);
  EXPECT_FALSE(session_ids[0].empty());
}

TEST_F(LoginBrokerTest, WrongPollTokenReturnsPermissionDeniedAndRedeemsNothing) {
  NewLogin login = Create();
  NewLogin other = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  absl::StatusOr<PollOutcome> outcome = h_.broker->Poll(login.login_token, other.poll_token);
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kPermissionDenied);
  // The rightful browser still gets its session.
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token)->state, PollState::kConfirmed);
}

TEST_F(LoginBrokerTest, UnknownLoginReturnsNotFound) {
  NewLogin login = Create();
  std::string unknown = *NewToken();
  EXPECT_EQ(h_.broker->Poll(unknown, login.poll_token).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(h_.broker->Confirm(unknown, Ada()).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(LoginBrokerTest, MalformedTokensReturnInvalidArgument) {
  NewLogin login = Create();
  EXPECT_EQ(h_.broker->Poll("short", login.poll_token).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(h_.broker->Poll(login.login_token, std::string(43, '!')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(h_.broker->Confirm("a b", Ada()).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(LoginBrokerTest, PollAfterTtlReportsExpired) {
  NewLogin login = Create();
  h_.clock.Advance(absl::Minutes(5));
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token)->state, PollState::kExpired);
}

TEST_F(LoginBrokerTest, ConfirmAfterTtlReturnsFailedPreconditionAndCreatesNoUser) {
  NewLogin login = Create();
  h_.clock.Advance(absl::Minutes(5) + absl::Seconds(1));
  EXPECT_EQ(h_.broker->Confirm(login.login_token, Ada()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::IsNotFound(h_.users.FindByTelegramId(Ada().telegram_id).status()));
}

TEST_F(LoginBrokerTest, ConfirmedButUnredeemedLoginExpiresToo) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  h_.clock.Advance(absl::Minutes(6));
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token)->state, PollState::kExpired);
}

TEST_F(LoginBrokerTest, ExpiredLoginIsForgottenAfterRetention) {
  NewLogin login = Create();
  h_.clock.Advance(absl::Minutes(5) + absl::Minutes(10));
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(LoginBrokerTest, ConfirmBySameTelegramUserTwiceIsIdempotent) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  EXPECT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
}

TEST_F(LoginBrokerTest, ConfirmByAnotherTelegramUserAfterConfirmFails) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  storage::TelegramProfile mallory{.telegram_id = 666, .first_name = "Mallory"};
  EXPECT_EQ(h_.broker->Confirm(login.login_token, mallory).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token)->user->profile, Ada());
}

TEST_F(LoginBrokerTest, SessionStoreOutageKeepsLoginRedeemable) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  h_.sessions.FailNextCalls(absl::UnavailableError("database unavailable"), 1);
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token)->state, PollState::kConfirmed);
}

TEST_F(LoginBrokerTest, ConfirmWritesNoUserUntilRedemptionWritesItWithTheSession) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  EXPECT_TRUE(absl::IsNotFound(h_.users.FindByTelegramId(Ada().telegram_id).status()));
  absl::StatusOr<PollOutcome> outcome = h_.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  absl::StatusOr<storage::UserRecord> user = h_.users.FindByTelegramId(Ada().telegram_id);
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(outcome->user->user_id, user->id);
  EXPECT_EQ(outcome->user->profile, Ada());
}

TEST_F(LoginBrokerTest, UserStoreOutageAtRedemptionKeepsLoginRedeemable) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Confirm(login.login_token, Ada()).ok());
  h_.users.FailNextCalls(absl::UnavailableError("database unavailable"), 1);
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token)->state, PollState::kConfirmed);
}

TEST_F(LoginBrokerTest, ConfirmWithoutAFirstNameIsInvalidAndChangesNothing) {
  NewLogin login = Create();
  storage::TelegramProfile nameless = Ada();
  nameless.first_name.clear();
  EXPECT_EQ(h_.broker->Confirm(login.login_token, nameless).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token)->state, PollState::kPending);
  EXPECT_TRUE(h_.published.empty());
}

// Counts the calls a LoginBroker makes to its PendingLoginStore: each is
// one round trip to Redis in production.
class CountingLoginStore final : public storage::PendingLoginStore {
 public:
  explicit CountingLoginStore(storage::PendingLoginStore& store) : store_(store) {}
  absl::Status Create(absl::string_view key, const storage::PendingLogin& login,
                      absl::Duration retain_for) override {
    ++calls_;
    return store_.Create(key, login, retain_for);
  }
  absl::StatusOr<storage::PendingLogin> Get(absl::string_view key) override {
    ++calls_;
    return store_.Get(key);
  }
  absl::StatusOr<storage::LoginTransition> Transition(
      absl::string_view key, const storage::LoginChange& change) override {
    ++calls_;
    return store_.Transition(key, change);
  }
  // Calls since the last Take().
  int Take() { return std::exchange(calls_, 0); }

 private:
  storage::PendingLoginStore& store_;
  int calls_ = 0;
};

TEST_F(LoginBrokerTest, EveryStepOfALoginIsOneStoreCall) {
  CountingLoginStore counted(h_.logins);
  LoginBroker broker(testing::TestLoginOptions(), counted, h_.limiter, *h_.issuer, h_.clock);
  absl::StatusOr<NewLogin> login = broker.Create({});
  ASSERT_TRUE(login.ok()) << login.status();
  EXPECT_EQ(counted.Take(), 1);
  ASSERT_EQ(broker.Poll(login->login_token, login->poll_token)->state, PollState::kPending);
  EXPECT_EQ(counted.Take(), 1);
  ASSERT_TRUE(broker.Scan(login->login_token, Ada()).ok());  // Wakes the poll in the same call.
  EXPECT_EQ(counted.Take(), 1);
  EXPECT_THAT(h_.published, ElementsAre(LoginBroker::LoginKey(login->login_token)));
  ASSERT_EQ(broker.Poll(login->login_token, login->poll_token)->state, PollState::kScanned);
  EXPECT_EQ(counted.Take(), 1);
  ASSERT_EQ(broker
                .Answer(LoginBroker::LoginKey(login->login_token), Ada(),
                        {.kind = LoginAnswer::kConfirm})
                ->outcome,
            AnswerOutcome::kConfirmed);
  EXPECT_EQ(counted.Take(), 1);  // Scanner, state, expiry checked in the transition.
  ASSERT_EQ(broker.Poll(login->login_token, login->poll_token)->state, PollState::kConfirmed);
  EXPECT_EQ(counted.Take(), 1);  // Read, checked and redeemed in one step.
}

TEST(LoginBrokerMatchCodeTest, ARightPickADenialAndAStrangersPressAreEachOneStoreCall) {
  LoginOptions options = testing::TestLoginOptions();
  options.match_code = true;
  testing::LoginTestHarness h(options);
  CountingLoginStore counted(h.logins);
  LoginBroker broker(options, counted, h.limiter, *h.issuer, h.clock);
  storage::TelegramProfile mallory = Ada();
  mallory.telegram_id = 666;
  for (const bool confirm : {true, false}) {
    absl::StatusOr<NewLogin> login = broker.Create({});
    ASSERT_TRUE(login.ok()) << login.status();
    ASSERT_TRUE(broker.Scan(login->login_token, Ada()).ok());
    const std::string key = LoginBroker::LoginKey(login->login_token);
    counted.Take();
    EXPECT_EQ(broker.Answer(key, mallory, {.kind = LoginAnswer::kDeny})->outcome,
              AnswerOutcome::kNotScanner);
    EXPECT_EQ(counted.Take(), 1);
    const LoginAnswer answer = confirm ? LoginAnswer{.kind = LoginAnswer::kPickCode,
                                                     .code = login->match_code}
                                       : LoginAnswer{.kind = LoginAnswer::kDeny};
    EXPECT_EQ(broker.Answer(key, Ada(), answer)->outcome,
              confirm ? AnswerOutcome::kConfirmed : AnswerOutcome::kDenied);
    EXPECT_EQ(counted.Take(), 1);
  }
}

TEST_F(LoginBrokerTest, ConfirmationWithoutTheBotStepIsOneStoreCall) {
  CountingLoginStore counted(h_.logins);
  LoginOptions options = testing::TestLoginOptions();
  options.confirm_in_bot = false;
  LoginBroker broker(options, counted, h_.limiter, *h_.issuer, h_.clock);
  absl::StatusOr<NewLogin> login = broker.Create({});
  ASSERT_TRUE(login.ok()) << login.status();
  counted.Take();
  ASSERT_TRUE(broker.Scan(login->login_token, Ada()).ok());
  EXPECT_EQ(counted.Take(), 1);
  EXPECT_THAT(h_.published, ElementsAre(LoginBroker::LoginKey(login->login_token)));
}

TEST_F(LoginBrokerTest, OversizedDeviceFieldsReturnInvalidArgument) {
  EXPECT_EQ(h_.broker->Create({.user_agent = std::string(513, 'a')}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(h_.broker->Create({.name = std::string(65, 'a')}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(LoginBrokerTest, OneAddressStartingTooManyLoginsIsRefusedUntilTheMinutePasses) {
  const storage::DeviceInfo device{.ip_address = "198.51.100.9"};
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(h_.broker->Create(device).ok()) << i;
  absl::StatusOr<NewLogin> refused = h_.broker->Create(device);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(h_.broker->Create({.ip_address = "198.51.100.10"}).ok());
  h_.clock.Advance(absl::Minutes(1));
  EXPECT_TRUE(h_.broker->Create(device).ok());
}

TEST_F(LoginBrokerTest, SpellingsOfOneAddressShareItsLimit) {
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(h_.broker->Create({.ip_address = "198.51.100.9"}).ok()) << i;
    ASSERT_TRUE(h_.broker->Create({.ip_address = "::ffff:198.51.100.9"}).ok()) << i;
  }
  EXPECT_EQ(h_.broker->Create({.ip_address = "::FFFF:c633:6409"}).status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST_F(LoginBrokerTest, AddressesOfOneIpv6Slash64ShareALimit) {
  for (int i = 0; i < 60; ++i) {
    const std::string ip = absl::StrCat("2001:db8:7:9::", absl::Hex(i));
    ASSERT_TRUE(h_.broker->Create({.ip_address = ip}).ok()) << i;
  }
  EXPECT_EQ(h_.broker->Create({.ip_address = "2001:db8:7:9:ffff::1"}).status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(h_.broker->Create({.ip_address = "2001:db8:7:a::1"}).ok());
}

TEST_F(LoginBrokerTest, LoginsWithoutAnAddressShareOneLimit) {
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(h_.broker->Create({}).ok()) << i;
  EXPECT_EQ(h_.broker->Create({}).status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(h_.broker->Create({.ip_address = "not an address"}).status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST_F(LoginBrokerTest, ReloginOfUnchangedUserKeepsUpdatedAtAndAddsOneSession) {
  NewLogin first = Create();
  ASSERT_TRUE(h_.broker->Confirm(first.login_token, Ada()).ok());
  PollOutcome phone = *h_.broker->Poll(first.login_token, first.poll_token);
  const absl::Time updated_at = h_.users.FindByTelegramId(Ada().telegram_id)->updated_at;

  h_.clock.Advance(absl::Hours(1));
  NewLogin second = Create();
  ASSERT_TRUE(h_.broker->Confirm(second.login_token, Ada()).ok());
  PollOutcome pc = *h_.broker->Poll(second.login_token, second.poll_token);

  EXPECT_EQ(h_.users.FindByTelegramId(Ada().telegram_id)->updated_at, updated_at);
  EXPECT_EQ(pc.user->user_id, phone.user->user_id);
  EXPECT_NE(pc.session->session_id, phone.session->session_id);
  EXPECT_EQ(h_.sessions.ListByUser(pc.user->user_id)->size(), 2u);
}

// The confirmation step, at the broker: Scan, then the scanner's Answer.
class LoginBrokerAnswerTest : public LoginBrokerTest {
 protected:
  std::string ScannedKey(const NewLogin& login) {
    EXPECT_TRUE(h_.broker->Scan(login.login_token, Ada()).ok());
    return LoginBroker::LoginKey(login.login_token);
  }
  AnswerOutcome Answer(const std::string& key, LoginAnswer answer,
                       const storage::TelegramProfile& who = Ada()) {
    absl::StatusOr<AnsweredLogin> answered = h_.broker->Answer(key, who, answer);
    EXPECT_TRUE(answered.ok()) << answered.status();
    return answered.ok() ? answered->outcome : AnswerOutcome::kExpired;
  }
};

TEST_F(LoginBrokerAnswerTest, ScanRecordsTheScannerWritesNoUserAndWakesThePoll) {
  NewLogin login = Create();
  absl::StatusOr<storage::PendingLogin> scanned = h_.broker->Scan(login.login_token, Ada());
  ASSERT_TRUE(scanned.ok()) << scanned.status();
  EXPECT_EQ(scanned->state, storage::LoginState::kScanned);
  EXPECT_EQ(scanned->user->profile, Ada());
  EXPECT_TRUE(scanned->user->user_id.empty());
  EXPECT_TRUE(absl::IsNotFound(h_.users.FindByTelegramId(Ada().telegram_id).status()));
  EXPECT_THAT(h_.published, ElementsAre(LoginBroker::LoginKey(login.login_token)));
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token)->state, PollState::kScanned);
}

TEST_F(LoginBrokerAnswerTest, PollOfAScannedLoginNamesTheScanner) {
  NewLogin login = Create();
  ASSERT_TRUE(h_.broker->Scan(login.login_token, Ada()).ok());
  absl::StatusOr<PollOutcome> polled = h_.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(polled.ok()) << polled.status();
  EXPECT_EQ(polled->state, PollState::kScanned);
  EXPECT_EQ(polled->scanned_by, Ada());
  EXPECT_FALSE(polled->user.has_value());
}

TEST_F(LoginBrokerAnswerTest, ScanByAnotherAccountOfAScannedLoginIsRefused) {
  NewLogin login = Create();
  ScannedKey(login);
  storage::TelegramProfile mallory = Ada();
  mallory.telegram_id = 666;
  EXPECT_EQ(h_.broker->Scan(login.login_token, mallory).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(LoginBrokerAnswerTest, ConfirmByTheScannerConfirmsAndRedemptionWritesTheUser) {
  NewLogin login = Create();
  EXPECT_EQ(Answer(ScannedKey(login), {.kind = LoginAnswer::kConfirm}), AnswerOutcome::kConfirmed);
  EXPECT_TRUE(absl::IsNotFound(h_.users.FindByTelegramId(Ada().telegram_id).status()));
  absl::StatusOr<PollOutcome> outcome = h_.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->state, PollState::kConfirmed);
  EXPECT_FALSE(outcome->user->user_id.empty());
}

TEST_F(LoginBrokerAnswerTest, ConfirmationInTheBotCarriesTheTierIntoTheSession) {
  h_.Subscribe(Ada(), {.tier = "Premium"});
  NewLogin login = Create();
  EXPECT_EQ(Answer(ScannedKey(login), {.kind = LoginAnswer::kConfirm}), AnswerOutcome::kConfirmed);
  absl::StatusOr<PollOutcome> outcome = h_.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->user->subscription.tier, "Premium");
  EXPECT_EQ(h_.validator->Validate(outcome->session->access_token)->subscription_tier, "Premium");
}

TEST_F(LoginBrokerAnswerTest, AnswerToAPendingLoginIsNotTheScanners) {
  NewLogin login = Create();  // Nobody scanned it: a forged button.
  EXPECT_EQ(Answer(LoginBroker::LoginKey(login.login_token), {.kind = LoginAnswer::kConfirm}),
            AnswerOutcome::kNotScanner);
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token)->state, PollState::kPending);
}

TEST_F(LoginBrokerAnswerTest, AnswerOfAnUnknownLoginSaysExpired) {
  EXPECT_EQ(Answer(std::string(64, 'a'), {.kind = LoginAnswer::kConfirm}), AnswerOutcome::kExpired);
}

TEST_F(LoginBrokerAnswerTest, StoreOutageChangesNothing) {
  NewLogin login = Create();
  const std::string key = ScannedKey(login);
  h_.logins.FailNextCalls(absl::UnavailableError("redis unavailable"), 1);
  EXPECT_EQ(h_.broker->Answer(key, Ada(), {.kind = LoginAnswer::kDeny}).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(h_.broker->Poll(login.login_token, login.poll_token)->state, PollState::kScanned);
}

TEST_F(LoginBrokerAnswerTest, ConcurrentPressesDecideTheLoginOnce) {
  for (int round = 0; round < 20; ++round) {
    NewLogin login = Create();
    const std::string key = ScannedKey(login);
    std::vector<AnswerOutcome> outcomes(4);
    std::vector<std::thread> presses;
    for (int i = 0; i < 4; ++i) {
      presses.emplace_back([&, i] {
        const LoginAnswer answer{.kind = i % 2 ? LoginAnswer::kDeny : LoginAnswer::kConfirm};
        outcomes[i] = h_.broker->Answer(key, Ada(), answer)->outcome;
      });
    }
    for (auto& press : presses) press.join();
    const int decided = std::count(outcomes.begin(), outcomes.end(), AnswerOutcome::kConfirmed) +
                        std::count(outcomes.begin(), outcomes.end(), AnswerOutcome::kDenied);
    EXPECT_EQ(decided, 1) << "round " << round;
    const PollState state = h_.broker->Poll(login.login_token, login.poll_token)->state;
    const AnswerOutcome already = state == PollState::kConfirmed ? AnswerOutcome::kAlreadyConfirmed
                                                                 : AnswerOutcome::kAlreadyDenied;
    EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), already), 3) << "round " << round;
  }
}

TEST_F(LoginBrokerAnswerTest, CreateKeepsAKnownTimeZoneAndDropsAnUnknownOne) {
  absl::StatusOr<NewLogin> berlin = h_.broker->Create({.time_zone = "Europe/Berlin"});
  absl::StatusOr<NewLogin> mars = h_.broker->Create({.time_zone = "Mars/Olympus_Mons"});
  ASSERT_TRUE(berlin.ok() && mars.ok());
  EXPECT_EQ(h_.logins.Get(LoginBroker::LoginKey(berlin->login_token))->device.time_zone,
            "Europe/Berlin");
  EXPECT_EQ(h_.logins.Get(LoginBroker::LoginKey(mars->login_token))->device.time_zone, "");
  EXPECT_EQ(h_.broker->Create({.time_zone = "/etc/passwd"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(berlin->match_code.empty());  // Match codes are off by default.
}

TEST(LoginBrokerMatchCodeTest, CreateStoresTheCodeItReturns) {
  LoginOptions options = testing::TestLoginOptions();
  options.match_code = true;
  testing::LoginTestHarness h(options);
  absl::StatusOr<NewLogin> login = h.broker->Create({});
  ASSERT_TRUE(login.ok()) << login.status();
  EXPECT_EQ(login->match_code.size(), 2u);
  EXPECT_EQ(h.logins.Get(LoginBroker::LoginKey(login->login_token))->match_code, login->match_code);
}

TEST(LoginBrokerMatchCodeTest, CreateDrawsTheDecoysOnceAndStoresThemWithTheLogin) {
  LoginOptions options = testing::TestLoginOptions();
  options.match_code = true;
  testing::LoginTestHarness h(options);
  absl::StatusOr<NewLogin> login = h.broker->Create({});
  ASSERT_TRUE(login.ok()) << login.status();
  const std::vector<std::string> choices =
      h.logins.Get(LoginBroker::LoginKey(login->login_token))->match_code_choices;
  EXPECT_THAT(choices, ::testing::SizeIs(kMatchCodeChoices));
  EXPECT_THAT(choices, ::testing::Contains(login->match_code));
}

}  // namespace
}  // namespace tgauth
