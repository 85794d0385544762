#include "server/app/metrics/relay_metrics.h"

#include <algorithm>

namespace tgauth {
namespace {

prometheus::Family<prometheus::Histogram>& LagFamily(Metrics& metrics) {
  return prometheus::BuildHistogram()
      .Name("tgauth_event_outbox_lag_seconds")
      .Help("Seconds from a domain event's append to the outbox until the relay numbered it "
            "(stage=numbered) or every channel took it (stage=delivered).")
      .Register(metrics.registry());
}

// The two clocks may disagree by a little; a negative lag is clock skew.
double Seconds(absl::Duration lag) { return std::max(0.0, absl::ToDoubleSeconds(lag)); }

}  // namespace

RelayMetrics::RelayMetrics(Metrics& metrics)
    : numbered_(LagFamily(metrics).Add({{"stage", "numbered"}}, LatencyBuckets())),
      delivered_(LagFamily(metrics).Add({{"stage", "delivered"}}, LatencyBuckets())),
      leader_(prometheus::BuildGauge()
                  .Name("tgauth_event_relay_leader")
                  .Help("1 on the replica whose outbox relay numbers domain events, else 0.")
                  .Register(metrics.registry())
                  .Add({})) {}

void RelayMetrics::OnNumbered(absl::Duration lag) { numbered_.Observe(Seconds(lag)); }

void RelayMetrics::OnDelivered(absl::Duration lag) { delivered_.Observe(Seconds(lag)); }

void RelayMetrics::OnLeading(bool leads) { leader_.Set(leads ? 1 : 0); }

}  // namespace tgauth
