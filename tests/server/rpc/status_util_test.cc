#include "server/rpc/status_util.h"

#include <gtest/gtest.h>

#include "common/server_status.h"

namespace tgauth {
namespace {

TEST(StatusUtilTest, UnavailableKeepsItsReasonAndIsMarkedAsTheServers) {
  grpc::Status status =
      ToGrpcStatus(absl::UnavailableError("update is being processed; retry later"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message(), "update is being processed; retry later");
  EXPECT_EQ(status.error_details(), kServerComposedStatusDetails);
}

TEST(StatusUtilTest, InternalDetailNeverReachesTheClient) {
  grpc::Status status = ToGrpcStatus(absl::InternalError("pqxx: relation does not exist"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "internal error");
}

TEST(StatusUtilTest, DomainOutcomesKeepCodeAndMessage) {
  grpc::Status status = ToGrpcStatus(absl::FailedPreconditionError("login expired"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "login expired");
  EXPECT_EQ(status.error_details(), "");
}

}  // namespace
}  // namespace tgauth
