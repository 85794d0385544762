#include "common/webhook_secret.h"

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace tgauth {

absl::Status ValidateWebhookSecret(absl::string_view secret) {
  if (absl::StartsWith(secret, kPlaceholderSecretPrefix)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the webhook secret is still the placeholder (it starts with ",
                     kPlaceholderSecretPrefix, "); generate one, e.g. `openssl rand -hex 32`"));
  }
  const bool valid =
      secret.size() >= kMinWebhookSecretChars && secret.size() <= kMaxWebhookSecretChars &&
      absl::c_all_of(secret, [](char c) {
        return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      });
  if (valid) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "the webhook secret must be ", kMinWebhookSecretChars, "-", kMaxWebhookSecretChars,
      " characters of A-Z a-z 0-9 _ - (Telegram's setWebhook secret_token), e.g. from "
      "`openssl rand -hex 32`; it has ",
      secret.size()));
}

}  // namespace tgauth
