// The request id that ties a browser's HTTP request to the gateway's access
// line, the RPCs it makes and the server's lines while handling them. The
// gateway takes a valid `X-Request-Id` from the client (a proxy in front may
// have set one) or makes one, sends it to the server as gRPC metadata
// `x-request-id`, and returns it in the response's `X-Request-Id`.
#ifndef TGAUTH_COMMON_REQUEST_ID_H_
#define TGAUTH_COMMON_REQUEST_ID_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tgauth {

// The gRPC metadata key (lower case, as gRPC requires).
inline constexpr char kRequestIdMetadata[] = "x-request-id";
inline constexpr size_t kMaxRequestIdChars = 64;

// True for 1 to kMaxRequestIdChars of A-Z a-z 0-9 . _ - : enough for a
// UUID or a proxy's trace id, too little to carry a credential's shape
// around log parsers or to hold a line break.
bool IsValidRequestId(absl::string_view id);

// A new id: 16 bytes of OpenSSL's CSPRNG as 32 lowercase hex digits, so ids
// of separate gateways never collide.
std::string NewRequestId();

// `incoming` when IsValidRequestId, otherwise NewRequestId().
std::string RequestIdOrNew(absl::string_view incoming);

// While it lives, CurrentRequestId() on this thread is `request_id`; scopes
// nest. Lets code far from the RPC (a store appending a domain event,
// storage/event_origin.h) tell which request caused a change without every
// call passing the id down.
class RequestIdScope {
 public:
  explicit RequestIdScope(absl::string_view request_id);
  ~RequestIdScope();

  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  const std::string request_id_;
  const RequestIdScope* const outer_;
  friend absl::string_view CurrentRequestId();
};

// The request id of this thread's innermost RequestIdScope; "" outside any.
absl::string_view CurrentRequestId();

}  // namespace tgauth

#endif  // TGAUTH_COMMON_REQUEST_ID_H_
