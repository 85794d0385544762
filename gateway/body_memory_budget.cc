#include "gateway/body_memory_budget.h"

#include "common/client_address.h"

namespace tgauth::gateway {

std::optional<BodyMemoryBudget::Reservation> BodyMemoryBudget::TryReserve(absl::string_view client,
                                                                          size_t bytes) {
  if (bytes > capacity_ - reserved_) return std::nullopt;
  std::string key = RateLimitKey(client);
  if (per_client_capacity_ != 0) {
    auto it = per_client_.find(key);
    const size_t held = it == per_client_.end() ? 0 : it->second;
    if (bytes > per_client_capacity_ - held) return std::nullopt;
  }
  reserved_ += bytes;
  per_client_[key] += bytes;
  return Reservation(*this, std::move(key), bytes);
}

BodyMemoryBudget::Reservation& BodyMemoryBudget::Reservation::operator=(
    Reservation&& other) noexcept {
  if (this != &other) {
    Release();
    budget_ = other.budget_;
    client_ = std::move(other.client_);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

void BodyMemoryBudget::Reservation::Release() {
  if (bytes_ == 0) return;
  budget_->reserved_ -= bytes_;
  auto it = budget_->per_client_.find(client_);
  if ((it->second -= bytes_) == 0) budget_->per_client_.erase(it);
  bytes_ = 0;
}

}  // namespace tgauth::gateway
