#include "gateway/client_device.h"

#include <gtest/gtest.h>

#include <string>

namespace tgauth::gateway {
namespace {

HttpRequest FromPeer(std::string forwarded_for) {
  HttpRequest request;
  request.client_ip = "10.0.0.7";
  if (!forwarded_for.empty()) request.headers["x-forwarded-for"] = std::move(forwarded_for);
  return request;
}

TEST(ClientDeviceTest, PeerAddressUnlessForwardedForIsTrusted) {
  const ClientDevice untrusted({.trust_forwarded_for = false});
  EXPECT_EQ(untrusted.ClientIp(FromPeer("198.51.100.4")), "10.0.0.7");
  EXPECT_EQ(untrusted.ClientIp(FromPeer("")), "10.0.0.7");
}

TEST(ClientDeviceTest, OneTrustedProxyMeansTheRightmostEntry) {
  const ClientDevice device({.trust_forwarded_for = true});
  EXPECT_EQ(device.ClientIp(FromPeer("198.51.100.4")), "198.51.100.4");
  // The leftmost entries are whatever the client sent the proxy.
  EXPECT_EQ(device.ClientIp(FromPeer("192.0.2.1, 192.0.2.2,198.51.100.4")), "198.51.100.4");
  EXPECT_EQ(device.ClientIp(FromPeer("192.0.2.1, 2001:db8::7 ")), "2001:db8::7");
}

TEST(ClientDeviceTest, EachTrustedHopMovesOneEntryLeft) {
  const ClientDevice device({.trust_forwarded_for = true, .trusted_proxy_hops = 2});
  EXPECT_EQ(device.ClientIp(FromPeer("192.0.2.1, 198.51.100.4, 10.1.1.1")), "198.51.100.4");
  EXPECT_EQ(device.ClientIp(FromPeer("198.51.100.4, 10.1.1.1")), "198.51.100.4");
}

TEST(ClientDeviceTest, TooFewOrInvalidEntriesFallBackToThePeer) {
  const ClientDevice device({.trust_forwarded_for = true, .trusted_proxy_hops = 2});
  EXPECT_EQ(device.ClientIp(FromPeer("")), "10.0.0.7");
  EXPECT_EQ(device.ClientIp(FromPeer("198.51.100.4")), "10.0.0.7");
  EXPECT_EQ(device.ClientIp(FromPeer("unknown, 10.1.1.1")), "10.0.0.7");
  EXPECT_EQ(device.ClientIp(FromPeer("198.51.100.4:5555, 10.1.1.1")), "10.0.0.7");
  EXPECT_EQ(device.ClientIp(FromPeer(", 10.1.1.1")), "10.0.0.7");
  EXPECT_EQ(device.ClientIp(FromPeer("[2001:db8::7], 10.1.1.1")), "10.0.0.7");
}

// inet_pton reads up to the first NUL: an entry must not pass for the
// address before it and carry the rest into rate-limit keys and messages.
TEST(ClientDeviceTest, AnEntryWithANulByteFallsBackToThePeer) {
  const ClientDevice device({.trust_forwarded_for = true});
  EXPECT_EQ(device.ClientIp(FromPeer(std::string("203.0.113.9\0<junk", 17))), "10.0.0.7");
  EXPECT_EQ(device.ClientIp(FromPeer(std::string("2001:db8::7\0", 12))), "10.0.0.7");
}

}  // namespace
}  // namespace tgauth::gateway
