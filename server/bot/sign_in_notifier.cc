#include "server/bot/sign_in_notifier.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/uuid.h"
#include "server/bot/bot_callback.h"
#include "server/session/device_description.h"

namespace tgauth {
namespace {

constexpr absl::string_view kEndAction = "end:";

// "How" in the notice, by SessionInfo.sign_in_method.
absl::string_view HowSignedIn(absl::string_view method) {
  if (method == "qr") return " with a QR code";
  if (method == "widget") return " with the Telegram Login Widget";
  if (method == "mini_app") return " in the Mini App";
  if (method == "login_link") return " with a login link from this bot";
  return "";
}

}  // namespace

SignInNotifier::RevokeSession SignInNotifier::RevokeAsTelegramUser(UserDirectory& users,
                                                                   SessionManager& sessions) {
  return [&users, &sessions](int64_t telegram_id, const std::string& session_id) -> absl::Status {
    absl::StatusOr<storage::UserRecord> user = users.Find(telegram_id);
    if (absl::IsNotFound(user.status())) return absl::NotFoundError("no such session");
    if (!user.ok()) return user.status();
    return sessions.RevokeOwn(user->id, session_id);
  };
}

void SignInNotifier::OnSessionCreated(const CreatedSession& session) {
  v1::TelegramBotCall notice;
  notice.set_method("sendMessage");
  notice.set_chat_id(session.telegram_id);  // A private chat's id is the user's.
  notice.set_text(absl::StrCat("New sign-in to ", site_url_, " on ", DescribeDevice(session.device),
                               HowSignedIn(session.sign_in_method), ", ",
                               DescribeTime(clock_.Now(), session.device.time_zone),
                               ".\n\nIf this was not you, end that session now."));
  if (revoke_) {
    v1::TelegramInlineKeyboardButton* button =
        notice.mutable_reply_markup()->add_inline_keyboard()->add_buttons();
    button->set_text("Not me — end this session");
    button->set_callback_data(absl::StrCat(kCallbackPrefix, ":", kEndAction, session.session_id));
  }
  bot_api_.Call(std::move(notice));
}

absl::StatusOr<v1::TelegramBotCall> SignInNotifier::HandlePress(
    absl::string_view argument, const v1::TelegramCallbackQuery& query) {
  absl::string_view session_id = argument;
  if (!absl::ConsumePrefix(&session_id, kEndAction) || !IsUuid(session_id) || !revoke_) {
    return AnswerCallbackQuery(query, "This button no longer works.");
  }
  const absl::Status revoked = revoke_(query.from().id(), std::string(session_id));
  switch (revoked.code()) {
    case absl::StatusCode::kOk:
      break;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kNotFound:
      return AnswerCallbackQuery(query, "This session is not yours, or it no longer exists.");
    case absl::StatusCode::kFailedPrecondition:
      return AnswerCallbackQuery(query, "This session has already ended.");
    default:
      return revoked;  // Not answered: Telegram redelivers the press.
  }
  if (query.has_message() && query.message().message_id() != 0) {
    // The notice keeps its first line (where and how) and loses the button.
    absl::string_view text = query.message().text();
    text = text.substr(0, text.find('\n'));
    v1::TelegramBotCall edit;
    edit.set_method("editMessageText");
    edit.set_chat_id(query.message().chat().id());
    edit.set_message_id(query.message().message_id());
    edit.set_text(absl::StrCat(text, "\n\nYou ended this session: that device is signed out."));
    bot_api_.Call(std::move(edit));
  }
  return AnswerCallbackQuery(query, "Session ended: that device is signed out.");
}

}  // namespace tgauth
