#include "server/rpc/call_origin.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "server/rpc/caller_auth.h"

namespace tgauth {

std::string PeerIpAddress(absl::string_view peer) {
  if (absl::ConsumePrefix(&peer, "ipv4:")) {
    const size_t colon = peer.rfind(':');
    return std::string(colon == absl::string_view::npos ? peer : peer.substr(0, colon));
  }
  if (absl::ConsumePrefix(&peer, "ipv6:")) {
    // gRPC writes the peer as a URI (RFC 3986 section 3.2.2), brackets
    // percent-encoded by some versions.
    const std::string host_port =
        absl::StrReplaceAll(peer, {{"%5B", "["}, {"%5b", "["}, {"%5D", "]"}, {"%5d", "]"}});
    absl::string_view rest = host_port;
    if (!absl::ConsumePrefix(&rest, "[")) return "";
    const size_t close = rest.find(']');
    if (close == absl::string_view::npos) return "";
    return std::string(rest.substr(0, close));
  }
  return "";
}

absl::StatusOr<CallOrigin> IdentifyOrigin(const SharedSecret& gateway_token,
                                          const grpc::CallbackServerContext& context) {
  CallOrigin origin{.peer_address = PeerIpAddress(context.peer()),
                    .user_agent = std::string(MetadataOf(context, "user-agent"))};
  const absl::string_view presented = MetadataOf(context, kGatewayTokenMetadata);
  if (!gateway_token.configured() || presented.empty()) return origin;
  if (!gateway_token.Matches(presented)) {
    return absl::UnauthenticatedError(
        absl::StrCat(kGatewayTokenMetadata, " is not the gateway token"));
  }
  origin.from_gateway = true;
  return origin;
}

}  // namespace tgauth
