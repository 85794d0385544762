// The session RPCs over a real in-process gRPC server (port 0) with the
// in-memory stores: Bearer authentication, proto conversion and status
// mapping. The behaviour itself is tested in session_refresher_test.cc and
// session_manager_test.cc.
#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/rpc/auth_service.h"
#include "server/rpc/executor.h"
#include "storage/memory/in_memory_update_ledger.h"
#include "tests/server/rpc/in_process_auth_service.h"

namespace tgauth {
namespace {

using testing::Ada;
using testing::Grace;
using ::testing::HasSubstr;

class SessionRpcsTest : public ::testing::Test {
 protected:
  // A client context carrying `access_token` as the RFC 6750 Bearer header.
  static void Authorize(grpc::ClientContext& context, const std::string& access_token) {
    context.AddMetadata("authorization", "Bearer " + access_token);
  }

  testing::LoginTestHarness h_;
  testing::InProcessAuthService server_{h_};
  v1::AuthService::Stub* stub_ = &server_.stub();
};

TEST_F(SessionRpcsTest, RefreshSessionReturnsABearerPair) {
  const IssuedSession signed_in = h_.SignIn();
  grpc::ClientContext context;
  v1::RefreshSessionRequest request;
  request.set_refresh_token(signed_in.refresh_token);
  v1::RefreshSessionResponse response;
  grpc::Status status = stub_->RefreshSession(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.session().session_id(), signed_in.session_id);
  EXPECT_EQ(response.session().token_type(), "Bearer");
  EXPECT_EQ(response.session().expires_in(), 900);
  EXPECT_EQ(response.session().refresh_token().size(), 43u);
  EXPECT_EQ(response.session().refresh_token_expires_in(), 30 * 24 * 3600);
  EXPECT_TRUE(h_.validator->Validate(response.session().access_token()).ok());
}

TEST_F(SessionRpcsTest, TierSurvivesRefreshInValidateAccessTokenAndGetMe) {
  h_.Subscribe(Ada(), {.tier = "Premium"});
  const IssuedSession signed_in = h_.SignIn();
  v1::RefreshSessionRequest refresh;
  refresh.set_refresh_token(signed_in.refresh_token);
  v1::RefreshSessionResponse refreshed;
  {
    grpc::ClientContext context;
    grpc::Status status = stub_->RefreshSession(&context, refresh, &refreshed);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  const std::string& access_token = refreshed.session().access_token();
  v1::ValidateAccessTokenRequest validate;
  validate.set_access_token(access_token);
  v1::ValidateAccessTokenResponse validated;
  {
    grpc::ClientContext context;
    grpc::Status status = stub_->ValidateAccessToken(&context, validate, &validated);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(validated.subscription_tier(), "Premium");
  grpc::ClientContext context;
  Authorize(context, access_token);
  v1::GetMeResponse me;
  grpc::Status status = stub_->GetMe(&context, {}, &me);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(me.user().subscription_tier(), "Premium");
}

TEST_F(SessionRpcsTest, RefreshSessionRefusalsKeepTheirCodeAndMessage) {
  grpc::ClientContext context;
  v1::RefreshSessionRequest request;
  request.set_refresh_token(*NewToken());
  v1::RefreshSessionResponse response;
  grpc::Status status = stub_->RefreshSession(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), "unknown refresh token");
}

TEST_F(SessionRpcsTest, ListSessionsMarksTheCallersSession) {
  const IssuedSession phone = h_.SignIn();
  h_.clock.Advance(absl::Seconds(1));
  const IssuedSession pc = h_.SignIn(Ada(), "PC");
  grpc::ClientContext context;
  Authorize(context, phone.access_token);
  v1::ListSessionsResponse response;
  grpc::Status status = stub_->ListSessions(&context, {}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.sessions_size(), 2);
  EXPECT_EQ(response.sessions(0).session_id(), pc.session_id);
  EXPECT_FALSE(response.sessions(0).current());
  EXPECT_EQ(response.sessions(0).device().name(), "PC");
  EXPECT_EQ(response.sessions(0).device().ip_address(), "192.0.2.1");
  EXPECT_EQ(response.sessions(0).sign_in_method(), "qr");
  EXPECT_FALSE(response.sessions(0).has_last_refreshed_at());
  EXPECT_EQ(response.sessions(0).expires_at().seconds(),
            absl::ToUnixSeconds(h_.clock.Now() + absl::Hours(24 * 30)));
  EXPECT_EQ(response.sessions(1).session_id(), phone.session_id);
  EXPECT_TRUE(response.sessions(1).current());
}

TEST_F(SessionRpcsTest, ListSessionsNamesTheOAuthAppOfAnAppsSession) {
  ASSERT_TRUE(server_.RegisterShop().ok());
  const IssuedSession own = h_.SignIn();
  absl::StatusOr<IssuedSignIn> app =
      h_.issuer->IssueForClient({.user_id = h_.Stored(own.session_id).user_id,
                                 .client_id = "shop",
                                 .client_name = "Acme Shop",
                                 .scope = "openid",
                                 .auth_time = h_.clock.Now(),
                                 .sign_in_method = "qr"});
  ASSERT_TRUE(app.ok()) << app.status();
  grpc::ClientContext context;
  Authorize(context, own.access_token);
  v1::ListSessionsResponse response;
  grpc::Status status = stub_->ListSessions(&context, {}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.sessions_size(), 2);
  for (const v1::SessionInfo& session : response.sessions()) {
    const bool is_app = session.session_id() == app->session.session_id;
    EXPECT_EQ(session.client_id(), is_app ? "shop" : "");
    EXPECT_EQ(session.client_name(), is_app ? "Acme Shop" : "");
  }
}

TEST_F(SessionRpcsTest, CallsWithoutAValidAccessTokenAreUnauthenticated) {
  grpc::ClientContext anonymous;
  v1::ListSessionsResponse list;
  EXPECT_EQ(stub_->ListSessions(&anonymous, {}, &list).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext forged;
  Authorize(forged, "not.a.jwt");
  v1::GetMeResponse me;
  EXPECT_EQ(stub_->GetMe(&forged, {}, &me).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SessionRpcsTest, RevokeSessionByIdOfAnotherUsersSessionIsNotFound) {
  const IssuedSession ada = h_.SignIn();
  const IssuedSession grace = h_.SignIn(Grace());
  grpc::ClientContext context;
  Authorize(context, ada.access_token);
  v1::RevokeSessionRequest request;
  request.set_session_id(grace.session_id);
  v1::RevokeSessionResponse response;
  grpc::Status status = stub_->RevokeSession(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "no such session");
  EXPECT_FALSE(h_.Stored(grace.session_id).revoked);
}

TEST_F(SessionRpcsTest, RevokeSessionByRefreshTokenNeedsNoAccessToken) {
  const IssuedSession signed_in = h_.SignIn();
  grpc::ClientContext context;
  v1::RevokeSessionRequest request;
  request.set_refresh_token(signed_in.refresh_token);
  v1::RevokeSessionResponse response;
  ASSERT_TRUE(stub_->RevokeSession(&context, request, &response).ok());
  EXPECT_TRUE(h_.Stored(signed_in.session_id).revoked);
}

TEST_F(SessionRpcsTest, RevokeSessionWithoutATargetIsInvalidArgument) {
  grpc::ClientContext context;
  v1::RevokeSessionResponse response;
  grpc::Status status = stub_->RevokeSession(&context, {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("refresh_token or session_id"));
}

TEST_F(SessionRpcsTest, RevokeOtherSessionsCountsWhatItRevoked) {
  const IssuedSession phone = h_.SignIn();
  h_.SignIn(Ada(), "PC");
  grpc::ClientContext context;
  Authorize(context, phone.access_token);
  v1::RevokeOtherSessionsResponse response;
  ASSERT_TRUE(stub_->RevokeOtherSessions(&context, {}, &response).ok());
  EXPECT_EQ(response.revoked_count(), 1);
}

TEST_F(SessionRpcsTest, GetMeReturnsTheCallersUser) {
  const IssuedSession signed_in = h_.SignIn();
  grpc::ClientContext context;
  Authorize(context, signed_in.access_token);
  v1::GetMeResponse response;
  grpc::Status status = stub_->GetMe(&context, {}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.user().telegram_id(), Ada().telegram_id);
  EXPECT_EQ(response.user().first_name(), "Ada");
  EXPECT_EQ(response.user().username(), "ada_l");
  EXPECT_EQ(response.user().created_at().seconds(), absl::ToUnixSeconds(h_.clock.Now()));
}

}  // namespace
}  // namespace tgauth
