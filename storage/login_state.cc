#include "absl/strings/string_view.h"
#include "storage/pending_login_store.h"

namespace tgauth::storage {

absl::string_view LoginStateName(LoginState state) {
  switch (state) {
    case LoginState::kPending:
      return "pending";
    case LoginState::kScanned:
      return "scanned";
    case LoginState::kConfirmed:
      return "confirmed";
    case LoginState::kRedeemed:
      return "redeemed";
    case LoginState::kDenied:
      return "denied";
  }
  return "unknown";
}

}  // namespace tgauth::storage
