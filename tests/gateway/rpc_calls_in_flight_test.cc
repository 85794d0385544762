// A router's RPCs end before the router does, so that its owner may release
// the channel at once (gateway/rpc_calls_in_flight.h).
#include "gateway/rpc_calls_in_flight.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gateway/router.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {
namespace {

constexpr char kSecret[] = "test-webhook_secret-0123456789abcdef";

// AwaitLogin parks every poll until its caller cancels it.
class ParkingAuthService final : public tgauth::v1::AuthService::CallbackService {
 public:
  grpc::ServerUnaryReactor* AwaitLogin(grpc::CallbackServerContext*,
                                       const tgauth::v1::AwaitLoginRequest*,
                                       tgauth::v1::AwaitLoginResponse*) override {
    parked_.Notify();
    return new Parked();
  }
  bool WaitForAPoll() { return parked_.WaitForNotificationWithTimeout(absl::Seconds(10)); }

 private:
  class Parked final : public grpc::ServerUnaryReactor {
    void OnCancel() override { Finish(grpc::Status::CANCELLED); }
    void OnDone() override { delete this; }
  };
  absl::Notification parked_;
};

TEST(RpcCallsInFlightTest, DestroyingTheRouterCancelsItsParkedPollAndLetsGoOfTheChannel) {
  ParkingAuthService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(port, 0);
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  auto stub = tgauth::v1::AuthService::NewStub(channel);
  auto health = grpc::health::v1::Health::NewStub(channel);
  const long owners = channel.use_count();  // This test and the two stubs.

  auto router = std::make_unique<Router>(*stub, *health, RouterOptions{.webhook_secret = kSecret});
  HttpRequest poll{.method = "GET",
                   .path = absl::StrCat(kLoginPathPrefix, std::string(43, 'L')),
                   .query = {{"wait", "30"}},
                   .headers = {{"authorization", "Bearer " + std::string(43, 'P')}}};
  absl::Mutex mu;
  std::optional<int> answered;
  router->Handle(poll, [&](HttpResponse response) {
    absl::MutexLock lock(&mu);
    answered = response.status;
  });
  ASSERT_TRUE(service.WaitForAPoll());
  EXPECT_GT(channel.use_count(), owners);  // The parked call's context.

  router.reset();
  // Nothing of the call is left to release the channel on a gRPC thread.
  EXPECT_EQ(channel.use_count(), owners);
  absl::MutexLock lock(&mu);
  EXPECT_TRUE(answered.has_value());
  server->Shutdown();
}

TEST(RpcCallsInFlightTest, CallsAddedAfterTheCancelAreRefused) {
  RpcCallsInFlight calls;
  auto context = std::make_shared<grpc::ClientContext>();
  {
    RpcCallsInFlight::Registration counted = calls.Add(context);
    EXPECT_TRUE(counted);
    EXPECT_EQ(calls.size(), 1);
  }
  EXPECT_EQ(calls.size(), 0);
  calls.CancelAndWait();
  EXPECT_FALSE(calls.Add(context));
  EXPECT_EQ(calls.size(), 0);
}

}  // namespace
}  // namespace tgauth::gateway
