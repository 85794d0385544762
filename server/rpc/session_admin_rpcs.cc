#include "server/rpc/session_admin_rpcs.h"

#include <string>
#include <vector>

#include "server/rpc/admin_proto_convert.h"
#include "storage/event_origin.h"

namespace tgauth {

absl::Status SessionAdminRpcs::ListUserSessions(const Operator& caller,
                                                const v1::ListUserSessionsRequest& request,
                                                v1::ListUserSessionsResponse* response) {
  absl::StatusOr<std::vector<storage::SessionRecord>> sessions = users_.Sessions(request.user_id());
  if (!sessions.ok()) return sessions.status();
  absl::StatusOr<ClientNames> client_names = ClientNamesOf(*sessions, oauth_clients_);
  if (!client_names.ok()) return client_names.status();
  const absl::Time now = clock_.Now();
  for (const storage::SessionRecord& session : *sessions) {
    ToProto(session, now, *client_names, response->add_sessions());
  }
  return absl::OkStatus();
}

absl::Status SessionAdminRpcs::RevokeUserSession(const Operator& caller,
                                                 const v1::RevokeUserSessionRequest& request,
                                                 v1::RevokeUserSessionResponse* response) {
  const storage::EventOriginScope origin(storage::EventOrigin::Admin(caller.name));
  absl::StatusOr<bool> revoked =
      users_.RevokeSession(request.user_id(), request.session_id(), caller.name);
  if (!revoked.ok()) return revoked.status();
  response->set_revoked(*revoked);
  return absl::OkStatus();
}

absl::Status SessionAdminRpcs::RevokeAllUserSessions(
    const Operator& caller, const v1::RevokeAllUserSessionsRequest& request,
    v1::RevokeAllUserSessionsResponse* response) {
  const storage::EventOriginScope origin(storage::EventOrigin::Admin(caller.name));
  absl::StatusOr<std::vector<std::string>> revoked =
      users_.RevokeAllSessions(request.user_id(), caller.name);
  if (!revoked.ok()) return revoked.status();
  response->set_revoked_count(static_cast<int32_t>(revoked->size()));
  return absl::OkStatus();
}

}  // namespace tgauth
