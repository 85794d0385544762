// The sign-in methods that end in a session at once: Telegram Login Widget
// data, Mini App initData, and a bot-initiated login link. Each verifies
// its input, then ends the same way: the user upsert and exactly one new
// session, in one store write (SessionIssuer::Issue), which leaves the
// user's other sessions alone.
#ifndef TGAUTH_SERVER_SIGNIN_TELEGRAM_SIGN_IN_H_
#define TGAUTH_SERVER_SIGNIN_TELEGRAM_SIGN_IN_H_

#include <initializer_list>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/session/address_limit.h"
#include "server/session/session_issuer.h"
#include "server/signin/login_links.h"
#include "server/signin/mini_app_verifier.h"
#include "server/signin/replay_guard.h"
#include "server/signin/telegram_signed_data.h"

namespace tgauth {

struct TelegramSignInOptions {
  std::string bot_token;  // Keys the Login Widget's hash; empty: the widget is off.
  // How old widget and Mini App `auth_date` may be; zero: no limit. Each
  // payload signs in once (ReplayGuard); the age bounds how long it is
  // remembered, and how long a leaked one is worth anything.
  absl::Duration max_age = absl::Hours(1);
  // Sign-in attempts (widget, Mini App and login link together) one client
  // address may make per window; 0: no limit.
  AddressLimitOptions per_ip;
};

// A new session and its user.
struct SignIn {
  storage::UserRecord user;  // user.subscription: the one in force (storage::InForce).
  IssuedSession session;
};

class TelegramSignIn {
 public:
  // All references must outlive this.
  TelegramSignIn(TelegramSignInOptions options, const MiniAppVerifier& mini_app, LoginLinks& links,
                 SessionIssuer& sessions, storage::RateLimiter& limiter,
                 storage::SignedDataLedger& used_data, const Clock& clock)
      : options_(std::move(options)),
        mini_app_(mini_app),
        links_(links),
        sessions_(sessions),
        per_ip_(limiter, "sign-in", "sign-in attempts", options_.per_ip),
        replays_(used_data, options_.max_age, clock),
        clock_(clock) {}

  // Every method counts one attempt against options.per_ip for
  // device.ip_address, before verifying: RESOURCE_EXHAUSTED once over.

  // Login Widget `fields` (VerifyWidgetLogin); sign_in_method "widget".
  // INVALID_ARGUMENT for malformed fields or device; UNAUTHENTICATED if the
  // hash does not verify, auth_date is stale or these very fields signed in
  // before; FAILED_PRECONDITION if no
  // bot token is configured; UNAVAILABLE if a store is unreachable.
  absl::StatusOr<SignIn> WithWidget(const SignedFields& fields, const storage::DeviceInfo& device);

  // Mini App `init_data` (MiniAppVerifier::Verify); sign_in_method
  // "mini_app". Errors as WithWidget.
  absl::StatusOr<SignIn> WithMiniApp(absl::string_view init_data,
                                     const storage::DeviceInfo& device);

  // Consumes a login link `token`; sign_in_method "login_link". If the
  // sign-in then fails, the link is put back for the retry.
  // INVALID_ARGUMENT for a malformed token or device; UNAUTHENTICATED if the
  // link is unknown, used or expired; UNAVAILABLE if a store is unreachable.
  absl::StatusOr<SignIn> WithLoginLink(absl::string_view token, const storage::DeviceInfo& device);

  // The link `token` was made for, still unused (LoginLinks::Find). For a
  // client at `ip` (Device.ip_address), a malformed or unknown token counts
  // one attempt against options.per_ip: RESOURCE_EXHAUSTED, looking nothing
  // up, once the address has used them up (failing open when the limit's
  // store is unreachable).
  absl::StatusOr<storage::LoginLink> DescribeLoginLink(absl::string_view token,
                                                       absl::string_view ip);

 private:
  // The upsert and the one session every method ends with.
  absl::StatusOr<SignIn> Finish(const storage::TelegramProfile& who,
                                const storage::DeviceInfo& device, absl::string_view method);
  // Finish() for the first use of verified signed `fields` (ReplayGuard).
  absl::StatusOr<SignIn> FinishOnce(const SignedFields& fields,
                                    std::initializer_list<absl::string_view> unsigned_fields,
                                    const storage::TelegramProfile& who,
                                    const storage::DeviceInfo& device, absl::string_view method);

  TelegramSignInOptions options_;
  const MiniAppVerifier& mini_app_;
  LoginLinks& links_;
  SessionIssuer& sessions_;
  const AddressLimit per_ip_;
  ReplayGuard replays_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SIGNIN_TELEGRAM_SIGN_IN_H_
