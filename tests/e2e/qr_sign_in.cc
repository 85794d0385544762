#include "tests/e2e/qr_sign_in.h"

#include <google/protobuf/util/json_util.h>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"

namespace tgauth::e2e {
namespace {

int64_t NextUpdateId() {
  static absl::Mutex mu(absl::kConstInit);
  static int64_t id = absl::ToUnixMillis(absl::Now());
  absl::MutexLock lock(&mu);
  return ++id;
}

// The reply of one step, or INTERNAL naming the step.
absl::StatusOr<fixtures::HttpReply> Expect200(absl::string_view step,
                                              absl::StatusOr<fixtures::HttpReply> reply) {
  if (!reply.ok()) return reply.status();
  if (reply->status != 200) {
    return absl::InternalError(absl::StrCat(step, ": HTTP ", reply->status, " ", reply->body));
  }
  return reply;
}

template <typename Message>
absl::StatusOr<Message> ParseJson(absl::string_view step, const std::string& json) {
  Message message;
  if (!google::protobuf::util::JsonStringToMessage(json, &message).ok()) {
    return absl::InternalError(
        absl::StrCat(step, ": not a ", Message::descriptor()->name(), ": ", json));
  }
  return message;
}

}  // namespace

fixtures::TelegramUserFixture NewTelegramUser() {
  static absl::Mutex mu(absl::kConstInit);
  static absl::BitGen* random = new absl::BitGen;
  fixtures::TelegramUserFixture user;
  absl::MutexLock lock(&mu);
  user.id = absl::Uniform<int64_t>(*random, 1'000'000'000, 8'000'000'000);
  return user;
}

absl::StatusOr<v1::AwaitLoginResponse> SignInWithQr(TgauthCluster& cluster,
                                                    const fixtures::TelegramUserFixture& user,
                                                    absl::string_view user_agent) {
  absl::StatusOr<fixtures::HttpReply> created = Expect200(
      "CreateLogin", cluster.Http("POST", "/v1/logins", {{"User-Agent", std::string(user_agent)}}));
  if (!created.ok()) return created.status();
  absl::StatusOr<v1::CreateLoginResponse> login =
      ParseJson<v1::CreateLoginResponse>("CreateLogin", created->body);
  if (!login.ok()) return login.status();

  const int64_t update_id = NextUpdateId();
  absl::StatusOr<fixtures::HttpReply> scanned = Expect200(
      "webhook",
      cluster.SendUpdate(fixtures::StartCommandUpdateJson(
          user, {.update_id = update_id, .message_id = update_id % 100000}, login->login_token())));
  if (!scanned.ok()) return scanned.status();

  absl::StatusOr<fixtures::HttpReply> redeemed =
      Expect200("AwaitLogin",
                cluster.Http("GET", absl::StrCat("/v1/logins/", login->login_token(), "?wait=0"),
                             {{"Authorization", "Bearer " + login->poll_token()}}));
  if (!redeemed.ok()) return redeemed.status();
  absl::StatusOr<v1::AwaitLoginResponse> outcome =
      ParseJson<v1::AwaitLoginResponse>("AwaitLogin", redeemed->body);
  if (!outcome.ok()) return outcome.status();
  if (outcome->state() != v1::LOGIN_STATE_CONFIRMED) {
    return absl::InternalError(absl::StrCat("AwaitLogin: not confirmed: ", redeemed->body));
  }
  return outcome;
}

std::string ButtonData(const google::protobuf::Struct& reply, absl::string_view label) {
  auto text_of = [](const google::protobuf::Struct& object, const std::string& name) {
    auto it = object.fields().find(name);
    return it == object.fields().end() ? std::string() : it->second.string_value();
  };
  auto markup = reply.fields().find("reply_markup");
  if (markup == reply.fields().end()) return "";
  auto keyboard = markup->second.struct_value().fields().find("inline_keyboard");
  if (keyboard == markup->second.struct_value().fields().end()) return "";
  for (const auto& row : keyboard->second.list_value().values()) {
    for (const auto& button : row.list_value().values()) {
      if (text_of(button.struct_value(), "text") == label) {
        return text_of(button.struct_value(), "callback_data");
      }
    }
  }
  return "";
}

}  // namespace tgauth::e2e
