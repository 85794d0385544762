// What an operator with grpcurl sees: reflection lists and describes the
// services, and the standard health service answers.
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc_reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/tgauth_cluster.h"

namespace tgauth::e2e {
namespace {

using grpc::reflection::v1alpha::ServerReflection;
using grpc::reflection::v1alpha::ServerReflectionRequest;
using grpc::reflection::v1alpha::ServerReflectionResponse;
using ::testing::IsSupersetOf;

class OperatorServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster = TgauthCluster::Start({});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", cluster_->grpc_port()),
                                   grpc::InsecureChannelCredentials());
  }

  // One request/response exchange on the reflection stream.
  ServerReflectionResponse Reflect(const ServerReflectionRequest& request) {
    auto stub = ServerReflection::NewStub(channel_);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    auto stream = stub->ServerReflectionInfo(&context);
    ServerReflectionResponse response;
    EXPECT_TRUE(stream->Write(request));
    EXPECT_TRUE(stream->Read(&response));
    stream->WritesDone();
    EXPECT_TRUE(stream->Finish().ok());
    return response;
  }

  std::unique_ptr<TgauthCluster> cluster_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(OperatorServicesTest, ReflectionListsAuthServiceHealthAndReflection) {
  ServerReflectionRequest request;
  request.set_list_services("");
  ServerReflectionResponse response = Reflect(request);
  std::vector<std::string> names;
  for (const auto& service : response.list_services_response().service()) {
    names.push_back(service.name());
  }
  EXPECT_THAT(names, IsSupersetOf({"tgauth.v1.AuthService", "grpc.health.v1.Health",
                                   "grpc.reflection.v1alpha.ServerReflection"}));
}

TEST_F(OperatorServicesTest, ReflectionDescribesAuthService) {
  ServerReflectionRequest request;
  request.set_file_containing_symbol("tgauth.v1.AuthService");
  ServerReflectionResponse response = Reflect(request);
  EXPECT_FALSE(response.has_error_response()) << response.error_response().error_message();
  EXPECT_GE(response.file_descriptor_response().file_descriptor_proto_size(), 1);
}

// What `grpcurl describe grpc.health.v1.Health` and grpcurl's calls of
// Health/Check through reflection ask.
TEST_F(OperatorServicesTest, ReflectionDescribesTheHealthService) {
  ServerReflectionRequest request;
  request.set_file_containing_symbol("grpc.health.v1.Health");
  ServerReflectionResponse response = Reflect(request);
  ASSERT_FALSE(response.has_error_response()) << response.error_response().error_message();
  ASSERT_GE(response.file_descriptor_response().file_descriptor_proto_size(), 1);
  google::protobuf::FileDescriptorProto file;
  ASSERT_TRUE(file.ParseFromString(response.file_descriptor_response().file_descriptor_proto(0)));
  EXPECT_EQ(file.package(), "grpc.health.v1");
  ASSERT_EQ(file.service_size(), 1);
  EXPECT_EQ(file.service(0).name(), "Health");

  request.set_file_containing_symbol("grpc.health.v1.HealthCheckRequest");
  EXPECT_FALSE(Reflect(request).has_error_response());
}

TEST_F(OperatorServicesTest, HealthCheckReportsServingForTheServerAndEachService) {
  auto stub = grpc::health::v1::Health::NewStub(channel_);
  for (const char* service : {"", "tgauth.v1.AuthService", "tgauth.v1.AdminService"}) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(stub->Check(&context, request, &response).ok()) << service;
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
}

}  // namespace
}  // namespace tgauth::e2e
