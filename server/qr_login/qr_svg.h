// QR codes as SVG, encoded by libqrencode (ISO/IEC 18004).
#ifndef TGAUTH_SERVER_QR_LOGIN_QR_SVG_H_
#define TGAUTH_SERVER_QR_LOGIN_QR_SVG_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tgauth {

// A standalone SVG document showing `text` as a QR code (error correction
// level M, 4-module quiet zone), scalable: the viewBox is in modules.
// INVALID_ARGUMENT if `text` is too long for a QR code.
absl::StatusOr<std::string> QrSvg(absl::string_view text);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_QR_LOGIN_QR_SVG_H_
