// The gRPC server metrics of every call, whatever service serves it
// (AuthService, AdminService, health, reflection; unary calls and the
// AwaitLogin long poll alike), in the shape of go-grpc-prometheus:
//   grpc_server_started_total{grpc_service,grpc_method}
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_code}
//   grpc_server_handling_seconds{grpc_service,grpc_method}  (histogram)
// measured by a server interceptor, from the call's arrival to its status.
#ifndef TGAUTH_SERVER_APP_METRICS_RPC_METRICS_H_
#define TGAUTH_SERVER_APP_METRICS_RPC_METRICS_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "common/metrics/metrics.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"

namespace tgauth {

class RpcMetrics {
 public:
  // `services`: the full names of the services the server registers; calls
  // to any other method count as grpc_service="unknown".
  RpcMetrics(Metrics& metrics, const std::vector<std::string>& services);

  // For grpc::ServerBuilder::experimental().SetInterceptorCreators; this
  // object must outlive the server.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> InterceptorFactory();

  // A call to `full_method` ("/package.Service/Method") arrived.
  void Started(const std::string& full_method);
  // It finished with status `code` after `seconds`.
  void Handled(const std::string& full_method, int code, double seconds);

 private:
  const absl::flat_hash_set<std::string> known_;
  prometheus::Family<prometheus::Counter>& started_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Histogram>& handling_seconds_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_APP_METRICS_RPC_METRICS_H_
