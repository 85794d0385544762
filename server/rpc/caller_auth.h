// Who is calling: the credentials tgauth's RPCs accept. Two are sent as
// gRPC metadata `authorization: Bearer <credential>` (RFC 6750 section
// 2.1): a user's access token, or an operator's token. Telegram's
// updates come with the webhook secret Telegram sent the gateway, as
// metadata `x-telegram-bot-api-secret-token` (common/webhook_secret.h).
#ifndef TGAUTH_SERVER_RPC_CALLER_AUTH_H_
#define TGAUTH_SERVER_RPC_CALLER_AUTH_H_

#include <grpcpp/server_context.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/shared_secret.h"
#include "server/rpc/operator_credentials.h"
#include "server/token/access_token_validator.h"

namespace tgauth {

// The raw value of the caller's metadata `key` (lower case); empty if absent.
absl::string_view MetadataOf(const grpc::CallbackServerContext& context, const char* key);

// The raw value of the caller's `authorization` metadata; empty if absent.
absl::string_view AuthorizationOf(const grpc::CallbackServerContext& context);

// The claims of the caller's access token (AccessTokenValidator::Validate).
// UNAUTHENTICATED if the metadata is missing, not a Bearer credential, or
// the token does not validate; UNAVAILABLE if the revocation list is stale.
absl::StatusOr<AccessTokenClaims> AuthenticateUser(const AccessTokenValidator& validator,
                                                   const grpc::CallbackServerContext& context);

// As AuthenticateUser, also for an OAuth client's RFC 9068 access token
// (AccessTokenValidator::ValidateIssued): for the endpoints a client calls
// with its own token (UserInfo).
absl::StatusOr<AccessTokenClaims> AuthenticateTokenHolder(
    const AccessTokenValidator& validator, const grpc::CallbackServerContext& context);

// The caller of an AdminService RPC: the operator whose token it presented.
struct Operator {
  std::string name;  // As in the operator credentials file; "admin" for --admin_token_file.
};

// The operator whose token the caller presents
// (OperatorCredentials::Authenticate: PERMISSION_DENIED when the admin API
// is off, UNAUTHENTICATED otherwise).
absl::StatusOr<Operator> AuthenticateOperator(const OperatorCredentials& credentials,
                                              const grpc::CallbackServerContext& context);

// The caller of HandleTelegramUpdate: it presented the webhook secret, so
// the update comes from Telegram (through the gateway).
struct TelegramWebhook {};

// TelegramWebhook if the caller's `x-telegram-bot-api-secret-token`
// metadata is `webhook_secret` (compared in constant time).
// UNAUTHENTICATED if it is missing or wrong; PERMISSION_DENIED if no
// secret is configured.
absl::StatusOr<TelegramWebhook> AuthenticateTelegram(const SharedSecret& webhook_secret,
                                                     const grpc::CallbackServerContext& context);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_CALLER_AUTH_H_
