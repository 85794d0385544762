// Caps on the gateway's open connections, in total and per client address,
// so a flood of idle or slow connections from one address (slowloris) cannot
// take every file descriptor and the memory behind them. Counts only; the
// HTTP server closes a connection it may not keep. Not thread-safe: the
// server's io thread is its only user.
#ifndef TGAUTH_GATEWAY_CONNECTION_LIMITS_H_
#define TGAUTH_GATEWAY_CONNECTION_LIMITS_H_

#include <cstddef>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace tgauth::gateway {

class ConnectionLimits {
 public:
  // `max_total` connections at once; `max_per_client` from one client, as
  // common/client_address.h's RateLimitKey groups addresses (an IPv6 /64
  // is one client) (0: no per-client cap, e.g. behind a proxy, where every
  // connection comes from the proxy's address).
  ConnectionLimits(size_t max_total, size_t max_per_client)
      : max_total_(max_total), max_per_client_(max_per_client) {}

  // Counts a new connection from `client` (the TCP peer address) and returns
  // true, or returns false and counts nothing when either cap is reached.
  bool TryOpen(absl::string_view client);

  // Uncounts a connection TryOpen accepted.
  void Close(absl::string_view client);

  size_t open() const { return total_; }

 private:
  const size_t max_total_;
  const size_t max_per_client_;
  size_t total_ = 0;
  // By RateLimitKey; only clients with open connections.
  absl::flat_hash_map<std::string, size_t> per_client_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_CONNECTION_LIMITS_H_
