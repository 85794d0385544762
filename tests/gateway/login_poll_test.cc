// Long polls parked in the gateway (gateway/login_poll.h), through the real
// router and HTTP server against a fake AuthService whose
// WatchLoginChanges stream the test drives: a poll asks without waiting,
// parks, and asks again when the stream names its login, at its deadline,
// or at the login's expiry; it moves to the server when the stream ends;
// and it asks again, a bounded number of times, when the server is
// unavailable.
#include "gateway/login_poll.h"

#include <google/protobuf/util/time_util.h>

#include <future>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/secure_token.h"
#include "tests/gateway/gateway_fixture.h"

namespace tgauth::gateway {
namespace {

using ::testing::SizeIs;

const std::string kLoginToken(43, 'L');
const std::string kPollToken(43, 'P');

// What a killed replica's calls end with, as the gateway's channel sees it.
const grpc::Status kUnavailable(grpc::StatusCode::UNAVAILABLE, "Socket closed");

tgauth::v1::AwaitLoginResponse Pending() {
  return FromText<tgauth::v1::AwaitLoginResponse>("state: LOGIN_STATE_PENDING");
}

tgauth::v1::AwaitLoginResponse Confirmed() {
  return FromText<tgauth::v1::AwaitLoginResponse>(
      "state: LOGIN_STATE_CONFIRMED user { id: \"u1\" }");
}

const std::string kConfirmedJson = R"({"state": "LOGIN_STATE_CONFIRMED", "user": {"id": "u1"}})";

tgauth::v1::LoginChanges Changed(const std::string& login_token) {
  tgauth::v1::LoginChanges changes;
  changes.add_login_keys(Sha256Hex(login_token));
  return changes;
}

class LoginPollTest : public GatewayFixture {
 protected:
  void SetUp() override {
    fake_.login_changes.Enable();
    GatewayFixture::SetUp();
    AwaitConnected();
    fake_.await_login.Answer(grpc::Status::OK, Pending());
  }

