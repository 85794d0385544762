// Conversions between AdminService's protos and the domain's records
// (server/session/user_administration.h, storage/pending_login_store.h).
#ifndef TGAUTH_SERVER_RPC_ADMIN_PROTO_CONVERT_H_
#define TGAUTH_SERVER_RPC_ADMIN_PROTO_CONVERT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/oauth/client_names.h"
#include "server/session/user_administration.h"
#include "storage/pending_login_store.h"
#include "storage/session_records.h"
#include "storage/user_admin_store.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

// `user` with its subscription in force at `now` (User) and as stored.
void ToProto(const storage::UserRecord& user, absl::Time now, v1::AdminUser* out);

// The filters of `request`. INVALID_ARGUMENT for an unknown `blocked` value
// or created_after not before created_before.
absl::StatusOr<storage::UserFilter> FilterFromProto(const v1::ListUsersRequest& request);

// `active`: not revoked and not ended at `now`; `client_names` names the
// session's OAuth client, if it has one.
void ToProto(const storage::SessionRecord& session, absl::Time now, const ClientNames& client_names,
             v1::AdminSessionInfo* out);

// The login's state as AwaitLogin would report it at `now` (a redeemed
// login shows as CONFIRMED), without its tokens or match code.
void ToProto(const storage::PendingLogin& login, absl::Time now, v1::PendingLoginInfo* out);

// `data` as UserDataExport, rendered by protobuf's JSON printer (proto3
// JSON, RFC 8259), its sessions' apps named by `client_names`. INTERNAL if
// printing fails.
absl::StatusOr<std::string> ExportJson(const UserData& data, absl::Time now,
                                       const ClientNames& client_names);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_ADMIN_PROTO_CONVERT_H_
