#include "tests/server/signin/sign_in_test_harness.h"

#include "gtest/gtest.h"

namespace tgauth::testing {

SignInTestHarness::SignInTestHarness() {
  mini_app = *MiniAppVerifier::Create({.bot_token = kTestBotToken});
  links =
      std::make_unique<LoginLinks>(LoginLinkOptions{.site_url = kSiteUrl}, link_store, qr.clock);
  sign_in = std::make_unique<TelegramSignIn>(TelegramSignInOptions{.bot_token = kTestBotToken},
                                             *mini_app, *links, *qr.issuer, qr.limiter,
                                             used_data, qr.clock);
  invites = std::make_unique<InviteCodes>(InviteOptions{}, invite_store, qr.directory, qr.limiter,
                                          qr.clock);
}

std::vector<storage::SessionRecord> SignInTestHarness::SessionsOf(const std::string& user_id) {
  absl::StatusOr<std::vector<storage::SessionRecord>> sessions = qr.sessions.ListByUser(user_id);
  EXPECT_TRUE(sessions.ok()) << sessions.status();
  return sessions.ok() ? *sessions : std::vector<storage::SessionRecord>();
}

AccessTokenClaims SignInTestHarness::ClaimsOf(const std::string& access_token) {
  absl::StatusOr<AccessTokenClaims> claims = qr.validator->Validate(access_token);
  EXPECT_TRUE(claims.ok()) << claims.status();
  return claims.ok() ? *claims : AccessTokenClaims();
}

std::string SignInTestHarness::CreateCode(NewInviteCode request) {
  absl::StatusOr<CreatedInviteCode> created = invites->Create(request);
  EXPECT_TRUE(created.ok()) << created.status();
  return created.ok() ? created->code : "";
}

}  // namespace tgauth::testing
