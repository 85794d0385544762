// A cap on the memory held by request bodies that are still arriving: in
// total, and per client address. Without it, many clients each sending part
// of a large body (and then nothing) make the gateway hold all of them at
// once; with only the total, a few addresses could fill it and have every
// other client's POST refused. A connection reserves its body's size when
// the headers have arrived (the Content-Length, or the body limit when
// chunked) and gives it back once the body is complete or the connection
// closes. Not thread-safe: the HTTP server's io thread is its only user.
#ifndef TGAUTH_GATEWAY_BODY_MEMORY_BUDGET_H_
#define TGAUTH_GATEWAY_BODY_MEMORY_BUDGET_H_

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace tgauth::gateway {

class BodyMemoryBudget {
 public:
  // Bytes held back for one body; given back when destroyed. Move-only.
  class Reservation {
   public:
    Reservation(Reservation&& other) noexcept
        : budget_(other.budget_),
          client_(std::move(other.client_)),
          bytes_(std::exchange(other.bytes_, 0)) {}
    Reservation& operator=(Reservation&& other) noexcept;
    ~Reservation() { Release(); }

   private:
    friend class BodyMemoryBudget;
    Reservation(BodyMemoryBudget& budget, std::string client, size_t bytes)
        : budget_(&budget), client_(std::move(client)), bytes_(bytes) {}
    void Release();

    BodyMemoryBudget* budget_;
    std::string client_;  // RateLimitKey of the client's address.
    size_t bytes_;
  };

  // `capacity`: bytes all partial bodies may hold together;
  // `per_client_capacity`: those of one client, as common/client_address.h's
  // RateLimitKey groups addresses (an IPv6 /64 is one client) (0: no such
  // cap, e.g. behind a proxy, where every connection has the proxy's
  // address).
  BodyMemoryBudget(size_t capacity, size_t per_client_capacity)
      : capacity_(capacity), per_client_capacity_(per_client_capacity) {}

  // `bytes` of the capacity for a body from the address `client`, or nullopt when fewer
  // than that are free in total or in the client's share.
  std::optional<Reservation> TryReserve(absl::string_view client, size_t bytes);

  size_t reserved() const { return reserved_; }

 private:
  const size_t capacity_;
  const size_t per_client_capacity_;
  size_t reserved_ = 0;
  absl::flat_hash_map<std::string, size_t>
      per_client_;  // By RateLimitKey; only those holding bytes.
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_BODY_MEMORY_BUDGET_H_
