#include "server/rpc/rpc_access_log.h"

#include <grpcpp/support/interceptor.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "common/real_clock.h"
#include "common/webhook_secret.h"
#include "server/rpc/call_log_scope.h"

namespace tgauth {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::Interceptor;
using grpc::experimental::InterceptorBatchMethods;
using grpc::experimental::ServerInterceptorFactoryInterface;
using grpc::experimental::ServerRpcInfo;

constexpr absl::string_view kAdminServicePrefix = "/tgauth.v1.AdminService/";

using Metadata = std::multimap<grpc::string_ref, grpc::string_ref>;

bool Has(const Metadata& metadata, const char* key) { return metadata.count(key) > 0; }

absl::string_view Caller(absl::string_view method, const Metadata& metadata,
                         const SharedSecret& gateway_token) {
  if (auto token = metadata.find(kGatewayTokenMetadata);
      token != metadata.end() &&
      gateway_token.Matches(absl::string_view(token->second.data(), token->second.size()))) {
    return "gateway";
  }
  if (absl::StartsWith(method, kAdminServicePrefix)) return "operator";
  if (Has(metadata, "authorization")) return "user";
  if (Has(metadata, kWebhookSecretMetadata)) return "telegram";
  return "anonymous";
}

// The operator an AdminService call authenticated as; empty if none (the
// method itself then refused the call).
std::string OperatorOf(absl::string_view method, const Metadata& metadata,
                       const OperatorCredentials& operators) {
  if (!absl::StartsWith(method, kAdminServicePrefix)) return "";
  auto authorization = metadata.find("authorization");
  if (authorization == metadata.end()) return "";
  absl::StatusOr<std::string> name = operators.Authenticate(
      absl::string_view(authorization->second.data(), authorization->second.size()));
  return name.ok() ? *std::move(name) : "";
}

class AccessLogInterceptor final : public Interceptor {
 public:
  AccessLogInterceptor(ServerRpcInfo* info, const SharedSecret& gateway_token,
                       const OperatorCredentials& operators)
      : info_(info),
        gateway_token_(gateway_token),
        operators_(operators),
        started_(WallClock().Now()) {}

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Write(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Write(const grpc::Status& status) const {
    const absl::string_view method = info_->method() != nullptr ? info_->method() : "";
    const grpc::ServerContextBase& context = *info_->server_context();
    const std::string request_id = RequestIdOf(context);
    const std::string code =
        absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()));
    const absl::string_view caller = Caller(method, context.client_metadata(), gateway_token_);
    const double duration_ms = absl::ToDoubleMilliseconds(WallClock().Now() - started_);
    const CallLogScope request_id_field(request_id);
    const std::string operator_name = OperatorOf(method, context.client_metadata(), operators_);
    if (operator_name.empty()) {
      LogInfo("rpc", {{"grpc_method", method},
                      {"grpc_code", code},
                      {"duration_ms", duration_ms},
                      {"caller", caller}});
    } else {
      LogInfo("rpc", {{"grpc_method", method},
                      {"grpc_code", code},
                      {"duration_ms", duration_ms},
                      {"caller", caller},
                      {"operator", operator_name}});
    }
  }

  ServerRpcInfo* const info_;
  const SharedSecret& gateway_token_;
  const OperatorCredentials& operators_;
  const absl::Time started_;
};

class AccessLogFactory final : public ServerInterceptorFactoryInterface {
 public:
  AccessLogFactory(const SharedSecret& gateway_token, const OperatorCredentials& operators)
      : gateway_token_(gateway_token), operators_(operators) {}

  Interceptor* CreateServerInterceptor(ServerRpcInfo* info) override {
    return new AccessLogInterceptor(info, gateway_token_, operators_);  // gRPC owns it.
  }

 private:
  const SharedSecret& gateway_token_;
  const OperatorCredentials& operators_;
};

}  // namespace

std::unique_ptr<ServerInterceptorFactoryInterface> RpcAccessLog(
    const SharedSecret& gateway_token, const OperatorCredentials& operators) {
  return std::make_unique<AccessLogFactory>(gateway_token, operators);
}

}  // namespace tgauth
