#include "storage/device_info.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace tgauth::storage {
namespace {

// First match wins, so more specific tokens come first (Edge and Opera
// announce "Chrome" too; Chrome announces "Safari").
constexpr std::pair<absl::string_view, absl::string_view> kBrowsers[] = {
    {"Edg/", "Edge"},      {"OPR/", "Opera"},     {"Firefox/", "Firefox"},
    {"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"},
};
constexpr std::pair<absl::string_view, absl::string_view> kSystems[] = {
    {"Android", "Android"}, {"iPhone", "iOS"},    {"iPad", "iPadOS"}, {"Windows", "Windows"},
    {"Mac OS X", "macOS"},  {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
};

template <size_t N>
absl::string_view FirstMatch(absl::string_view user_agent,
                             const std::pair<absl::string_view, absl::string_view> (&table)[N]) {
  for (const auto& [token, name] : table) {
    if (absl::StrContains(user_agent, token)) return name;
  }
  return "";
}

}  // namespace

std::string BrowserSummary(absl::string_view user_agent) {
  absl::string_view browser = FirstMatch(user_agent, kBrowsers);
  absl::string_view system = FirstMatch(user_agent, kSystems);
  if (browser.empty()) return "a web browser";
  return system.empty() ? std::string(browser) : absl::StrCat(browser, " on ", system);
}

}  // namespace tgauth::storage
