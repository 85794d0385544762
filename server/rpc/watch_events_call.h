// One EventService.WatchEvents stream (proto/tgauth/v1/events.proto): reads
// numbered events after the caller's cursor from the outbox in pages on the
// executor, writes them one at a time, and, once caught up, waits holding
// no thread until the EventFeed says the relay numbered more (on any
// replica). The cursor only moves past events it wrote or filtered out, and
// every read starts after it, so a client that resumes from the last
// event_id it received sees no gap and no duplicate.
#ifndef TGAUTH_SERVER_RPC_WATCH_EVENTS_CALL_H_
#define TGAUTH_SERVER_RPC_WATCH_EVENTS_CALL_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "server/events/event_feed.h"
#include "server/rpc/executor.h"
#include "storage/event_outbox.h"
#include "tgauth/v1/events.pb.h"

namespace tgauth {

// Events per read of the outbox.
inline constexpr int kWatchPageSize = 100;

// Serves `request` (already authenticated) and returns the reactor gRPC
// drives; it deletes itself when the stream is done. INVALID_ARGUMENT for
// an unknown type name; OUT_OF_RANGE if events after `after_event_id` were
// already deleted by retention; UNAVAILABLE if the outbox cannot be read;
// RESOURCE_EXHAUSTED if the executor is full. The stream's log lines carry
// `request_id`.
grpc::ServerWriteReactor<v1::Event>* StartWatchEvents(const v1::WatchEventsRequest& request,
                                                      storage::EventOutbox& outbox,
                                                      EventFeed& feed, Executor& executor,
                                                      std::string request_id);

// A stream that only finishes with `status` (e.g. the caller failed
// authentication).
grpc::ServerWriteReactor<v1::Event>* RefuseWatchEvents(const grpc::Status& status);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_WATCH_EVENTS_CALL_H_
