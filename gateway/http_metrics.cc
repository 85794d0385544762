#include "gateway/http_metrics.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"

namespace tgauth::gateway {
namespace {

// One request in flight: answers once, and leaves the parked gauge when it
// answers or, unanswered, when the last copy of its Respond goes away.
class ObservedRequest {
 public:
  ObservedRequest(prometheus::Family<prometheus::Counter>& requests,
                  prometheus::Histogram& seconds, prometheus::Gauge* parked, std::string route,
                  std::string method)
      : requests_(requests),
        seconds_(seconds),
        parked_(parked),
        route_(std::move(route)),
        method_(std::move(method)),
        start_(std::chrono::steady_clock::now()) {
    if (parked_ != nullptr) parked_->Increment();
  }

  ~ObservedRequest() { Unpark(); }

  void Answered(int status) {
    Unpark();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
    seconds_.Observe(elapsed.count());
    requests_.Add({{"route", route_}, {"method", method_}, {"status", absl::StrCat(status)}})
        .Increment();
  }

 private:
  void Unpark() {
    if (parked_ != nullptr && !unparked_.exchange(true)) parked_->Decrement();
  }

  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Histogram& seconds_;
  prometheus::Gauge* const parked_;
  const std::string route_;
  const std::string method_;
  const std::chrono::steady_clock::time_point start_;
  std::atomic<bool> unparked_ = false;
};

}  // namespace

absl::string_view HttpMethodLabel(absl::string_view method) {
  for (absl::string_view known :
       {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}) {
    if (method == known) return known;
  }
  return "other";
}

HttpMetrics::HttpMetrics(Metrics& metrics)
    : requests_(prometheus::BuildCounter()
                    .Name("tgauth_gateway_http_requests_total")
                    .Help("HTTP requests answered, by route pattern, method and status.")
                    .Register(metrics.registry())),
      seconds_(prometheus::BuildHistogram()
                   .Name("tgauth_gateway_http_request_seconds")
                   .Help("Time from a request's arrival to its response, in seconds.")
                   .Register(metrics.registry())),
      parked_long_polls_(prometheus::BuildGauge()
                             .Name("tgauth_gateway_parked_long_polls")
                             .Help("Login long polls (GET /v1/logins/{id}?wait=N) waiting now.")
                             .Register(metrics.registry())
                             .Add({})) {}

Respond HttpMetrics::Observe(absl::string_view route, absl::string_view method, bool long_poll,
                             Respond respond) {
  const std::string method_label(HttpMethodLabel(method));
  prometheus::Histogram& seconds =
      seconds_.Add({{"route", std::string(route)}, {"method", method_label}}, LatencyBuckets());
  auto observed = std::make_shared<ObservedRequest>(
      requests_, seconds, long_poll ? &parked_long_polls_ : nullptr, std::string(route),
      method_label);
  return [observed = std::move(observed), respond = std::move(respond)](HttpResponse response) {
    observed->Answered(response.status);
    respond(std::move(response));
  };
}

}  // namespace tgauth::gateway
