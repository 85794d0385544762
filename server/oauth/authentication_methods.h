// The `amr` claim of an ID token (OpenID Connect Core 1.0 section 2): how
// the session's sign-in authenticated the person, in values from RFC 8176's
// registry (section 2), claimed only for what tgauth itself observed.
//
//   "qr", "login_link": the person acted in their Telegram app, a channel
//     distinct from the browser that signs in (the bot received their
//     /start or tap), and did so by hand: "mca" (multiple-channel
//     authentication) and "user" (a test of user presence).
//   "widget", "mini_app": tgauth verifies data Telegram signed, but sees
//     nothing of how Telegram authenticated the person: no value, so `amr`
//     is omitted.
//
// Never "mfa": the one factor tgauth can vouch for is possession of a
// signed-in Telegram app; whether the account also has Telegram's cloud
// password is invisible to it.
#ifndef TGAUTH_SERVER_OAUTH_AUTHENTICATION_METHODS_H_
#define TGAUTH_SERVER_OAUTH_AUTHENTICATION_METHODS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace tgauth {

// The RFC 8176 values for a session signed in with `sign_in_method`
// (storage/session_records.h), as above; empty for any other method.
std::vector<std::string> AuthenticationMethods(absl::string_view sign_in_method);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_AUTHENTICATION_METHODS_H_
