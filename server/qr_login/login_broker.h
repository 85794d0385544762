// The cross-device QR login state machine (modelled on RFC 8628, the device
// authorization grant): PENDING -> SCANNED -> CONFIRMED or DENIED,
// then CONFIRMED -> REDEEMED; EXPIRED when nobody confirms before
// expires_at. Without the confirmation step a scan confirms at once
// (PENDING -> CONFIRMED). The login token travels in the QR; only the poll
// token's holder can redeem the login.
//
// Every step is one round trip to Redis: one guarded transition that reads,
// checks, writes and publishes the wake-up (PendingLoginStore::Transition).
// The user row is written with the session, in one PostgreSQL write, when
// the login is redeemed (SessionIssuer::IssueOnce).
//
// Redemption survives a crash at any point (a poll retried with the same
// poll token completes it), and makes at most one session:
//   CONFIRMED --Transition--> REDEEMED --IssueOnce--> session committed
//                                 |                          |
//   crash: login REDEEMED,        |   crash or lost answer:  |
//   no session; the retry         v   the retry finds the    v
//   creates it              (IssueOnce)  session by its first refresh token
// The session's first refresh token is derived from the poll token
// (RotationKey::RedemptionToken), and refresh token hashes are unique, so
// every attempt for one login names the same session: the first attempt
// that commits creates it; the others (and later retries) get it back with a
// fresh access token while its refresh token is unused. Once the client has
// refreshed, a repeat is FAILED_PRECONDITION "already redeemed". A session
// thus never exists that its poll token's holder cannot obtain, for as long
// as the login is retained (ttl + expired_retention).
#ifndef TGAUTH_SERVER_QR_LOGIN_LOGIN_BROKER_H_
#define TGAUTH_SERVER_QR_LOGIN_LOGIN_BROKER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/qr_login/login_answer.h"
#include "server/qr_login/login_listener.h"
#include "server/session/address_limit.h"
#include "server/session/session_issuer.h"
#include "server/session/user_directory.h"
#include "storage/event_recorder.h"
#include "storage/pending_login_store.h"
#include "storage/rate_limiter.h"

namespace tgauth {

struct LoginOptions {
  std::string bot_username;                              // Without '@'.
  absl::Duration ttl = absl::Minutes(5);                 // Until a login expires.
  absl::Duration expired_retention = absl::Minutes(10);  // Expired is reported, then forgotten.
  absl::Duration poll_interval = absl::Seconds(2);
  // Logins one client IP address may start per minute; 0 means no limit.
  int logins_per_ip_per_minute = 60;
  // The scanning user confirms or denies in the bot; false: the scan itself
  // confirms.
  bool confirm_in_bot = true;
  // Each login gets a match code (server/qr_login/match_code.h) that the user must
  // pick in the bot. Needs confirm_in_bot.
  bool match_code = false;
};

// OK if `options` can run; INVALID_ARGUMENT naming the conflict otherwise
// (match codes without the confirmation step).
absl::Status CheckLoginOptions(const LoginOptions& options);

struct NewLogin {
  std::string login_token;
  std::string poll_token;
  std::string deep_link;  // https://t.me/<bot_username>?start=<login_token>
  absl::Time expires_at;
  std::string match_code;  // Empty unless LoginOptions::match_code.
};

// What a poll sees. kPending/kScanned: keep polling; the rest are final.
enum class PollState { kPending, kScanned, kConfirmed, kDenied, kExpired };

struct PollOutcome {
  PollState state = PollState::kPending;
  absl::Time expires_at;                   // When a pending login expires.
  std::optional<storage::LoginUser> user;  // With kConfirmed.
  // With kScanned: the Telegram account whose confirmation the login waits
  // for (stored by the scan, so no other read).
  std::optional<storage::TelegramProfile> scanned_by;
  std::optional<IssuedSession> session;    // With kConfirmed.
};

class LoginBroker {
 public:
  // `logins` publishes the wake-ups of the transitions it applies.
  LoginBroker(LoginOptions options, storage::PendingLoginStore& logins,
              storage::RateLimiter& limiter, SessionIssuer& sessions, const Clock& clock)
      : options_(std::move(options)),
        logins_(logins),
        per_ip_(limiter, "create-login", "sign-in attempts",
                {.limit = options_.logins_per_ip_per_minute, .window = absl::Minutes(1)}),
        sessions_(sessions),
        clock_(clock) {}

  // Starts a login for `device`; `app_name` is PendingLogin::app_name (""
  // for the site itself), which the bot then names. A time zone this server
  // does not know is dropped (times are then shown in UTC) rather than
  // failing the sign-in. INVALID_ARGUMENT if a device field is too long or
  // the time zone is not shaped like an IANA name; RESOURCE_EXHAUSTED if
  // device.ip_address started too many logins this minute; UNAVAILABLE if
  // Redis is unreachable.
  absl::StatusOr<NewLogin> Create(const storage::DeviceInfo& device,
                                  absl::string_view app_name = "");

