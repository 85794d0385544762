// Where a call comes from, for the device facts stored with a login or a
// session and for the per-address rate limits. The gateway relays the
// browser's address and user agent in the request's `device`; anyone else
// who can reach the gRPC port could write anything there. So those facts
// are taken from the request only when the caller presents the gateway
// token (metadata kGatewayTokenMetadata, `x-tgauth-gateway-token`;
// --gateway_token_file);
// otherwise they are the connection's own: the gRPC peer's IP address and
// the `user-agent` metadata.
#ifndef TGAUTH_SERVER_RPC_CALL_ORIGIN_H_
#define TGAUTH_SERVER_RPC_CALL_ORIGIN_H_

#include <grpcpp/server_context.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/shared_secret.h"

namespace tgauth {

struct CallOrigin {
  // The caller presented the gateway token: the request's device facts are
  // the browser's, as the gateway saw them.
  bool from_gateway = false;
  std::string peer_address;  // The connection's IP address; "" if not IP (a Unix socket).
  std::string user_agent;    // The caller's `user-agent` metadata; "" if none.
};

// The IP address in gRPC's peer string (ServerContext::peer()):
// "ipv4:198.51.100.7:5678" -> "198.51.100.7", "ipv6:[2001:db8::1]:5678"
// (or with the brackets percent-encoded, %5B %5D) -> "2001:db8::1";
// "" for any other transport.
std::string PeerIpAddress(absl::string_view peer);

// The origin of the call in `context`. from_gateway if `gateway_token` is
// configured and the caller's `x-tgauth-gateway-token` metadata matches it
// (constant time); UNAUTHENTICATED if the caller presents a token that does
// not match (a misconfigured gateway must not pass unnoticed). Without a
// configured token nobody is the gateway.
absl::StatusOr<CallOrigin> IdentifyOrigin(const SharedSecret& gateway_token,
                                          const grpc::CallbackServerContext& context);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_CALL_ORIGIN_H_
