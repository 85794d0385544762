// Conversions between tgauth.v1 protos and domain structs, kept out of the
// service so it only hands requests on.
#ifndef TGAUTH_SERVER_RPC_PROTO_CONVERT_H_
#define TGAUTH_SERVER_RPC_PROTO_CONVERT_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/oauth/client_names.h"
#include "server/qr_login/login_broker.h"
#include "server/rpc/call_origin.h"
#include "server/session/session_issuer.h"
#include "server/signin/invite_codes.h"
#include "server/signin/telegram_sign_in.h"
#include "storage/session_records.h"
#include "storage/user_store.h"
#include "storage/webhook_delivery_store.h"
#include "tgauth/v1/auth.pb.h"
#include "tgauth/v1/telegram.pb.h"

namespace tgauth {

// Microsecond precision, as every stored time.
google::protobuf::Timestamp ToTimestamp(absl::Time t);
absl::Time FromTimestamp(const google::protobuf::Timestamp& t);

// The device a login or session is recorded with: `device` as sent when the
// call came from the gateway; otherwise its name and time zone with the
// connection's own IP address and user agent (call_origin.h).
storage::DeviceInfo DeviceFromProto(const v1::Device& device, const CallOrigin& origin);
SignedFields FieldsFromProto(const v1::SignInWithWidgetRequest& request);
NewInviteCode FromProto(const v1::CreateInviteCodeRequest& request);

// The user as `user` says, subscription included as is: domain code hands
// over the subscription in force (storage::InForce), so a lapsed tier shows
// as none.
void ToProto(const storage::UserRecord& user, v1::User* out);
// An OAuth 2.0 style token pair: token_type "Bearer", expires_in in seconds.
void ToProto(const IssuedSession& session, v1::Session* out);
void ToProto(const SignIn& sign_in, v1::SignInResponse* out);
// The account's display fields only: never the Telegram id.
void ToProto(const storage::LoginLink& link, v1::LoginLinkDescription* out);
// `code` carries the stored hint ("K7MD…"): the code itself is not stored;
// `id` is the store's id in decimal.
void ToProto(const storage::InviteCode& code, v1::InviteCode* out);
// Also renders the deep link as the QR SVG. INTERNAL if it cannot.
absl::Status ToProto(const NewLogin& login, absl::Duration poll_interval,
                     v1::CreateLoginResponse* out);
void ToProto(const PollOutcome& outcome, v1::AwaitLoginResponse* out);
// `current`: whether `session` is the one of `current_session_id`.
// `client_names` names the session's OAuth client, if it has one.
void ToProto(const storage::SessionRecord& session, absl::string_view current_session_id,
             const ClientNames& client_names, v1::SessionInfo* out);
// A dead-lettered webhook delivery, without its body.
void ToProto(const storage::WebhookDelivery& delivery, v1::DeadLetter* out);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_PROTO_CONVERT_H_
