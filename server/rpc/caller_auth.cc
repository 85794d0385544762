#include "server/rpc/caller_auth.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/webhook_secret.h"

namespace tgauth {

absl::string_view MetadataOf(const grpc::CallbackServerContext& context, const char* key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  if (it == metadata.end()) return {};
  return absl::string_view(it->second.data(), it->second.size());
}

absl::string_view AuthorizationOf(const grpc::CallbackServerContext& context) {
  return MetadataOf(context, "authorization");
}

namespace {

// The access token of the caller's Bearer credential (RFC 6750 section 2.1).
absl::StatusOr<absl::string_view> BearerTokenOf(const grpc::CallbackServerContext& context) {
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
  return value.substr(kScheme.size());
}

}  // namespace

absl::StatusOr<AccessTokenClaims> AuthenticateUser(const AccessTokenValidator& validator,
                                                   const grpc::CallbackServerContext& context) {
  absl::StatusOr<absl::string_view> token = BearerTokenOf(context);
  if (!token.ok()) return token.status();
  return validator.Validate(*token);
}

absl::StatusOr<AccessTokenClaims> AuthenticateTokenHolder(
    const AccessTokenValidator& validator, const grpc::CallbackServerContext& context) {
  absl::StatusOr<absl::string_view> token = BearerTokenOf(context);
  if (!token.ok()) return token.status();
  return validator.ValidateIssued(*token);
}

absl::StatusOr<Operator> AuthenticateOperator(const OperatorCredentials& credentials,
                                              const grpc::CallbackServerContext& context) {
  absl::StatusOr<std::string> name = credentials.Authenticate(AuthorizationOf(context));
  if (!name.ok()) return name.status();
  return Operator{*std::move(name)};
}

absl::StatusOr<TelegramWebhook> AuthenticateTelegram(const SharedSecret& webhook_secret,
                                                     const grpc::CallbackServerContext& context) {
  if (!webhook_secret.configured()) {
    return absl::PermissionDeniedError("Telegram updates disabled: set --webhook_secret");
  }
  const absl::string_view presented = MetadataOf(context, kWebhookSecretMetadata);
  if (presented.empty()) {
    return absl::UnauthenticatedError(
        absl::StrCat("missing metadata ", kWebhookSecretMetadata,
                     ": Telegram updates are accepted only with the webhook secret"));
  }
  if (!webhook_secret.Matches(presented)) {
    return absl::UnauthenticatedError(
        absl::StrCat(kWebhookSecretMetadata, " is not the webhook secret"));
  }
  return TelegramWebhook{};
}

}  // namespace tgauth
