#include "server/app/metrics/store_metrics.h"

#include <string>

#include "server/app/metrics/metric_labels.h"

namespace tgauth {

StoreMetrics::StoreMetrics(Metrics& metrics)
    : seconds_(prometheus::BuildHistogram()
                   .Name("tgauth_store_call_seconds")
                   .Help("PostgreSQL and Redis calls, including the wait for a pooled "
                         "connection, in seconds.")
                   .Register(metrics.registry())),
      errors_(prometheus::BuildCounter()
                  .Name("tgauth_store_call_errors_total")
                  .Help("PostgreSQL and Redis calls that failed in the store: unreachable, "
                        "a broken connection, an error reply.")
                  .Register(metrics.registry())) {
  // PostgreSQL's three operations from the start, so an alert on their rate
  // sees the first error.
  for (const char* operation : {"transaction", "read", "statement"}) {
    errors_.Add({{"store", "postgres"}, {"operation", operation}});
  }
}

void StoreMetrics::OnStoreCall(storage::StoreKind store, absl::string_view operation,
                               absl::Duration elapsed, bool failed) {
  const prometheus::Labels labels = {{"store", std::string(StoreLabel(store))},
                                     {"operation", std::string(StoreOperationLabel(operation))}};
  seconds_.Add(labels, LatencyBuckets()).Observe(absl::ToDoubleSeconds(elapsed));
  if (failed) errors_.Add(labels).Increment();
}

}  // namespace tgauth
