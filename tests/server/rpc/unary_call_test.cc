// unary_call.h on a real in-process gRPC server (port 0): where a handler
// runs, and that AsUser and AsOperator finish a call they refuse without
// running its handler.
#include "server/rpc/unary_call.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "server/rpc/caller_auth.h"
#include "server/rpc/executor.h"
#include "server/rpc/operator_credentials.h"
#include "tests/server/session/session_test_harness.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth {
namespace {

constexpr char kAdminToken[] = "adm1n-t0ken-that-is-long-enough-for-the-check";

OperatorCredentials Operators() {
  OperatorCredentials operators;
  EXPECT_TRUE(operators.AddToken("alice", kAdminToken).ok());
  return operators;
}

// Handlers that record how they were called.
class RecordingHandler {
 public:
  absl::Status GetMe(const AccessTokenClaims& caller, const v1::GetMeRequest& request,
                     v1::GetMeResponse* response) {
    Record();
    response->mutable_user()->set_id(caller.user_id);
    return absl::OkStatus();
  }

  absl::Status GetJwks(const v1::GetJwksRequest& request, v1::GetJwksResponse* response) {
    Record();
    return absl::NotFoundError("no such key");
  }

  absl::Status ListInviteCodes(const Operator& caller, const v1::ListInviteCodesRequest& request,
                               v1::ListInviteCodesResponse* response) {
    Record();
    return absl::OkStatus();
  }

  int calls() const { return calls_; }
  std::thread::id last_thread() const { return last_thread_; }

 private:
  void Record() {
    last_thread_ = std::this_thread::get_id();
    ++calls_;
  }

  std::atomic<int> calls_ = 0;
  std::atomic<std::thread::id> last_thread_;
};

// GetMe as a user's RPC on the executor, GetJwks inline.
class TestAuthService final : public v1::AuthService::CallbackService {
 public:
  TestAuthService(const AccessTokenValidator& validator, Executor& executor,
                  RecordingHandler& handler)
      : validator_(validator), executor_(executor), handler_(handler) {}

  grpc::ServerUnaryReactor* GetMe(grpc::CallbackServerContext* context,
                                  const v1::GetMeRequest* request,
                                  v1::GetMeResponse* response) override {
    return Unary(context, executor_, request, response,
                 AsUser(validator_, handler_, &RecordingHandler::GetMe));
  }

  grpc::ServerUnaryReactor* GetJwks(grpc::CallbackServerContext* context,
                                    const v1::GetJwksRequest* request,
                                    v1::GetJwksResponse* response) override {
    grpc::ServerUnaryReactor* reactor =
        Inline(context, request, response, handler_, &RecordingHandler::GetJwks);
    ran_before_return_ = handler_.calls() == 1;
    return reactor;
  }

  bool ran_before_return() const { return ran_before_return_; }

 private:
  const AccessTokenValidator& validator_;
  Executor& executor_;
  RecordingHandler& handler_;
  std::atomic<bool> ran_before_return_ = false;
};

// ListInviteCodes as an operator's RPC on the executor.
class TestAdminService final : public v1::AdminService::CallbackService {
 public:
  TestAdminService(const OperatorCredentials& credentials, Executor& executor,
                   RecordingHandler& handler)
      : credentials_(credentials), executor_(executor), handler_(handler) {}

  grpc::ServerUnaryReactor* ListInviteCodes(grpc::CallbackServerContext* context,
                                            const v1::ListInviteCodesRequest* request,
                                            v1::ListInviteCodesResponse* response) override {
    return Unary(context, executor_, request, response,
                 AsOperator(credentials_, handler_, &RecordingHandler::ListInviteCodes));
  }

