// One process's Prometheus metrics (prometheus-cpp, the text exposition
// format of prometheus.io/docs/instrumenting/exposition_formats): a registry
// for counters, gauges and histograms, collectables attached by their owners
// (values read at scrape time), and an optional HTTP endpoint serving
// GET /metrics. main() makes one and passes it by reference; nothing in
// tgauth reaches it through a global.
//
// Names follow prometheus.io/docs/practices/naming: base units (`_seconds`),
// `_total` for counters. Label values come from small fixed sets (a method,
// a route pattern, an outcome): never a token, a user id or an address.
#ifndef TGAUTH_COMMON_METRICS_METRICS_H_
#define TGAUTH_COMMON_METRICS_METRICS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "prometheus/collectable.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace prometheus {
class Exposer;
}

namespace tgauth {

// The buckets of every latency histogram, in seconds: 1 ms up to a minute,
// so a 30 s long poll still falls in one.
const prometheus::Histogram::BucketBoundaries& LatencyBuckets();

class Metrics {
 public:
  Metrics();
  ~Metrics();  // Stops serving first.
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Where families are registered (prometheus::BuildCounter() ... .Register).
  // They live as long as this object.
  prometheus::Registry& registry() { return *registry_; }

  // Collects `collectable` at every scrape until Detach(`collectable`),
  // which waits for a scrape in progress: after it returns, `collectable`
  // may be destroyed. For values sampled from objects that die before this.
  void Attach(const prometheus::Collectable& collectable);
  void Detach(const prometheus::Collectable& collectable);

  // Serves GET /metrics on `address` ("host:port"; port 0 picks a free
  // one). INVALID_ARGUMENT for an address without a port; UNAVAILABLE if
  // it cannot listen there; FAILED_PRECONDITION if already serving.
  absl::Status Serve(const std::string& address);
  // The port Serve() listens on; 0 before.
  int port() const { return port_; }

  // Everything a scrape would return, in the text format.
  std::string Scrape() const;

 private:
  // The registry and the attached collectables, as one collectable.
  class Everything;

  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<Everything> everything_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
};

}  // namespace tgauth

#endif  // TGAUTH_COMMON_METRICS_METRICS_H_
