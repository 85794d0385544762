// AuthService.WatchLoginChanges over a real in-process gRPC server: a
// gateway hears of every login that changes, by key and never by token,
// only with the gateway token, and the stream ends when the server closes.
#include "server/rpc/watch_login_changes_call.h"

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "common/secure_token.h"
#include "common/shared_secret.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/rpc/in_process_auth_service.h"

namespace tgauth {
namespace {

using testing::Ada;
using ::testing::Contains;

class WatchLoginChangesTest : public ::testing::Test {
 protected:
  // A stream opened with `gateway_token` ("": none); returns once the
  // server's headers arrived, i.e. once changes are heard.
  std::unique_ptr<grpc::ClientReader<v1::LoginChanges>> Watch(grpc::ClientContext& context,
                                                              const std::string& gateway_token) {
    if (!gateway_token.empty()) context.AddMetadata(kGatewayTokenMetadata, gateway_token);
    auto reader = server_.stub().WatchLoginChanges(&context, {});
    reader->WaitForInitialMetadata();
    return reader;
  }

  testing::LoginTestHarness h_{{.bot_username = "tgauth_test_bot", .logins_per_ip_per_minute = 0}};
  testing::InProcessAuthService server_{h_};
};

TEST_F(WatchLoginChangesTest, AScannedLoginIsNamedByTheHashOfItsToken) {
  grpc::ClientContext context;
  auto reader = Watch(context, testing::kTestGatewayToken);
  v1::CreateLoginResponse login;
  grpc::ClientContext create;
  ASSERT_TRUE(server_.stub().CreateLogin(&create, {}, &login).ok());
  ASSERT_TRUE(h_.broker->Scan(login.login_token(), Ada()).ok());

  v1::LoginChanges changes;
  ASSERT_TRUE(reader->Read(&changes));
  EXPECT_THAT(changes.login_keys(), Contains(Sha256Hex(login.login_token())));
  EXPECT_FALSE(changes.resync());
  for (const std::string& key : changes.login_keys()) EXPECT_NE(key, login.login_token());
  context.TryCancel();
}

TEST_F(WatchLoginChangesTest, LostWakeUpsReachTheGatewayAsAResync) {
  grpc::ClientContext context;
  auto reader = Watch(context, testing::kTestGatewayToken);
  h_.login_changes.Notify("");
  v1::LoginChanges changes;
  ASSERT_TRUE(reader->Read(&changes));
  EXPECT_TRUE(changes.resync());
  context.TryCancel();
}

TEST_F(WatchLoginChangesTest, WithoutTheGatewayTokenTheStreamIsRefused) {
  for (const std::string& token : {std::string(), std::string("not-the-gateway-token-0123456789")}) {
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata(kGatewayTokenMetadata, token);
    auto reader = server_.stub().WatchLoginChanges(&context, {});
    v1::LoginChanges changes;
    EXPECT_FALSE(reader->Read(&changes));
    const grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << token;
  }
}

TEST_F(WatchLoginChangesTest, TheStreamEndsUnavailableWhenTheServerCloses) {
  grpc::ClientContext context;
  auto reader = Watch(context, testing::kTestGatewayToken);
  h_.login_changes.Close();
  v1::LoginChanges changes;
  while (reader->Read(&changes)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace tgauth
