#include "server/qr_login/login_broker.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "common/secure_token.h"
#include "server/qr_login/match_code.h"
#include "server/session/device_check.h"

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

absl::StatusOr<NewLogin> LoginBroker::Create(const storage::DeviceInfo& device) {
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
  const std::string key = LoginKey(login_token);
  absl::StatusOr<PendingLogin> login = logins_.Get(key);
  if (!login.ok()) return login.status();
  const bool expired = clock_.Now() >= login->expires_at;
  if (ScannedBy(*login, who.telegram_id)) {
    // Scanned again: show the request again, or where it stands.
    if (login->state == LoginState::kScanned && expired) {
      return absl::FailedPreconditionError("login expired");
    }
    return login;
  }
  if (expired) return absl::FailedPreconditionError("login expired");
  if (login->state != LoginState::kPending) {
    return absl::FailedPreconditionError("login was already used");
  }
  // Only the Telegram user for now: the user row is written when they
  // confirm, so a denied or abandoned login writes nothing.
  const storage::LoginUser scanner{.user_id = "", .profile = who};
  absl::StatusOr<storage::LoginTransition> scanned =
      logins_.Transition(key, LoginState::kPending, LoginState::kScanned, &scanner);
  if (!scanned.ok()) return scanned.status();
  if (!scanned->applied) {
    // A concurrent scan won the race; fine if it was this user's.
    if (ScannedBy(scanned->login, who.telegram_id)) return scanned->login;
    return absl::FailedPreconditionError("login was already used");
  }
  Publish(key);
  return scanned->login;
}

absl::StatusOr<PendingLogin> LoginBroker::Confirm(absl::string_view login_token,
                                                  const storage::TelegramProfile& who) {
  if (absl::Status s = ValidateToken(login_token, "login_token"); !s.ok()) return s;
  const std::string key = LoginKey(login_token);
  absl::StatusOr<PendingLogin> login = logins_.Get(key);
  if (!login.ok()) return login.status();

  auto already_ours = [&](const PendingLogin& l) {
    return l.state == LoginState::kConfirmed && l.user.has_value() &&
           l.user->profile.telegram_id == who.telegram_id;
  };
  if (already_ours(*login)) return login;  // Telegram user tapped START twice.
  if (clock_.Now() >= login->expires_at) {
    return absl::FailedPreconditionError("login expired");
  }
  if (login->state != LoginState::kPending) {
    return absl::FailedPreconditionError("login was already used");
  }

  absl::StatusOr<storage::UserRecord> user = users_.Upsert(who);
  if (!user.ok()) return user.status();
  storage::LoginUser login_user{.user_id = user->id,
                                .profile = user->profile,
                                .subscription = storage::InForce(user->subscription, clock_.Now())};
  absl::StatusOr<storage::LoginTransition> confirmed =
      logins_.Transition(key, LoginState::kPending, LoginState::kConfirmed, &login_user);
  if (!confirmed.ok()) return confirmed.status();
  if (!confirmed->applied) {
    // A concurrent confirmation won the race; succeed only if it was ours.
    if (already_ours(confirmed->login)) return confirmed->login;
    return absl::FailedPreconditionError("login was already used");
  }
  Publish(key);
  return confirmed->login;
}

absl::StatusOr<AnsweredLogin> LoginBroker::Answer(absl::string_view login_key,
                                                  const storage::TelegramProfile& who,
                                                  const LoginAnswer& answer) {
  const std::string key(login_key);
  absl::StatusOr<PendingLogin> login = logins_.Get(key);
  if (absl::IsNotFound(login.status())) return AnsweredLogin{AnswerOutcome::kExpired, {}};
  if (!login.ok()) return login.status();
  // Who pressed is checked first: nobody else learns anything about the
  // login from the answer.
  if (!ScannedBy(*login, who.telegram_id)) {
    return AnsweredLogin{AnswerOutcome::kNotScanner, *std::move(login)};
  }
  if (login->state != LoginState::kScanned) {
    return AnsweredLogin{Settled(login->state), *std::move(login)};
  }
  if (clock_.Now() >= login->expires_at) {
    return AnsweredLogin{AnswerOutcome::kExpired, *std::move(login)};
  }
  if (answer.kind == LoginAnswer::kDeny) return DenyScanned(key, AnswerOutcome::kDenied);
  // With a match code only the right pick confirms; a bare confirmation
  // (which the bot never offers then) counts as a wrong pick.
  const bool right = login->match_code.empty()
                         ? answer.kind == LoginAnswer::kConfirm
                         : answer.kind == LoginAnswer::kPickCode &&
                               ConstantTimeEquals(answer.code, login->match_code);
  if (!right) return DenyScanned(key, AnswerOutcome::kWrongCode);
  return ConfirmScanned(key, who);
}

