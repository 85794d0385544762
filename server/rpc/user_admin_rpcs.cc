#include "server/rpc/user_admin_rpcs.h"

#include <string>
#include <vector>

#include "server/rpc/admin_proto_convert.h"
#include "storage/event_origin.h"

namespace tgauth {

absl::Status UserAdminRpcs::GetUser(const Operator& caller, const v1::GetUserRequest& request,
                                    v1::AdminUser* response) {
  absl::StatusOr<storage::UserRecord> user;
  switch (request.key_case()) {
    case v1::GetUserRequest::kUserId:
      user = users_.FindById(request.user_id());
      break;
    case v1::GetUserRequest::kTelegramId:
      user = users_.FindByTelegramId(request.telegram_id());
      break;
    case v1::GetUserRequest::kUsername:
      user = users_.FindByUsername(request.username());
      break;
    default:
      return absl::InvalidArgumentError("set one of user_id, telegram_id, username");
  }
  if (!user.ok()) return user.status();
  ToProto(*user, clock_.Now(), response);
  return absl::OkStatus();
}

absl::Status UserAdminRpcs::ListUsers(const Operator& caller, const v1::ListUsersRequest& request,
                                      v1::ListUsersResponse* response) {
  absl::StatusOr<storage::UserFilter> filter = FilterFromProto(request);
  if (!filter.ok()) return filter.status();
  absl::StatusOr<UserPage> page = users_.List(*filter, request.page_token(), request.page_size());
  if (!page.ok()) return page.status();
  const absl::Time now = clock_.Now();
  for (const storage::UserRecord& user : page->users) ToProto(user, now, response->add_users());
  response->set_next_page_token(page->next_page_token);
  return absl::OkStatus();
}

absl::Status UserAdminRpcs::BlockUser(const Operator& caller, const v1::BlockUserRequest& request,
                                      v1::AdminUser* response) {
  const storage::EventOriginScope origin(storage::EventOrigin::Admin(caller.name));
  absl::StatusOr<storage::UserChange> blocked =
      users_.Block(request.user_id(), request.reason(), caller.name);
  if (!blocked.ok()) return blocked.status();
  ToProto(blocked->user, clock_.Now(), response);
  return absl::OkStatus();
}

absl::Status UserAdminRpcs::UnblockUser(const Operator& caller,
                                        const v1::UnblockUserRequest& request,
                                        v1::AdminUser* response) {
  const storage::EventOriginScope origin(storage::EventOrigin::Admin(caller.name));
  absl::StatusOr<storage::UserChange> unblocked = users_.Unblock(request.user_id(), caller.name);
  if (!unblocked.ok()) return unblocked.status();
  ToProto(unblocked->user, clock_.Now(), response);
  return absl::OkStatus();
}

absl::Status UserAdminRpcs::DeleteUser(const Operator& caller,
                                       const v1::DeleteUserRequest& request,
                                       v1::DeleteUserResponse* response) {
  const storage::EventOriginScope origin(storage::EventOrigin::Admin(caller.name));
  absl::StatusOr<storage::UserChange> erased = users_.Erase(request.user_id(), caller.name);
  if (!erased.ok()) return erased.status();
  response->set_revoked_sessions(static_cast<int32_t>(erased->revoked_session_ids.size()));
  return absl::OkStatus();
}

absl::Status UserAdminRpcs::ExportUser(const Operator& caller,
                                       const v1::ExportUserRequest& request,
                                       v1::ExportUserResponse* response) {
  absl::StatusOr<UserData> data = users_.Export(request.user_id());
  if (!data.ok()) return data.status();
  absl::StatusOr<ClientNames> client_names = ClientNamesOf(data->sessions, oauth_clients_);
  if (!client_names.ok()) return client_names.status();
  absl::StatusOr<std::string> json = ExportJson(*data, clock_.Now(), *client_names);
  if (!json.ok()) return json.status();
  response->set_json(*std::move(json));
  return absl::OkStatus();
}

}  // namespace tgauth