  void AwaitConnected() {
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    while (!router_->login_changes().connected() && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    ASSERT_TRUE(router_->login_changes().connected());
  }

  // A poll of `login_token` with `query`, answered on another thread.
  std::future<TestResponse> StartPoll(std::string query,
                                      const std::string& login_token = kLoginToken) {
    return std::async(std::launch::async, [this, query, login_token] {
      return Get(absl::StrCat("/v1/logins/", login_token, query),
                 {{"Authorization", absl::StrCat("Bearer ", kPollToken)}});
    });
  }

  // Until the server has been asked `count` times.
  void AwaitCalls(size_t count) {
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    while (fake_.await_login.calls().size() < count && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(2));
    }
    ASSERT_THAT(fake_.await_login.calls(), SizeIs(count));
  }
};

TEST_F(LoginPollTest, APollAsksWithoutWaitingParksAndAnswersWhenItsLoginChanges) {
  std::future<TestResponse> poll = StartPoll("?wait=20");
  AwaitCalls(1);
  EXPECT_EQ(fake_.await_login.calls()[0].request.wait_seconds(), 0);
  EXPECT_EQ(fake_.await_login.calls()[0].request.poll_token(), kPollToken);
  // Another login's change does not wake it.
  fake_.login_changes.Push(Changed(std::string(43, 'X')));
  EXPECT_EQ(poll.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  EXPECT_THAT(fake_.await_login.calls(), SizeIs(1));

  fake_.await_login.Answer(grpc::Status::OK,
                           FromText<tgauth::v1::AwaitLoginResponse>("state: LOGIN_STATE_SCANNED"));
  fake_.login_changes.Push(Changed(kLoginToken));
  TestResponse response = poll.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq(std::string(R"({"state": "LOGIN_STATE_SCANNED"})")));
  ASSERT_THAT(fake_.await_login.calls(), SizeIs(2));
  EXPECT_EQ(fake_.await_login.calls()[1].request.wait_seconds(), 0);
}

TEST_F(LoginPollTest, AChangeToTheStateTheBrowserKnowsKeepsThePollParked) {
  fake_.await_login.Answer(grpc::Status::OK,
                           FromText<tgauth::v1::AwaitLoginResponse>("state: LOGIN_STATE_SCANNED"));
  std::future<TestResponse> poll = StartPoll("?wait=20&known_state=LOGIN_STATE_SCANNED");
  AwaitCalls(1);
  fake_.login_changes.Push(Changed(kLoginToken));  // Still SCANNED when asked.
  AwaitCalls(2);
  EXPECT_EQ(poll.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);

  fake_.await_login.Answer(grpc::Status::OK, Confirmed());
  tgauth::v1::LoginChanges resync;
  resync.set_resync(true);
  fake_.login_changes.Push(resync);  // Changes may have been missed: all re-check.
  EXPECT_THAT(poll.get().body, JsonEq(kConfirmedJson));
}

TEST_F(LoginPollTest, AtItsDeadlineAPollAsksOnceMoreAndAnswers) {
  std::future<TestResponse> poll = StartPoll("?wait=1");
  TestResponse response = poll.get();
  EXPECT_THAT(response.body, JsonEq(std::string(R"({"state": "LOGIN_STATE_PENDING"})")));
  ASSERT_THAT(fake_.await_login.calls(), SizeIs(2));
  EXPECT_EQ(fake_.await_login.calls()[1].request.wait_seconds(), 0);
}

TEST_F(LoginPollTest, ALoginThatExpiresWithinTheWaitWakesItsPollThen) {
  tgauth::v1::AwaitLoginResponse pending = Pending();
  *pending.mutable_expires_at() = google::protobuf::util::TimeUtil::MillisecondsToTimestamp(
      absl::ToUnixMillis(absl::Now() + absl::Seconds(1)));
  fake_.await_login.Answer(grpc::Status::OK, pending);
  const absl::Time start = absl::Now();
  std::future<TestResponse> poll = StartPoll("?wait=20");
  // The first answer tells the expiry: the poll parks again, to wake then.
  AwaitCalls(2);
  fake_.await_login.Answer(grpc::Status::OK,
                           FromText<tgauth::v1::AwaitLoginResponse>("state: LOGIN_STATE_EXPIRED"));
  EXPECT_THAT(poll.get().body, JsonEq(std::string(R"({"state": "LOGIN_STATE_EXPIRED"})")));
  EXPECT_THAT(fake_.await_login.calls(), SizeIs(3));
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
}

TEST_F(LoginPollTest, WhenTheStreamEndsParkedPollsWaitInTheServer) {
  std::future<TestResponse> poll = StartPoll("?wait=20");
  AwaitCalls(1);
  fake_.login_changes.EndAll(grpc::Status(grpc::StatusCode::UNAVAILABLE, "shutting down"));
  AwaitCalls(2);
  const auto calls = fake_.await_login.calls();
  EXPECT_GE(calls[1].request.wait_seconds(), 19);
  EXPECT_LE(calls[1].request.wait_seconds(), 20);
  // The fake answers at once; the server would have waited, so it answers.
  EXPECT_THAT(poll.get().body, JsonEq(std::string(R"({"state": "LOGIN_STATE_PENDING"})")));
  // And the gateway watches again.
  ASSERT_TRUE(fake_.login_changes.AwaitOpen(1, absl::Seconds(10)));
}

TEST_F(LoginPollTest, AnUnavailableServerIsAskedAgainAndThePollAnswersWithTheRetry) {
  fake_.await_login.AnswerNext(kUnavailable);
  fake_.await_login.Answer(grpc::Status::OK, Confirmed());
  TestResponse response = StartPoll("?wait=20").get();
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq(kConfirmedJson));
  const auto calls = fake_.await_login.calls();
  ASSERT_THAT(calls, SizeIs(2));
  EXPECT_EQ(calls[1].request.wait_seconds(), 0);  // Changes are heard: it parks again.
  EXPECT_EQ(calls[1].request.poll_token(), kPollToken);
}

// The replica failover of tests/faults/replica_failover_test.cc: the
// stream's replica is killed, so the parked poll moves to waiting in a
// server, and the first replica it is sent to is the killed one.
TEST_F(LoginPollTest, APollMovedToTheServerAsksAnotherReplicaForTheRestOfItsWait) {
  std::future<TestResponse> poll = StartPoll("?wait=20");
  AwaitCalls(1);
  fake_.await_login.AnswerNext(kUnavailable);
  fake_.await_login.Answer(grpc::Status::OK, Confirmed());
  fake_.login_changes.Disable();  // The stream stays down.
  fake_.login_changes.EndAll(kUnavailable);
  TestResponse response = poll.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq(kConfirmedJson));
  const auto calls = fake_.await_login.calls();
  ASSERT_THAT(calls, SizeIs(3));
  EXPECT_GE(calls[2].request.wait_seconds(), 19);
  EXPECT_LE(calls[2].request.wait_seconds(), calls[1].request.wait_seconds());
  EXPECT_GE(calls[2].deadline_in, absl::Seconds(19) + kAwaitSlack - absl::Seconds(1));
}

