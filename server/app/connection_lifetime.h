// The gRPC server's connection lifetime: keepalive pings find dead peers,
// and a maximum connection age makes clients (the gateways' long-lived
// channels) reconnect now and then, so their calls spread over server
// replicas started after them without restarting the gateways.
#ifndef TGAUTH_SERVER_APP_CONNECTION_LIFETIME_H_
#define TGAUTH_SERVER_APP_CONNECTION_LIFETIME_H_

#include <grpcpp/server_builder.h>

#include "absl/time/time.h"

namespace tgauth {

// A connection is told to go away (HTTP/2 GOAWAY) after this age; calls on
// it then have kMaxConnectionAgeGrace to finish, longer than any long poll.
inline constexpr absl::Duration kMaxConnectionAge = absl::Minutes(5);
inline constexpr absl::Duration kMaxConnectionAgeGrace = absl::Seconds(40);
// The server pings an idle connection this often, and drops it if the ping
// is not answered within the timeout.
inline constexpr absl::Duration kKeepaliveTime = absl::Seconds(30);
inline constexpr absl::Duration kKeepaliveTimeout = absl::Seconds(10);
// Clients may ping this often, even without calls (the gateway pings every
// 20 s, gateway/main.cc); more often is refused as abuse.
inline constexpr absl::Duration kMinClientPingInterval = absl::Seconds(10);

void SetConnectionLifetime(grpc::ServerBuilder& builder);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_APP_CONNECTION_LIFETIME_H_
