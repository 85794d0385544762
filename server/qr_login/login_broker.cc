#include "server/qr_login/login_broker.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "common/secure_token.h"
#include "server/qr_login/match_code.h"
#include "server/session/device_check.h"
#include "storage/domain_events.h"

namespace tgauth {

absl::Status CheckLoginOptions(const LoginOptions& options) {
  if (options.match_code && !options.confirm_in_bot) {
    return absl::InvalidArgumentError("match codes need the confirmation step in the bot");
  }
  return absl::OkStatus();
}
namespace {

using storage::LoginState;
using storage::PendingLogin;

bool ScannedBy(const PendingLogin& login, int64_t telegram_id) {
  return login.user.has_value() && login.user->profile.telegram_id == telegram_id;
}

// What a press on a login that is no longer SCANNED finds.
AnswerOutcome Settled(LoginState state) {
  return state == LoginState::kDenied ? AnswerOutcome::kAlreadyDenied
                                      : AnswerOutcome::kAlreadyConfirmed;
}

absl::Status ValidateToken(absl::string_view token, absl::string_view field) {
  if (IsWellFormedToken(token)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, " must be ", kTokenChars, " base64url characters"));
}

}  // namespace

std::string LoginBroker::LoginKey(absl::string_view login_token) { return Sha256Hex(login_token); }

absl::StatusOr<NewLogin> LoginBroker::Create(const storage::DeviceInfo& device,
                                             absl::string_view app_name) {
  if (absl::Status s = ValidateDevice(device); !s.ok()) return s;
  if (absl::Status s = per_ip_.Count(device.ip_address); !s.ok()) return s;
  absl::StatusOr<std::string> login_token = NewToken();
  if (!login_token.ok()) return login_token.status();
  absl::StatusOr<std::string> poll_token = NewToken();
  if (!poll_token.ok()) return poll_token.status();

  PendingLogin login;
  login.poll_token_hash = Sha256(*poll_token);
  login.created_at = clock_.Now();
  login.expires_at = login.created_at + options_.ttl;
  login.device = device;
  login.app_name = std::string(app_name);
  absl::TimeZone zone;
  if (!device.time_zone.empty() && !absl::LoadTimeZone(device.time_zone, &zone)) {
    login.device.time_zone.clear();  // Newer than this server's tzdata, say.
  }
  if (options_.match_code) {
    absl::StatusOr<std::string> code = NewMatchCode();
    if (!code.ok()) return code.status();
    absl::StatusOr<std::vector<std::string>> choices = MatchCodeChoices(*code);
    if (!choices.ok()) return choices.status();
    login.match_code = *std::move(code);
    login.match_code_choices = *std::move(choices);
  }
  absl::Status stored =
      logins_.Create(LoginKey(*login_token), login, options_.ttl + options_.expired_retention);
  if (!stored.ok()) return stored;
  Tell(LoginEvent::kCreated);

  NewLogin created;
  created.deep_link = absl::StrCat("https://t.me/", options_.bot_username, "?start=", *login_token);
  created.login_token = *std::move(login_token);
  created.poll_token = *std::move(poll_token);
  created.expires_at = login.expires_at;
  created.match_code = login.match_code;
  return created;
}

absl::StatusOr<PendingLogin> LoginBroker::Scan(absl::string_view login_token,
                                               const storage::TelegramProfile& who) {
  if (!options_.confirm_in_bot) return Confirm(login_token, who);
  if (absl::Status s = ValidateToken(login_token, "login_token"); !s.ok()) return s;
  // Only the Telegram user for now: the user row is written when the login
  // is redeemed, so a denied or abandoned login writes nothing.
  const storage::LoginUser scanner{.user_id = "", .profile = who};
  absl::StatusOr<storage::LoginTransition> scanned = logins_.Transition(
      LoginKey(login_token), {.from = LoginState::kPending,
                              .to = LoginState::kScanned,
                              .user = &scanner,
                              .unexpired_at = clock_.Now(),
                              .wake = true});
  if (!scanned.ok()) return scanned.status();
  if (scanned->applied) {
    Tell(LoginEvent::kScanned);
    return scanned->login;
  }
  const PendingLogin& login = scanned->login;
  const bool expired = clock_.Now() >= login.expires_at;
  if (ScannedBy(login, who.telegram_id)) {
    // Scanned again (or a concurrent scan of this user won the race): show
    // the request again, or where it stands.
    if (login.state == LoginState::kScanned && expired) {
      return absl::FailedPreconditionError("login expired");
    }
    return login;
  }
  if (expired) return absl::FailedPreconditionError("login expired");
  return absl::FailedPreconditionError("login was already used");
}

