#include "server/rpc/event_service.h"

#include "server/rpc/call_log_scope.h"
#include "server/rpc/caller_auth.h"
#include "server/rpc/status_util.h"
#include "server/rpc/watch_events_call.h"

namespace tgauth {

grpc::ServerWriteReactor<v1::Event>* EventServiceImpl::WatchEvents(
    grpc::CallbackServerContext* context, const v1::WatchEventsRequest* request) {
  absl::StatusOr<Operator> caller = AuthenticateOperator(deps_.credentials, *context);
  if (!caller.ok()) return RefuseWatchEvents(ToGrpcStatus(caller.status()));
  return StartWatchEvents(*request, deps_.outbox, deps_.feed, deps_.executor,
                          RequestIdOf(*context));
}

}  // namespace tgauth
