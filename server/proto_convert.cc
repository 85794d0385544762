#include "server/proto_convert.h"

#include <google/protobuf/util/time_util.h>

#include "server/qr_svg.h"

namespace tgauth {
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

google::protobuf::Timestamp TimestampOf(absl::Time t) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

}  // namespace

storage::DeviceInfo DeviceFromProto(const v1::Device& device) {
  return storage::DeviceInfo{.user_agent = device.user_agent(),
                             .ip_address = device.ip_address(),
                             .name = device.name(),
                             .time_zone = device.time_zone()};
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
  }
  if (outcome.session.has_value()) ToProto(*outcome.session, out->mutable_session());
}

void ToProto(const IssuedSession& session, v1::Session* out) {
  out->set_session_id(session.session_id);
  out->set_access_token(session.access_token);
  out->set_token_type("Bearer");
  out->set_expires_in(static_cast<int32_t>(absl::ToInt64Seconds(session.access_token_lifetime)));
  out->set_refresh_token(session.refresh_token);
}

void ToProto(const storage::UserRecord& user, v1::User* out) {
  out->set_id(user.id);
  out->set_telegram_id(user.profile.telegram_id);
  out->set_first_name(user.profile.first_name);
  out->set_last_name(user.profile.last_name);
  out->set_username(user.profile.username);
  out->set_photo_url(user.profile.photo_url);
  *out->mutable_created_at() = TimestampOf(user.created_at);
}

void ToProto(const storage::SessionRecord& session, absl::string_view current_session_id,
             v1::SessionInfo* out) {
  out->set_session_id(session.id);
  out->mutable_device()->set_user_agent(session.device.user_agent);
  out->mutable_device()->set_ip_address(session.device.ip_address);
  out->mutable_device()->set_name(session.device.name);
  out->set_sign_in_method(session.sign_in_method);
  *out->mutable_created_at() = TimestampOf(session.created_at);
  if (session.last_refreshed_at.has_value()) {
    *out->mutable_last_refreshed_at() = TimestampOf(*session.last_refreshed_at);
  }
  *out->mutable_expires_at() = TimestampOf(session.active_until());
  out->set_current(session.id == current_session_id);
}

}  // namespace tgauth
