#include "gateway/http_access_log.h"

#include <cstdint>

#include "common/log.h"

namespace tgauth::gateway {

void LogHttpAccess(const HttpAccess& access) {
  LogInfo("http request",
          {{"method", access.method},
           {"route", access.route.empty() ? absl::string_view("none") : access.route},
           {"status", access.status},
           {"duration_ms", absl::ToDoubleMilliseconds(access.duration)},
           {"request_id", access.request_id},
           {"bytes", static_cast<uint64_t>(access.bytes)}});
}

}  // namespace tgauth::gateway
