// The domain events (proto/tgauth/v1/events.proto) the stores append with
// the changes they record, built in one place so the PostgreSQL stores and
// the in-memory fakes emit the same events.
#ifndef TGAUTH_STORAGE_DOMAIN_EVENTS_H_
#define TGAUTH_STORAGE_DOMAIN_EVENTS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "storage/device_info.h"
#include "storage/event_origin.h"
#include "storage/subscription.h"
#include "storage/user_store.h"
#include "tgauth/v1/events.pb.h"

namespace tgauth::storage {

v1::Event UserCreatedEvent(const EventOrigin& origin, absl::string_view user_id,
                           const TelegramProfile& profile);
// `changed_fields` as ChangedProfileFields returns them.
v1::Event UserUpdatedEvent(const EventOrigin& origin, absl::string_view user_id,
                           const std::vector<std::string>& changed_fields);
// The operator's note on a block; may be empty.
v1::Event UserBlockedEvent(const EventOrigin& origin, absl::string_view user_id,
                           absl::string_view reason);
v1::Event UserUnblockedEvent(const EventOrigin& origin, absl::string_view user_id);
// Carries no personal data: the user is erased.
v1::Event UserDeletedEvent(const EventOrigin& origin, absl::string_view user_id);
v1::Event SessionCreatedEvent(const EventOrigin& origin, absl::string_view user_id,
                              absl::string_view session_id, absl::string_view sign_in_method,
                              const DeviceInfo& device);
v1::Event SessionRefreshedEvent(const EventOrigin& origin, absl::string_view user_id,
                                absl::string_view session_id);
// `stored_reason` as the session row keeps it (RevokeReasonOf); `client_id`
// the session's OAuth client, empty for a session with tgauth itself.
v1::Event SessionRevokedEvent(const EventOrigin& origin, absl::string_view user_id,
                              absl::string_view session_id, absl::string_view stored_reason,
                              absl::string_view client_id);
v1::Event LoginConfirmedEvent(const EventOrigin& origin, absl::string_view user_id,
                              absl::string_view session_id, const DeviceInfo& device);
v1::Event LoginDeniedEvent(const EventOrigin& origin, absl::string_view user_id,
                           const DeviceInfo& device);
v1::Event SubscriptionChangedEvent(const EventOrigin& origin, absl::string_view user_id,
                                   const Subscription& subscription);
// `code_id`: the invite code's id, never the code.
v1::Event InviteCodeRedeemedEvent(const EventOrigin& origin, absl::string_view user_id,
                                  absl::string_view code_id, absl::string_view tier);

// The names of the UserUpdated fields ("first_name", "last_name",
// "username", "photo_url") that differ between `before` and `after`.
std::vector<std::string> ChangedProfileFields(const TelegramProfile& before,
                                              const TelegramProfile& after);

// The reason of the session.revoked event a store appends when it deletes a
// session that ended without being revoked (SessionStore::DeleteEndedSessions).
inline constexpr char kSessionExpiredReason[] = "expired";

// The SessionRevoked reason for a revoke reason stored with a session
// ("logout", "revoked_by_user", ...); REASON_UNSPECIFIED for one it does
// not know.
v1::SessionRevoked::Reason RevokeReasonOf(absl::string_view stored_reason);

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_DOMAIN_EVENTS_H_
