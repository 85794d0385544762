// The key a client address is rate-limited under, so that one client cannot
// slip past a per-address limit by spelling its address differently.
#ifndef TGAUTH_COMMON_CLIENT_ADDRESS_H_
#define TGAUTH_COMMON_CLIENT_ADDRESS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tgauth {

// The bucket name for the textual address `ip` (as in Device.ip_address):
//   IPv4 "203.0.113.7", and its IPv4-mapped IPv6 spelling "::ffff:203.0.113.7"
//   (RFC 4291 section 2.5.5.2), in any case or zero-compression
//     -> "203.0.113.7";
//   any other IPv6 address, optionally in brackets -> its /64 prefix, e.g.
//   "2001:db8:1:2::/64": one subscriber usually holds a whole /64
//   (RFC 6177), so limiting single addresses would not limit anyone;
//   "", or anything that is not an IP address -> "unknown": one shared
//   bucket, so a missing address never skips a limit.
std::string RateLimitKey(absl::string_view ip);

}  // namespace tgauth

#endif  // TGAUTH_COMMON_CLIENT_ADDRESS_H_
