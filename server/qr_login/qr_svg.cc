#include "server/qr_login/qr_svg.h"

#include <qrencode.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tgauth {
namespace {

constexpr int kQuietZone = 4;  // Modules of margin the standard asks for.

}  // namespace

absl::StatusOr<std::string> QrSvg(absl::string_view text) {
  const std::string data(text);
  QRcode* qr = QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M);
  if (qr == nullptr) return absl::InvalidArgumentError("text does not fit in a QR code");
  const int size = qr->width + 2 * kQuietZone;
  // One path of 1x1 squares: far smaller than one <rect> per module.
  std::string path;
  for (int y = 0; y < qr->width; ++y) {
    for (int x = 0; x < qr->width; ++x) {
      if (qr->data[y * qr->width + x] & 1) {  // Bit 0: the module is dark.
        absl::StrAppend(&path, "M", x + kQuietZone, " ", y + kQuietZone, "h1v1h-1z");
      }
    }
  }
  QRcode_free(qr);
  return absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
      "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
      "<path fill=\"#000\" d=\"%s\"/></svg>",
      size, size, size, size, path);
}

}  // namespace tgauth
