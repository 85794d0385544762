// AuthService methods for sessions: refresh token rotation, logout, the
// caller's sessions and user. The callers of all but RefreshSession and
// logout-by-refresh-token are authenticated by their access token, checked
// on the reactor thread (it is in memory); the rest runs on the executor.
#include <utility>

#include "server/rpc/auth_service.h"
#include "server/rpc/caller_auth.h"
#include "server/rpc/proto_convert.h"
#include "server/rpc/unary_reactors.h"

namespace tgauth {
namespace {

// OnExecutor for a call authenticated by its access token: `work` receives
// the caller's claims. UNAUTHENTICATED (or UNAVAILABLE, failing closed)
// without running `work` if the token does not validate.
template <typename Work>
grpc::ServerUnaryReactor* AsCaller(grpc::CallbackServerContext* context,
                                   const AccessTokenValidator& validator, Executor& executor,
                                   Work work) {
  absl::StatusOr<AccessTokenClaims> caller = AuthenticateUser(validator, *context);
  if (!caller.ok()) return FinishNow(context, caller.status());
  return OnExecutor(
      context, executor,
      [caller = *std::move(caller), work = std::move(work)]() mutable { return work(caller); });
}

}  // namespace

grpc::ServerUnaryReactor* AuthServiceImpl::RefreshSession(grpc::CallbackServerContext* context,
                                                          const v1::RefreshSessionRequest* request,
                                                          v1::RefreshSessionResponse* response) {
  return OnExecutor(context, deps_.executor, [this, request, response] {
    absl::StatusOr<IssuedSession> session = deps_.refresher.Refresh(request->refresh_token());
    if (session.ok()) ToProto(*session, response->mutable_session());
    return session.status();
  });
}

grpc::ServerUnaryReactor* AuthServiceImpl::RevokeSession(grpc::CallbackServerContext* context,
                                                         const v1::RevokeSessionRequest* request,
                                                         v1::RevokeSessionResponse* response) {
  switch (request->target_case()) {
    case v1::RevokeSessionRequest::kRefreshToken:
      return OnExecutor(context, deps_.executor, [this, request] {
        return deps_.sessions.RevokeByRefreshToken(request->refresh_token());
      });
    case v1::RevokeSessionRequest::kSessionId:
      return AsCaller(context, deps_.validator, deps_.executor,
                      [this, request](const AccessTokenClaims& caller) {
                        return deps_.sessions.RevokeOwn(caller.user_id, request->session_id());
                      });
    case v1::RevokeSessionRequest::TARGET_NOT_SET:
      break;
  }
  return FinishNow(context, absl::InvalidArgumentError(
                                "set the session to revoke: refresh_token or session_id"));
}

grpc::ServerUnaryReactor* AuthServiceImpl::ListSessions(grpc::CallbackServerContext* context,
                                                        const v1::ListSessionsRequest* request,
                                                        v1::ListSessionsResponse* response) {
  return AsCaller(context, deps_.validator, deps_.executor,
                  [this, response](const AccessTokenClaims& caller) {
                    absl::StatusOr<std::vector<storage::SessionRecord>> sessions =
                        deps_.sessions.ListActive(caller.user_id);
                    if (!sessions.ok()) return sessions.status();
                    for (const storage::SessionRecord& session : *sessions) {
                      ToProto(session, caller.session_id, response->add_sessions());
                    }
                    return absl::OkStatus();
                  });
}

grpc::ServerUnaryReactor* AuthServiceImpl::RevokeOtherSessions(
    grpc::CallbackServerContext* context, const v1::RevokeOtherSessionsRequest* request,
    v1::RevokeOtherSessionsResponse* response) {
  return AsCaller(context, deps_.validator, deps_.executor,
                  [this, response](const AccessTokenClaims& caller) {
                    absl::StatusOr<int> revoked =
                        deps_.sessions.RevokeOthers(caller.user_id, caller.session_id);
                    if (revoked.ok()) response->set_revoked_count(*revoked);
                    return revoked.status();
                  });
}

grpc::ServerUnaryReactor* AuthServiceImpl::GetMe(grpc::CallbackServerContext* context,
                                                 const v1::GetMeRequest* request,
                                                 v1::GetMeResponse* response) {
  return AsCaller(context, deps_.validator, deps_.executor,
                  [this, response](const AccessTokenClaims& caller) {
                    absl::StatusOr<storage::UserRecord> user = deps_.users.Find(caller.user_id);
                    if (user.ok()) ToProto(*user, response->mutable_user());
                    return user.status();
                  });
}

}  // namespace tgauth
