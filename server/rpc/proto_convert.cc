#include "server/rpc/proto_convert.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "server/qr_login/qr_svg.h"

namespace tgauth {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& t) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(t));
}

namespace {

v1::LoginState StateToProto(PollState state) {
  switch (state) {
    case PollState::kPending:
      return v1::LOGIN_STATE_PENDING;
    case PollState::kScanned:
      return v1::LOGIN_STATE_SCANNED;
    case PollState::kConfirmed:
      return v1::LOGIN_STATE_CONFIRMED;
    case PollState::kDenied:
      return v1::LOGIN_STATE_DENIED;
    case PollState::kExpired:
      return v1::LOGIN_STATE_EXPIRED;
  }
  return v1::LOGIN_STATE_UNSPECIFIED;
}

}  // namespace

storage::DeviceInfo DeviceFromProto(const v1::Device& device, const CallOrigin& origin) {
  return storage::DeviceInfo{
      .user_agent = origin.from_gateway ? device.user_agent() : origin.user_agent,
      .ip_address = origin.from_gateway ? device.ip_address() : origin.peer_address,
      .name = device.name(),
      .time_zone = device.time_zone()};
}

SignedFields FieldsFromProto(const v1::SignInWithWidgetRequest& request) {
  return SignedFields(request.fields().begin(), request.fields().end());
}

NewInviteCode FromProto(const v1::CreateInviteCodeRequest& request) {
  NewInviteCode code{.tier = request.subscription_tier(),
                     .subscription_days = request.subscription_days(),
                     .max_uses = request.max_uses(),
                     .code = request.code()};
  if (request.has_expires_at()) code.expires_at = FromTimestamp(request.expires_at());
  return code;
}

void ToProto(const storage::UserRecord& user, v1::User* out) {
  out->set_id(user.id);
  out->set_telegram_id(user.profile.telegram_id);
  out->set_first_name(user.profile.first_name);
  out->set_last_name(user.profile.last_name);
  out->set_username(user.profile.username);
  out->set_photo_url(user.profile.photo_url);
  out->set_subscription_tier(user.subscription.tier);
  if (user.subscription.expires_at.has_value()) {
    *out->mutable_subscription_expires_at() = ToTimestamp(*user.subscription.expires_at);
  }
  *out->mutable_created_at() = ToTimestamp(user.created_at);
}

void ToProto(const storage::LoginLink& link, v1::LoginLinkDescription* out) {
  out->set_first_name(link.who.first_name);
  out->set_last_name(link.who.last_name);
  out->set_username(link.who.username);
  out->set_photo_url(link.who.photo_url);
  *out->mutable_expires_at() = ToTimestamp(link.expires_at);
}

void ToProto(const IssuedSession& session, v1::Session* out) {
  out->set_session_id(session.session_id);
  out->set_access_token(session.access_token);
  out->set_token_type("Bearer");
  out->set_expires_in(static_cast<int32_t>(absl::ToInt64Seconds(session.access_token_lifetime)));
  out->set_refresh_token(session.refresh_token);
  out->set_refresh_token_expires_in(
      static_cast<int32_t>(absl::ToInt64Seconds(session.refresh_token_lifetime)));
}

void ToProto(const SignIn& sign_in, v1::SignInResponse* out) {
  ToProto(sign_in.user, out->mutable_user());
  ToProto(sign_in.session, out->mutable_session());
}

void ToProto(const storage::InviteCode& code, v1::InviteCode* out) {
  out->set_id(absl::StrCat(code.id));
  out->set_code(code.hint);
  out->set_subscription_tier(code.tier);
  out->set_subscription_days(code.subscription_days);
  out->set_max_uses(code.max_uses);
  out->set_uses(code.uses);
  if (code.expires_at.has_value()) *out->mutable_expires_at() = ToTimestamp(*code.expires_at);
  *out->mutable_created_at() = ToTimestamp(code.created_at);
  if (code.disabled_at.has_value()) *out->mutable_disabled_at() = ToTimestamp(*code.disabled_at);
}

