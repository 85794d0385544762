#include "server/device_check.h"

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
  return absl::OkStatus();
}

}  // namespace tgauth
