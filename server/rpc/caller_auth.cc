#include "server/rpc/caller_auth.h"

#include "absl/strings/match.h"

namespace tgauth {

absl::string_view AuthorizationOf(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return {};
  return absl::string_view(it->second.data(), it->second.size());
}

absl::StatusOr<AccessTokenClaims> AuthenticateUser(const AccessTokenValidator& validator,
                                                   const grpc::CallbackServerContext& context) {
  const absl::string_view value = AuthorizationOf(context);
  if (value.empty()) {
    return absl::UnauthenticatedError(
        "missing access token: send metadata \"authorization: Bearer <access token>\"");
  }
  // RFC 6750 section 2.1: the scheme is case-insensitive.
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() || !absl::StartsWithIgnoreCase(value, kScheme)) {
    return absl::UnauthenticatedError("authorization metadata is not a Bearer credential");
  }
  return validator.Validate(value.substr(kScheme.size()));
}

absl::StatusOr<Operator> AuthenticateOperator(const AdminCredentials& credentials,
                                              const grpc::CallbackServerContext& context) {
  if (absl::Status status = credentials.Authenticate(AuthorizationOf(context)); !status.ok()) {
    return status;
  }
  return Operator{};
}

}  // namespace tgauth
