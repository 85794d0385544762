#include "server/app/metrics/rpc_metrics.h"

#include <chrono>

#include "server/app/metrics/metric_labels.h"

namespace tgauth {
namespace {

using grpc::experimental::InterceptionHookPoints;

// One per call: gRPC creates it when the call arrives and deletes it when
// the call is done.
class MeteredCall final : public grpc::experimental::Interceptor {
 public:
  MeteredCall(RpcMetrics& metrics, std::string method)
      : metrics_(metrics), method_(std::move(method)), start_(std::chrono::steady_clock::now()) {
    metrics_.Started(method_);
  }

  // A call that ends without sending a status (its client went away first)
  // counts as CANCELLED.
  ~MeteredCall() override {
    if (!handled_) Handle(grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (!handled_ && methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Handle(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Handle(grpc::StatusCode code) {
    handled_ = true;
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
    metrics_.Handled(method_, code, elapsed.count());
  }

  RpcMetrics& metrics_;
  const std::string method_;
  const std::chrono::steady_clock::time_point start_;
  bool handled_ = false;
};

class MeteredCallFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit MeteredCallFactory(RpcMetrics& metrics) : metrics_(metrics) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new MeteredCall(metrics_, info->method() != nullptr ? info->method() : "");
  }

 private:
  RpcMetrics& metrics_;
};

}  // namespace

RpcMetrics::RpcMetrics(Metrics& metrics, const std::vector<std::string>& services)
    : known_(KnownGrpcMethods(services)),
      started_(prometheus::BuildCounter()
                   .Name("grpc_server_started_total")
                   .Help("RPCs started on the server.")
                   .Register(metrics.registry())),
      handled_(prometheus::BuildCounter()
                   .Name("grpc_server_handled_total")
                   .Help("RPCs completed on the server, by status code.")
                   .Register(metrics.registry())),
      handling_seconds_(prometheus::BuildHistogram()
                            .Name("grpc_server_handling_seconds")
                            .Help("Time from an RPC's arrival to its status, in seconds.")
                            .Register(metrics.registry())) {}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
RpcMetrics::InterceptorFactory() {
  return std::make_unique<MeteredCallFactory>(*this);
}

void RpcMetrics::Started(const std::string& full_method) {
  const GrpcMethodLabels labels = GrpcMethodLabelsOf(full_method, known_);
  started_.Add({{"grpc_service", labels.service}, {"grpc_method", labels.method}}).Increment();
}

void RpcMetrics::Handled(const std::string& full_method, int code, double seconds) {
  const GrpcMethodLabels labels = GrpcMethodLabelsOf(full_method, known_);
  handled_
      .Add({{"grpc_service", labels.service},
            {"grpc_method", labels.method},
            {"grpc_code", std::string(GrpcCodeLabel(code))}})
      .Increment();
  handling_seconds_
      .Add({{"grpc_service", labels.service}, {"grpc_method", labels.method}}, LatencyBuckets())
      .Observe(seconds);
}

}  // namespace tgauth
