// Conversions between tgauth.v1 protos and domain structs, kept out of the
// service so it only hands requests on.
#ifndef TGAUTH_SERVER_PROTO_CONVERT_H_
#define TGAUTH_SERVER_PROTO_CONVERT_H_

#include "absl/status/status.h"
#include "server/login_broker.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

storage::DeviceInfo DeviceFromProto(const v1::Device& device);
// Also renders the deep link as the QR SVG. INTERNAL if it cannot.
absl::Status ToProto(const NewLogin& login, absl::Duration poll_interval,
                     v1::CreateLoginResponse* out);
void ToProto(const PollOutcome& outcome, v1::AwaitLoginResponse* out);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_PROTO_CONVERT_H_
