// tgauth.v1.EventService over gRPC's callback API: WatchEvents streams of
// domain events. Like the other services it only dispatches: the caller is
// authenticated as an operator (caller_auth.h) on the reactor thread, then
// the stream is served by watch_events_call.h.
#ifndef TGAUTH_SERVER_RPC_EVENT_SERVICE_H_
#define TGAUTH_SERVER_RPC_EVENT_SERVICE_H_

#include "server/events/event_feed.h"
#include "server/rpc/operator_credentials.h"
#include "server/rpc/executor.h"
#include "storage/event_outbox.h"
#include "tgauth/v1/events.grpc.pb.h"

namespace tgauth {

// What the service hands streams to; all outlive it.
struct EventServiceDeps {
  storage::EventOutbox& outbox;
  EventFeed& feed;
  const OperatorCredentials& credentials;
  Executor& executor;
};

class EventServiceImpl final : public v1::EventService::CallbackService {
 public:
  explicit EventServiceImpl(EventServiceDeps deps) : deps_(deps) {}

  grpc::ServerWriteReactor<v1::Event>* WatchEvents(grpc::CallbackServerContext* context,
                                                   const v1::WatchEventsRequest* request) override;

 private:
  EventServiceDeps deps_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_EVENT_SERVICE_H_
