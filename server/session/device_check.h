// The bounds every sign-in method puts on the device a client describes
// (the Device proto's documented limits), so no method stores more.
#ifndef TGAUTH_SERVER_SESSION_DEVICE_CHECK_H_
#define TGAUTH_SERVER_SESSION_DEVICE_CHECK_H_

#include "absl/status/status.h"
#include "storage/device_info.h"

namespace tgauth {

// INVALID_ARGUMENT naming the field if user_agent is over 512 bytes, name
// over 64 bytes, ip_address longer than any textual IP address, or
// time_zone not shaped like an IANA name.
absl::Status ValidateDevice(const storage::DeviceInfo& device);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_DEVICE_CHECK_H_
