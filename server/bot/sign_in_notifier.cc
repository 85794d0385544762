#include "server/bot/sign_in_notifier.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/substitute.h"
#include "common/uuid.h"
#include "server/bot/bot_callback.h"
#include "server/bot/bot_text.h"
#include "server/session/device_description.h"

namespace tgauth {
namespace {

constexpr absl::string_view kEndAction = "end:";
constexpr absl::string_view kEndListedAction = "end-listed:";

// "How" in the notice, by SessionInfo.sign_in_method.
absl::string_view HowSignedIn(const BotText& say, absl::string_view method) {
  if (method == "qr") return say.how_qr;
  if (method == "widget") return say.how_widget;
  if (method == "mini_app") return say.how_mini_app;
  if (method == "login_link") return say.how_login_link;
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

SignInNotifier::SignInNotifier(std::string site_url, BotApi& bot_api, RevokeSession revoke,
                               const Clock& clock, absl::Duration digest_window)
    : site_url_(std::move(site_url)),
      bot_api_(bot_api),
      revoke_(std::move(revoke)),
      clock_(clock),
      digest_window_(digest_window),
      digest_timer_(clock.RunEvery(digest_window / 10, [this] { SendDueDigests(); })) {}

void SignInNotifier::OnSessionCreated(const CreatedSession& session) {
  HeldSignIn sign_in{.session = session, .at = clock_.Now()};
  {
    absl::MutexLock lock(&mu_);
    Chat& chat = chats_[session.telegram_id];
    if (sign_in.at < chat.window_end || !chat.held.empty()) {
      chat.held.push_back(std::move(sign_in));
      return;
    }
    chat.window_end = sign_in.at + digest_window_;
  }
  bot_api_.Call(Notice(sign_in));
}

v1::TelegramBotCall SignInNotifier::Notice(const HeldSignIn& sign_in) const {
  const CreatedSession& session = sign_in.session;
  const BotText& say = BotTextFor(session.language_code);
  v1::TelegramBotCall notice;
  notice.set_method("sendMessage");
  notice.set_chat_id(session.telegram_id);  // A private chat's id is the user's.
  notice.set_text(absl::Substitute(say.new_sign_in, SiteOrApp(say, site_url_, session.app_name),
                                   DescribeDevice(session.device),
                                   HowSignedIn(say, session.sign_in_method),
                                   DescribeTime(sign_in.at, session.device.time_zone)));
  if (revoke_) {
    v1::TelegramInlineKeyboardButton* button =
        notice.mutable_reply_markup()->add_inline_keyboard()->add_buttons();
    button->set_text(std::string(say.not_me));
    button->set_callback_data(absl::StrCat(kCallbackPrefix, ":", kEndAction, session.session_id));
  }
  return notice;
}

v1::TelegramBotCall SignInNotifier::Digest(int64_t telegram_id,
                                           const std::vector<HeldSignIn>& held) const {
  v1::TelegramBotCall digest;
  digest.set_method("sendMessage");
  digest.set_chat_id(telegram_id);
  // In the language the user was last seen with.
  const BotText& say = BotTextFor(held.back().session.language_code);
  std::string text = absl::StrCat(
      absl::Substitute(held.size() == 1 ? say.digest_heading_one : say.digest_heading,
                       held.size(), site_url_),
      "\n");
  const int listed = std::min<int>(held.size(), kMaxListedInDigest);
  for (int i = 0; i < listed; ++i) {
    const CreatedSession& session = held[i].session;
    // An app's name first: one QR sign-in to an app brings the site's own
    // session and then the app's, which often share a digest.
    absl::StrAppend(&text, "\n", i + 1, ". ",
                    session.app_name.empty() ? "" : absl::StrCat(session.app_name, ": "),
                    DescribeDevice(session.device), HowSignedIn(say, session.sign_in_method), ", ",
                    DescribeTime(held[i].at, session.device.time_zone));
    if (!revoke_) continue;
    v1::TelegramInlineKeyboardButton* button =
        digest.mutable_reply_markup()->add_inline_keyboard()->add_buttons();
    button->set_text(absl::Substitute(say.not_me_numbered, i + 1));
    button->set_callback_data(
        absl::StrCat(kCallbackPrefix, ":", kEndListedAction, session.session_id));
  }
  if (listed < static_cast<int>(held.size())) {
    absl::StrAppend(&text, absl::Substitute(say.digest_and_more, held.size() - listed));
  }
  absl::StrAppend(&text, say.digest_advice);
  digest.set_text(std::move(text));
  return digest;
}

void SignInNotifier::SendDueDigests() {
  std::vector<v1::TelegramBotCall> due;
  {
    absl::MutexLock lock(&mu_);
    const absl::Time now = clock_.Now();
    for (auto it = chats_.begin(); it != chats_.end();) {
      Chat& chat = it->second;
      if (now < chat.window_end) {
        ++it;
      } else if (chat.held.empty()) {
        chats_.erase(it++);
      } else {
        due.push_back(Digest(it->first, chat.held));
        chat.held.clear();
        chat.window_end = now + digest_window_;
        ++it;
      }
    }
  }
  for (v1::TelegramBotCall& digest : due) bot_api_.Call(std::move(digest));
}

absl::StatusOr<v1::TelegramBotCall> SignInNotifier::HandlePress(
    absl::string_view argument, const v1::TelegramCallbackQuery& query) {
  const BotText& say = BotTextFor(query.from().language_code());
  absl::string_view session_id = argument;
  // A digest lists several sessions: editing it would take every button away.
  const bool listed = absl::ConsumePrefix(&session_id, kEndListedAction);
  if ((!listed && !absl::ConsumePrefix(&session_id, kEndAction)) || !IsUuid(session_id) ||
      !revoke_) {
    return AnswerCallbackQuery(query, say.button_gone);
  }
  const absl::Status revoked = revoke_(query.from().id(), std::string(session_id));
  switch (revoked.code()) {
    case absl::StatusCode::kOk:
      break;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kNotFound:
      return AnswerCallbackQuery(query, say.session_not_yours);
    case absl::StatusCode::kFailedPrecondition:
      return AnswerCallbackQuery(query, say.session_already_ended);
    default:
      return revoked;  // Not answered: Telegram redelivers the press.
  }
  if (!listed && query.has_message() && query.message().message_id() != 0) {
    // The notice keeps its first line (where and how) and loses the button.
    absl::string_view text = query.message().text();
    text = text.substr(0, text.find('\n'));
    v1::TelegramBotCall edit;
    edit.set_method("editMessageText");
    edit.set_chat_id(query.message().chat().id());
    edit.set_message_id(query.message().message_id());
    edit.set_text(absl::StrCat(text, say.session_ended_note));
    bot_api_.Call(std::move(edit));
  }
  return AnswerCallbackQuery(query, say.session_ended);
}

}  // namespace tgauth
