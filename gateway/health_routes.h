// Probes for load balancers and Kubernetes.
//
//   GET /healthz  liveness, no RPC: 200 {"status": "ok"}.
//   GET /readyz   readiness: GetJwks with a 1 s deadline; 200
//                 {"status": "ready"}, or 503 with the error body of the
//                 failed RPC (whatever its gRPC code), so traffic moves to a
//                 replica whose server answers.
#ifndef TGAUTH_GATEWAY_HEALTH_ROUTES_H_
#define TGAUTH_GATEWAY_HEALTH_ROUTES_H_

#include "absl/strings/string_view.h"
#include "gateway/http_message.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

inline constexpr absl::string_view kHealthzPath = "/healthz";
inline constexpr absl::string_view kReadyzPath = "/readyz";

class HealthRoutes {
 public:
  explicit HealthRoutes(tgauth::v1::AuthService::StubInterface& stub) : stub_(stub) {}

  void Healthz(const HttpRequest& request, Respond respond) const;
  void Readyz(const HttpRequest& request, Respond respond) const;

 private:
  tgauth::v1::AuthService::StubInterface& stub_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_HEALTH_ROUTES_H_