TEST_F(LoginPollTest, AServerThatStaysUnavailableIsAskedABoundedNumberOfTimes) {
  fake_.await_login.Answer(kUnavailable);
  const absl::Time start = absl::Now();
  TestResponse response = StartPoll("?wait=20").get();
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(ErrorCode(response), static_cast<int>(grpc::StatusCode::UNAVAILABLE));
  EXPECT_THAT(fake_.await_login.calls(), SizeIs(1 + kAwaitRetries));
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));  // Quick re-asks, not the whole wait.
}

TEST_F(LoginPollTest, ErrorsOtherThanUnavailableAreNotAskedAgain) {
  for (grpc::StatusCode code :
       {grpc::StatusCode::NOT_FOUND, grpc::StatusCode::FAILED_PRECONDITION,
        grpc::StatusCode::DEADLINE_EXCEEDED, grpc::StatusCode::INTERNAL}) {
    SCOPED_TRACE(code);
    const size_t before = fake_.await_login.calls().size();
    fake_.await_login.Answer(grpc::Status(code, "refused"));
    TestResponse response = StartPoll("?wait=20").get();
    EXPECT_EQ(ErrorCode(response), static_cast<int>(code));
    EXPECT_THAT(fake_.await_login.calls(), SizeIs(before + 1));
  }
}

TEST_F(LoginPollTest, TheLastCheckAtTheDeadlineIsNotAskedAgain) {
  std::future<TestResponse> poll = StartPoll("?wait=1");
  AwaitCalls(1);
  fake_.await_login.Answer(kUnavailable);
  TestResponse response = poll.get();
  EXPECT_EQ(response.status, 503);
  EXPECT_THAT(fake_.await_login.calls(), SizeIs(2));
}

TEST_F(LoginPollTest, ALoginHoldsAtMostEightParkedPolls) {
  std::vector<std::future<TestResponse>> polls;
  for (int i = 0; i < kDefaultMaxPollsPerLogin; ++i) polls.push_back(StartPoll("?wait=20"));
  AwaitCalls(kDefaultMaxPollsPerLogin);
  TestResponse refused = StartPoll("?wait=20").get();
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(ErrorCode(refused), 8);
  EXPECT_THAT(fake_.await_login.calls(), SizeIs(kDefaultMaxPollsPerLogin));
  // A poll that answers gives its place back.
  fake_.await_login.Answer(grpc::Status::OK,
                           FromText<tgauth::v1::AwaitLoginResponse>("state: LOGIN_STATE_DENIED"));
  fake_.login_changes.Push(Changed(kLoginToken));
  for (auto& poll : polls) EXPECT_EQ(poll.get().status, 200);
  EXPECT_EQ(StartPoll("?wait=20").get().status, 200);
}

}  // namespace
}  // namespace tgauth::gateway
