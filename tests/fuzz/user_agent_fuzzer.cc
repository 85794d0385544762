// The device a sign-in comes from, from request header to bot message: the
// gateway's Device (gateway/client_device.h: User-Agent sanitised and cut,
// client address from X-Forwarded-For, device name and time zone checked),
// then the server's summary of it for the new sign-in notice
// (server/session/device_description.h: "<browser> on <OS> (<ip>)" and the
// time in the browser's zone).
//
// Input: five lines: User-Agent, X-Forwarded-For, device name, time zone,
// and the number of trusted proxy hops (0-9; other text: one).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "gateway/client_device.h"
#include "gateway/http_message.h"
#include "server/session/device_description.h"
#include "storage/device_info.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/input_lines.h"

namespace {

using tgauth::fuzz::Require;

bool HasControlCharacter(absl::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> lines = tgauth::fuzz::Lines(tgauth::fuzz::AsText(data, size), 5);
  int hops = 1;
  if (!absl::SimpleAtoi(lines[4], &hops) || hops < 0 || hops > 9) hops = 1;

  tgauth::gateway::HttpRequest request;
  request.client_ip = "198.51.100.7";
  request.headers["user-agent"] = lines[0];
  request.headers["x-forwarded-for"] = lines[1];
  const tgauth::gateway::ClientDevice devices(
      {.trust_forwarded_for = true, .trusted_proxy_hops = hops});
  absl::StatusOr<tgauth::v1::Device> device = devices.Describe(request, lines[2], lines[3]);
  if (!device.ok()) return 0;
  Require(device->user_agent().size() <= tgauth::gateway::kMaxUserAgentBytes,
          "a User-Agent is cut at 512 bytes");
  Require(!HasControlCharacter(device->user_agent()), "a User-Agent keeps no control bytes");
  Require(!device->ip_address().empty(), "a device has an address");
  Require(device->ip_address().find_first_of(" ,\t") == std::string::npos,
          "an address is one bare address");

  const tgauth::storage::DeviceInfo info{.user_agent = device->user_agent(),
                                         .ip_address = device->ip_address(),
                                         .name = device->name(),
                                         .time_zone = device->time_zone()};
  const std::string summary = tgauth::DescribeDevice(info);
  Require(!HasControlCharacter(summary), "a device summary keeps no control bytes");
  Require(absl::StrContains(summary, info.ip_address), "a device summary names its address");
  const std::string time =
      tgauth::DescribeTime(absl::FromUnixSeconds(1'800'000'000), info.time_zone);
  Require(!HasControlCharacter(time), "a sign-in time keeps no control bytes");
  return 0;
}
