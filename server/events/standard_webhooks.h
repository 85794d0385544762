// Signing per Standard Webhooks (https://www.standardwebhooks.com/,
// "Signature scheme"): a subscriber's secret is "whsec_" + base64 of random
// bytes; each request carries `webhook-id`, `webhook-timestamp` (unix
// seconds) and `webhook-signature: v1,<base64 of HMAC-SHA256(key,
// "<id>.<timestamp>.<body>")>`, so any Standard Webhooks library verifies it.
#ifndef TGAUTH_SERVER_EVENTS_STANDARD_WEBHOOKS_H_
#define TGAUTH_SERVER_EVENTS_STANDARD_WEBHOOKS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tgauth {

inline constexpr absl::string_view kWebhookSecretPrefix = "whsec_";
// The key sizes the specification allows (bytes after base64 decoding).
inline constexpr size_t kMinWebhookKeyBytes = 24;
inline constexpr size_t kMaxWebhookKeyBytes = 64;

// A subscriber's HMAC key. Never logged.
class WebhookKey {
 public:
  // The key in `secret` ("whsec_<base64>", standard alphabet).
  // INVALID_ARGUMENT (without the secret) if the prefix is missing, the rest
  // is not base64, or it decodes to fewer than 24 or more than 64 bytes.
  static absl::StatusOr<WebhookKey> FromSecret(absl::string_view secret);

  // The `webhook-signature` header value for one request: "v1,<base64>".
  // `timestamp` is the `webhook-timestamp` value, unix seconds.
  std::string Sign(absl::string_view webhook_id, int64_t timestamp, absl::string_view body) const;

 private:
  explicit WebhookKey(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string bytes_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_STANDARD_WEBHOOKS_H_
