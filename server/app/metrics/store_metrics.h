// PostgreSQL and Redis call metrics, fed by storage's StoreCallObserver:
//   tgauth_store_call_seconds{store,operation}       (histogram)
//   tgauth_store_call_errors_total{store,operation}
// `store` is "postgres" or "redis"; `operation` "transaction", "read" or
// "statement" for PostgreSQL, the command for Redis (metric_labels.h bounds both).
#ifndef TGAUTH_SERVER_APP_METRICS_STORE_METRICS_H_
#define TGAUTH_SERVER_APP_METRICS_STORE_METRICS_H_

#include "common/metrics/metrics.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "storage/store_call_observer.h"

namespace tgauth {

class StoreMetrics final : public storage::StoreCallObserver {
 public:
  explicit StoreMetrics(Metrics& metrics);

  void OnStoreCall(storage::StoreKind store, absl::string_view operation, absl::Duration elapsed,
                   bool failed) override;

 private:
  prometheus::Family<prometheus::Histogram>& seconds_;
  prometheus::Family<prometheus::Counter>& errors_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_APP_METRICS_STORE_METRICS_H_
