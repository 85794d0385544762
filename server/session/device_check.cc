#include "server/session/device_check.h"

#include "server/session/device_description.h"

namespace tgauth {
namespace {

constexpr size_t kMaxUserAgentBytes = 512;
constexpr size_t kMaxDeviceNameBytes = 64;
constexpr size_t kMaxIpAddressBytes = 45;  // Longest textual IPv6 (with IPv4 tail).

}  // namespace

absl::Status ValidateDevice(const storage::DeviceInfo& device) {
  if (device.user_agent.size() > kMaxUserAgentBytes) {
    return absl::InvalidArgumentError("device.user_agent must be at most 512 bytes");
  }
  if (device.name.size() > kMaxDeviceNameBytes) {
    return absl::InvalidArgumentError("device.name must be at most 64 bytes");
  }
  if (device.ip_address.size() > kMaxIpAddressBytes) {
    return absl::InvalidArgumentError("device.ip_address is not an IP address");
  }
  if (!device.time_zone.empty() && !IsTimeZoneName(device.time_zone)) {
    return absl::InvalidArgumentError(
        "device.time_zone must be an IANA time zone name such as Europe/Berlin, at most 64 bytes");
  }
  return absl::OkStatus();
}

}  // namespace tgauth
