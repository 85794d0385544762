// Metrics whose values are read at scrape time from the objects that keep
// them: a pool's connections in use, a queue's depth, counts a component
// already keeps. Add every series, then AttachTo(metrics); destroy it before
// the objects its series read from (it detaches itself).
#ifndef TGAUTH_COMMON_METRICS_SAMPLED_METRICS_H_
#define TGAUTH_COMMON_METRICS_SAMPLED_METRICS_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/metrics/metrics.h"
#include "prometheus/collectable.h"
#include "prometheus/labels.h"
#include "prometheus/metric_family.h"

namespace tgauth {

class SampledMetrics final : public prometheus::Collectable {
 public:
  // Reads one value; called on the scraping thread, so it must be thread-safe
  // and must not block.
  using Read = std::function<double()>;

  SampledMetrics() = default;
  ~SampledMetrics() override;  // Detaches, waiting for a scrape in progress.
  SampledMetrics(const SampledMetrics&) = delete;
  SampledMetrics& operator=(const SampledMetrics&) = delete;

  // Adds one series of gauge `name` (or of counter `name`, which must end in
  // "_total"); series of one name share the first call's `help`. Not
  // thread-safe: add everything before the first Collect().
  void AddGauge(const std::string& name, const std::string& help, prometheus::Labels labels,
                Read read);
  void AddCounter(const std::string& name, const std::string& help, prometheus::Labels labels,
                  Read read);

  // From now on `metrics` (which must outlive this) scrapes these series.
  // At most once; add no series afterwards.
  void AttachTo(Metrics& metrics);

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  struct Series {
    prometheus::Labels labels;
    Read read;
  };
  struct Family {
    prometheus::MetricFamily shape;  // Name, help and type; no samples.
    std::vector<Series> series;
  };
  void Add(const std::string& name, const std::string& help, prometheus::MetricType type,
           prometheus::Labels labels, Read read);

  std::map<std::string, Family> families_;
  Metrics* attached_to_ = nullptr;
};

}  // namespace tgauth

#endif  // TGAUTH_COMMON_METRICS_SAMPLED_METRICS_H_
