#include "server/qr_login/login_conversation.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "server/bot/bot_callback.h"
#include "server/bot/bot_text.h"
#include "server/bot/telegram_user.h"
#include "server/qr_login/match_code.h"
#include "server/session/device_description.h"

namespace tgauth {
namespace {

constexpr absl::string_view kConfirm = "ok";
constexpr absl::string_view kDeny = "no";
constexpr size_t kLoginKeyBytes = 32;  // SHA-256.

// The login key (64 hex digits) in 43 base64url characters, so that
// "login:<choice>:<key>" fits the 64 bytes of callback_data.
std::string KeyForButton(const std::string& login_key) {
  return absl::WebSafeBase64Escape(absl::HexStringToBytes(login_key));
}

// The login key back from a button; empty if it is not one.
std::string KeyFromButton(absl::string_view encoded) {
  std::string bytes;
  if (!absl::WebSafeBase64Unescape(encoded, &bytes) || bytes.size() != kLoginKeyBytes) return "";
  return absl::BytesToHexString(bytes);
}

v1::TelegramInlineKeyboardButton Button(absl::string_view text, absl::string_view choice,
                                        const std::string& login_key) {
  v1::TelegramInlineKeyboardButton button;
  button.set_text(std::string(text));
  button.set_callback_data(
      absl::StrCat(LoginConversation::kCallbackPrefix, ":", choice, ":", KeyForButton(login_key)));
  return button;
}

v1::TelegramBotCall Message(std::string text) {
  v1::TelegramBotCall reply;
  reply.set_method("sendMessage");
  reply.set_text(std::move(text));
  return reply;
}

// The browser without its address, which the request shows on its own line.
std::string BrowserOf(storage::DeviceInfo device) {
  device.ip_address.clear();
  return DescribeDevice(device);
}

}  // namespace

absl::StatusOr<v1::TelegramBotCall> LoginConversation::Handle(absl::string_view login_token,
                                                              const v1::TelegramMessage& message) {
  const BotText& say = BotTextFor(message.from().language_code());
  absl::StatusOr<storage::PendingLogin> login =
      logins_.Scan(login_token, ProfileOf(message.from()));
  if (!login.ok()) {
    const absl::StatusCode code = login.status().code();
    if (code == absl::StatusCode::kNotFound || code == absl::StatusCode::kFailedPrecondition ||
        code == absl::StatusCode::kInvalidArgument) {
      return Message(absl::Substitute(say.login_link_expired, site_url_));
    }
    return login.status();
  }
  if (!logins_.options().confirm_in_bot) {
    // Said plainly: the sign-in already happened, so "ignore this" would be
    // false comfort if someone had sent the user their own login link.
    return Message(absl::Substitute(say.signed_in_at_once, Destination(say, *login),
                                    DescribeDevice(login->device)));
  }
  switch (login->state) {
    case storage::LoginState::kScanned:
      return ConfirmationRequest(say, *login, LoginBroker::LoginKey(login_token));
    case storage::LoginState::kDenied:
      return Message(absl::Substitute(say.you_denied, site_url_));
    default:
      return Message(std::string(say.already_confirmed));
  }
}

v1::TelegramBotCall LoginConversation::ConfirmationRequest(const BotText& say,
                                                           const storage::PendingLogin& login,
                                                           const std::string& login_key) {
  std::string text =
      absl::Substitute(say.confirm_request, Destination(say, login), BrowserOf(login.device));
  if (!login.device.ip_address.empty()) {
    absl::StrAppend(&text, absl::Substitute(say.ip_address_line, login.device.ip_address));
  }
  absl::StrAppend(
      &text, absl::Substitute(say.time_line, DescribeTime(login.created_at, login.device.time_zone)),
      "\n\n");
  v1::TelegramBotCall reply;
  auto& keyboard = *reply.mutable_reply_markup();
  if (login.match_code.empty()) {
    absl::StrAppend(&text, say.confirm_advice);
    v1::TelegramInlineKeyboardRow& row = *keyboard.add_inline_keyboard();
    *row.add_buttons() = Button(say.confirm_button, kConfirm, login_key);
    *row.add_buttons() = Button(say.deny_button, kDeny, login_key);
  } else {
    absl::StrAppend(&text, say.match_code_advice);
    v1::TelegramInlineKeyboardRow& codes = *keyboard.add_inline_keyboard();
    for (const std::string& code : login.match_code_choices)
      *codes.add_buttons() = Button(code, code, login_key);
    *keyboard.add_inline_keyboard()->add_buttons() = Button(say.deny_button, kDeny, login_key);
  }
  reply.set_method("sendMessage");
  reply.set_text(std::move(text));
  return reply;
}

absl::StatusOr<v1::TelegramBotCall> LoginConversation::HandlePress(
    absl::string_view argument, const v1::TelegramCallbackQuery& query) {
  const BotText& say = BotTextFor(query.from().language_code());
  std::vector<absl::string_view> parts = absl::StrSplit(argument, absl::MaxSplits(':', 1));
  const std::string login_key = parts.size() == 2 ? KeyFromButton(parts[1]) : "";
  LoginAnswer answer;
  if (!login_key.empty() && parts[0] == kConfirm) {
    answer.kind = LoginAnswer::kConfirm;
  } else if (!login_key.empty() && parts[0] == kDeny) {
    answer.kind = LoginAnswer::kDeny;
  } else if (!login_key.empty() && IsWellFormedMatchCode(parts[0])) {
    answer = {.kind = LoginAnswer::kPickCode, .code = std::string(parts[0])};
  } else {
    return AnswerCallbackQuery(query, say.button_gone);
  }

  absl::StatusOr<AnsweredLogin> answered =
      logins_.Answer(login_key, ProfileOf(query.from()), answer);
  if (!answered.ok()) return answered.status();
  switch (answered->outcome) {
    case AnswerOutcome::kConfirmed:
      EditToOutcome(say, query, *answered, answer);
      return AnswerCallbackQuery(query, say.pressed_confirm);
    case AnswerOutcome::kDenied:
      EditToOutcome(say, query, *answered, answer);
      return AnswerCallbackQuery(query, say.pressed_deny);
    case AnswerOutcome::kWrongCode:
      EditToOutcome(say, query, *answered, answer);
      return AnswerCallbackQuery(query, say.pressed_wrong_code, /*alert=*/true);
    case AnswerOutcome::kAlreadyConfirmed:
      return AnswerCallbackQuery(query, say.already_confirmed);
    case AnswerOutcome::kAlreadyDenied:
      return AnswerCallbackQuery(query, say.already_denied);
    case AnswerOutcome::kExpired:
      return AnswerCallbackQuery(query, say.request_expired);
    case AnswerOutcome::kNotScanner:
      return AnswerCallbackQuery(query, say.not_the_scanner, /*alert=*/true);
  }
  return absl::InternalError("unhandled answer outcome");
}

void LoginConversation::EditToOutcome(const BotText& say, const v1::TelegramCallbackQuery& query,
                                      const AnsweredLogin& answered, const LoginAnswer& answer) {
  // A message too old for Telegram to include cannot be edited either.
  if (!query.has_message() || query.message().message_id() == 0) return;
  const std::string device = DescribeDevice(answered.login.device);
  std::string text;
  switch (answered.outcome) {
    case AnswerOutcome::kConfirmed:
      text = absl::Substitute(say.edited_confirmed, Destination(say, answered.login), device);
      break;
    case AnswerOutcome::kWrongCode:
      text = absl::Substitute(say.edited_wrong_code,
                              answer.code.empty()
                                  ? std::string(say.code_not_picked)
                                  : absl::Substitute(say.wrong_code_picked, answer.code),
                              Destination(say, answered.login), device);
      break;
    default:
      text = absl::Substitute(say.edited_denied, Destination(say, answered.login), device);
      break;
  }
  v1::TelegramBotCall edit;  // Without reply_markup: the buttons go.
  edit.set_method("editMessageText");
  edit.set_chat_id(query.message().chat().id());
  edit.set_message_id(query.message().message_id());
  edit.set_text(std::move(text));
  bot_api_.Call(std::move(edit));
}

}  // namespace tgauth
