// What the pages need to know about this deployment that only the gateway's
// flags say.
//
//   GET /v1/web-config
//     200 {"returnToOrigins": ["https://app.example", ...]}: the origins a
//     page may send the person on to after sign-in, through its `return_to`
//     parameter (gateway/web/return_to.js). The page compares the origin
//     the browser's own URL parser gives with these, byte for byte, so it
//     never redirects anywhere else.
#ifndef TGAUTH_GATEWAY_WEB_CONFIG_ROUTE_H_
#define TGAUTH_GATEWAY_WEB_CONFIG_ROUTE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "gateway/http_message.h"

namespace tgauth::gateway {

inline constexpr absl::string_view kWebConfigPath = "/v1/web-config";

class WebConfigRoute {
 public:
  // `return_to_origins`: as ParseOriginList (gateway/origin_list.h) gives them.
  explicit WebConfigRoute(const std::vector<std::string>& return_to_origins);

  void Handle(const HttpRequest& request, Respond respond) const;

 private:
  HttpResponse response_;  // The same for every request: printed once.
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_WEB_CONFIG_ROUTE_H_
