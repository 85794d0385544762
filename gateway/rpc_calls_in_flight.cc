#include "gateway/rpc_calls_in_flight.h"

#include <utility>
#include <vector>

namespace tgauth::gateway {

RpcCallsInFlight::Registration::Registration(Registration&& other) noexcept
    : calls_(std::exchange(other.calls_, nullptr)), id_(other.id_) {}

RpcCallsInFlight::Registration& RpcCallsInFlight::Registration::operator=(
    Registration&& other) noexcept {
  if (this != &other) {
    if (calls_ != nullptr) calls_->Remove(id_);
    calls_ = std::exchange(other.calls_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

RpcCallsInFlight::Registration::~Registration() {
  if (calls_ != nullptr) calls_->Remove(id_);
}

RpcCallsInFlight::~RpcCallsInFlight() { CancelAndWait(); }

RpcCallsInFlight::Registration RpcCallsInFlight::Add(
    const std::shared_ptr<grpc::ClientContext>& context) {
  absl::MutexLock lock(&mu_);
  if (closed_) return Registration();
  const uint64_t id = next_id_++;
  calls_.emplace(id, context);
  return Registration(this, id);
}

void RpcCallsInFlight::CancelAndWait() {
  std::vector<std::weak_ptr<grpc::ClientContext>> contexts;
  {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    for (const auto& [id, context] : calls_) contexts.push_back(context);
  }
  // Without the lock: a cancelled call may complete on this thread, and its
  // destruction removes it. Holding a call's context keeps the call alive
  // while it is cancelled; dropping it may destroy the call here.
  for (const std::weak_ptr<grpc::ClientContext>& weak : contexts) {
    if (std::shared_ptr<grpc::ClientContext> context = weak.lock()) context->TryCancel();
  }
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](absl::flat_hash_map<uint64_t, std::weak_ptr<grpc::ClientContext>>* calls) {
        return calls->empty();
      },
      &calls_));
}

int RpcCallsInFlight::size() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(calls_.size());
}

void RpcCallsInFlight::Remove(uint64_t id) {
  absl::MutexLock lock(&mu_);
  calls_.erase(id);
}

}  // namespace tgauth::gateway
