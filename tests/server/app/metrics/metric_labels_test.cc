// Every label value of tgauth-server's metrics comes from a small fixed
// set: whatever a client sends, no token, id or address becomes a series.
#include "server/app/metrics/metric_labels.h"

#include <google/protobuf/descriptor.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth {
namespace {

TEST(MetricLabelsTest, KnownGrpcMethodsAreSplitIntoServiceAndMethod) {
  const absl::flat_hash_set<std::string> known =
      KnownGrpcMethods({v1::AuthService::service_full_name(), "no.such.Service"});
  EXPECT_TRUE(known.contains("/tgauth.v1.AuthService/CreateLogin"));
  EXPECT_TRUE(known.contains("/tgauth.v1.AuthService/AwaitLogin"));
  const google::protobuf::ServiceDescriptor* service =
      v1::CreateLoginRequest::descriptor()->file()->FindServiceByName("AuthService");
  EXPECT_EQ(known.size(), static_cast<size_t>(service->method_count()));  // None else.
  const GrpcMethodLabels labels = GrpcMethodLabelsOf("/tgauth.v1.AuthService/AwaitLogin", known);
  EXPECT_EQ(labels.service, "tgauth.v1.AuthService");
  EXPECT_EQ(labels.method, "AwaitLogin");
}

TEST(MetricLabelsTest, AnyOtherMethodNameIsUnknown) {
  const absl::flat_hash_set<std::string> known = KnownGrpcMethods({"tgauth.v1.AuthService"});
  for (const char* sent : {"/tgauth.v1.AuthService/NoSuchMethod",
                           "/x/2b9dQx3Lr8cZk1vW0yTq4mNs7pHa5jUe6fGi0oKl2Xw", "", "/", "//"}) {
    const GrpcMethodLabels labels = GrpcMethodLabelsOf(sent, known);
    EXPECT_EQ(labels.service, "unknown") << sent;
    EXPECT_EQ(labels.method, "unknown") << sent;
  }
}

TEST(MetricLabelsTest, GrpcCodesAreNamedAsGrpcSpellsThem) {
  EXPECT_EQ(GrpcCodeLabel(0), "OK");
  EXPECT_EQ(GrpcCodeLabel(5), "NOT_FOUND");
  EXPECT_EQ(GrpcCodeLabel(16), "UNAUTHENTICATED");
  EXPECT_EQ(GrpcCodeLabel(17), "UNKNOWN");
  EXPECT_EQ(GrpcCodeLabel(-1), "UNKNOWN");
}

TEST(MetricLabelsTest, StoreOperationsAreWordsOrOther) {
  EXPECT_EQ(StoreOperationLabel("EVALSHA"), "EVALSHA");
  EXPECT_EQ(StoreOperationLabel("transaction"), "transaction");
  EXPECT_EQ(StoreOperationLabel(""), "other");
  EXPECT_EQ(StoreOperationLabel("tgauth:login:3f2a"), "other");
  EXPECT_EQ(StoreOperationLabel("203.0.113.7"), "other");
  EXPECT_EQ(StoreOperationLabel(std::string(25, 'A')), "other");
}

TEST(MetricLabelsTest, SignInMethodsAreTheFourKnownOrOther) {
  for (const char* method : {"qr", "widget", "mini_app", "login_link"}) {
    EXPECT_EQ(SignInMethodLabel(method), method);
  }
  EXPECT_EQ(SignInMethodLabel("QR"), "other");
  EXPECT_EQ(SignInMethodLabel("2b9dQx3Lr8cZk1vW0yTq4mNs7pHa5jUe6fGi0oKl2Xw"), "other");
}

TEST(MetricLabelsTest, DomainValuesHaveDistinctLabels) {
  EXPECT_EQ(LoginEventLabel(LoginEvent::kRedeemed), "redeemed");
  EXPECT_EQ(RefreshOutcomeLabel(RefreshOutcome::kReuseDetected), "reuse_detected");
  EXPECT_EQ(RevokeReasonLabel(RevokeReason::kOtherSessions), "other_sessions");
  EXPECT_EQ(UpdateKindLabel(UpdateKind::kCallbackQuery), "callback_query");
  EXPECT_EQ(UpdateOutcomeLabel(UpdateOutcome::kDuplicate), "duplicate");
  EXPECT_EQ(StoreLabel(storage::StoreKind::kRedis), "redis");
}

}  // namespace
}  // namespace tgauth
