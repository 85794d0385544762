#include "server/events/standard_webhooks.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace tgauth {

absl::StatusOr<WebhookKey> WebhookKey::FromSecret(absl::string_view secret) {
  if (!absl::ConsumePrefix(&secret, kWebhookSecretPrefix)) {
    return absl::InvalidArgumentError(
        absl::StrCat("a webhook secret must start with ", kWebhookSecretPrefix));
  }
  std::string key;
  if (!absl::Base64Unescape(secret, &key)) {
    return absl::InvalidArgumentError(
        absl::StrCat("a webhook secret must be ", kWebhookSecretPrefix, " and base64"));
  }
  if (key.size() < kMinWebhookKeyBytes || key.size() > kMaxWebhookKeyBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a webhook secret must hold ", kMinWebhookKeyBytes, "-", kMaxWebhookKeyBytes,
        " bytes (e.g. ", kWebhookSecretPrefix, "$(openssl rand -base64 32)); it has ", key.size()));
  }
  return WebhookKey(std::move(key));
}

std::string WebhookKey::Sign(absl::string_view webhook_id, int64_t timestamp,
                             absl::string_view body) const {
  const std::string signed_content = absl::StrCat(webhook_id, ".", timestamp, ".", body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), bytes_.data(), static_cast<int>(bytes_.size()),
       reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size(), mac,
       &mac_size);
  return absl::StrCat(
      "v1,", absl::Base64Escape(absl::string_view(reinterpret_cast<const char*>(mac), mac_size)));
}

}  // namespace tgauth
