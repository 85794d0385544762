// Bookkeeping for the load generator: latency samples, failures by kind and
// process memory from /proc. Single-threaded (the bench runs one io thread).
#ifndef TGAUTH_BENCH_BENCH_STATS_H_
#define TGAUTH_BENCH_BENCH_STATS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tgauth::bench {

// Latency samples in milliseconds.
class LatencySamples {
 public:
  void Add(double ms) {
    samples_.push_back(ms);
    sorted_ = false;
  }
  void Add(const LatencySamples& other) {
    samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
    sorted_ = false;
  }
  int64_t count() const { return static_cast<int64_t>(samples_.size()); }
  // The q-quantile (0..1, nearest rank); 0 when there are no samples.
  double Quantile(double q) const;
  double Max() const { return Quantile(1.0); }
  // "p50 1.23  p90 …  p99 …  max … ms (n=…)", or "no samples".
  std::string Describe() const;

 private:
  mutable std::vector<double> samples_;
  mutable bool sorted_ = false;
};

// Failures counted by a short kind, e.g. "poll: timeout", "webhook: HTTP 401".
class FailureCounts {
 public:
  void Add(const std::string& kind) { ++counts_[kind]; }
  int64_t Total() const;
  // "0", or "3 (poll: timeout ×2, webhook: HTTP 503 ×1)".
  std::string Describe() const;

 private:
  std::map<std::string, int64_t> counts_;
};

// Resident memory of a process from /proc/PID/status, in MiB.
struct ProcessMemory {
  double rss_mib = 0;   // VmRSS: now.
  double peak_mib = 0;  // VmHWM: the high-water mark since the process started.
};

// Empty when the process does not exist or /proc is unreadable.
std::optional<ProcessMemory> ReadProcessMemory(int pid);

}  // namespace tgauth::bench

#endif  // TGAUTH_BENCH_BENCH_STATS_H_
