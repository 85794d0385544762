// Telegram Mini App initData, checked as Telegram specifies
// (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app
// and #validating-data-for-third-party-use). initData is a query string;
// its fields are percent-decoded (libcurl), then either
//  - HMAC (the bot's own backend, which holds the bot token):
//      data_check_string = every field except `hash`, sorted by name, as
//                          `key=value` joined by '\n';
//      secret_key        = HMAC-SHA-256(key "WebAppData", message bot_token);
//      valid            <=> hex(HMAC-SHA-256(secret_key, data_check_string)) == hash;
//  - or Ed25519 (third parties that know only the bot id): `signature` is
//    base64url Ed25519 over
//      "<bot_id>:WebAppData\n" + every field except `hash` and `signature`,
//      sorted, as `key=value` joined by '\n',
//    under Telegram's public key: production
//    e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d, test
//    environment 40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec.
// `auth_date` must be fresh either way; the `user` field (a JSON
// WebAppUser) gives the profile.
#ifndef TGAUTH_SERVER_SIGNIN_MINI_APP_VERIFIER_H_
#define TGAUTH_SERVER_SIGNIN_MINI_APP_VERIFIER_H_

#include <openssl/evp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/signin/telegram_signed_data.h"
#include "storage/user_store.h"

namespace tgauth {

inline constexpr absl::string_view kTelegramProductionEd25519KeyHex =
    "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d";
inline constexpr absl::string_view kTelegramTestEd25519KeyHex =
    "40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec";

// The fields of a raw query string: split on '&' and '=', '+' read as a
// space and percent-escapes decoded (application/x-www-form-urlencoded, as
// browsers' URLSearchParams read initData). Empty pieces are skipped.
// INVALID_ARGUMENT for a field given twice or a malformed name.
absl::StatusOr<SignedFields> ParseInitData(absl::string_view init_data);

struct MiniAppVerifierOptions {
  // Set: HMAC validation with this token (the bot's own backend).
  std::string bot_token;
  // Without a token: Ed25519 validation for this bot; 0 with no token turns
  // Mini App sign-in off.
  int64_t bot_id = 0;
  // Raw 32-byte Ed25519 public key (default: Telegram's production key).
  std::string public_key;
};

// The options of a deployment with `bot_token` (empty: none) and `bot_id`
// (0: the numeric prefix of `bot_token`, "<bot id>:<secret>"), checking
// Ed25519 signatures with Telegram's test-environment key if
// `test_environment`, else its production key.
MiniAppVerifierOptions MiniAppOptionsFor(std::string bot_token, int64_t bot_id,
                                         bool test_environment);

class MiniAppVerifier {
 public:
  enum class Mode { kOff, kHmac, kEd25519 };

  // INVALID_ARGUMENT if `public_key` is set and is not 32 bytes.
  static absl::StatusOr<std::unique_ptr<MiniAppVerifier>> Create(MiniAppVerifierOptions options);

  // The profile of the `user` in verified `init_data`, as of `now`.
  // INVALID_ARGUMENT for malformed data (over 8 KiB, duplicate or bad fields,
  // no hash/signature, auth_date or user, a hash or signature of the wrong
  // encoding or length, user JSON without a positive id or a first_name);
  // UNAUTHENTICATED if the hash or signature does not verify, or auth_date is
  // older than `max_age` (zero: no limit) or more than a minute ahead;
  // FAILED_PRECONDITION if Mini App sign-in is off.
  absl::StatusOr<storage::TelegramProfile> Verify(absl::string_view init_data, absl::Time now,
                                                  absl::Duration max_age) const;

  Mode mode() const { return mode_; }

 private:
  struct KeyDeleter {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  };

  MiniAppVerifier(Mode mode, std::string bot_token, int64_t bot_id,
                  std::unique_ptr<EVP_PKEY, KeyDeleter> key)
      : mode_(mode), bot_token_(std::move(bot_token)), bot_id_(bot_id), key_(std::move(key)) {}

  absl::Status CheckHmac(const SignedFields& fields) const;
  absl::Status CheckSignature(const SignedFields& fields) const;

  Mode mode_;
  std::string bot_token_;
  int64_t bot_id_;
  std::unique_ptr<EVP_PKEY, KeyDeleter> key_;  // For kEd25519.
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SIGNIN_MINI_APP_VERIFIER_H_
