// The gRPC calls a Router started and that have not yet been destroyed, so
// that the router's owner releases the channel only after every call did.
//
// Why: each call's grpc::ClientContext holds a reference to the channel. A
// context destroyed on a gRPC thread after its owner released the channel
// drops the last reference there, and gRPC 1.51 then shuts down and frees
// the channel's callback completion queue from one of the threads that still
// serve it: AddressSanitizer reported a double free in
// grpc_cq_internal_unref (README.md, "Sanitizers").
#ifndef TGAUTH_GATEWAY_RPC_CALLS_IN_FLIGHT_H_
#define TGAUTH_GATEWAY_RPC_CALLS_IN_FLIGHT_H_

#include <grpcpp/client_context.h>

#include <cstdint>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace tgauth::gateway {

class RpcCallsInFlight {
 public:
  // Keeps a call counted while it lives: a member of the call's state,
  // declared before its grpc::ClientContext so that it is destroyed after
  // it. Empty (counts nothing) when the calls were already cancelled.
  class Registration {
   public:
    Registration() = default;
    Registration(Registration&& other) noexcept;
    Registration& operator=(Registration&& other) noexcept;
    ~Registration();

    explicit operator bool() const { return calls_ != nullptr; }

   private:
    friend class RpcCallsInFlight;
    Registration(RpcCallsInFlight* calls, uint64_t id) : calls_(calls), id_(id) {}
    RpcCallsInFlight* calls_ = nullptr;
    uint64_t id_ = 0;
  };

  RpcCallsInFlight() = default;
  RpcCallsInFlight(const RpcCallsInFlight&) = delete;
  RpcCallsInFlight& operator=(const RpcCallsInFlight&) = delete;
  // CancelAndWait().
  ~RpcCallsInFlight();

  // Counts a call about to start; `context` is an aliasing pointer into the
  // call's state (which owns the Registration), so that CancelAndWait can
  // cancel it without outliving it. An empty Registration means "do not
  // start it": CancelAndWait has begun.
  Registration Add(const std::shared_ptr<grpc::ClientContext>& context);

  // Cancels every call in flight (each completes with CANCELLED soon after)
  // and returns once all are destroyed; calls added later are refused.
  void CancelAndWait();

  // Calls counted now.
  int size() const;

 private:
  void Remove(uint64_t id);

  mutable absl::Mutex mu_;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<uint64_t, std::weak_ptr<grpc::ClientContext>> calls_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_RPC_CALLS_IN_FLIGHT_H_
