#include "gateway/webhook_route.h"

#include <google/protobuf/util/json_util.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/webhook_secret.h"
#include "gateway/bot_reply_json.h"
#include "gateway/json_response.h"
#include "gateway/rpc_call.h"

namespace tgauth::gateway {
namespace {

// Telegram waits up to a minute; answering sooner lets it redeliver sooner.
constexpr absl::Duration kWebhookTimeout = absl::Seconds(10);

HttpResponse ReplyResponse(const grpc::Status& status,
                           const tgauth::v1::HandleTelegramUpdateResponse& response) {
  if (!status.ok()) return ErrorResponse(status);
  if (!response.has_reply()) return HttpResponse{};
  absl::StatusOr<std::string> json = BotReplyJson(response.reply());
  if (!json.ok()) return ErrorResponse(grpc::StatusCode::INTERNAL, "cannot encode the bot reply");
  return HttpResponse{.content_type = "application/json", .body = *std::move(json)};
}

}  // namespace

bool ParseTelegramUpdate(absl::string_view body, tgauth::v1::TelegramUpdate* update) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // The Bot API grows; tgauth reads a subset.
  return google::protobuf::util::JsonStringToMessage(
             google::protobuf::StringPiece(body.data(), body.size()), update, options)
      .ok();
}

WebhookRoute::WebhookRoute(tgauth::v1::AuthService::StubInterface& stub, absl::string_view secret,
                           const ClientDevice& client_device, const Clock& clock)
    : stub_(stub),
      secret_(secret),
      client_device_(client_device),
      failures_(std::make_unique<FailedAuthLimiter>(FailedAuthLimits{}, clock)) {}

void WebhookRoute::Handle(const HttpRequest& request, Respond respond) const {
  // Copied, because it goes on to the server as metadata.
  std::string presented(request.Header("x-telegram-bot-api-secret-token"));
  // Compared first: Telegram may share an address (or a /64) with someone
  // guessing, and the right secret is never throttled.
  if (!secret_.Matches(presented)) {
    const std::string address = client_device_.ClientIp(request);
    if (absl::Duration wait = failures_->RetryAfter(address); wait > absl::ZeroDuration()) {
      HttpResponse refused =
          ErrorResponse(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "too many webhook calls with a wrong secret; retry later");
      refused.headers.emplace_back(
          "Retry-After", absl::StrCat(absl::ToInt64Seconds(absl::Ceil(wait, absl::Seconds(1)))));
      respond(std::move(refused));
      return;
    }
    failures_->RecordFailure(address);
    respond(ErrorResponse(grpc::StatusCode::UNAUTHENTICATED,
                          "missing or wrong X-Telegram-Bot-Api-Secret-Token"));
    return;
  }
  tgauth::v1::HandleTelegramUpdateRequest rpc;
  if (!ParseTelegramUpdate(request.body, rpc.mutable_update())) {
    respond(ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                          "body must be a Telegram Update as JSON"));
    return;
  }
  // The server checks the secret again: the gRPC port is reachable by more
  // than this gateway.
  StartRpc<tgauth::v1::HandleTelegramUpdateResponse>(
      request, std::move(rpc), kWebhookTimeout, {{kWebhookSecretMetadata, std::move(presented)}},
      [this](auto&&... args) {
        stub_.async()->HandleTelegramUpdate(std::forward<decltype(args)>(args)...);
      },
      [respond = std::move(respond)](const grpc::Status& status,
                                     const tgauth::v1::HandleTelegramUpdateResponse& response) {
        respond(ReplyResponse(status, response));
      });
}

}  // namespace tgauth::gateway