absl::StatusOr<PendingLogin> LoginBroker::Confirm(absl::string_view login_token,
                                                  const storage::TelegramProfile& who) {
  if (absl::Status s = ValidateToken(login_token, "login_token"); !s.ok()) return s;
  if (absl::Status s = ValidateProfile(who); !s.ok()) return s;
  // The user row is written with the session, when the login is redeemed.
  const storage::LoginUser confirmer{.user_id = "", .profile = who};
  absl::StatusOr<storage::LoginTransition> confirmed = logins_.Transition(
      LoginKey(login_token), {.from = LoginState::kPending,
                              .to = LoginState::kConfirmed,
                              .user = &confirmer,
                              .unexpired_at = clock_.Now(),
                              .wake = true});
  if (!confirmed.ok()) return confirmed.status();
  if (confirmed->applied) {
    Tell(LoginEvent::kConfirmed);
    return confirmed->login;
  }
  const PendingLogin& login = confirmed->login;
  // The Telegram user tapped START twice, or a concurrent confirmation of
  // theirs won the race: fine.
  if (login.state == LoginState::kConfirmed && ScannedBy(login, who.telegram_id)) return login;
  if (clock_.Now() >= login.expires_at) return absl::FailedPreconditionError("login expired");
  return absl::FailedPreconditionError("login was already used");
}

absl::StatusOr<AnsweredLogin> LoginBroker::Answer(absl::string_view login_key,
                                                  const storage::TelegramProfile& who,
                                                  const LoginAnswer& answer) {
  const std::string key(login_key);
  // Each answer is one guarded transition: only the scanner of a SCANNED,
  // unexpired login moves it, and a transition that did not apply returns
  // the login, which says why (Unanswerable).
  if (answer.kind == LoginAnswer::kDeny) return DenyScanned(key, who, AnswerOutcome::kDenied);
  // With a match code only the right pick confirms; a bare confirmation
  // (which the bot never offers then) must find a login without one.
  std::optional<absl::string_view> code;
  if (answer.kind == LoginAnswer::kConfirm) code = "";
  if (answer.kind == LoginAnswer::kPickCode && !answer.code.empty()) code = answer.code;
  if (!code.has_value()) return DenyScanned(key, who, AnswerOutcome::kWrongCode);
  if (absl::Status invalid = ValidateProfile(who); !invalid.ok()) {
    // Nothing can be stored for this profile: tell the scanner why, and
    // anyone else what they would have been told.
    absl::StatusOr<PendingLogin> login = logins_.Get(key);
    if (absl::IsNotFound(login.status())) return AnsweredLogin{AnswerOutcome::kExpired, {}};
    if (!login.ok()) return login.status();
    std::optional<AnsweredLogin> refused = Unanswerable(*std::move(login), who.telegram_id);
    if (refused.has_value()) return *std::move(refused);
    return invalid;
  }
  return ConfirmScanned(key, who, *code);
}

absl::StatusOr<AnsweredLogin> LoginBroker::ConfirmScanned(const std::string& key,
                                                          const storage::TelegramProfile& who,
                                                          absl::string_view code) {
  // The profile as the confirmation carries it (names may have changed
  // since the scan); the user row is written when the login is redeemed.
  const storage::LoginUser confirmer{.user_id = "", .profile = who};
  absl::StatusOr<storage::LoginTransition> confirmed =
      logins_.Transition(key, {.from = LoginState::kScanned,
                               .to = LoginState::kConfirmed,
                               .user = &confirmer,
                               .unexpired_at = clock_.Now(),
                               .scanned_by = who.telegram_id,
                               .match_code = code,
                               .wake = true});
  if (absl::IsNotFound(confirmed.status())) return AnsweredLogin{AnswerOutcome::kExpired, {}};
  if (!confirmed.ok()) return confirmed.status();
  if (confirmed->applied) {
    Tell(LoginEvent::kConfirmed);
    return AnsweredLogin{AnswerOutcome::kConfirmed, std::move(confirmed->login)};
  }
  std::optional<AnsweredLogin> refused =
      Unanswerable(std::move(confirmed->login), who.telegram_id);
  if (refused.has_value()) return *std::move(refused);
  // The scanner's answer to a login that waits for it: only the code missed.
  return DenyScanned(key, who, AnswerOutcome::kWrongCode);
}

absl::StatusOr<AnsweredLogin> LoginBroker::DenyScanned(const std::string& key,
                                                       const storage::TelegramProfile& who,
                                                       AnswerOutcome why) {
  absl::StatusOr<storage::LoginTransition> denied =
      logins_.Transition(key, {.from = LoginState::kScanned,
                               .to = LoginState::kDenied,
                               .unexpired_at = clock_.Now(),
                               .scanned_by = who.telegram_id,
                               .wake = true});
  if (absl::IsNotFound(denied.status())) return AnsweredLogin{AnswerOutcome::kExpired, {}};
  if (!denied.ok()) return denied.status();
  if (!denied->applied) {
    std::optional<AnsweredLogin> refused = Unanswerable(std::move(denied->login), who.telegram_id);
    // Waiting for this scanner yet not applied: it expired in between.
    if (!refused.has_value()) return AnsweredLogin{AnswerOutcome::kExpired, {}};
    return *std::move(refused);
  }
  Tell(LoginEvent::kDenied);
  if (events_ != nullptr) {
    // No user id: the login names its user only once redeemed.
    const absl::Status recorded = events_->Record(
        storage::LoginDeniedEvent(storage::EventOrigin::Current(), "", denied->login.device),
        clock_.Now());
    // The denial stands whatever happens to its event; the user must hear of it.
    if (!recorded.ok()) LogWarning("login.denied event lost", {{"error", recorded}});
  }
  return AnsweredLogin{why, std::move(denied->login)};
}

