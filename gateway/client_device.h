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

// Where the client's address comes from.
struct ClientAddressSource {
  // Take it from X-Forwarded-For (only behind proxies that append to it).
  bool trust_forwarded_for = false;
  // How many proxies in front of the gateway append to X-Forwarded-For: the
  // client is the address this many entries from the right. Entries further
  // left were written by the client and prove nothing: each proxy appends
  // only the address it received the request from.
  int trusted_proxy_hops = 1;
};

class ClientDevice {
 public:
  explicit ClientDevice(ClientAddressSource source) : source_(source) {}

  // The client's address. With trust_forwarded_for, the X-Forwarded-For
  // entry (all its header lines joined in order, RFC 9110 section 5.3)
  // trusted_proxy_hops from the right; the TCP peer when that is off, or
  // the header has fewer entries, or that entry is not a bare IPv4 or IPv6
  // address.
  std::string ClientIp(const HttpRequest& request) const;

  // The Device for `request`: its User-Agent (non-printable bytes become '?',
  // cut at kMaxUserAgentBytes), ClientIp(), and the optional `name` and
  // `time_zone` the client sent ("" when it sent none). INVALID_ARGUMENT
  // when `name` is longer than 64 bytes, or `time_zone` is longer than 64
  // bytes or holds a character no IANA zone name has (A-Z a-z 0-9 / _ + -).
  absl::StatusOr<tgauth::v1::Device> Describe(const HttpRequest& request, std::string name,
                                              std::string time_zone) const;

 private:
  const ClientAddressSource source_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_CLIENT_DEVICE_H_
