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
  // One stroked path, one command per horizontal run of dark modules: a
  // 1-wide stroke along the middle of a row with butt caps (the default)
  // covers exactly the run's squares, so "M x y h n" draws n modules. The
  // transform adds the quiet zone and moves strokes to the rows' middles.
  std::string path;
  path.reserve(static_cast<size_t>(qr->width) * qr->width);
  for (int y = 0; y < qr->width; ++y) {
    const unsigned char* row = qr->data + static_cast<ptrdiff_t>(y) * qr->width;
    for (int x = 0; x < qr->width;) {
      if (!(row[x] & 1)) {  // Bit 0: the module is dark.
        ++x;
        continue;
      }
      const int start = x;
      while (x < qr->width && (row[x] & 1)) ++x;
      absl::StrAppend(&path, "M", start, " ", y, "h", x - start);
    }
  }
  QRcode_free(qr);
  return absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
      "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
      "<path transform=\"translate(%d %d.5)\" stroke=\"#000\" stroke-width=\"1\" d=\"%s\"/>"
      "</svg>",
      size, size, size, size, kQuietZone, kQuietZone, path);
}

}  // namespace tgauth
