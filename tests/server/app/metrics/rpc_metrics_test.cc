// RpcMetrics' interceptor on a real gRPC server: every call is counted once
// under its service, method and status code; a method the server does not
// serve never names a series.
#include "server/app/metrics/rpc_metrics.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tgauth/v1/auth.grpc.pb.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kHealth[] = "grpc.health.v1.Health";

class RpcMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::health::v1::HealthCheckRequest::descriptor();  // Links health.proto's descriptor.
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    // A callback service, as the server registers: every method UNIMPLEMENTED.
    builder.RegisterService(&auth_);
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
    creators.push_back(rpc_metrics_.InterceptorFactory());
    builder.experimental().SetInterceptorCreators(std::move(creators));
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                   grpc::InsecureChannelCredentials());
  }
  void TearDown() override { server_->Shutdown(); }

  grpc::StatusCode Check(const std::string& service) {
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    return grpc::health::v1::Health::NewStub(channel_)
        ->Check(&context, request, &response)
        .error_code();
  }

  Metrics metrics_;
  RpcMetrics rpc_metrics_{metrics_, {kHealth}};
  v1::AuthService::CallbackService auth_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(RpcMetricsTest, EachCallIsCountedOnceByMethodAndCode) {
  ASSERT_EQ(Check(""), grpc::StatusCode::OK);
  ASSERT_EQ(Check(""), grpc::StatusCode::OK);
  ASSERT_EQ(Check("no.such.Service"), grpc::StatusCode::NOT_FOUND);
  const std::string scrape = metrics_.Scrape();
  EXPECT_THAT(scrape, HasSubstr("grpc_server_started_total{grpc_method=\"Check\","
                                "grpc_service=\"grpc.health.v1.Health\"} 3"));
  EXPECT_THAT(scrape,
              HasSubstr("grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Check\","
                        "grpc_service=\"grpc.health.v1.Health\"} 2"));
  EXPECT_THAT(scrape,
              HasSubstr("grpc_server_handled_total{grpc_code=\"NOT_FOUND\",grpc_method=\"Check\","
                        "grpc_service=\"grpc.health.v1.Health\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("grpc_server_handling_seconds_count{grpc_method=\"Check\","
                                "grpc_service=\"grpc.health.v1.Health\"} 3"));
}

TEST_F(RpcMetricsTest, AMethodTheServerDoesNotServeNamesNoSeries) {
  grpc::GenericStub stub(channel_);
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
  grpc::Status status;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> call = stub.PrepareUnaryCall(
      &context, "/x.Q2b9dQx3Lr8cZk1vW0yTq4mNs7pHa5jUe6fGi/Method", request, &queue);
  call->StartCall();
  call->Finish(&response, &status, &queue);
  void* tag = nullptr;
  bool ok = false;
  ASSERT_TRUE(queue.Next(&tag, &ok));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  EXPECT_THAT(metrics_.Scrape(), Not(HasSubstr("Q2b9dQx3")));
}

}  // namespace
}  // namespace tgauth
