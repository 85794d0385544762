// The sign-in methods besides the QR login (widget, Mini App, login links,
// invite codes) over the in-memory stores and a fake clock, on top of the
// QR login harness, for unit tests without PostgreSQL, Redis or sleeping.
#ifndef TGAUTH_TESTS_SERVER_SIGNIN_SIGN_IN_TEST_HARNESS_H_
#define TGAUTH_TESTS_SERVER_SIGNIN_SIGN_IN_TEST_HARNESS_H_

#include <memory>

#include "server/signin/invite_codes.h"
#include "server/signin/login_links.h"
#include "server/signin/mini_app_verifier.h"
#include "server/signin/telegram_sign_in.h"
#include "storage/memory/in_memory_invite_store.h"
#include "storage/memory/in_memory_login_link_store.h"
#include "storage/memory/in_memory_signed_data_ledger.h"
#include "tests/server/qr_login/login_test_harness.h"
#include "tests/server/signin/telegram_test_signing.h"

namespace tgauth::testing {

inline constexpr char kSiteUrl[] = "https://example.com";

struct SignInTestHarness {
  SignInTestHarness();

  // The sessions of `user_id`, oldest first.
  std::vector<storage::SessionRecord> SessionsOf(const std::string& user_id);
  // The claims of an access token issued here (checks its signature).
  AccessTokenClaims ClaimsOf(const std::string& access_token);
  // A code created through `invites`, e.g. Premium for 30 days, single use.
  std::string CreateCode(NewInviteCode request = {.tier = "Premium", .subscription_days = 30});

  // Clock, users, sessions, directory, issuer, QR broker, session objects.
  LoginTestHarness qr;
  storage::InMemoryLoginLinkStore link_store{qr.clock};
  storage::InMemoryInviteStore invite_store{qr.users};
  storage::InMemorySignedDataLedger used_data{qr.clock};
  std::unique_ptr<MiniAppVerifier> mini_app;  // HMAC with kTestBotToken.
  std::unique_ptr<LoginLinks> links;
  std::unique_ptr<TelegramSignIn> sign_in;
  std::unique_ptr<InviteCodes> invites;
};

}  // namespace tgauth::testing

#endif  // TGAUTH_TESTS_SERVER_SIGNIN_SIGN_IN_TEST_HARNESS_H_