void LoginBroker::Tell(LoginEvent event) const {
  for (LoginListener* listener : listeners_) listener->OnLoginEvent(event);
}

std::optional<AnsweredLogin> LoginBroker::Unanswerable(PendingLogin login,
                                                       int64_t telegram_id) const {
  // Who pressed is checked first: nobody else learns anything about the
  // login from the answer.
  if (!ScannedBy(login, telegram_id)) {
    return AnsweredLogin{AnswerOutcome::kNotScanner, std::move(login)};
  }
  // Answered before (a double tap): the state the other press left.
  if (login.state != LoginState::kScanned) {
    const AnswerOutcome settled = Settled(login.state);
    return AnsweredLogin{settled, std::move(login)};
  }
  if (clock_.Now() >= login.expires_at) {
    return AnsweredLogin{AnswerOutcome::kExpired, std::move(login)};
  }
  return std::nullopt;
}

absl::StatusOr<storage::PendingLogin> LoginBroker::Inspect(absl::string_view login_token) {
  if (absl::Status s = ValidateToken(login_token, "login_token"); !s.ok()) return s;
  absl::StatusOr<storage::PendingLogin> login = logins_.Get(LoginKey(login_token));
  if (absl::IsNotFound(login.status())) return absl::NotFoundError("unknown login");
  return login;
}

absl::StatusOr<PollOutcome> LoginBroker::Poll(absl::string_view login_token,
                                              absl::string_view poll_token) {
  if (absl::Status s = ValidateToken(login_token, "login_token"); !s.ok()) return s;
  if (absl::Status s = ValidateToken(poll_token, "poll_token"); !s.ok()) return s;
  const std::string key = LoginKey(login_token);
  const std::string poll_token_hash = Sha256(poll_token);
  const std::optional<storage::LoginQuota> sign_ins = sessions_.SignInQuota();
  // One step reads the login and, if it is confirmed, unexpired and this
  // is its poll token, moves it CONFIRMED -> REDEEMED: from then on no other
  // state change can happen to it, whatever happens to this process. The
  // same step counts the redemption (and each retry) against the account's
  // sign-in limit.
  absl::StatusOr<storage::LoginTransition> read =
      logins_.Transition(key, {.from = LoginState::kConfirmed,
                               .to = LoginState::kRedeemed,
                               .unexpired_at = clock_.Now(),
                               .poll_token_hash = poll_token_hash,
                               .quota = sign_ins.has_value() ? &*sign_ins : nullptr});
  if (absl::IsNotFound(read.status())) return absl::NotFoundError("unknown login");
  if (!read.ok()) return read.status();
  const PendingLogin& login = read->login;
  // The answer's authority (the store's guard only gates the change).
  if (!ConstantTimeEquals(poll_token_hash, login.poll_token_hash)) {
    return absl::PermissionDeniedError("poll_token does not belong to this login");
  }
  // Before the expiry check: a redemption cut short just before expires_at
  // is still completed by its retry.
  if (login.state == LoginState::kRedeemed) {
    if (read->applied) Tell(LoginEvent::kRedeemed);
    return Redeem(login, poll_token, read->within_quota);
  }
  auto outcome = [&](PollState state) {
    return PollOutcome{.state = state, .expires_at = login.expires_at};
  };
  if (login.state == LoginState::kDenied) return outcome(PollState::kDenied);
  if (clock_.Now() >= login.expires_at) {
    Tell(LoginEvent::kExpired);
    return outcome(PollState::kExpired);
  }
  switch (login.state) {
    case LoginState::kPending:
      return outcome(PollState::kPending);
    case LoginState::kScanned: {
      PollOutcome scanned = outcome(PollState::kScanned);
      if (login.user.has_value()) scanned.scanned_by = login.user->profile;
      return scanned;
    }
    default:
      // CONFIRMED yet not moved: it expired between the two clock reads.
      return outcome(PollState::kExpired);
  }
}

absl::StatusOr<PollOutcome> LoginBroker::Redeem(const PendingLogin& login,
                                                absl::string_view poll_token,
                                                bool within_limit) {
  if (!login.user.has_value()) return absl::FailedPreconditionError("login was already redeemed");
  // The session's first refresh token derives from the poll token, so this
  // creates the login's one session (and the user, in the same write), or
  // finds the one an earlier attempt created before its answer was lost
  // (crash, timeout, dropped response).
  absl::StatusOr<IssuedSignIn> signed_in =
      sessions_.IssueOnce(poll_token, login.user->profile, login.device, "qr", within_limit);
  if (!signed_in.ok()) return signed_in.status();
  storage::UserRecord& user = signed_in->user;
  return PollOutcome{.state = PollState::kConfirmed,
                     .expires_at = login.expires_at,
                     .user = storage::LoginUser{.user_id = std::move(user.id),
                                                .profile = std::move(user.profile),
                                                .subscription = std::move(user.subscription)},
                     .session = std::move(signed_in->session)};
}

}  // namespace tgauth
