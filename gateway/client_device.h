// The Device of auth.proto — the device asking to sign in — as the gateway
// fills it for CreateLogin and every sign-in route: what the HTTP request
// shows (User-Agent, client IP) plus what the page chose to tell (a device
// name, its IANA time zone).
#ifndef TGAUTH_GATEWAY_CLIENT_DEVICE_H_
#define TGAUTH_GATEWAY_CLIENT_DEVICE_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "gateway/http_message.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth::gateway {

// Limits of auth.proto's Device, bytes.
inline constexpr size_t kMaxUserAgentBytes = 512;
inline constexpr size_t kMaxDeviceNameBytes = 64;
inline constexpr size_t kMaxTimeZoneBytes = 64;

class ClientDevice {
 public:
  // `trust_forwarded_for`: take the client IP from X-Forwarded-For's first
  // address (set only behind a proxy that overwrites that header).
  explicit ClientDevice(bool trust_forwarded_for) : trust_forwarded_for_(trust_forwarded_for) {}

  // The client's address: X-Forwarded-For's first address when trusted and
  // it is an IP address, the TCP peer otherwise.
  std::string ClientIp(const HttpRequest& request) const;

  // The Device for `request`: its User-Agent (non-printable bytes become '?',
  // cut at kMaxUserAgentBytes), ClientIp(), and the optional `name` and
  // `time_zone` the client sent ("" when it sent none). INVALID_ARGUMENT
  // when `name` is longer than 64 bytes, or `time_zone` is longer than 64
  // bytes or holds a character no IANA zone name has (A-Z a-z 0-9 / _ + -).
  absl::StatusOr<tgauth::v1::Device> Describe(const HttpRequest& request, std::string name,
                                              std::string time_zone) const;

 private:
  const bool trust_forwarded_for_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_CLIENT_DEVICE_H_