absl::StatusOr<AnsweredLogin> LoginBroker::ConfirmScanned(const std::string& key,
                                                          const storage::TelegramProfile& who) {
  absl::StatusOr<storage::UserRecord> user = users_.Upsert(who);
  if (!user.ok()) return user.status();
  const storage::LoginUser login_user{
      .user_id = user->id,
      .profile = user->profile,
      .subscription = storage::InForce(user->subscription, clock_.Now())};
  absl::StatusOr<storage::LoginTransition> confirmed =
      logins_.Transition(key, LoginState::kScanned, LoginState::kConfirmed, &login_user);
  if (!confirmed.ok()) return confirmed.status();
  if (!confirmed->applied) {
    // Answered meanwhile (a double tap): the state the other press left.
    return AnsweredLogin{Settled(confirmed->login.state), std::move(confirmed->login)};
  }
  Publish(key);
  return AnsweredLogin{AnswerOutcome::kConfirmed, std::move(confirmed->login)};
}

absl::StatusOr<AnsweredLogin> LoginBroker::DenyScanned(const std::string& key, AnswerOutcome why) {
  absl::StatusOr<storage::LoginTransition> denied =
      logins_.Transition(key, LoginState::kScanned, LoginState::kDenied, nullptr);
  if (!denied.ok()) return denied.status();
  if (!denied->applied) {
    return AnsweredLogin{Settled(denied->login.state), std::move(denied->login)};
  }
  Publish(key);
  return AnsweredLogin{why, std::move(denied->login)};
}

void LoginBroker::Publish(const std::string& key) {
  // Best effort: without the wake-up the poll still sees it when its wait ends.
  if (absl::Status s = events_.Publish(key); !s.ok()) {
    LogWarning("login wake-up not published", {{"error", s}});
  }
}

absl::StatusOr<PollOutcome> LoginBroker::Poll(absl::string_view login_token,
                                              absl::string_view poll_token) {
  if (absl::Status s = ValidateToken(login_token, "login_token"); !s.ok()) return s;
  if (absl::Status s = ValidateToken(poll_token, "poll_token"); !s.ok()) return s;
  const std::string key = LoginKey(login_token);
  absl::StatusOr<PendingLogin> login = logins_.Get(key);
  if (absl::IsNotFound(login.status())) return absl::NotFoundError("unknown login");
  if (!login.ok()) return login.status();
  if (!ConstantTimeEquals(Sha256(poll_token), login->poll_token_hash)) {
    return absl::PermissionDeniedError("poll_token does not belong to this login");
  }
  // Before the expiry check: a redemption cut short just before expires_at
  // is still completed by its retry.
  if (login->state == LoginState::kRedeemed) return Redeem(key, *login, poll_token);
  auto outcome = [&](PollState state) {
    return PollOutcome{.state = state, .expires_at = login->expires_at};
  };
  if (login->state == LoginState::kDenied) return outcome(PollState::kDenied);
  if (clock_.Now() >= login->expires_at) return outcome(PollState::kExpired);
  switch (login->state) {
    case LoginState::kPending:
      return outcome(PollState::kPending);
    case LoginState::kScanned:
      return outcome(PollState::kScanned);
    default:
      return Redeem(key, *login, poll_token);
  }
}

absl::StatusOr<PollOutcome> LoginBroker::Redeem(const std::string& key, const PendingLogin& login,
                                                absl::string_view poll_token) {
  // CONFIRMED -> REDEEMED first: from then on no other state change can
  // happen to the login, whatever happens to this process.
  PendingLogin redeemed = login;
  if (login.state == LoginState::kConfirmed) {
    absl::StatusOr<storage::LoginTransition> moved =
        logins_.Transition(key, LoginState::kConfirmed, LoginState::kRedeemed, nullptr);
    if (!moved.ok()) return moved.status();
    // Not applied: a concurrent poll with this same poll token moved it; it
    // is REDEEMED either way and IssueOnce keeps it to one session.
    redeemed = std::move(moved->login);
  }
  if (redeemed.state != LoginState::kRedeemed || !redeemed.user.has_value()) {
    return absl::FailedPreconditionError("login was already redeemed");
  }
  // The session's first refresh token derives from the poll token, so this
  // creates the login's one session, or finds the one an earlier attempt
  // created before its answer was lost (crash, timeout, dropped response).
  const storage::LoginUser& user = *redeemed.user;
  absl::StatusOr<IssuedSession> session =
      sessions_.IssueOnce(poll_token, user.user_id, user.profile.telegram_id, login.device, "qr",
                          user.subscription.tier);
  if (!session.ok()) return session.status();
  return PollOutcome{.state = PollState::kConfirmed,
                     .expires_at = login.expires_at,
                     .user = user,
                     .session = *std::move(session)};
}

}  // namespace tgauth
