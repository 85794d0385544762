#include "server/session/device_description.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace tgauth {

std::string DescribeDevice(const storage::DeviceInfo& device) {
  std::string what;
  if (!device.name.empty()) {
    // The name comes from the browser that asked to sign in: no line breaks
    // or other control characters may reshape the bot's message.
    for (char c : device.name)
      what.push_back(absl::ascii_iscntrl(static_cast<unsigned char>(c)) ? ' ' : c);
  } else {
    what = storage::BrowserSummary(device.user_agent);
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
