#include "server/signin/invite_codes.h"

#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/signin/sign_in_test_harness.h"

namespace tgauth {
namespace {

using storage::RedeemResult;
using testing::Ada;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

storage::TelegramProfile Grace() { return {.telegram_id = 42, .first_name = "Grace"}; }

class InviteCodesTest : public ::testing::Test {
 protected:
  absl::StatusCode CreateError(NewInviteCode request) {
    return h_.invites->Create(request).status().code();
  }

  testing::SignInTestHarness h_;
};

TEST_F(InviteCodesTest, GeneratedCodeIsStoredOnlyAsItsHash) {
  absl::StatusOr<CreatedInviteCode> created =
      h_.invites->Create({.tier = "Premium", .subscription_days = 30, .max_uses = 3});
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_THAT(created->code, MatchesRegex("[0-9A-HJKMNP-TV-Z]{16}"));
  EXPECT_EQ(created->stored.code_hash, Sha256(created->code));
  EXPECT_EQ(created->stored.hint, created->code.substr(0, 4) + "…");
  absl::StatusOr<std::vector<storage::InviteCode>> listed = h_.invites->List();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0], created->stored);
}

TEST_F(InviteCodesTest, ChosenCodeIsCaseInsensitive) {
  absl::StatusOr<CreatedInviteCode> created =
      h_.invites->Create({.tier = "Premium", .code = " summer-2026 "});
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->code, "SUMMER-2026");
  EXPECT_EQ(h_.invites->Redeem("Summer-2026", Ada())->result, RedeemResult::kRedeemed);
  EXPECT_EQ(CreateError({.tier = "Gold", .code = "SUMMER-2026"}), absl::StatusCode::kAlreadyExists);
}

TEST_F(InviteCodesTest, InvalidRequestsAreRejectedAndStoreNothing) {
  EXPECT_EQ(CreateError({.tier = ""}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateError({.tier = std::string(65, 't')}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateError({.tier = "Pre\nmium"}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateError({.tier = "Premium", .subscription_days = -1}),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateError({.tier = "Premium", .max_uses = 0}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateError({.tier = "Premium", .expires_at = h_.qr.clock.Now()}),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateError({.tier = "Premium", .code = "short"}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateError({.tier = "Premium", .code = "has space"}),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(h_.invites->Create({.tier = "Premium", .max_uses = 0}).status().message(),
              HasSubstr("max_uses"));
  EXPECT_TRUE(h_.invites->List()->empty());
}

TEST_F(InviteCodesTest, RedeemActivatesTheTierForTheUpsertedUser) {
  const std::string code = h_.CreateCode();
  absl::StatusOr<InviteRedemption> r = h_.invites->Redeem(code, Ada());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->result, RedeemResult::kRedeemed);
  EXPECT_EQ(r->user.profile, Ada());
  EXPECT_EQ(r->user.subscription.tier, "Premium");
  EXPECT_EQ(h_.qr.users.FindByTelegramId(Ada().telegram_id)->subscription, r->user.subscription);
}

TEST_F(InviteCodesTest, RepeatBySameUserIsANoOpSuccess) {
  const std::string code = h_.CreateCode();
  ASSERT_EQ(h_.invites->Redeem(code, Ada())->result, RedeemResult::kRedeemed);
  const storage::UserRecord before = *h_.qr.users.FindByTelegramId(Ada().telegram_id);
  h_.qr.clock.Advance(absl::Hours(1));
  absl::StatusOr<InviteRedemption> again = h_.invites->Redeem(code, Ada());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->result, RedeemResult::kAlreadyRedeemed);
  EXPECT_EQ(again->user.subscription, before.subscription);
  EXPECT_EQ(h_.qr.users.FindByTelegramId(Ada().telegram_id)->updated_at, before.updated_at);
}

TEST_F(InviteCodesTest, UnknownOrMalformedCodeCreatesNoUser) {
  h_.CreateCode();
  EXPECT_EQ(h_.invites->Redeem("ZZZZZZZZZZZZZZZZ", Grace())->result, RedeemResult::kUnknownCode);
  EXPECT_EQ(h_.invites->Redeem("no such code!", Grace())->result, RedeemResult::kUnknownCode);
  EXPECT_TRUE(absl::IsNotFound(h_.qr.users.FindByTelegramId(42).status()));
}

TEST_F(InviteCodesTest, UsedUpOrExpiredCodeCreatesNoUser) {
  const std::string used = h_.CreateCode();
  ASSERT_EQ(h_.invites->Redeem(used, Ada())->result, RedeemResult::kRedeemed);
  EXPECT_EQ(h_.invites->Redeem(used, Grace())->result, RedeemResult::kUsedUp);
  const std::string expiring =
      h_.CreateCode({.tier = "Premium", .expires_at = h_.qr.clock.Now() + absl::Hours(1)});
  h_.qr.clock.Advance(absl::Hours(1));
  EXPECT_EQ(h_.invites->Redeem(expiring, Grace())->result, RedeemResult::kExpired);
  EXPECT_TRUE(absl::IsNotFound(h_.qr.users.FindByTelegramId(42).status()));
}

TEST_F(InviteCodesTest, ExpiredCodeForAnExistingUserChangesNothing) {
  ASSERT_TRUE(h_.qr.directory.Upsert(Grace()).ok());
  const std::string expiring =
      h_.CreateCode({.tier = "Premium", .expires_at = h_.qr.clock.Now() + absl::Hours(1)});
  h_.qr.clock.Advance(absl::Hours(2));
  absl::StatusOr<InviteRedemption> r = h_.invites->Redeem(expiring, Grace());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->result, RedeemResult::kExpired);
  EXPECT_EQ(h_.qr.users.FindByTelegramId(42)->subscription, storage::Subscription{});
}

TEST_F(InviteCodesTest, GuessingIsLimitedPerTelegramUser) {
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(h_.invites->Redeem("GUESS" + std::to_string(100000 + i), Grace()).ok());
  }
  absl::StatusOr<InviteRedemption> r = h_.invites->Redeem(h_.CreateCode(), Grace());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(h_.invites->Redeem(h_.CreateCode(), Ada()).ok());  // Others are not affected.
  h_.qr.clock.Advance(absl::Hours(1));
  EXPECT_TRUE(h_.invites->Redeem(h_.CreateCode(), Grace()).ok());
}

TEST_F(InviteCodesTest, StoreOutageIsUnavailable) {
  const std::string code = h_.CreateCode();
  h_.invite_store.FailNextCalls(absl::UnavailableError("database unavailable"), 1);
  EXPECT_EQ(h_.invites->Redeem(code, Ada()).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(h_.invites->Redeem(code, Ada())->result, RedeemResult::kRedeemed);
}

}  // namespace
}  // namespace tgauth
