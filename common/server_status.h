// How a client of tgauth-server tells the server's own UNAVAILABLE answers
// ("the update is still being processed", "redis unavailable": client-safe
// reasons to retry) from gRPC's transport failures, whose messages name
// internal addresses: the server sets these status details
// (grpc::Status::error_details) on every UNAVAILABLE it composes, and gRPC
// never sets any on the statuses it makes up itself.
#ifndef TGAUTH_COMMON_SERVER_STATUS_H_
#define TGAUTH_COMMON_SERVER_STATUS_H_

namespace tgauth {

inline constexpr char kServerComposedStatusDetails[] = "tgauth-server";

}  // namespace tgauth

#endif  // TGAUTH_COMMON_SERVER_STATUS_H_
