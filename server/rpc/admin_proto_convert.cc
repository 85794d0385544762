#include "server/rpc/admin_proto_convert.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "server/rpc/proto_convert.h"
#include "storage/subscription.h"

namespace tgauth {

void ToProto(const storage::UserRecord& user, absl::Time now, v1::AdminUser* out) {
  storage::UserRecord in_force = user;
  in_force.subscription = storage::InForce(user.subscription, now);
  ToProto(in_force, out->mutable_user());
  *out->mutable_updated_at() = ToTimestamp(user.updated_at);
  if (user.blocked_at.has_value()) *out->mutable_blocked_at() = ToTimestamp(*user.blocked_at);
  out->set_blocked_reason(user.blocked_reason);
  out->set_stored_subscription_tier(user.subscription.tier);
}

absl::StatusOr<storage::UserFilter> FilterFromProto(const v1::ListUsersRequest& request) {
  storage::UserFilter filter{.tier = request.subscription_tier()};
  if (request.has_created_after()) filter.created_after = FromTimestamp(request.created_after());
  if (request.has_created_before()) {
    filter.created_before = FromTimestamp(request.created_before());
  }
  if (filter.created_after.has_value() && filter.created_before.has_value() &&
      *filter.created_after >= *filter.created_before) {
    return absl::InvalidArgumentError("created_after must be before created_before");
  }
  switch (request.blocked()) {
    case v1::ListUsersRequest::BLOCKED_ANY:
      break;
    case v1::ListUsersRequest::BLOCKED_ONLY:
      filter.blocked = true;
      break;
    case v1::ListUsersRequest::NOT_BLOCKED_ONLY:
      filter.blocked = false;
      break;
    default:
      return absl::InvalidArgumentError("blocked must be BLOCKED_ANY, BLOCKED_ONLY or NOT_BLOCKED_ONLY");
  }
  return filter;
}

void ToProto(const storage::SessionRecord& session, absl::Time now, const ClientNames& client_names,
             v1::AdminSessionInfo* out) {
  ToProto(session, /*current_session_id=*/"", client_names, out->mutable_session());
  out->set_active(!session.revoked && now < session.active_until());
  out->set_revoke_reason(session.revoke_reason);
}

namespace {

v1::LoginState StateAt(const storage::PendingLogin& login, absl::Time now) {
  switch (login.state) {
    case storage::LoginState::kDenied:
      return v1::LOGIN_STATE_DENIED;
    case storage::LoginState::kRedeemed:
      return v1::LOGIN_STATE_CONFIRMED;
    default:
      break;
  }
  if (now >= login.expires_at) return v1::LOGIN_STATE_EXPIRED;
  switch (login.state) {
    case storage::LoginState::kScanned:
      return v1::LOGIN_STATE_SCANNED;
    case storage::LoginState::kConfirmed:
      return v1::LOGIN_STATE_CONFIRMED;
    default:
      return v1::LOGIN_STATE_PENDING;
  }
}

}  // namespace

void ToProto(const storage::PendingLogin& login, absl::Time now, v1::PendingLoginInfo* out) {
  out->set_state(StateAt(login, now));
  out->mutable_device()->set_user_agent(login.device.user_agent);
  out->mutable_device()->set_ip_address(login.device.ip_address);
  out->mutable_device()->set_name(login.device.name);
  out->mutable_device()->set_time_zone(login.device.time_zone);
  *out->mutable_created_at() = ToTimestamp(login.created_at);
  *out->mutable_expires_at() = ToTimestamp(login.expires_at);
  if (login.user.has_value()) {
    out->set_user_id(login.user->user_id);
    out->set_telegram_id(login.user->profile.telegram_id);
  }
}

absl::StatusOr<std::string> ExportJson(const UserData& data, absl::Time now,
                                       const ClientNames& client_names) {
  v1::UserDataExport exported;
  ToProto(data.user, now, exported.mutable_user());
  for (const storage::SessionRecord& session : data.sessions) {
    ToProto(session, now, client_names, exported.add_sessions());
  }
  for (const storage::UserRedemption& redemption : data.redemptions) {
    v1::UserDataExport::InviteRedemption* out = exported.add_invite_redemptions();
    out->set_invite_code_id(absl::StrCat(redemption.invite_code_id));
    out->set_subscription_tier(redemption.tier);
    *out->mutable_redeemed_at() = ToTimestamp(redemption.redeemed_at);
  }
  *exported.mutable_exported_at() = ToTimestamp(now);
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(exported, &json, options).ok()) {
    return absl::InternalError("cannot print the export as JSON");
  }
  return json;
}

}  // namespace tgauth
