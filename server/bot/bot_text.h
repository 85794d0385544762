// Everything the bot says to people, in one language per table. Each
// language is one file defining its table (bot_text_en.cc,
// bot_text_ru.cc) plus its entry in kBotLanguages (bot_text.cc); a
// language is chosen from the Telegram user's language_code.
//
// Texts with "$0", "$1"... are absl::Substitute patterns; the comment on
// each field names its arguments. "<site>" is the site's URL, "<device>"
// DescribeDevice's description of the browser.
#ifndef TGAUTH_SERVER_BOT_BOT_TEXT_H_
#define TGAUTH_SERVER_BOT_BOT_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tgauth {

struct BotText {
  // Telegram's update dispatch (telegram_bot.cc).
  absl::string_view greeting;         // $0 first name, $1 site.
  absl::string_view button_gone;      // A press of an unknown or stale button.
  absl::string_view account_blocked;  // A blocked user, whatever they send.

  // The QR login's conversation (server/qr_login/login_conversation.cc).
  absl::string_view login_link_expired;  // $0 site.
  absl::string_view signed_in_at_once;   // No confirmation step: $0 site, $1 device.
  absl::string_view you_denied;          // $0 site.
  absl::string_view already_confirmed;
  absl::string_view already_denied;
  absl::string_view confirm_request;  // $0 site, $1 device; then the lines below.
  // What "site" above is when a login signs in to an OAuth app through
  // tgauth: $0 the app's name, $1 the site.
  absl::string_view app_through_site;
  absl::string_view ip_address_line;  // $0 IP address.
  absl::string_view time_line;        // $0 DescribeTime.
  absl::string_view confirm_advice;
  absl::string_view match_code_advice;
  absl::string_view confirm_button;
  absl::string_view deny_button;
  absl::string_view pressed_confirm;
  absl::string_view pressed_deny;
  absl::string_view pressed_wrong_code;
  absl::string_view request_expired;
  absl::string_view not_the_scanner;
  absl::string_view edited_confirmed;   // $0 site, $1 device.
  absl::string_view edited_denied;      // $0 site, $1 device.
  absl::string_view edited_wrong_code;  // $0 one of the two below, $1 site, $2 device.
  absl::string_view code_not_picked;
  absl::string_view wrong_code_picked;  // $0 the code picked.

  // New sign-in notices (sign_in_notifier.cc).
  absl::string_view new_sign_in;  // $0 site, $1 device, $2 how (below), $3 DescribeTime.
  absl::string_view how_qr;       // Each "how" starts with its own space.
  absl::string_view how_widget;
  absl::string_view how_mini_app;
  absl::string_view how_login_link;
  absl::string_view not_me;           // The notice's button.
  absl::string_view not_me_numbered;  // A digest's button: $0 the item's number.
  absl::string_view digest_heading;   // $0 number of sign-ins, $1 site.
  absl::string_view digest_heading_one;  // The same for one sign-in.
  absl::string_view digest_and_more;  // $0 number not listed.
  absl::string_view digest_advice;
  absl::string_view session_not_yours;
  absl::string_view session_already_ended;
  absl::string_view session_ended_note;  // Appended to the edited notice.
  absl::string_view session_ended;

  // Login links and invite codes (server/signin/).
  absl::string_view sign_in_button;
  absl::string_view login_link;         // $0 site, $1 first name, $2 lifetime.
  absl::string_view invite_login_link;  // $0 site, $1 lifetime.
  absl::string_view invite_usage;
  absl::string_view invite_too_many;
  absl::string_view invite_unknown;
  absl::string_view invite_expired;
  absl::string_view invite_used_up;
  absl::string_view invite_accepted;      // $0 the subscription (below).
  absl::string_view invite_already_used;  // $0 the subscription (below).
  absl::string_view no_subscription;
  absl::string_view subscription_active;        // $0 tier.
  absl::string_view subscription_active_until;  // $0 tier, $1 "2026-12-22 05:06 UTC".
  // How long a link works, "within" it: "5 minutes" (whole minutes when
  // they divide it, else seconds), with the language's plural forms.
  std::string (*lifetime)(absl::Duration ttl);
};

extern const BotText kEnglishBotText;
extern const BotText kRussianBotText;

// The table for an IETF language tag as Telegram reports it (Bot API
// User.language_code): "ru" and "ru-RU" read Russian; any other tag, or
// none, English.
const BotText& BotTextFor(absl::string_view language_code);

// What "<site>" is in a text about a sign-in: `site_url`, or with an OAuth
// app's name (PendingLogin::app_name, CreatedSession::app_name) "<app>
// through <site>" (BotText::app_through_site).
std::string SiteOrApp(const BotText& say, absl::string_view site_url, absl::string_view app_name);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_BOT_BOT_TEXT_H_
