// One AuthService.WatchLoginChanges stream (proto/tgauth/v1/auth.proto):
// the keys of logins that changed, as LoginChangeFeed hears of them,
// written in batches: while one message is on the wire, the next
// collects every key that changed meanwhile (once each). A reader that
// falls kMaxPendingLoginKeys behind gets one message with `resync` instead
// of the keys, so a slow gateway costs the server bounded memory.
#ifndef TGAUTH_SERVER_RPC_WATCH_LOGIN_CHANGES_CALL_H_
#define TGAUTH_SERVER_RPC_WATCH_LOGIN_CHANGES_CALL_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "server/qr_login/login_change_feed.h"
#include "server/rpc/executor.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

// Keys a stream holds for its reader at most before it sends `resync`.
inline constexpr int kMaxPendingLoginKeys = 10000;

// Serves one stream (the caller already authenticated) and returns the
// reactor gRPC drives; it deletes itself when the stream is done. It ends
// with UNAVAILABLE when the feed closes (the server shuts down) and
// CANCELLED when the client goes away. Writes start on `executor`
// (PostUrgent), never under the feed's lock.
grpc::ServerWriteReactor<v1::LoginChanges>* StartWatchLoginChanges(LoginChangeFeed& feed,
                                                                   Executor& executor);

// A stream that only finishes with `status` (e.g. the caller failed
// authentication).
grpc::ServerWriteReactor<v1::LoginChanges>* RefuseWatchLoginChanges(const grpc::Status& status);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_WATCH_LOGIN_CHANGES_CALL_H_
