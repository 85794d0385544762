// rpc_access_log.h on a real in-process gRPC server (port 0): one line per
// call naming its method, code, caller kind and request id, which also
// reaches the lines the handler writes (call_log_scope.h).
#include "server/rpc/rpc_access_log.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "common/shared_secret.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/rpc/executor.h"
#include "server/rpc/operator_credentials.h"
#include "server/rpc/unary_call.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kGatewayToken[] = "gateway-token-that-is-long-enough-0123456789";
constexpr char kAliceToken[] = "alice-operator-token-long-enough-0123456789";

// One operator, alice.
OperatorCredentials Alice() {
  OperatorCredentials operators;
  EXPECT_TRUE(operators.AddToken("alice", kAliceToken).ok());
  return operators;
}

class LoggingHandler {
 public:
  absl::Status GetJwks(const v1::GetJwksRequest& request, v1::GetJwksResponse* response) {
    LogWarning("handler ran");
    return absl::NotFoundError("no such key");
  }
  absl::Status ListInviteCodes(const v1::ListInviteCodesRequest& request,
                               v1::ListInviteCodesResponse* response) {
    return absl::OkStatus();
  }
};

class TestAuthService final : public v1::AuthService::CallbackService {
 public:
  TestAuthService(Executor& executor, LoggingHandler& handler)
      : executor_(executor), handler_(handler) {}
  grpc::ServerUnaryReactor* GetJwks(grpc::CallbackServerContext* context,
                                    const v1::GetJwksRequest* request,
                                    v1::GetJwksResponse* response) override {
    return Unary(context, executor_, request, response, handler_, &LoggingHandler::GetJwks);
  }

 private:
  Executor& executor_;
  LoggingHandler& handler_;
};

class TestAdminService final : public v1::AdminService::CallbackService {
 public:
  explicit TestAdminService(LoggingHandler& handler) : handler_(handler) {}
  grpc::ServerUnaryReactor* ListInviteCodes(grpc::CallbackServerContext* context,
                                            const v1::ListInviteCodesRequest* request,
                                            v1::ListInviteCodesResponse* response) override {
    return Inline(context, request, response, handler_, &LoggingHandler::ListInviteCodes);
  }

 private:
  LoggingHandler& handler_;
};

// The lines of `output` whose msg is `message`, parsed.
std::vector<google::protobuf::Struct> LinesSaying(const std::string& output,
                                                  absl::string_view message) {
  std::vector<google::protobuf::Struct> lines;
  for (absl::string_view line : absl::StrSplit(output, '\n', absl::SkipEmpty())) {
    google::protobuf::Struct object;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &object).ok())
        << line;
    if (object.fields().at("msg").string_value() == message) lines.push_back(object);
  }
  return lines;
}

std::string Text(const google::protobuf::Struct& line, const std::string& key) {
  auto found = line.fields().find(key);
  return found == line.fields().end() ? "<absent>" : found->second.string_value();
}

class RpcAccessLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&auth_);
    builder.RegisterService(&admin_);
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors;
    interceptors.push_back(RpcAccessLog(gateway_token_, operators_));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    auto channel =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
    auth_stub_ = v1::AuthService::NewStub(channel);
    admin_stub_ = v1::AdminService::NewStub(channel);
  }

  void TearDown() override { server_->Shutdown(); }

  // GetJwks with `metadata`; what the server wrote meanwhile.
  std::string CallGetJwks(const std::vector<std::pair<std::string, std::string>>& metadata) {
    grpc::ClientContext context;
    for (const auto& [key, value] : metadata) context.AddMetadata(key, value);
    v1::GetJwksResponse response;
    ::testing::internal::CaptureStderr();
    const grpc::Status status = auth_stub_->GetJwks(&context, v1::GetJwksRequest(), &response);
    std::string output = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    return output;
  }

  SharedSecret gateway_token_{kGatewayToken};
  OperatorCredentials operators_ = Alice();
  Executor executor_{2, 8};
  LoggingHandler handler_;
  TestAuthService auth_{executor_, handler_};
  TestAdminService admin_{handler_};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::AuthService::Stub> auth_stub_;
  std::unique_ptr<v1::AdminService::Stub> admin_stub_;
};

