#include "gateway/connection_limits.h"

#include "common/client_address.h"

namespace tgauth::gateway {

bool ConnectionLimits::TryOpen(absl::string_view client) {
  if (total_ >= max_total_) return false;
  size_t& from_client = per_client_[RateLimitKey(client)];
  if (max_per_client_ != 0 && from_client >= max_per_client_) return false;
  ++from_client;
  ++total_;
  return true;
}

void ConnectionLimits::Close(absl::string_view client) {
  auto it = per_client_.find(RateLimitKey(client));
  if (it == per_client_.end()) return;
  --total_;
  if (--it->second == 0) per_client_.erase(it);
}

}  // namespace tgauth::gateway
