// The device that asked to sign in, as the gateway saw it.
#ifndef TGAUTH_STORAGE_DEVICE_INFO_H_
#define TGAUTH_STORAGE_DEVICE_INFO_H_

#include <string>

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

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_DEVICE_INFO_H_
