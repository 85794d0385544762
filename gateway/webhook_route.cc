#include "gateway/webhook_route.h"

#include <google/protobuf/util/json_util.h>

#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "common/secure_token.h"
#include "gateway/bot_reply_json.h"
#include "gateway/json_response.h"
#include "gateway/rpc_call.h"

namespace tgauth::gateway {
namespace {

// Telegram waits up to a minute; answering sooner lets it redeliver sooner.
constexpr absl::Duration kWebhookTimeout = absl::Seconds(10);
constexpr size_t kMaxSecretChars = 256;

HttpResponse ReplyResponse(const grpc::Status& status,
                           const tgauth::v1::HandleTelegramUpdateResponse& response) {
  if (!status.ok()) return ErrorResponse(status);
  if (!response.has_reply()) return HttpResponse{};
  absl::StatusOr<std::string> json = BotReplyJson(response.reply());
  if (!json.ok()) return ErrorResponse(grpc::StatusCode::INTERNAL, "cannot encode the bot reply");
  return HttpResponse{.content_type = "application/json", .body = *std::move(json)};
}

}  // namespace

absl::Status ValidateWebhookSecret(absl::string_view secret) {
  const bool valid =
      !secret.empty() && secret.size() <= kMaxSecretChars && absl::c_all_of(secret, [](char c) {
        return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      });
  if (valid) return absl::OkStatus();
  return absl::InvalidArgumentError(
      "the webhook secret must be 1-256 characters of A-Z a-z 0-9 _ - (Telegram's setWebhook "
      "secret_token)");
}

void WebhookRoute::Handle(const HttpRequest& request, Respond respond) const {
  // std::string converts to whichever string_view secure_token.h takes.
  if (!ConstantTimeEquals(std::string(request.Header("x-telegram-bot-api-secret-token")),
                          secret_)) {
    respond(ErrorResponse(grpc::StatusCode::UNAUTHENTICATED,
                          "missing or wrong X-Telegram-Bot-Api-Secret-Token"));
    return;
  }
  tgauth::v1::HandleTelegramUpdateRequest rpc;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // The Bot API grows; tgauth reads a subset.
  if (!google::protobuf::util::JsonStringToMessage(request.body, rpc.mutable_update(), options)
           .ok()) {
    respond(ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                          "body must be a Telegram Update as JSON"));
    return;
  }
  StartRpc<tgauth::v1::HandleTelegramUpdateResponse>(
      std::move(rpc), kWebhookTimeout,
      [this](auto&&... args) {
        stub_.async()->HandleTelegramUpdate(std::forward<decltype(args)>(args)...);
      },
      [respond = std::move(respond)](const grpc::Status& status,
                                     const tgauth::v1::HandleTelegramUpdateResponse& response) {
        respond(ReplyResponse(status, response));
      });
}

}  // namespace tgauth::gateway
