// The bot in English (the default language).
#include "absl/strings/str_cat.h"
#include "server/bot/bot_text.h"

namespace tgauth {
namespace {

std::string Lifetime(absl::Duration ttl) {
  const int64_t seconds = absl::ToInt64Seconds(ttl);
  if (seconds % 60 != 0) return absl::StrCat(seconds, seconds == 1 ? " second" : " seconds");
  const int64_t minutes = seconds / 60;
  return absl::StrCat(minutes, minutes == 1 ? " minute" : " minutes");
}

}  // namespace

const BotText kEnglishBotText = {
    .greeting = "Hi $0! To sign in, open $1 and scan the QR code with your phone, or tap \"Open "
                "in Telegram\" there.",
    .button_gone = "This button no longer works.",
    .account_blocked = "Your account is blocked from signing in. Contact the site's support if "
                       "you think this is a mistake.",

    .login_link_expired = "This login link expired or was already used. Open $0 to get a new one.",
    .signed_in_at_once = "You signed in to $0 on $1. If you did not just scan a code on that "
                         "device, someone else may now be signed in as you: never open login "
                         "links that others send you.",
    .you_denied = "You denied this sign-in. To sign in, open $0 and start again.",
    .already_confirmed = "You already confirmed this sign-in.",
    .already_denied = "This sign-in was already denied.",
    .confirm_request = "Sign in to $0?\n\nDevice: $1",
    .app_through_site = "$0 through $1",
    .ip_address_line = "\nIP address: $0",
    .time_line = "\nTime: $0",
    .confirm_advice = "Confirm only if you are signing in on that device yourself, right now. If "
                      "someone sent you this link or QR code, tap Deny.",
    .match_code_advice = "To sign in, pick the code your browser shows. A wrong pick denies the "
                         "sign-in. If you are not signing in yourself right now, tap Deny.",
    .confirm_button = "Confirm",
    .deny_button = "Deny",
    .pressed_confirm = "Signed in. You can go back to your browser.",
    .pressed_deny = "Sign-in denied.",
    .pressed_wrong_code = "That is not the code your browser shows: the sign-in was denied.",
    .request_expired = "This sign-in request expired. Start again in your browser.",
    .not_the_scanner = "Only the Telegram account that scanned the code can answer this sign-in "
                       "request.",
    .edited_confirmed = "You confirmed the sign-in to $0 on $1.",
    .edited_denied = "You denied the sign-in to $0 on $1. Nobody was signed in.",
    .edited_wrong_code = "Sign-in denied: $0, so nobody was signed in to $1 on $2.\n\nIf you did "
                         "not start this sign-in yourself, someone may have sent you their QR "
                         "code or link: never scan codes that others send you.",
    .code_not_picked = "the code the browser showed was not picked",
    .wrong_code_picked = "the code you picked ($0) is not the one the browser showed",

    .new_sign_in = "New sign-in to $0 on $1$2, $3.\n\nIf this was not you, end that session now.",
    .how_qr = " with a QR code",
    .how_widget = " with the Telegram Login Widget",
    .how_mini_app = " in the Mini App",
    .how_login_link = " with a login link from this bot",
    .not_me = "Not me — end this session",
    .not_me_numbered = "Not me — end $0",
    .digest_heading = "$0 more new sign-ins to $1:",
    .digest_heading_one = "$0 more new sign-in to $1:",
    .digest_and_more = "\n…and $0 more",
    .digest_advice = "\n\nIf one was not you, end that session now.",
    .session_not_yours = "This session is not yours, or it no longer exists.",
    .session_already_ended = "This session has already ended.",
    .session_ended_note = "\n\nYou ended this session: that device is signed out.",
    .session_ended = "Session ended: that device is signed out.",

    .sign_in_button = "Sign in",
    .login_link = "Tap the button to sign in to $0 as $1. It works once, within $2. Do not "
                  "forward it: whoever opens it can sign in as you.",
    .invite_login_link = "\n\nTap the button to sign in to $0. It works once, within $1. Do not "
                         "forward it: whoever opens it can sign in as you.",
    .invite_usage = "Send /login followed by your invite code, for example: /login "
                    "K7MD2QX9P4TB8WNC",
    .invite_too_many = "Too many invite code attempts. Try again in an hour.",
    .invite_unknown = "This invite code does not exist. Check it and send /login <code> again.",
    .invite_expired = "This invite code has expired. Ask for a new one.",
    .invite_used_up = "This invite code has already been used up. Ask for a new one.",
    .invite_accepted = "Invite code accepted. $0",
    .invite_already_used = "You have already used this invite code. $0",
    .no_subscription = "You have no active subscription.",
    .subscription_active = "Your $0 subscription is active.",
    .subscription_active_until = "Your $0 subscription is active until $1.",
    .lifetime = &Lifetime,
};

}  // namespace tgauth
