// Short human descriptions of a signing-in device, for bot messages.
#ifndef TGAUTH_SERVER_DEVICE_DESCRIPTION_H_
#define TGAUTH_SERVER_DEVICE_DESCRIPTION_H_

#include <string>

#include "storage/device_info.h"

namespace tgauth {

// "<name> (<ip>)" when the user named the device (control characters
// replaced by spaces), else "<browser> on <OS>
// (<ip>)" from well-known User-Agent tokens, else "a web browser (<ip>)".
std::string DescribeDevice(const storage::DeviceInfo& device);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_DEVICE_DESCRIPTION_H_
