#include "storage/domain_events.h"

#include "google/protobuf/util/time_util.h"
#include "storage/event_types.h"

namespace tgauth::storage {
namespace {

// An event with `origin` stamped, the ids set (either may be empty), the
// payload that `fill` sets, and the type that payload names.
template <typename Fill>
v1::Event MakeEvent(const EventOrigin& origin, absl::string_view user_id,
                    absl::string_view session_id, Fill fill) {
  v1::Event event;
  origin.Stamp(event);
  event.set_user_id(std::string(user_id));
  event.set_session_id(std::string(session_id));
  fill(event);
  event.set_type(std::string(EventTypeOf(event)));
  return event;
}

}  // namespace

v1::Event UserCreatedEvent(const EventOrigin& origin, absl::string_view user_id,
                           const TelegramProfile& profile) {
  return MakeEvent(origin, user_id, "", [&](v1::Event& e) {
    e.mutable_user_created()->set_telegram_id(profile.telegram_id);
    e.mutable_user_created()->set_username(profile.username);
  });
}

v1::Event UserUpdatedEvent(const EventOrigin& origin, absl::string_view user_id,
                           const std::vector<std::string>& changed_fields) {
  return MakeEvent(origin, user_id, "", [&](v1::Event& e) {
    for (const std::string& field : changed_fields) {
      e.mutable_user_updated()->add_changed_fields(field);
    }
    e.mutable_user_updated();  // Set even when empty.
  });
}

v1::Event SessionCreatedEvent(const EventOrigin& origin, absl::string_view user_id,
                              absl::string_view session_id, absl::string_view sign_in_method,
                              const DeviceInfo& device) {
  return MakeEvent(origin, user_id, session_id, [&](v1::Event& e) {
    e.mutable_session_created()->set_sign_in_method(std::string(sign_in_method));
    e.mutable_session_created()->set_device_summary(BrowserSummary(device.user_agent));
  });
}

v1::Event SessionRefreshedEvent(const EventOrigin& origin, absl::string_view user_id,
                                absl::string_view session_id) {
  return MakeEvent(origin, user_id, session_id,
                   [](v1::Event& e) { e.mutable_session_refreshed(); });
}

v1::Event SessionRevokedEvent(const EventOrigin& origin, absl::string_view user_id,
                              absl::string_view session_id, absl::string_view stored_reason,
                              absl::string_view client_id) {
  return MakeEvent(origin, user_id, session_id, [&](v1::Event& e) {
    e.mutable_session_revoked()->set_reason(RevokeReasonOf(stored_reason));
    e.mutable_session_revoked()->set_client_id(std::string(client_id));
  });
}

v1::Event UserBlockedEvent(const EventOrigin& origin, absl::string_view user_id,
                           absl::string_view reason) {
  return MakeEvent(origin, user_id, "", [&](v1::Event& e) {
    e.mutable_user_blocked()->set_reason(std::string(reason));
  });
}

v1::Event UserUnblockedEvent(const EventOrigin& origin, absl::string_view user_id) {
  return MakeEvent(origin, user_id, "", [](v1::Event& e) { e.mutable_user_unblocked(); });
}

v1::Event UserDeletedEvent(const EventOrigin& origin, absl::string_view user_id) {
  return MakeEvent(origin, user_id, "", [](v1::Event& e) { e.mutable_user_deleted(); });
}

v1::Event LoginConfirmedEvent(const EventOrigin& origin, absl::string_view user_id,
                              absl::string_view session_id, const DeviceInfo& device) {
  return MakeEvent(origin, user_id, session_id, [&](v1::Event& e) {
    e.mutable_login_confirmed()->set_device_summary(BrowserSummary(device.user_agent));
  });
}

v1::Event LoginDeniedEvent(const EventOrigin& origin, absl::string_view user_id,
                           const DeviceInfo& device) {
  return MakeEvent(origin, user_id, "", [&](v1::Event& e) {
    e.mutable_login_denied()->set_device_summary(BrowserSummary(device.user_agent));
  });
}

v1::Event SubscriptionChangedEvent(const EventOrigin& origin, absl::string_view user_id,
                                   const Subscription& subscription) {
  return MakeEvent(origin, user_id, "", [&](v1::Event& e) {
    v1::SubscriptionChanged* changed = e.mutable_subscription_changed();
    changed->set_tier(subscription.tier);
    if (subscription.expires_at.has_value()) {
      *changed->mutable_expires_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
          absl::ToUnixMicros(*subscription.expires_at));
    }
  });
}

v1::Event InviteCodeRedeemedEvent(const EventOrigin& origin, absl::string_view user_id,
                                  absl::string_view code_id, absl::string_view tier) {
  return MakeEvent(origin, user_id, "", [&](v1::Event& e) {
    e.mutable_invite_code_redeemed()->set_code_id(std::string(code_id));
    e.mutable_invite_code_redeemed()->set_tier(std::string(tier));
  });
}

std::vector<std::string> ChangedProfileFields(const TelegramProfile& before,
                                              const TelegramProfile& after) {
  std::vector<std::string> changed;
  if (before.first_name != after.first_name) changed.push_back("first_name");
  if (before.last_name != after.last_name) changed.push_back("last_name");
  if (before.username != after.username) changed.push_back("username");
  if (before.photo_url != after.photo_url) changed.push_back("photo_url");
  return changed;
}

v1::SessionRevoked::Reason RevokeReasonOf(absl::string_view stored_reason) {
  // The reasons server/session and AdminService store with a session.
  static constexpr struct {
    const char* stored;
    v1::SessionRevoked::Reason reason;
  } kReasons[] = {
      {"logout", v1::SessionRevoked::LOGOUT},
      {"revoked_by_user", v1::SessionRevoked::REVOKED_BY_USER},
      {"revoked_with_other_sessions", v1::SessionRevoked::OTHER_DEVICES_LOGGED_OUT},
      {"refresh_token_reuse", v1::SessionRevoked::REFRESH_TOKEN_REUSE_DETECTED},
      {"expired", v1::SessionRevoked::EXPIRED},
      {"user_blocked", v1::SessionRevoked::USER_BLOCKED},
      {"user_deleted", v1::SessionRevoked::USER_DELETED},
      {"admin", v1::SessionRevoked::ADMIN},
  };
  for (const auto& r : kReasons) {
    if (stored_reason == r.stored) return r.reason;
  }
  return v1::SessionRevoked::REASON_UNSPECIFIED;
}

}  // namespace tgauth::storage
