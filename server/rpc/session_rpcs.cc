#include "server/rpc/session_rpcs.h"

#include <vector>

#include "server/rpc/proto_convert.h"

namespace tgauth {

absl::Status SessionRpcs::RefreshSession(const CallOrigin& origin,
                                         const v1::RefreshSessionRequest& request,
                                         v1::RefreshSessionResponse* response) {
  absl::StatusOr<IssuedSession> session = refresher_.Refresh(
      request.refresh_token(), DeviceFromProto(request.device(), origin).ip_address);
  if (session.ok()) ToProto(*session, response->mutable_session());
  return session.status();
}

absl::Status SessionRpcs::RevokeSession(const CallOrigin& origin,
                                        const v1::RevokeSessionRequest& request,
                                        v1::RevokeSessionResponse* response) {
  if (request.target_case() != v1::RevokeSessionRequest::kRefreshToken) {
    return absl::InvalidArgumentError("set the session to revoke: refresh_token or session_id");
  }
  return sessions_.RevokeByRefreshToken(request.refresh_token(),
                                        DeviceFromProto(request.device(), origin).ip_address);
}

absl::Status SessionRpcs::RevokeOwnSession(const AccessTokenClaims& caller,
                                           const v1::RevokeSessionRequest& request,
                                           v1::RevokeSessionResponse* response) {
  return sessions_.RevokeOwn(caller.user_id, request.session_id());
}

absl::Status SessionRpcs::ListSessions(const AccessTokenClaims& caller,
                                       const v1::ListSessionsRequest& request,
                                       v1::ListSessionsResponse* response) {
  absl::StatusOr<std::vector<storage::SessionRecord>> sessions =
      sessions_.ListActive(caller.user_id);
  if (!sessions.ok()) return sessions.status();
  absl::StatusOr<ClientNames> client_names = ClientNamesOf(*sessions, oauth_clients_);
  if (!client_names.ok()) return client_names.status();
  for (const storage::SessionRecord& session : *sessions) {
    ToProto(session, caller.session_id, *client_names, response->add_sessions());
  }
  return absl::OkStatus();
}

absl::Status SessionRpcs::RevokeOtherSessions(const AccessTokenClaims& caller,
                                              const v1::RevokeOtherSessionsRequest& request,
                                              v1::RevokeOtherSessionsResponse* response) {
  absl::StatusOr<int> revoked = sessions_.RevokeOthers(caller.user_id, caller.session_id);
  if (revoked.ok()) response->set_revoked_count(*revoked);
  return revoked.status();
}

absl::Status SessionRpcs::GetMe(const AccessTokenClaims& caller, const v1::GetMeRequest& request,
                                v1::GetMeResponse* response) {
  absl::StatusOr<storage::UserRecord> user = users_.Find(caller.user_id);
  if (user.ok()) ToProto(*user, response->mutable_user());
  return user.status();
}

}  // namespace tgauth
