#include "gateway/static_routes.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "gateway/json_response.h"

namespace tgauth {
// Defined by the tgauth_embed calls in gateway/CMakeLists.txt.
extern const EmbeddedFile kGatewayWeb[];
}  // namespace tgauth

namespace tgauth::gateway {
namespace {

constexpr absl::string_view kWebFolder = "web/";
// Files also served at a path of their own.
constexpr std::pair<absl::string_view, absl::string_view> kAliases[] = {
    {"index.html", "/"},
    {"callback.html", kLoginLinkCallbackPath},
    {"miniapp.html", kMiniAppPath},
};
// https://t.me: the users' photos (photo_url, core.telegram.org/widgets/login),
// shown on the signed-in page.
constexpr absl::string_view kPolicyOfEveryFile =
    "default-src 'none'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data: https://t.me; base-uri 'none'; form-action 'none'; ";
// The Mini App page loads Telegram's script, which makes window.Telegram.WebApp,
// and Telegram's web clients show it in a frame (core.telegram.org/bots/webapps).
// No other page may be framed: a frame could trick people into clicks.
constexpr absl::string_view kMiniAppPage = "miniapp.html";
constexpr absl::string_view kMiniAppPolicy =
    "script-src 'self' https://telegram.org; frame-ancestors https://web.telegram.org";
constexpr absl::string_view kPagePolicy = "script-src 'self'; frame-ancestors 'none'";

std::string ContentType(absl::string_view file) {
  if (absl::EndsWith(file, ".html")) return "text/html; charset=utf-8";
  if (absl::EndsWith(file, ".js")) return "text/javascript; charset=utf-8";
  if (absl::EndsWith(file, ".css")) return "text/css; charset=utf-8";
  if (absl::EndsWith(file, ".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

// `name`: the file's path under web/.
HttpResponse FileResponse(absl::string_view name, const EmbeddedFile& file) {
  const bool mini_app = name == kMiniAppPage;
  HttpResponse response{
      .content_type = ContentType(file.path),
      .body = file.contents,
      .headers = {{"Content-Security-Policy",
                   absl::StrCat(kPolicyOfEveryFile, mini_app ? kMiniAppPolicy : kPagePolicy)},
                  {"X-Content-Type-Options", "nosniff"},
                  {"Referrer-Policy", "no-referrer"},
                  // Revalidate so a new release shows at once; the files are small.
                  {"Cache-Control", "no-cache"}},
  };
  // frame-ancestors 'none' for browsers without CSP level 2 (RFC 7034).
  if (!mini_app) response.headers.emplace_back("X-Frame-Options", "DENY");
  return response;
}

}  // namespace

std::vector<EmbeddedFile> GatewayWebFiles() {
  std::vector<EmbeddedFile> files;
  for (const EmbeddedFile* file = kGatewayWeb; file->path != nullptr; ++file) {
    files.push_back(*file);
  }
  return files;
}

StaticRoutes::StaticRoutes(const std::vector<EmbeddedFile>& files) {
  for (const EmbeddedFile& file : files) {
    absl::string_view path = file.path;
    if (!absl::ConsumePrefix(&path, kWebFolder)) continue;
    responses_[absl::StrCat("/", path)] = FileResponse(path, file);
    for (const auto& [name, alias] : kAliases) {
      if (path == name) responses_[std::string(alias)] = FileResponse(path, file);
    }
  }
}

std::vector<std::string> StaticRoutes::Paths() const {
  std::vector<std::string> paths;
  for (const auto& [path, response] : responses_) paths.push_back(path);
  return paths;
}

void StaticRoutes::Handle(const HttpRequest& request, Respond respond) const {
  auto it = responses_.find(request.path);
  respond(it == responses_.end() ? ErrorResponse(grpc::StatusCode::NOT_FOUND, "no such file")
                                 : it->second);
}

}  // namespace tgauth::gateway
