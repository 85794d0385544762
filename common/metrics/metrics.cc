#include "common/metrics/metrics.h"

#include <algorithm>
#include <exception>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "prometheus/exposer.h"
#include "prometheus/metric_family.h"
#include "prometheus/text_serializer.h"

namespace tgauth {

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  return *buckets;
}

class Metrics::Everything final : public prometheus::Collectable {
 public:
  explicit Everything(const prometheus::Registry& registry) : registry_(registry) {}

  void Attach(const prometheus::Collectable& collectable) {
    absl::MutexLock lock(&mu_);
    attached_.push_back(&collectable);
  }

  void Detach(const prometheus::Collectable& collectable) {
    absl::MutexLock lock(&mu_);
    attached_.erase(std::remove(attached_.begin(), attached_.end(), &collectable),
                    attached_.end());
  }

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> families = registry_.Collect();
    absl::MutexLock lock(&mu_);  // Held while collecting, so Detach waits.
    for (const prometheus::Collectable* collectable : attached_) {
      std::vector<prometheus::MetricFamily> more = collectable->Collect();
      families.insert(families.end(), std::make_move_iterator(more.begin()),
                      std::make_move_iterator(more.end()));
    }
    return families;
  }

 private:
  const prometheus::Registry& registry_;
  mutable absl::Mutex mu_;
  std::vector<const prometheus::Collectable*> attached_ ABSL_GUARDED_BY(mu_);
};

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      everything_(std::make_shared<Everything>(*registry_)) {}

Metrics::~Metrics() { exposer_.reset(); }

void Metrics::Attach(const prometheus::Collectable& collectable) {
  everything_->Attach(collectable);
}

void Metrics::Detach(const prometheus::Collectable& collectable) {
  everything_->Detach(collectable);
}

absl::Status Metrics::Serve(const std::string& address) {
  if (exposer_ != nullptr) return absl::FailedPreconditionError("metrics are already served");
  if (!absl::StrContains(address, ':')) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics address \"", address, "\" is not host:port"));
  }
  try {
    // One worker thread: a scrape every few seconds needs no more.
    exposer_ = std::make_unique<prometheus::Exposer>(address, /*num_threads=*/1);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", address, ": ", e.what()));
  }
  exposer_->RegisterCollectable(everything_, "/metrics");
  const std::vector<int> ports = exposer_->GetListeningPorts();
  port_ = ports.empty() ? 0 : ports.front();
  return absl::OkStatus();
}

std::string Metrics::Scrape() const {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, everything_->Collect());
  return out.str();
}

}  // namespace tgauth
