// Which language the bot speaks to whom, and the plural forms of its
// lifetimes.
#include "server/bot/bot_text.h"

#include "gtest/gtest.h"

namespace tgauth {
namespace {

TEST(BotTextTest, RussianLanguageCodesReadRussian) {
  for (const char* code : {"ru", "ru-RU", "RU", "ru-UA"}) {
    EXPECT_EQ(&BotTextFor(code), &kRussianBotText) << code;
  }
}

TEST(BotTextTest, AnyOtherLanguageCodeOrNoneReadsEnglish) {
  for (const char* code : {"", "en", "en-US", "de", "uk", "rus", "-ru"}) {
    EXPECT_EQ(&BotTextFor(code), &kEnglishBotText) << code;
  }
}

TEST(BotTextTest, EnglishLifetimesReadAsPeopleSayThem) {
  EXPECT_EQ(kEnglishBotText.lifetime(absl::Minutes(5)), "5 minutes");
  EXPECT_EQ(kEnglishBotText.lifetime(absl::Minutes(1)), "1 minute");
  EXPECT_EQ(kEnglishBotText.lifetime(absl::Seconds(90)), "90 seconds");
}

// "в течение ...": genitive singular after 1, 21, 31..., plural otherwise.
TEST(BotTextTest, RussianLifetimesTakeTheGenitive) {
  EXPECT_EQ(kRussianBotText.lifetime(absl::Minutes(1)), "1 минуты");
  EXPECT_EQ(kRussianBotText.lifetime(absl::Minutes(5)), "5 минут");
  EXPECT_EQ(kRussianBotText.lifetime(absl::Minutes(11)), "11 минут");
  EXPECT_EQ(kRussianBotText.lifetime(absl::Minutes(21)), "21 минуты");
  EXPECT_EQ(kRussianBotText.lifetime(absl::Seconds(90)), "90 секунд");
  EXPECT_EQ(kRussianBotText.lifetime(absl::Seconds(61)), "61 секунды");
}

}  // namespace
}  // namespace tgauth
