#include "gateway/gateway_token.h"

#include <grpcpp/support/interceptor.h>

#include <memory>
#include <string>
#include <utility>

#include "common/shared_secret.h"

namespace tgauth::gateway {
namespace {

using grpc::experimental::ClientInterceptorFactoryInterface;
using grpc::experimental::ClientRpcInfo;
using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::Interceptor;
using grpc::experimental::InterceptorBatchMethods;

class TokenInterceptor final : public Interceptor {
 public:
  explicit TokenInterceptor(const std::string& token) : token_(token) {}

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kGatewayTokenMetadata, token_);
    }
    methods->Proceed();
  }

 private:
  const std::string& token_;  // The factory's; it outlives the channel's calls.
};

class TokenInterceptorFactory final : public ClientInterceptorFactoryInterface {
 public:
  explicit TokenInterceptorFactory(std::string token) : token_(std::move(token)) {}

  Interceptor* CreateClientInterceptor(ClientRpcInfo* /*info*/) override {
    return new TokenInterceptor(token_);  // gRPC owns it.
  }

 private:
  const std::string token_;
};

}  // namespace

std::unique_ptr<ClientInterceptorFactoryInterface> GatewayTokenInterceptor(std::string token) {
  return std::make_unique<TokenInterceptorFactory>(std::move(token));
}

}  // namespace tgauth::gateway
