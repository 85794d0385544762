#include "storage/memory/fake_support.h"

#include <cstdint>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"

namespace tgauth::storage {

void FailureInjector::FailNextCalls(absl::Status status, int count) {
  absl::MutexLock lock(&mu_);
  status_ = std::move(status);
  remaining_ = status_.ok() ? 0 : count;
}

absl::Status FailureInjector::Next() {
  absl::MutexLock lock(&mu_);
  if (remaining_ == 0) return absl::OkStatus();
  if (remaining_ != kForever) --remaining_;
  return status_;
}

std::string NewFakeUuid() {
  static absl::Mutex mu(absl::kConstInit);
  static absl::BitGen* gen = new absl::BitGen;
  uint64_t hi, lo;
  {
    absl::MutexLock lock(&mu);
    hi = absl::Uniform<uint64_t>(*gen);
    lo = absl::Uniform<uint64_t>(*gen);
  }
  hi = (hi & ~uint64_t{0xF000}) | 0x4000;                      // Version 4.
  lo = (lo & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);  // RFC 4122 variant.
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF,
                         lo >> 48, lo & 0xFFFFFFFFFFFF);
}

}  // namespace tgauth::storage
