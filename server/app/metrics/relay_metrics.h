// The outbox relay's metrics (server/events/relay_observer.h):
//   tgauth_event_outbox_lag_seconds{stage}   (histogram) how long an event
//     waited from its transaction's append: stage="numbered" until the
//     relay numbered it (PostgreSQL's clock), stage="delivered" until every
//     channel took it (this replica's clock against PostgreSQL's).
//   tgauth_event_relay_leader   1 on the replica whose relay numbers events.
#ifndef TGAUTH_SERVER_APP_METRICS_RELAY_METRICS_H_
#define TGAUTH_SERVER_APP_METRICS_RELAY_METRICS_H_

#include "common/metrics/metrics.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "server/events/relay_observer.h"

namespace tgauth {

class RelayMetrics final : public RelayObserver {
 public:
  explicit RelayMetrics(Metrics& metrics);

  void OnNumbered(absl::Duration lag) override;
  void OnDelivered(absl::Duration lag) override;
  void OnLeading(bool leads) override;

 private:
  prometheus::Histogram& numbered_;
  prometheus::Histogram& delivered_;
  prometheus::Gauge& leader_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_APP_METRICS_RELAY_METRICS_H_
