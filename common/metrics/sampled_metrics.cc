#include "common/metrics/sampled_metrics.h"

#include <utility>

namespace tgauth {

SampledMetrics::~SampledMetrics() {
  if (attached_to_ != nullptr) attached_to_->Detach(*this);
}

void SampledMetrics::AttachTo(Metrics& metrics) {
  attached_to_ = &metrics;
  metrics.Attach(*this);
}

void SampledMetrics::AddGauge(const std::string& name, const std::string& help,
                              prometheus::Labels labels, Read read) {
  Add(name, help, prometheus::MetricType::Gauge, std::move(labels), std::move(read));
}

void SampledMetrics::AddCounter(const std::string& name, const std::string& help,
                                prometheus::Labels labels, Read read) {
  Add(name, help, prometheus::MetricType::Counter, std::move(labels), std::move(read));
}

void SampledMetrics::Add(const std::string& name, const std::string& help,
                         prometheus::MetricType type, prometheus::Labels labels, Read read) {
  Family& family = families_[name];
  if (family.shape.name.empty()) {
    family.shape.name = name;
    family.shape.help = help;
    family.shape.type = type;
  }
  family.series.push_back({std::move(labels), std::move(read)});
}

std::vector<prometheus::MetricFamily> SampledMetrics::Collect() const {
  std::vector<prometheus::MetricFamily> out;
  for (const auto& [name, family] : families_) {
    prometheus::MetricFamily sampled = family.shape;
    for (const Series& series : family.series) {
      prometheus::ClientMetric metric;
      for (const auto& [label, value] : series.labels) metric.label.push_back({label, value});
      if (family.shape.type == prometheus::MetricType::Counter) {
        metric.counter.value = series.read();
      } else {
        metric.gauge.value = series.read();
      }
      sampled.metric.push_back(std::move(metric));
    }
    out.push_back(std::move(sampled));
  }
  return out;
}

}  // namespace tgauth
