#include "gateway/grpc_http_status.h"

#include <gtest/gtest.h>

namespace tgauth::gateway {
namespace {

TEST(GrpcHttpStatusTest, MapsEveryCodeLikeGrpcGateway) {
  using grpc::StatusCode;
  const std::pair<StatusCode, int> kExpected[] = {
      {StatusCode::OK, 200},
      {StatusCode::CANCELLED, 499},
      {StatusCode::UNKNOWN, 500},
      {StatusCode::INVALID_ARGUMENT, 400},
      {StatusCode::DEADLINE_EXCEEDED, 504},
      {StatusCode::NOT_FOUND, 404},
      {StatusCode::ALREADY_EXISTS, 409},
      {StatusCode::PERMISSION_DENIED, 403},
      {StatusCode::RESOURCE_EXHAUSTED, 429},
      {StatusCode::FAILED_PRECONDITION, 400},
      {StatusCode::ABORTED, 409},
      {StatusCode::OUT_OF_RANGE, 400},
      {StatusCode::UNIMPLEMENTED, 501},
      {StatusCode::INTERNAL, 500},
      {StatusCode::UNAVAILABLE, 503},
      {StatusCode::DATA_LOSS, 500},
      {StatusCode::UNAUTHENTICATED, 401},
  };
  for (const auto& [code, http_status] : kExpected) {
    EXPECT_EQ(HttpStatusFromGrpcCode(code), http_status) << "gRPC code " << code;
  }
}

TEST(GrpcHttpStatusTest, UnknownFutureCodeIsInternalServerError) {
  EXPECT_EQ(HttpStatusFromGrpcCode(static_cast<grpc::StatusCode>(99)), 500);
}

}  // namespace
}  // namespace tgauth::gateway
