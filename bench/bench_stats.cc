#include "bench/bench_stats.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace tgauth::bench {

double LatencySamples::Quantile(double q) const {
  if (samples_.empty()) return 0;
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  const double rank = std::ceil(q * static_cast<double>(samples_.size()));
  const size_t index = std::clamp<size_t>(static_cast<size_t>(rank), 1, samples_.size()) - 1;
  return samples_[index];
}

std::string LatencySamples::Describe() const {
  if (samples_.empty()) return "no samples";
  return absl::StrFormat("p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms (n=%d)", Quantile(0.5),
                         Quantile(0.9), Quantile(0.99), Max(), count());
}

int64_t FailureCounts::Total() const {
  int64_t total = 0;
  for (const auto& [kind, n] : counts_) total += n;
  return total;
}

std::string FailureCounts::Describe() const {
  if (counts_.empty()) return "0";
  std::vector<std::string> parts;
  for (const auto& [kind, n] : counts_) parts.push_back(absl::StrFormat("%s ×%d", kind, n));
  return absl::StrFormat("%d (%s)", Total(), absl::StrJoin(parts, ", "));
}

std::optional<ProcessMemory> ReadProcessMemory(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  if (!status) return std::nullopt;
  ProcessMemory memory;
  bool found = false;
  std::string line;
  while (std::getline(status, line)) {
    std::istringstream fields(line);
    std::string key;
    double kib = 0;
    fields >> key >> kib;  // e.g. "VmRSS:	  123456 kB"
    if (key == "VmRSS:") memory.rss_mib = kib / 1024, found = true;
    if (key == "VmHWM:") memory.peak_mib = kib / 1024;
  }
  if (!found) return std::nullopt;  // A zombie has no VmRSS line.
  return memory;
}

}  // namespace tgauth::bench
