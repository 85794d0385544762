// Telegram Login Widget data, checked as Telegram specifies
// (https://core.telegram.org/widgets/login#checking-authorization):
//   data_check_string = every received field except `hash`, sorted by name,
//                       as `key=value` joined by '\n';
//   secret_key        = SHA-256(bot_token);
//   valid            <=> hex(HMAC-SHA-256(secret_key, data_check_string)) == hash.
// Only fields actually received take part: a user without last_name,
// username or photo_url sends fewer fields, and unknown future fields are
// signed like the rest.
#ifndef TGAUTH_SERVER_SIGNIN_WIDGET_VERIFIER_H_
#define TGAUTH_SERVER_SIGNIN_WIDGET_VERIFIER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/signin/telegram_signed_data.h"
#include "storage/user_store.h"

namespace tgauth {

// The Telegram profile of verified widget `fields` (id, first_name,
// last_name, username, photo_url; absent ones empty), as of `now`.
// INVALID_ARGUMENT for malformed input (too many or too long fields, a bad
// field name, no or an empty `hash`, `id`, `first_name` or `auth_date`, a
// hash that is not 64 lowercase hex digits, a non-numeric id);
// UNAUTHENTICATED if the hash does not match under `bot_token`, or
// `auth_date` is older than `max_age` (zero: no age limit) or more than a
// minute in the future;
// FAILED_PRECONDITION if `bot_token` is empty (the widget is not set up).
absl::StatusOr<storage::TelegramProfile> VerifyWidgetLogin(const SignedFields& fields,
                                                           absl::string_view bot_token,
                                                           absl::Time now, absl::Duration max_age);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SIGNIN_WIDGET_VERIFIER_H_
