#include "server/qr_login/login_conversation.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/bot/bot_callback.h"
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
  absl::StatusOr<storage::PendingLogin> login =
      logins_.Scan(login_token, ProfileOf(message.from()));
  if (!login.ok()) {
    const absl::StatusCode code = login.status().code();
    if (code == absl::StatusCode::kNotFound || code == absl::StatusCode::kFailedPrecondition ||
        code == absl::StatusCode::kInvalidArgument) {
      return Message(absl::StrCat("This login link expired or was already used. Open ", site_url_,
                                  " to get a new one."));
    }
    return login.status();
  }
  if (!logins_.options().confirm_in_bot) {
    // Said plainly: the sign-in already happened, so "ignore this" would be
    // false comfort if someone had sent the user their own login link.
    return Message(absl::StrCat(
        "You signed in to ", site_url_, " on ", DescribeDevice(login->device),
        ". If you did not just scan a code on that device, someone else may now be signed in as "
        "you: never open login links that others send you."));
  }
  switch (login->state) {
    case storage::LoginState::kScanned:
      return ConfirmationRequest(*login, LoginBroker::LoginKey(login_token));
    case storage::LoginState::kDenied:
      return Message(absl::StrCat("You denied this sign-in. To sign in, open ", site_url_,
                                  " and start again."));
    default:
      return Message("You already confirmed this sign-in.");
  }
}

v1::TelegramBotCall LoginConversation::ConfirmationRequest(const storage::PendingLogin& login,
                                                           const std::string& login_key) {
  std::string text =
      absl::StrCat("Sign in to ", site_url_, "?\n\nDevice: ", BrowserOf(login.device));
  if (!login.device.ip_address.empty()) {
    absl::StrAppend(&text, "\nIP address: ", login.device.ip_address);
  }
  absl::StrAppend(&text, "\nTime: ", DescribeTime(login.created_at, login.device.time_zone),
                  "\n\n");
  v1::TelegramBotCall reply;
  auto& keyboard = *reply.mutable_reply_markup();
  if (login.match_code.empty()) {
    absl::StrAppend(&text,
                    "Confirm only if you are signing in on that device yourself, right now. If "
                    "someone sent you this link or QR code, tap Deny.");
    v1::TelegramInlineKeyboardRow& row = *keyboard.add_inline_keyboard();
    *row.add_buttons() = Button("Confirm", kConfirm, login_key);
    *row.add_buttons() = Button("Deny", kDeny, login_key);
  } else {
    absl::StrAppend(&text,
                    "To sign in, pick the code your browser shows. A wrong pick denies the "
                    "sign-in. If you are not signing in yourself right now, tap Deny.");
    v1::TelegramInlineKeyboardRow& codes = *keyboard.add_inline_keyboard();
    for (const std::string& code : login.match_code_choices)
      *codes.add_buttons() = Button(code, code, login_key);
    *keyboard.add_inline_keyboard()->add_buttons() = Button("Deny", kDeny, login_key);
  }
  reply.set_method("sendMessage");
  reply.set_text(std::move(text));
  return reply;
}

absl::StatusOr<v1::TelegramBotCall> LoginConversation::HandlePress(
    absl::string_view argument, const v1::TelegramCallbackQuery& query) {
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
    return AnswerCallbackQuery(query, "This button no longer works.");
  }

  absl::StatusOr<AnsweredLogin> answered =
      logins_.Answer(login_key, ProfileOf(query.from()), answer);
  if (!answered.ok()) return answered.status();
  switch (answered->outcome) {
    case AnswerOutcome::kConfirmed:
      EditToOutcome(query, *answered, answer);
      return AnswerCallbackQuery(query, "Signed in. You can go back to your browser.");
    case AnswerOutcome::kDenied:
      EditToOutcome(query, *answered, answer);
      return AnswerCallbackQuery(query, "Sign-in denied.");
    case AnswerOutcome::kWrongCode:
      EditToOutcome(query, *answered, answer);
      return AnswerCallbackQuery(query,
                                 "That is not the code your browser shows: the sign-in was denied.",
                                 /*alert=*/true);
    case AnswerOutcome::kAlreadyConfirmed:
      return AnswerCallbackQuery(query, "You already confirmed this sign-in.");
    case AnswerOutcome::kAlreadyDenied:
      return AnswerCallbackQuery(query, "This sign-in was already denied.");
    case AnswerOutcome::kExpired:
      return AnswerCallbackQuery(query,
                                 "This sign-in request expired. Start again in your browser.");
    case AnswerOutcome::kNotScanner:
      return AnswerCallbackQuery(
          query,
          "Only the Telegram account that scanned the code can answer this sign-in "
          "request.",
          /*alert=*/true);
  }
  return absl::InternalError("unhandled answer outcome");
}

void LoginConversation::EditToOutcome(const v1::TelegramCallbackQuery& query,
                                      const AnsweredLogin& answered, const LoginAnswer& answer) {
  // A message too old for Telegram to include cannot be edited either.
  if (!query.has_message() || query.message().message_id() == 0) return;
  const std::string where = absl::StrCat(site_url_, " on ", DescribeDevice(answered.login.device));
  std::string text;
  switch (answered.outcome) {
    case AnswerOutcome::kConfirmed:
      text = absl::StrCat("You confirmed the sign-in to ", where, ".");
      break;
    case AnswerOutcome::kWrongCode:
      text = absl::StrCat(
          "Sign-in denied: ",
          answer.code.empty() ? std::string("the code the browser showed was not picked")
                              : absl::StrCat("the code you picked (", answer.code,
                                             ") is not the one the browser showed"),
          ", so nobody was signed in to ", where,
          ".\n\nIf you did not start this sign-in yourself, someone may have sent you their QR "
          "code or link: never scan codes that others send you.");
      break;
    default:
      text = absl::StrCat("You denied the sign-in to ", where, ". Nobody was signed in.");
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
