// The gateway token on every RPC: the server takes a browser's IP address
// and user agent from a request only when the caller presents it
// (server/rpc/call_origin.h). A client interceptor adds it, so no route has
// to remember to.
#ifndef TGAUTH_GATEWAY_GATEWAY_TOKEN_H_
#define TGAUTH_GATEWAY_GATEWAY_TOKEN_H_

#include <grpcpp/support/client_interceptor.h>

#include <memory>
#include <string>

namespace tgauth::gateway {

// An interceptor factory for grpc::experimental::CreateCustomChannelWithInterceptors
// that sends metadata `x-tgauth-gateway-token: <token>` (kGatewayTokenMetadata,
// common/shared_secret.h) with every call on the channel. `token` must not
// be empty.
std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface> GatewayTokenInterceptor(
    std::string token);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_GATEWAY_TOKEN_H_