absl::Status ToProto(const NewLogin& login, absl::Duration poll_interval,
                     v1::CreateLoginResponse* out) {
  absl::StatusOr<std::string> qr = QrSvg(login.deep_link);
  if (!qr.ok()) return absl::InternalError(qr.status().message());
  out->set_login_token(login.login_token);
  out->set_poll_token(login.poll_token);
  out->set_deep_link(login.deep_link);
  *out->mutable_expires_at() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(login.expires_at));
  out->set_qr_svg(*std::move(qr));
  out->set_poll_interval_seconds(static_cast<int32_t>(absl::ToInt64Seconds(poll_interval)));
  out->set_match_code(login.match_code);
  return absl::OkStatus();
}

void ToProto(const PollOutcome& outcome, v1::AwaitLoginResponse* out) {
  out->set_state(StateToProto(outcome.state));
  if (outcome.user.has_value()) {
    v1::User* user = out->mutable_user();
    user->set_id(outcome.user->user_id);
    user->set_telegram_id(outcome.user->profile.telegram_id);
    user->set_first_name(outcome.user->profile.first_name);
    user->set_last_name(outcome.user->profile.last_name);
    user->set_username(outcome.user->profile.username);
    user->set_photo_url(outcome.user->profile.photo_url);
    user->set_subscription_tier(outcome.user->subscription.tier);
    if (outcome.user->subscription.expires_at.has_value()) {
      *user->mutable_subscription_expires_at() =
          ToTimestamp(*outcome.user->subscription.expires_at);
    }
  }
  if (outcome.session.has_value()) ToProto(*outcome.session, out->mutable_session());
  if (outcome.scanned_by.has_value()) {
    // Only the public profile (see AwaitLoginResponse.scanned_by).
    v1::ScannerProfile* scanner = out->mutable_scanned_by();
    scanner->set_first_name(outcome.scanned_by->first_name);
    scanner->set_last_name(outcome.scanned_by->last_name);
    scanner->set_username(outcome.scanned_by->username);
    scanner->set_photo_url(outcome.scanned_by->photo_url);
  }
  if (outcome.state == PollState::kPending || outcome.state == PollState::kScanned) {
    *out->mutable_expires_at() = ToTimestamp(outcome.expires_at);
  }
}

void ToProto(const storage::SessionRecord& session, absl::string_view current_session_id,
             const ClientNames& client_names, v1::SessionInfo* out) {
  out->set_session_id(session.id);
  out->mutable_device()->set_user_agent(session.device.user_agent);
  out->mutable_device()->set_ip_address(session.device.ip_address);
  out->mutable_device()->set_name(session.device.name);
  out->set_sign_in_method(session.sign_in_method);
  *out->mutable_created_at() = ToTimestamp(session.created_at);
  if (session.last_refreshed_at.has_value()) {
    *out->mutable_last_refreshed_at() = ToTimestamp(*session.last_refreshed_at);
  }
  *out->mutable_expires_at() = ToTimestamp(session.active_until());
  out->set_current(session.id == current_session_id);
  out->set_client_id(session.client_id);
  if (auto name = client_names.find(session.client_id); name != client_names.end()) {
    out->set_client_name(name->second);
  }
}

void ToProto(const storage::WebhookDelivery& delivery, v1::DeadLetter* out) {
  out->set_delivery_id(delivery.id);
  out->set_subscriber(delivery.subscriber);
  out->set_event_id(delivery.event_id);
  out->set_event_type(delivery.event_type);
  out->set_user_id(delivery.user_id);
  out->set_attempts(delivery.attempts);
  out->set_last_error(delivery.last_error);
  *out->mutable_created_at() = ToTimestamp(delivery.created_at);
  *out->mutable_dead_at() = ToTimestamp(delivery.finished_at);
}

}  // namespace tgauth
