#include "gateway/client_device.h"

#include <arpa/inet.h>

#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace tgauth::gateway {
namespace {

// Header values are ASCII in practice (RFC 9110 section 5.5); anything else
// becomes '?' so the proto string stays valid UTF-8 and a cut at
// kMaxUserAgentBytes never splits a character.
std::string SanitizedUserAgent(absl::string_view user_agent) {
  std::string out(user_agent.substr(0, kMaxUserAgentBytes));
  for (char& c : out) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return out;
}

bool IsIpAddress(const std::string& text) {
  // inet_pton stops at the first NUL; the whole of `text` must be the address.
  if (text.find('\0') != std::string::npos) return false;
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

// The characters of tz database names ("America/Port-au-Prince",
// "Etc/GMT+5"); anything else cannot be a zone and has no business in a bot
// message.
bool IsTimeZoneChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '+' ||
         c == '-';
}

}  // namespace

std::string ClientDevice::ClientIp(const HttpRequest& request) const {
  if (!source_.trust_forwarded_for || source_.trusted_proxy_hops < 1) return request.client_ip;
  const std::vector<absl::string_view> entries =
      absl::StrSplit(request.Header("x-forwarded-for"), ',');
  const size_t hops = static_cast<size_t>(source_.trusted_proxy_hops);
  if (entries.size() < hops) return request.client_ip;
  std::string client(absl::StripAsciiWhitespace(entries[entries.size() - hops]));
  // A proxy that writes junk must not turn every sign-in into a 400.
  return IsIpAddress(client) ? client : request.client_ip;
}

absl::StatusOr<tgauth::v1::Device> ClientDevice::Describe(const HttpRequest& request,
                                                          std::string name,
                                                          std::string time_zone) const {
  if (name.size() > kMaxDeviceNameBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("device_name must be at most ", kMaxDeviceNameBytes, " bytes"));
  }
  if (time_zone.size() > kMaxTimeZoneBytes || !absl::c_all_of(time_zone, IsTimeZoneChar)) {
    return absl::InvalidArgumentError(
        absl::StrCat("time_zone must be an IANA time zone name such as Europe/Berlin (at most ",
                     kMaxTimeZoneBytes, " bytes)"));
  }
  tgauth::v1::Device device;
  device.set_user_agent(SanitizedUserAgent(request.Header("user-agent")));
  device.set_ip_address(ClientIp(request));
  device.set_name(std::move(name));
  device.set_time_zone(std::move(time_zone));
  return device;
}

}  // namespace tgauth::gateway
