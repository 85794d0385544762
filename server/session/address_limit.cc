#include "server/session/address_limit.h"

#include "absl/strings/str_cat.h"
#include "common/client_address.h"
#include "common/log.h"

namespace tgauth {

AddressLimit::AddressLimit(storage::RateLimiter& limiter, std::string name, std::string what,
                           AddressLimitOptions options)
    : limiter_(limiter), name_(std::move(name)), what_(std::move(what)), options_(options) {}

std::string AddressLimit::Bucket(absl::string_view ip) const {
  return absl::StrCat(name_, ":", RateLimitKey(ip));
}

absl::Status AddressLimit::Refusal() const {
  return absl::ResourceExhaustedError(absl::StrCat("too many ", what_,
                                                   " from this address; try again in ",
                                                   absl::FormatDuration(options_.window)));
}

absl::Status AddressLimit::Count(absl::string_view ip) const {
  if (options_.limit <= 0) return absl::OkStatus();
  absl::StatusOr<bool> allowed = limiter_.Allow(Bucket(ip), options_.limit, options_.window);
  if (!allowed.ok()) return allowed.status();
  return *allowed ? absl::OkStatus() : Refusal();
}

absl::Status AddressLimit::Check(absl::string_view ip) const {
  if (options_.limit <= 0) return absl::OkStatus();
  absl::StatusOr<bool> exceeded = limiter_.Exceeded(Bucket(ip), options_.limit);
  if (!exceeded.ok()) return exceeded.status();
  return *exceeded ? Refusal() : absl::OkStatus();
}

absl::Status AddressLimit::Admit(absl::string_view ip) const {
  absl::Status over = Check(ip);
  if (over.ok() || absl::IsResourceExhausted(over)) return over;
  LogWarning("limit not checked", {{"limit", name_}, {"error", over}});
  return absl::OkStatus();
}

void AddressLimit::CountFailure(absl::string_view ip) const { Count(ip).IgnoreError(); }

}  // namespace tgauth
