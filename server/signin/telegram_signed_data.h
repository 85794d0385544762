// What the Login Widget and the Mini App checks share: Telegram signs a set
// of `key=value` fields, and a receiver checks the signature over the
// "data-check-string" and the freshness of `auth_date`.
// (core.telegram.org/widgets/login#checking-authorization,
// core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app)
#ifndef TGAUTH_SERVER_SIGNIN_TELEGRAM_SIGNED_DATA_H_
#define TGAUTH_SERVER_SIGNIN_TELEGRAM_SIGNED_DATA_H_

#include <initializer_list>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tgauth {

// Field name -> value as received; std::map keeps them sorted by byte order,
// which is Telegram's "sorted alphabetically" for its ASCII field names.
using SignedFields = std::map<std::string, std::string, std::less<>>;

// How fresh signed data must be: `auth_date` at most `max_age` old (zero
// turns the age check off, for replaying recorded data in tests) and at most
// kMaxClockSkew in the future.
inline constexpr absl::Duration kMaxClockSkew = absl::Minutes(1);

// INVALID_ARGUMENT unless every name is 1-64 of [a-z0-9_] and no value has a
// line feed: the separators of the data-check-string must stay unambiguous.
// `what` names the input in messages ("fields", "init_data").
absl::Status CheckFieldSyntax(const SignedFields& fields, absl::string_view what);

// Every field except those named in `skip`, sorted, as `key=value` joined by
// '\n'.
std::string DataCheckString(const SignedFields& fields,
                            std::initializer_list<absl::string_view> skip);

// HMAC-SHA-256 (OpenSSL) of `data` under `key`: 32 raw bytes.
std::string HmacSha256(absl::string_view key, absl::string_view data);

// Compares `hash` (the received field) with lowercase hex `expected` in
// constant time. INVALID_ARGUMENT if `hash` is not 64 lowercase hex digits;
// UNAUTHENTICATED if it does not match.
absl::Status CheckHexHash(absl::string_view hash, absl::string_view expected_bytes,
                          absl::string_view what);

// The `auth_date` field (Unix seconds, decimal). INVALID_ARGUMENT if absent
// or not a positive number.
absl::StatusOr<absl::Time> AuthDate(const SignedFields& fields);

// The `auth_date` field (Unix seconds, decimal) checked against `now`.
// INVALID_ARGUMENT if absent or not a number; UNAUTHENTICATED if older than
// `max_age` (unless zero) or more than kMaxClockSkew in the future.
absl::Status CheckAuthDate(const SignedFields& fields, absl::Time now, absl::Duration max_age);

// A positive decimal Telegram id. INVALID_ARGUMENT otherwise.
absl::StatusOr<int64_t> ParseTelegramId(absl::string_view text, absl::string_view what);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SIGNIN_TELEGRAM_SIGNED_DATA_H_
