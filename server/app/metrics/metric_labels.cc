#include "server/app/metrics/metric_labels.h"

#include <google/protobuf/descriptor.h>

#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace tgauth {

absl::string_view LoginEventLabel(LoginEvent event) {
  switch (event) {
    case LoginEvent::kCreated:
      return "created";
    case LoginEvent::kScanned:
      return "scanned";
    case LoginEvent::kConfirmed:
      return "confirmed";
    case LoginEvent::kDenied:
      return "denied";
    case LoginEvent::kExpired:
      return "expired";
    case LoginEvent::kRedeemed:
      return "redeemed";
  }
  return "other";
}

absl::string_view RefreshOutcomeLabel(RefreshOutcome outcome) {
  switch (outcome) {
    case RefreshOutcome::kRotated:
      return "rotated";
    case RefreshOutcome::kGrace:
      return "grace";
    case RefreshOutcome::kReuseDetected:
      return "reuse_detected";
    case RefreshOutcome::kRefused:
      return "refused";
    case RefreshOutcome::kFailed:
      return "failed";
  }
  return "other";
}

absl::string_view RevokeReasonLabel(RevokeReason reason) {
  switch (reason) {
    case RevokeReason::kLogout:
      return "logout";
    case RevokeReason::kRevokedByUser:
      return "revoked_by_user";
    case RevokeReason::kOtherSessions:
      return "other_sessions";
    case RevokeReason::kRefreshTokenReuse:
      return "refresh_token_reuse";
    case RevokeReason::kAuthorizationCodeReuse:
      return "authorization_code_reuse";
  }
  return "other";
}

absl::string_view UpdateKindLabel(UpdateKind kind) {
  switch (kind) {
    case UpdateKind::kMessage:
      return "message";
    case UpdateKind::kCallbackQuery:
      return "callback_query";
    case UpdateKind::kOther:
      return "other";
  }
  return "other";
}

absl::string_view UpdateOutcomeLabel(UpdateOutcome outcome) {
  switch (outcome) {
    case UpdateOutcome::kHandled:
      return "handled";
    case UpdateOutcome::kIgnored:
      return "ignored";
    case UpdateOutcome::kDuplicate:
      return "duplicate";
    case UpdateOutcome::kInvalid:
      return "invalid";
    case UpdateOutcome::kFailed:
      return "failed";
  }
  return "other";
}

absl::string_view StoreLabel(storage::StoreKind store) {
  return store == storage::StoreKind::kPostgres ? "postgres" : "redis";
}

absl::string_view SignInMethodLabel(absl::string_view method) {
  for (absl::string_view known : {"qr", "widget", "mini_app", "login_link"}) {
    if (method == known) return known;
  }
  return "other";
}

absl::string_view StoreOperationLabel(absl::string_view operation) {
  constexpr size_t kMaxLength = 24;
  if (operation.empty() || operation.size() > kMaxLength) return "other";
  for (char c : operation) {
    if (!absl::ascii_isalpha(static_cast<unsigned char>(c))) return "other";
  }
  return operation;
}

GrpcMethodLabels GrpcMethodLabelsOf(absl::string_view full_method,
                                    const absl::flat_hash_set<std::string>& known) {
  if (!known.contains(full_method)) return {"unknown", "unknown"};
  full_method.remove_prefix(1);  // The leading '/'.
  const size_t slash = full_method.find('/');
  return {std::string(full_method.substr(0, slash)), std::string(full_method.substr(slash + 1))};
}

absl::flat_hash_set<std::string> KnownGrpcMethods(const std::vector<std::string>& services) {
  absl::flat_hash_set<std::string> known;
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      known.insert(absl::StrCat("/", name, "/", service->method(i)->name()));
    }
  }
  return known;
}

absl::string_view GrpcCodeLabel(int code) {
  static constexpr absl::string_view kNames[] = {
      "OK",
      "CANCELLED",
      "UNKNOWN",
      "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED",
      "NOT_FOUND",
      "ALREADY_EXISTS",
      "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION",
      "ABORTED",
      "OUT_OF_RANGE",
      "UNIMPLEMENTED",
      "INTERNAL",
      "UNAVAILABLE",
      "DATA_LOSS",
      "UNAUTHENTICATED",
  };
  if (code < 0 || code >= static_cast<int>(std::size(kNames))) return "UNKNOWN";
  return kNames[code];
}

}  // namespace tgauth
