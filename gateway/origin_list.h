// Lists of web origins (RFC 6454) in flags, e.g. --return_to_origins=
// "https://app.example, http://localhost:3000".
#ifndef TGAUTH_GATEWAY_ORIGIN_LIST_H_
#define TGAUTH_GATEWAY_ORIGIN_LIST_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tgauth::gateway {

// The origins of a comma-separated `list`, in order; spaces around entries
// and empty entries are ignored. Each must be an origin as browsers
// serialise it (RFC 6454 section 6.1): "http://" or "https://", a lower-case
// host name or IP address (IPv6 in brackets), and an optional port — no
// path, not even "/", no user name, query or fragment — because pages and
// the CORS check compare origins byte for byte.
// INVALID_ARGUMENT naming the first entry that is not such an origin.
absl::StatusOr<std::vector<std::string>> ParseOriginList(absl::string_view list);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_ORIGIN_LIST_H_
