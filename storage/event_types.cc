#include "storage/event_types.h"

#include <algorithm>

namespace tgauth::storage {
namespace {

struct TypeName {
  v1::Event::PayloadCase payload;
  const char* name;
};

constexpr TypeName kTypes[] = {
    {v1::Event::kUserCreated, "user.created"},
    {v1::Event::kUserUpdated, "user.updated"},
    {v1::Event::kUserBlocked, "user.blocked"},
    {v1::Event::kUserUnblocked, "user.unblocked"},
    {v1::Event::kUserDeleted, "user.deleted"},
    {v1::Event::kSessionCreated, "session.created"},
    {v1::Event::kSessionRefreshed, "session.refreshed"},
    {v1::Event::kSessionRevoked, "session.revoked"},
    {v1::Event::kLoginConfirmed, "login.confirmed"},
    {v1::Event::kLoginDenied, "login.denied"},
    {v1::Event::kSubscriptionChanged, "subscription.changed"},
    {v1::Event::kInviteCodeRedeemed, "invite_code.redeemed"},
};

}  // namespace

absl::string_view EventTypeOf(const v1::Event& event) {
  for (const TypeName& t : kTypes) {
    if (t.payload == event.payload_case()) return t.name;
  }
  return "";
}

const std::vector<std::string>& AllEventTypes() {
  static const auto* const types = [] {
    auto* names = new std::vector<std::string>();
    for (const TypeName& t : kTypes) names->push_back(t.name);
    return names;
  }();
  return *types;
}

bool IsEventType(absl::string_view type) {
  const std::vector<std::string>& types = AllEventTypes();
  return std::find(types.begin(), types.end(), type) != types.end();
}

}  // namespace tgauth::storage
