#include "storage/memory/in_memory_login_events.h"

#include "absl/strings/string_view.h"

namespace tgauth::storage {

absl::Status InMemoryLoginEvents::Publish(absl::string_view login_key) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  if (handler_.has_value()) (*handler_)(login_key);
  return absl::OkStatus();
}

absl::Status InMemoryLoginEvents::Subscribe(Handler handler) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  if (handler_.has_value()) return absl::FailedPreconditionError("already subscribed");
  handler_ = std::move(handler);
  (*handler_)("");
  return absl::OkStatus();
}

}  // namespace tgauth::storage
