// Telegram webhook bodies, from JSON to the bot's answer: the gateway's
// reader of an Update (gateway/webhook_route.h), the bot's dispatch
// (server/bot/telegram_bot.h) wired as the server wires it (QR login
// confirmation, login links, invite codes) over the in-memory stores, and
// the gateway's JSON of the reply (gateway/bot_reply_json.h). Checks that
// every reply encodes, and that a redelivered update takes effect once and
// is answered again: with the same reply, or a fresh one if it carried a
// login link.
//
// Input: up to four webhook bodies, one per line, delivered in order to
// one bot. Before parsing, "@LOGIN_TOKEN@" becomes the token of a login
// waiting for its scan and "@LOGIN_BUTTON@" the key its confirmation
// buttons carry, so seeds can scan and answer a real login.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gateway/bot_reply_json.h"
#include "gateway/webhook_route.h"
#include "server/bot/telegram_bot.h"
#include "server/qr_login/login_broker.h"
#include "server/qr_login/login_conversation.h"
#include "server/signin/invite_command.h"
#include "server/signin/login_link_command.h"
#include "storage/memory/in_memory_update_ledger.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/input_lines.h"
#include "tests/server/bot/recording_bot_api.h"
#include "tests/server/signin/sign_in_test_harness.h"

namespace {

using tgauth::fuzz::Require;

constexpr int kMaxUpdates = 4;

// One deployment's bot, fresh for each input, so that every crash
// reproduces from its input alone.
struct Deployment {
  Deployment() {
    bot.AddStartPayload("", conversation);
    bot.AddCallback(std::string(tgauth::LoginConversation::kCallbackPrefix), conversation);
    bot.AddStartPayload("web_auth", login_link);
    bot.AddCommand("login", invite);
    bot.AddStartPayload(std::string(tgauth::InviteCommand::kStartPrefix), invite);
    login = *h.qr.broker->Create({.user_agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
                                  .ip_address = "203.0.113.50"});
  }

  // `body` with the placeholders replaced.
  std::string Expand(absl::string_view body) const {
    const std::string button_key = absl::WebSafeBase64Escape(
        absl::HexStringToBytes(tgauth::LoginBroker::LoginKey(login.login_token)));
    return absl::StrReplaceAll(
        body, {{"@LOGIN_TOKEN@", login.login_token}, {"@LOGIN_BUTTON@", button_key}});
  }

  tgauth::testing::SignInTestHarness h;
  tgauth::testing::RecordingBotApi bot_api;
  tgauth::LoginConversation conversation{tgauth::testing::kSiteUrl, *h.qr.broker, bot_api};
  tgauth::LoginLinkCommand login_link{*h.links};
  tgauth::InviteCommand invite{*h.invites, *h.links};
  tgauth::storage::InMemoryUpdateLedger ledger{h.qr.clock};
  tgauth::TelegramBot bot{
      {.bot_username = "tgauth_test_bot", .site_url = tgauth::testing::kSiteUrl},
      ledger,
      h.qr.clock};
  tgauth::NewLogin login;
};

// Whether `call` carries a button with a URL (a login link, never kept).
bool HasUrlButton(const tgauth::v1::TelegramBotCall& call) {
  for (const auto& row : call.reply_markup().inline_keyboard()) {
    for (const auto& button : row.buttons()) {
      if (!button.url().empty()) return true;
    }
  }
  return false;
}

void Deliver(Deployment& deployment, const tgauth::v1::TelegramUpdate& update) {
  tgauth::TelegramBot& bot = deployment.bot;
  absl::StatusOr<std::optional<tgauth::v1::TelegramBotCall>> reply = bot.HandleUpdate(update);
  if (!reply.ok()) {
    Require(reply.status().code() != absl::StatusCode::kInternal &&
                reply.status().code() != absl::StatusCode::kUnknown,
            "the bot never fails with INTERNAL over working stores");
    return;
  }
  if (reply->has_value()) {
    Require(!(*reply)->method().empty(), "a reply names its Bot API method");
    Require(tgauth::gateway::BotReplyJson(**reply).ok(), "every reply encodes as JSON");
  }
  const size_t bot_api_calls = deployment.bot_api.Calls().size();
  absl::StatusOr<std::optional<tgauth::v1::TelegramBotCall>> again = bot.HandleUpdate(update);
  Require(again.ok() && again->has_value() == reply->has_value(),
          "a redelivered update is answered again");
  Require(deployment.bot_api.Calls().size() == bot_api_calls,
          "a redelivered update takes effect once");
  if (reply->has_value() && !HasUrlButton(**reply)) {
    Require(again->value().SerializeAsString() == (*reply)->SerializeAsString(),
            "a redelivery gets the reply the first delivery got");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Deployment deployment;
  int delivered = 0;
  for (absl::string_view body : absl::StrSplit(tgauth::fuzz::AsText(data, size), '\n')) {
    if (++delivered > kMaxUpdates) break;
    tgauth::v1::TelegramUpdate update;
    if (!tgauth::gateway::ParseTelegramUpdate(deployment.Expand(body), &update)) continue;
    Deliver(deployment, update);
  }
  return 0;
}
