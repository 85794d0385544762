#include "server/bot/bot_text.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/substitute.h"

namespace tgauth {
namespace {

// Primary language subtag (RFC 5646 section 2.2.1) and its table; the
// first is the default.
constexpr std::pair<absl::string_view, const BotText*> kBotLanguages[] = {
    {"en", &kEnglishBotText},
    {"ru", &kRussianBotText},
};

}  // namespace

const BotText& BotTextFor(absl::string_view language_code) {
  const absl::string_view primary = language_code.substr(0, language_code.find('-'));
  for (const auto& [language, text] : kBotLanguages) {
    if (absl::EqualsIgnoreCase(primary, language)) return *text;
  }
  return *kBotLanguages[0].second;
}

std::string SiteOrApp(const BotText& say, absl::string_view site_url, absl::string_view app_name) {
  if (app_name.empty()) return std::string(site_url);
  return absl::Substitute(say.app_through_site, app_name, site_url);
}

}  // namespace tgauth
