#include "gateway/body_memory_budget.h"

namespace tgauth::gateway {

std::optional<BodyMemoryBudget::Reservation> BodyMemoryBudget::TryReserve(size_t bytes) {
  if (bytes > capacity_ - reserved_) return std::nullopt;
  reserved_ += bytes;
  return Reservation(*this, bytes);
}

BodyMemoryBudget::Reservation& BodyMemoryBudget::Reservation::operator=(
    Reservation&& other) noexcept {
  if (this != &other) {
    Release();
    budget_ = other.budget_;
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

void BodyMemoryBudget::Reservation::Release() {
  budget_->reserved_ -= bytes_;
  bytes_ = 0;
}

}  // namespace tgauth::gateway
