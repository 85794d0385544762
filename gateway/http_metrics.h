// The gateway's HTTP metrics, recorded by the Router for every request:
//   tgauth_gateway_http_requests_total{route,method,status}
//   tgauth_gateway_http_request_seconds{route,method}      (histogram)
//   tgauth_gateway_parked_long_polls                       (gauge)
// `route` is the pattern the request matched ("/v1/logins/{id}", never the
// raw path, which holds tokens) or "unmatched"; `method` is one of the HTTP
// methods of RFC 9110 section 9 or "other": a client can send anything.
#ifndef TGAUTH_GATEWAY_HTTP_METRICS_H_
#define TGAUTH_GATEWAY_HTTP_METRICS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/metrics/metrics.h"
#include "gateway/http_message.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"

namespace tgauth::gateway {

// The method label: `method` when it is one RFC 9110 defines, else "other".
absl::string_view HttpMethodLabel(absl::string_view method);

class HttpMetrics {
 public:
  explicit HttpMetrics(Metrics& metrics);  // `metrics` must outlive this.

  // `respond`, wrapped so the response it sends is counted under `route`
  // and `method` with its status and the time since this call. With
  // `long_poll`, the request counts as parked until it answers (or is
  // abandoned: the last copy of the wrapper is destroyed unanswered).
  Respond Observe(absl::string_view route, absl::string_view method, bool long_poll,
                  Respond respond);

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& seconds_;
  prometheus::Gauge& parked_long_polls_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_HTTP_METRICS_H_
