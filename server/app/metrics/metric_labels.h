// The label values of tgauth-server's metrics: each maps a domain value to
// one of a fixed, small set of words, so no series is ever named after a
// token, a user id or an address (prometheus.io/docs/practices/naming,
// "Labels": every label value is a new time series).
#ifndef TGAUTH_SERVER_APP_METRICS_METRIC_LABELS_H_
#define TGAUTH_SERVER_APP_METRICS_METRIC_LABELS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "server/bot/update_listener.h"
#include "server/qr_login/login_listener.h"
#include "server/session/refresh_listener.h"
#include "server/session/revocation_listener.h"
#include "storage/store_call_observer.h"

namespace tgauth {

// "created", "scanned", "confirmed", "denied", "expired", "redeemed".
absl::string_view LoginEventLabel(LoginEvent event);
// "rotated", "grace", "reuse_detected", "refused", "failed".
absl::string_view RefreshOutcomeLabel(RefreshOutcome outcome);
// "logout", "revoked_by_user", "other_sessions", "refresh_token_reuse".
absl::string_view RevokeReasonLabel(RevokeReason reason);
// "message", "callback_query", "other".
absl::string_view UpdateKindLabel(UpdateKind kind);
// "handled", "ignored", "duplicate", "invalid", "failed".
absl::string_view UpdateOutcomeLabel(UpdateOutcome outcome);
// "postgres", "redis".
absl::string_view StoreLabel(storage::StoreKind store);

// A sign-in method as SessionInfo.sign_in_method names it ("qr", "widget",
// "mini_app", "login_link"); "other" for anything else.
absl::string_view SignInMethodLabel(absl::string_view method);

// A store operation: itself when it is 1 to 24 ASCII letters (a Redis
// command, "transaction", "read"); "other" otherwise.
absl::string_view StoreOperationLabel(absl::string_view operation);

// The grpc_service and grpc_method labels of a call to `full_method`
// ("/package.Service/Method"): its two parts when it is one of `known`
// (the server's registered methods, KnownGrpcMethods), else both "unknown":
// a client may send any method name.
struct GrpcMethodLabels {
  std::string service;
  std::string method;
};
GrpcMethodLabels GrpcMethodLabelsOf(absl::string_view full_method,
                                    const absl::flat_hash_set<std::string>& known);

// Every "/package.Service/Method" of the services named (full names, e.g.
// "tgauth.v1.AuthService") whose descriptors are linked into this binary.
absl::flat_hash_set<std::string> KnownGrpcMethods(const std::vector<std::string>& services);

// The status code's name as gRPC spells it ("OK", "NOT_FOUND", ...);
// "UNKNOWN" for a number outside the 17 codes.
absl::string_view GrpcCodeLabel(int code);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_APP_METRICS_METRIC_LABELS_H_
