// The secret_token of Telegram's setWebhook
// (core.telegram.org/bots/api#setwebhook): Telegram sends it back in the
// X-Telegram-Bot-Api-Secret-Token header of every update. The gateway
// checks the header and forwards it; the server checks it again, so both
// binaries configure the same secret and apply the same rule to it.
#ifndef TGAUTH_COMMON_WEBHOOK_SECRET_H_
#define TGAUTH_COMMON_WEBHOOK_SECRET_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tgauth {

// Telegram allows 1-256 characters; fewer than 32 could be guessed by a
// patient caller of the webhook.
inline constexpr size_t kMinWebhookSecretChars = 32;
inline constexpr size_t kMaxWebhookSecretChars = 256;
// The start of the placeholder in k8s/tgauth.yaml: a secret that begins
// with it was never changed.
inline constexpr absl::string_view kPlaceholderSecretPrefix = "CHANGE_ME";

// The gRPC metadata key the gateway forwards the header value under.
inline constexpr char kWebhookSecretMetadata[] = "x-telegram-bot-api-secret-token";

// OK if `secret` is 32-256 characters of A-Z a-z 0-9 _ - (Telegram's
// alphabet) and not the manifest's placeholder; INVALID_ARGUMENT with the
// rule otherwise.
absl::Status ValidateWebhookSecret(absl::string_view secret);

}  // namespace tgauth

#endif  // TGAUTH_COMMON_WEBHOOK_SECRET_H_
