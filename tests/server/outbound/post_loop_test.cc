// PostLoop against a real loopback HTTP server (tests/fixtures).
#include "server/outbound/post_loop.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/real_clock.h"
#include "tests/fixtures/scripted_http_server.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PostLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<PostLoop>> loop = PostLoop::Create(clock_, "the test loop");
    ASSERT_TRUE(loop.ok()) << loop.status();
    loop_ = *std::move(loop);
  }

  // Starts the loop with a turn that sends each of `posts` once.
  void StartSending(std::vector<PostLoop::Post> posts) {
    ASSERT_TRUE(loop_
                    ->Start([this, posts = std::move(posts), sent = false](absl::Time) mutable {
                      if (!sent) {
                        sent = true;
                        for (PostLoop::Post& post : posts) {
                          loop_->Send(std::move(post), [this](PostLoop::Outcome outcome) {
                            absl::MutexLock lock(&mu_);
                            outcomes_.push_back(std::move(outcome));
                          });
                        }
                      }
                      return absl::Seconds(1);
                    })
                    .ok());
  }

  std::vector<PostLoop::Outcome> AwaitOutcomes(size_t count) {
    absl::MutexLock lock(&mu_);
    auto arrived = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return outcomes_.size() >= count; };
    EXPECT_TRUE(mu_.AwaitWithTimeout(absl::Condition(&arrived), absl::Seconds(10)));
    return outcomes_;
  }

  RealClock clock_;
  std::unique_ptr<PostLoop> loop_;
  absl::Mutex mu_;
  std::vector<PostLoop::Outcome> outcomes_ ABSL_GUARDED_BY(mu_);
};

TEST_F(PostLoopTest, PostsBodyAndHeadersAndKeepsAtMostTheAskedPartOfTheAnswer) {
  fixtures::ScriptedRequest seen;
  auto server = fixtures::ScriptedHttpServer::Start([&](fixtures::ScriptedRequest request) {
    seen = request;
    return fixtures::ScriptedResponse{.status = 429, .body = "0123456789"};
  });
  ASSERT_TRUE(server.ok());
  StartSending({{.url = absl::StrCat("http://127.0.0.1:", (*server)->port(), "/bot1:x/send"),
                 .headers = {"Content-Type: application/json", "X-Test: 1"},
                 .body = R"({"a":1})",
                 .max_response_bytes = 4}});
  std::vector<PostLoop::Outcome> outcomes = AwaitOutcomes(1);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].error, "");
  EXPECT_EQ(outcomes[0].http_status, 429);
  EXPECT_EQ(outcomes[0].response, "0123");
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/bot1:x/send");
  EXPECT_EQ(seen.body, R"({"a":1})");
  EXPECT_EQ(seen.headers["x-test"], "1");
  EXPECT_EQ(seen.headers["user-agent"], "tgauth");
  EXPECT_EQ(seen.headers.count("expect"), 0u) << "no 100-continue wait";
}

TEST_F(PostLoopTest, AFailedConnectionIsAnErrorThatDoesNotNameTheUrl) {
  StartSending({{.url = "http://127.0.0.1:9/bot123:secret-token/sendMessage",
                 .connect_timeout = absl::Seconds(2)}});
  std::vector<PostLoop::Outcome> outcomes = AwaitOutcomes(1);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_THAT(outcomes[0].error, Not(::testing::IsEmpty()));
  EXPECT_THAT(outcomes[0].error, Not(HasSubstr("secret-token")));
  EXPECT_EQ(outcomes[0].http_status, 0);
}

TEST_F(PostLoopTest, StartsOnceAndStopsWithATransferStillRunning) {
  auto server = fixtures::ScriptedHttpServer::Start([](fixtures::ScriptedRequest) {
    return fixtures::ScriptedResponse{.latency = absl::Seconds(30)};
  });
  ASSERT_TRUE(server.ok());
  StartSending({{.url = absl::StrCat("http://127.0.0.1:", (*server)->port(), "/slow")}});
  EXPECT_EQ(loop_->Start([](absl::Time) { return absl::Seconds(1); }).code(),
            absl::StatusCode::kFailedPrecondition);
  const absl::Time stopping = absl::Now();
  loop_->Stop();
  loop_.reset();
  EXPECT_LT(absl::Now() - stopping, absl::Seconds(5));
  absl::MutexLock lock(&mu_);
  EXPECT_TRUE(outcomes_.empty()) << "an abandoned transfer's Done is not called";
}

}  // namespace
}  // namespace tgauth