  // The Telegram user `who` opened the login link. With confirm_in_bot:
  // records them as the scanner (PENDING -> SCANNED; no user row is written
  // before they confirm) and wakes the poll; otherwise confirms at once, as
  // Confirm(). Returns the login as it now is; when `who` scanned it before,
  // returns it unchanged, whatever its state (the bot then says where it
  // stands). NOT_FOUND for an unknown login; FAILED_PRECONDITION if it
  // expired or another account scanned it; INVALID_ARGUMENT for a malformed
  // token; UNAVAILABLE if a store is unreachable.
  absl::StatusOr<storage::PendingLogin> Scan(absl::string_view login_token,
                                             const storage::TelegramProfile& who);

  // Confirms without asking: moves the login PENDING -> CONFIRMED with
  // `who` (whose user row is written on redemption), waking its poll on any
  // replica. Returns the login as confirmed (its device describes the
  // browser). Confirming again by the same Telegram user is a no-op
  // success. NOT_FOUND for an unknown login; FAILED_PRECONDITION if it
  // expired or another account took it; INVALID_ARGUMENT as
  // ValidateProfile; UNAVAILABLE if Redis is unreachable.
  absl::StatusOr<storage::PendingLogin> Confirm(absl::string_view login_token,
                                                const storage::TelegramProfile& who);

  // The Telegram user `who` answered the confirmation request of the login
  // stored under `login_key`. Only the scanner's answer to a SCANNED,
  // unexpired login counts: a confirmation (or, with a match code, the right
  // pick) moves it to CONFIRMED with `who`; a denial or a wrong
  // pick moves it to DENIED (final); either wakes the poll. Every other
  // answer changes nothing and says why. One guarded transition (a wrong
  // pick: a second one denies). UNAVAILABLE if a store is unreachable
  // (nothing changed).
  absl::StatusOr<AnsweredLogin> Answer(absl::string_view login_key,
                                       const storage::TelegramProfile& who,
                                       const LoginAnswer& answer);

  // The login's state for the holder of `poll_token`; a confirmed login is
  // redeemed here into its one session (see "Redemption" above): a retry
  // after any failure, or a repeat of a poll whose answer was lost, gets the
  // same session and refresh token. INVALID_ARGUMENT for malformed tokens;
  // NOT_FOUND for an unknown login; PERMISSION_DENIED if the poll token is
  // not this login's; FAILED_PRECONDITION once the session's refresh token
  // was used (its answer arrived) or the session ended; UNAVAILABLE if a
  // store is unreachable (retry: the login stays redeemable).
  absl::StatusOr<PollOutcome> Poll(absl::string_view login_token, absl::string_view poll_token);

  // The login as stored, for operators (AdminService.GetPendingLogin);
  // changes nothing. INVALID_ARGUMENT for a malformed token; NOT_FOUND for
  // an unknown login (or one past its retention); UNAVAILABLE if Redis is
  // unreachable.
  absl::StatusOr<storage::PendingLogin> Inspect(absl::string_view login_token);
  // The storage key of a login: hex SHA-256 of its login token. Wake-ups for
  // a login are published under this key.
  static std::string LoginKey(absl::string_view login_token);

  const LoginOptions& options() const { return options_; }

  // Registers `listener` (which must outlive this) to hear of every login
  // event. Register before the first call.
  void AddListener(LoginListener& listener) { listeners_.push_back(&listener); }

  // Records a login.denied event in `events` (which must outlive this) for
  // every login denied from now on. The denial is a Redis transition, so
  // the event is written right after it, in its own PostgreSQL transaction:
  // a process that dies between the two loses that one event
  // (storage/event_recorder.h). Set before the first call.
  void RecordDenialsIn(storage::EventRecorder& events) { events_ = &events; }

 private:
  void Tell(LoginEvent event) const;
  // The one session of a REDEEMED login (see the class comment);
  // `within_limit`: whether this attempt was within the account's sign-in
  // limit (SessionIssuer::IssueOnce).
  absl::StatusOr<PollOutcome> Redeem(const storage::PendingLogin& login,
                                     absl::string_view poll_token, bool within_limit);
  // The scanner `who` confirms with `code` (the match code the login must
  // have; empty for none); a miss denies it (kWrongCode).
  absl::StatusOr<AnsweredLogin> ConfirmScanned(const std::string& key,
                                               const storage::TelegramProfile& who,
                                               absl::string_view code);
  absl::StatusOr<AnsweredLogin> DenyScanned(const std::string& key,
                                            const storage::TelegramProfile& who,
                                            AnswerOutcome why);
  // Why the answer of `telegram_id` cannot move `login` (not its scanner,
  // settled, expired); nullopt while the login waits for that answer.
  std::optional<AnsweredLogin> Unanswerable(storage::PendingLogin login,
                                            int64_t telegram_id) const;

  LoginOptions options_;
  storage::PendingLoginStore& logins_;
  // Each login holds Redis memory until it expires, and anyone may start
  // one: bound what one address can claim.
  const AddressLimit per_ip_;
  SessionIssuer& sessions_;
  const Clock& clock_;
  std::vector<LoginListener*> listeners_;
  storage::EventRecorder* events_ = nullptr;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_QR_LOGIN_LOGIN_BROKER_H_