TEST_F(RpcAccessLogTest, OneLineNamesMethodCodeCallerAndRequestId) {
  const std::string output =
      CallGetJwks({{"x-request-id", "r-1"}, {"x-tgauth-gateway-token", kGatewayToken}});
  std::vector<google::protobuf::Struct> lines = LinesSaying(output, "rpc");
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(Text(lines[0], "grpc_method"), "/tgauth.v1.AuthService/GetJwks");
  EXPECT_EQ(Text(lines[0], "grpc_code"), "NOT_FOUND");
  EXPECT_EQ(Text(lines[0], "caller"), "gateway");
  EXPECT_EQ(Text(lines[0], "request_id"), "r-1");
  EXPECT_GE(lines[0].fields().at("duration_ms").number_value(), 0);
  EXPECT_THAT(output, Not(HasSubstr(kGatewayToken)));
}

TEST_F(RpcAccessLogTest, LinesTheHandlerWritesCarryTheRequestId) {
  const std::string output = CallGetJwks({{"x-request-id", "r-2"}});
  std::vector<google::protobuf::Struct> lines = LinesSaying(output, "handler ran");
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(Text(lines[0], "request_id"), "r-2");
}

TEST_F(RpcAccessLogTest, AnInvalidOrMissingRequestIdIsLeftOut) {
  for (const std::string& id : {std::string("bad id"), std::string(65, 'a')}) {
    std::vector<google::protobuf::Struct> lines =
        LinesSaying(CallGetJwks({{"x-request-id", id}}), "rpc");
    ASSERT_THAT(lines, SizeIs(1));
    EXPECT_EQ(Text(lines[0], "request_id"), "<absent>");
  }
  std::vector<google::protobuf::Struct> lines = LinesSaying(CallGetJwks({}), "handler ran");
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(Text(lines[0], "request_id"), "<absent>");
}

TEST_F(RpcAccessLogTest, TheCallerIsNamedByTheCredentialNeverByItsValue) {
  std::string output = CallGetJwks({{"authorization", "Bearer user-access-token"}});
  EXPECT_EQ(Text(LinesSaying(output, "rpc").at(0), "caller"), "user");
  EXPECT_THAT(output, Not(HasSubstr("user-access-token")));

  output = CallGetJwks({{"x-tgauth-gateway-token", "a-wrong-gateway-token-0123456789abcdef"}});
  EXPECT_EQ(Text(LinesSaying(output, "rpc").at(0), "caller"), "anonymous");
  EXPECT_THAT(output, Not(HasSubstr("a-wrong-gateway-token")));

  output = CallGetJwks({{"x-telegram-bot-api-secret-token", "webhook-secret-value"}});
  EXPECT_EQ(Text(LinesSaying(output, "rpc").at(0), "caller"), "telegram");
  EXPECT_THAT(output, Not(HasSubstr("webhook-secret-value")));

  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer admin-token-value");
  v1::ListInviteCodesResponse response;
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(admin_stub_->ListInviteCodes(&context, {}, &response).ok());
  output = ::testing::internal::GetCapturedStderr();
  std::vector<google::protobuf::Struct> lines = LinesSaying(output, "rpc");
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(Text(lines[0], "caller"), "operator");
  EXPECT_EQ(Text(lines[0], "grpc_code"), "OK");
  EXPECT_THAT(output, Not(HasSubstr("admin-token-value")));
  EXPECT_EQ(Text(lines[0], "operator"), "<absent>");  // No operator holds that token.
}

TEST_F(RpcAccessLogTest, AnAdminCallNamesTheOperatorWhoseTokenItPresented) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kAliceToken));
  v1::ListInviteCodesResponse response;
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(admin_stub_->ListInviteCodes(&context, {}, &response).ok());
  const std::string output = ::testing::internal::GetCapturedStderr();
  std::vector<google::protobuf::Struct> lines = LinesSaying(output, "rpc");
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(Text(lines[0], "caller"), "operator");
  EXPECT_EQ(Text(lines[0], "operator"), "alice");
  EXPECT_THAT(output, Not(HasSubstr(kAliceToken)));
}

}  // namespace
}  // namespace tgauth
