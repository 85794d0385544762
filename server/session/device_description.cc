#include "server/session/device_description.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace tgauth {
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

std::string DescribeDevice(const storage::DeviceInfo& device) {
  std::string what;
  if (!device.name.empty()) {
    // The name comes from the browser that asked to sign in: no line breaks
    // or other control characters may reshape the bot's message.
    for (char c : device.name)
      what.push_back(absl::ascii_iscntrl(static_cast<unsigned char>(c)) ? ' ' : c);
  } else {
    absl::string_view browser = FirstMatch(device.user_agent, kBrowsers);
    absl::string_view system = FirstMatch(device.user_agent, kSystems);
    if (browser.empty()) {
      what = "a web browser";
    } else {
      what = system.empty() ? std::string(browser) : absl::StrCat(browser, " on ", system);
    }
  }
  if (device.ip_address.empty()) return what;
  return absl::StrCat(what, " (", device.ip_address, ")");
}

bool IsTimeZoneName(absl::string_view name) {
  constexpr size_t kMaxBytes = 64;
  return !name.empty() && name.size() <= kMaxBytes && name.front() != '/' &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '+' ||
                  c == '-' || c == '/';
         });
}

std::string DescribeTime(absl::Time time, absl::string_view time_zone) {
  absl::TimeZone zone = absl::UTCTimeZone();
  std::string zone_name = "UTC";
  if (IsTimeZoneName(time_zone) && absl::LoadTimeZone(std::string(time_zone), &zone)) {
    zone_name = std::string(time_zone);
  } else {
    zone = absl::UTCTimeZone();
  }
  return absl::StrCat(absl::FormatTime("%Y-%m-%d %H:%M", time, zone), " (", zone_name, ")");
}

}  // namespace tgauth
