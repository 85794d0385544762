// Short human descriptions of a signing-in device, for bot messages.
#ifndef TGAUTH_SERVER_SESSION_DEVICE_DESCRIPTION_H_
#define TGAUTH_SERVER_SESSION_DEVICE_DESCRIPTION_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/device_info.h"

namespace tgauth {

// "<name> (<ip>)" when the user named the device (control characters
// replaced by spaces), else "<browser> on <OS>
// (<ip>)" from well-known User-Agent tokens, else "a web browser (<ip>)".
std::string DescribeDevice(const storage::DeviceInfo& device);

// True if `name` is shaped like an IANA time zone name: at most 64 bytes of
// A-Z a-z 0-9 _ + - and '/', not starting with '/'. absl::LoadTimeZone
// reads the name as a path under the zoneinfo directory, so no other name
// may reach it (no '.', hence no "..").
bool IsTimeZoneName(absl::string_view name);

// `time` as the browser's clocks read it: "2027-01-15 14:05 (Europe/Berlin)",
// or "... (UTC)" when `time_zone` is empty or unknown to this server.
std::string DescribeTime(absl::Time time, absl::string_view time_zone);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_DEVICE_DESCRIPTION_H_
