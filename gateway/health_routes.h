// Probes for load balancers and Kubernetes; liveness and readiness differ,
// so a gateway whose server cannot reach its stores is taken out of traffic
// but not restarted (restarting would not bring the stores back).
//
//   GET /healthz  liveness, no RPC: 200 {"status": "ok"} while the process
//                 serves HTTP at all.
//   GET /readyz   readiness: the server's standard health check
//                 (grpc.health.v1.Health/Check of "", 1 s deadline). 200
//                 {"status": "ready"} when it is SERVING; 503 {"status":
//                 "not serving"} when the server answers but cannot reach
//                 its stores; 503 with the error body of the failed RPC
//                 (whatever its gRPC code) when the server does not answer.
#ifndef TGAUTH_GATEWAY_HEALTH_ROUTES_H_
#define TGAUTH_GATEWAY_HEALTH_ROUTES_H_

#include "absl/strings/string_view.h"
#include "gateway/http_message.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace tgauth::gateway {

inline constexpr absl::string_view kHealthzPath = "/healthz";
inline constexpr absl::string_view kReadyzPath = "/readyz";

class HealthRoutes {
 public:
  explicit HealthRoutes(grpc::health::v1::Health::StubInterface& stub) : stub_(stub) {}

  void Healthz(const HttpRequest& request, Respond respond) const;
  void Readyz(const HttpRequest& request, Respond respond) const;

 private:
  grpc::health::v1::Health::StubInterface& stub_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_HEALTH_ROUTES_H_