 private:
  const OperatorCredentials& credentials_;
  Executor& executor_;
  RecordingHandler& handler_;
};

class UnaryCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&auth_);
    builder.RegisterService(&admin_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    auto channel =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
    auth_stub_ = v1::AuthService::NewStub(channel);
    admin_stub_ = v1::AdminService::NewStub(channel);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  // The id of the executor's one thread.
  std::thread::id ExecutorThread() {
    std::thread::id id;
    absl::Notification done;
    EXPECT_TRUE(executor_
                    .Post([&] {
                      id = std::this_thread::get_id();
                      done.Notify();
                    })
                    .ok());
    done.WaitForNotification();
    return id;
  }

  // Occupies the executor's one thread until `release` is notified.
  void BlockExecutor(absl::Notification& release) {
    absl::Notification started;
    ASSERT_TRUE(executor_
                    .Post([&] {
                      started.Notify();
                      release.WaitForNotification();
                    })
                    .ok());
    started.WaitForNotification();
  }

  // Returns once the executor has run everything queued before: the worker
  // drains a released queue on its own time, so a post may be refused at
  // first.
  void AwaitRoomInTheQueue() {
    absl::Notification done;
    while (!executor_.Post([&] { done.Notify(); }).ok()) absl::SleepFor(absl::Milliseconds(1));
    done.WaitForNotification();
  }

  grpc::Status GetMe(const IssuedSession& session, absl::Duration deadline = absl::Seconds(30)) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + session.access_token);
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    v1::GetMeResponse response;
    return auth_stub_->GetMe(&context, {}, &response);
  }

  static constexpr int kMaxQueued = 2;
  testing::SessionTestHarness h_;
  Executor executor_{1, kMaxQueued};
  RecordingHandler handler_;
  OperatorCredentials credentials_ = Operators();
  TestAuthService auth_{*h_.validator, executor_, handler_};
  TestAdminService admin_{credentials_, executor_, handler_};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::AuthService::Stub> auth_stub_;
  std::unique_ptr<v1::AdminService::Stub> admin_stub_;
};

TEST_F(UnaryCallTest, AsUserWithoutAnAccessTokenFinishesWithoutRunningTheHandler) {
  grpc::ClientContext context;
  v1::GetMeResponse response;
  grpc::Status status = auth_stub_->GetMe(&context, {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(),
            "missing access token: send metadata \"authorization: Bearer <access token>\"");
  EXPECT_EQ(handler_.calls(), 0);
}

TEST_F(UnaryCallTest, AsUserHandsTheCallersClaimsToTheHandlerOnTheExecutor) {
  const IssuedSession session = h_.SignIn();
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + session.access_token);
  v1::GetMeResponse response;
  grpc::Status status = auth_stub_->GetMe(&context, {}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.user().id(), h_.validator->Validate(session.access_token)->user_id);
  EXPECT_EQ(handler_.calls(), 1);
  EXPECT_EQ(handler_.last_thread(), ExecutorThread());
}

TEST_F(UnaryCallTest, AsOperatorWithAWrongTokenFinishesWithoutRunningTheHandler) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer not-the-admin-token");
  v1::ListInviteCodesResponse response;
  grpc::Status status = admin_stub_->ListInviteCodes(&context, {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), "operator token is not valid");
  EXPECT_EQ(handler_.calls(), 0);
}

TEST_F(UnaryCallTest, AsOperatorRunsTheHandlerForTheAdminToken) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
  v1::ListInviteCodesResponse response;
  grpc::Status status = admin_stub_->ListInviteCodes(&context, {}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(handler_.calls(), 1);
}

TEST_F(UnaryCallTest, InlineRunsTheHandlerBeforeReturningAndFinishesWithItsStatus) {
  grpc::ClientContext context;
  v1::GetJwksResponse response;
  grpc::Status status = auth_stub_->GetJwks(&context, {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "no such key");
  EXPECT_TRUE(auth_.ran_before_return());
}

TEST_F(UnaryCallTest, QueuedCallWhoseDeadlinePassesNeverReachesTheHandler) {
  const IssuedSession session = h_.SignIn();
  absl::Notification release;
  BlockExecutor(release);
  grpc::Status status = GetMe(session, absl::Milliseconds(200));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server's copy of the deadline counts from when the call arrived, a
  // little after the client started its own: let it pass too.
  absl::SleepFor(absl::Milliseconds(100));
  release.Notify();
  ExecutorThread();  // Queued after the call: the call has had its turn.
  EXPECT_EQ(handler_.calls(), 0);
}

TEST_F(UnaryCallTest, CallBeyondAFullQueueIsRefusedAtOnce) {
  const IssuedSession session = h_.SignIn();
  absl::Notification release;
  BlockExecutor(release);
  for (int i = 0; i < kMaxQueued; ++i) ASSERT_TRUE(executor_.Post([] {}).ok());
  grpc::Status status = GetMe(session);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(status.error_message(),
            "server busy: 2 calls are waiting for a worker thread; retry later");
  release.Notify();
  AwaitRoomInTheQueue();
  EXPECT_TRUE(GetMe(session).ok());
  EXPECT_EQ(handler_.calls(), 1);
}

}  // namespace
}  // namespace tgauth
