// A cap on the memory held by request bodies that are still arriving, across
// every connection: without it, many clients each sending part of a large
// body (and then nothing) make the gateway hold all of them at once. A
// connection reserves its body's size when the headers have arrived (the
// Content-Length, or the body limit when chunked) and gives it back once the
// body is complete or the connection closes. Not thread-safe: the HTTP
// server's io thread is its only user.
#ifndef TGAUTH_GATEWAY_BODY_MEMORY_BUDGET_H_
#define TGAUTH_GATEWAY_BODY_MEMORY_BUDGET_H_

#include <cstddef>
#include <optional>
#include <utility>

namespace tgauth::gateway {

class BodyMemoryBudget {
 public:
  // Bytes held back for one body; given back when destroyed. Move-only.
  class Reservation {
   public:
    Reservation(Reservation&& other) noexcept
        : budget_(other.budget_), bytes_(std::exchange(other.bytes_, 0)) {}
    Reservation& operator=(Reservation&& other) noexcept;
    ~Reservation() { Release(); }

   private:
    friend class BodyMemoryBudget;
    Reservation(BodyMemoryBudget& budget, size_t bytes) : budget_(&budget), bytes_(bytes) {}
    void Release();

    BodyMemoryBudget* budget_;
    size_t bytes_;
  };

  // `capacity`: bytes all partial bodies may hold together.
  explicit BodyMemoryBudget(size_t capacity) : capacity_(capacity) {}

  // `bytes` of the capacity, or nullopt when fewer than that are free.
  std::optional<Reservation> TryReserve(size_t bytes);

  size_t reserved() const { return reserved_; }

 private:
  const size_t capacity_;
  size_t reserved_ = 0;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_BODY_MEMORY_BUDGET_H_
