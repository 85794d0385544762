// The device that asked to sign in, as the gateway saw it.
#ifndef TGAUTH_STORAGE_DEVICE_INFO_H_
#define TGAUTH_STORAGE_DEVICE_INFO_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tgauth::storage {

struct DeviceInfo {
  std::string user_agent;  // As sent by the browser, at most 512 bytes.
  std::string ip_address;  // Textual IPv4 or IPv6.
  std::string name;        // Optional, chosen by the user.
  // Optional IANA time zone of the browser ("Europe/Berlin"), for showing
  // times as the user reads clocks; empty means UTC.
  std::string time_zone;

  friend bool operator==(const DeviceInfo&, const DeviceInfo&) = default;
};

// "<browser> on <OS>" (or "<browser>") from well-known User-Agent tokens,
// else "a web browser": what a device may be called where its full User-Agent
// and IP address must not go (bot messages add those; domain events do not).
std::string BrowserSummary(absl::string_view user_agent);

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_DEVICE_INFO_H_
