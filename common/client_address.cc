#include "common/client_address.h"

#include <arpa/inet.h>

#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace tgauth {
namespace {

constexpr char kUnknown[] = "unknown";

// ::ffff:0:0/96, the prefix of IPv4-mapped IPv6 addresses.
constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string Ipv4Text(const unsigned char bytes[4]) {
  char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, bytes, text, sizeof text);
  return text;
}

}  // namespace

std::string RateLimitKey(absl::string_view ip) {
  if (absl::StartsWith(ip, "[") && absl::EndsWith(ip, "]")) ip = ip.substr(1, ip.size() - 2);
  if (ip.empty() || ip.size() >= INET6_ADDRSTRLEN) return kUnknown;
  const std::string text(ip);  // inet_pton wants a terminated string.
  unsigned char v4[4];
  if (inet_pton(AF_INET, text.c_str(), v4) == 1) return Ipv4Text(v4);
  unsigned char v6[16];
  if (inet_pton(AF_INET6, text.c_str(), v6) != 1) return kUnknown;
  if (std::memcmp(v6, kMappedPrefix, sizeof kMappedPrefix) == 0) return Ipv4Text(v6 + 12);
  std::memset(v6 + 8, 0, 8);  // Keep the /64 prefix.
  char prefix[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, v6, prefix, sizeof prefix);
  return absl::StrCat(prefix, "/64");
}

}  // namespace tgauth
