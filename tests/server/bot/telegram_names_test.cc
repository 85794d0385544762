#include "server/bot/telegram_names.h"

#include "gtest/gtest.h"

namespace tgauth {
namespace {

TEST(TelegramNamesTest, BotUsernamesFollowTelegramRules) {
  EXPECT_TRUE(IsValidBotUsername("tgauth_dev_bot"));
  EXPECT_TRUE(IsValidBotUsername("MyBot"));
  EXPECT_FALSE(IsValidBotUsername("@my_bot"));
  EXPECT_FALSE(IsValidBotUsername("bot"));
  EXPECT_FALSE(IsValidBotUsername("my_user"));
}

TEST(TelegramNamesTest, BotTokensHaveIdColonSecret) {
  EXPECT_TRUE(IsValidBotToken("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"));
  EXPECT_FALSE(IsValidBotToken(":ABC-DEF1234ghIkl-zyx57W2v1u123ew11"));
  EXPECT_FALSE(IsValidBotToken("12a:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"));
  EXPECT_FALSE(IsValidBotToken("123456:short"));
}

}  // namespace
}  // namespace tgauth
