#include "gateway/oauth_routes.h"

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gateway/authenticated_rpc.h"
#include "gateway/bearer_token.h"
#include "gateway/client_credentials.h"
#include "gateway/form_params.h"
#include "gateway/json_body.h"
#include "gateway/json_response.h"
#include "gateway/oauth_error_response.h"
#include "gateway/rpc_call.h"
#include "google/protobuf/struct.pb.h"

namespace tgauth::gateway {
namespace {

constexpr absl::Duration kRpcTimeout = absl::Seconds(5);
constexpr char kHandleExample[] = R"({"handle": "..."})";

// 303 See Other: the browser follows it with a GET, whatever brought it.
HttpResponse SeeOther(std::string location) {
  return {.status = 303, .headers = {{"Location", std::move(location)}}};
}

HttpResponse NoStore(HttpResponse response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

std::string Value(const FormParams& params, const std::string& name) {
  auto it = params.values.find(name);
  return it == params.values.end() ? std::string() : it->second;
}

// The token endpoint's answer to a failed RPC (RFC 6749 section 5.2; the
// codes as proto/tgauth/v1/oauth.proto maps them).
HttpResponse TokenError(const grpc::Status& status, ClientAuthMethod method) {
  const std::string& message = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::INVALID_ARGUMENT:
      return OAuthErrorResponse(400, "invalid_request", message);
    case grpc::StatusCode::UNAUTHENTICATED:
      return method == ClientAuthMethod::kClientSecretBasic
                 ? BasicInvalidClientResponse(message)
                 : OAuthErrorResponse(401, "invalid_client", message);
    case grpc::StatusCode::FAILED_PRECONDITION:
      return OAuthErrorResponse(400, "invalid_grant", message);
    case grpc::StatusCode::OUT_OF_RANGE:
      return OAuthErrorResponse(400, "invalid_scope", message);
    case grpc::StatusCode::PERMISSION_DENIED:
      return OAuthErrorResponse(400, "unauthorized_client", message);
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      // Not the server's message: gRPC's own names internal addresses.
      return OAuthErrorResponse(503, "temporarily_unavailable",
                                "the service is unavailable; retry later");
    default:
      return OAuthErrorResponse(500, "server_error", "the request could not be completed");
  }
}

// The token endpoint's answer to its RPC: the tokens (RFC 6749 section
// 5.1), never cached, or TokenError.
auto TokenAnswer(Respond respond, ClientAuthMethod method) {
  return [respond = std::move(respond), method](const grpc::Status& status,
                                                const tgauth::v1::TokenResponse& response) {
    if (!status.ok()) return respond(TokenError(status, method));
    HttpResponse ok = ProtoJsonResponse(response, JsonFieldNames::kProtoFieldName);
    ok.headers.emplace_back("Cache-Control", "no-store");
    ok.headers.emplace_back("Pragma", "no-cache");
    respond(std::move(ok));
  };
}

// What a client sends the token and revocation endpoints: a form body
// (RFC 6749 appendix B) and its credentials (section 2.3.1).
struct ClientForm {
  FormParams form;
  ClientCredentials credentials;
};

// The request's ClientForm, or the RFC 6749 section 5.2 error to answer:
// a body that is no form, a parameter sent twice (section 3.1), or
// credentials ReadClientCredentials refuses.
std::variant<ClientForm, HttpResponse> ReadClientForm(const HttpRequest& request) {
  std::optional<FormParams> form = ParseFormParams(request.body);
  if (!form) {
    return OAuthErrorResponse(400, "invalid_request",
                              "the body must be application/x-www-form-urlencoded");
  }
  std::variant<ClientCredentials, HttpResponse> client = ReadClientCredentials(request, *form);
  if (auto* refusal = std::get_if<HttpResponse>(&client)) return std::move(*refusal);
  if (!form->repeated.empty()) {
    return OAuthErrorResponse(
        400, "invalid_request",
        absl::StrCat("parameter \"", *form->repeated.begin(), "\" is repeated"));
  }
  return ClientForm{*std::move(form), std::get<ClientCredentials>(std::move(client))};
}

// The request of the revocation or introspection endpoint (RevokeTokenRequest,
// IntrospectTokenRequest): the client and the form's `token`.
template <typename Request>
Request ClientTokenRequest(const ClientForm& read) {
  Request rpc;
  rpc.set_client_id(read.credentials.client_id);
  rpc.set_client_secret(read.credentials.client_secret);
  rpc.set_token(Value(read.form, "token"));
  return rpc;
}

// The UserInfo response's JSON: telegram_id as a number (proto3 JSON
// prints an int64 as a string), empty claims left out.
HttpResponse UserInfoJson(const tgauth::v1::UserInfo& info) {
  google::protobuf::Struct body;
  auto& fields = *body.mutable_fields();
  fields["sub"].set_string_value(info.sub());
  // Telegram ids stay below 2^53: a JSON number holds them exactly.
  fields["telegram_id"].set_number_value(static_cast<double>(info.telegram_id()));
  for (const auto& [name, value] : {std::pair{"name", &info.name()},
                                    std::pair{"preferred_username", &info.preferred_username()},
                                    std::pair{"picture", &info.picture()}}) {
    if (!value->empty()) fields[name].set_string_value(*value);
  }
  HttpResponse response = ProtoJsonResponse(body, JsonFieldNames::kProtoFieldName);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

// The introspection response's JSON (RFC 7662 section 2.2): `exp` and
// `iat` as numbers (proto3 JSON prints an int64 as a string), empty members
// left out, so an inactive token is exactly {"active": false}.
HttpResponse IntrospectionJson(const tgauth::v1::TokenIntrospection& token) {
  google::protobuf::Struct body;
  auto& fields = *body.mutable_fields();
  fields["active"].set_bool_value(token.active());
  for (const auto& [name, value] :
       {std::pair{"scope", &token.scope()}, std::pair{"client_id", &token.client_id()},
        std::pair{"username", &token.username()}, std::pair{"token_type", &token.token_type()},
        std::pair{"sub", &token.sub()}, std::pair{"aud", &token.aud()},
        std::pair{"iss", &token.iss()}, std::pair{"jti", &token.jti()},
        std::pair{"sid", &token.sid()}}) {
    if (!value->empty()) fields[name].set_string_value(*value);
  }
  // Unix seconds stay below 2^53: a JSON number holds them exactly.
  for (const auto& [name, value] : {std::pair{"exp", token.exp()}, std::pair{"iat", token.iat()}}) {
    if (value != 0) fields[name].set_number_value(static_cast<double>(value));
  }
  HttpResponse response = ProtoJsonResponse(body, JsonFieldNames::kProtoFieldName);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

// The handle in a sign-in page's JSON body.
absl::StatusOr<std::string> HandleOf(const HttpRequest& request) {
  absl::StatusOr<JsonBody> body = JsonBody::Parse(request.body, kHandleExample);
  if (!body.ok()) return body.status();
  return body->RequiredString("handle");
}

}  // namespace

void OAuthRoutes::Authorize(const HttpRequest& request, Respond respond) const {
  tgauth::v1::StartAuthorizationRequest rpc;
  for (const auto& [name, value] : request.query) (*rpc.mutable_parameters())[name] = value;
  for (const std::string& name : request.repeated_query) rpc.add_repeated_parameters(name);
  StartRpc<tgauth::v1::StartAuthorizationResponse>(
      request, std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->StartAuthorization(std::forward<decltype(args)>(args)...);
      },
      [respond = std::move(respond)](const grpc::Status& status,
                                     const tgauth::v1::StartAuthorizationResponse& response) {
        if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
          return respond(OAuthErrorResponse(400, "invalid_request", status.error_message()));
        }
        if (!status.ok()) return respond(ErrorResponse(status));
        if (!response.error_redirect().empty()) return respond(SeeOther(response.error_redirect()));
        // The handle is base64url: nothing to escape.
        respond(SeeOther(absl::StrCat("/?authorization=", response.handle())));
      });
}

void OAuthRoutes::Token(const HttpRequest& request, Respond respond) const {
  std::variant<ClientForm, HttpResponse> read = ReadClientForm(request);
  if (auto* refusal = std::get_if<HttpResponse>(&read)) return respond(std::move(*refusal));
  const auto& [form, credentials] = std::get<ClientForm>(read);
  const std::string grant_type = Value(form, "grant_type");
  if (grant_type.empty()) {
    return respond(OAuthErrorResponse(400, "invalid_request", "grant_type is required"));
  }
  if (grant_type == "authorization_code")
    return ExchangeCode(request, form, credentials, std::move(respond));
  if (grant_type == "refresh_token")
    return RefreshToken(request, form, credentials, std::move(respond));
  return respond(OAuthErrorResponse(
      400, "unsupported_grant_type",
      "only grant_type=authorization_code and grant_type=refresh_token are supported"));
}

void OAuthRoutes::ExchangeCode(const HttpRequest& request, const FormParams& form,
                               const ClientCredentials& credentials, Respond respond) const {
  tgauth::v1::ExchangeAuthorizationCodeRequest rpc;
  rpc.set_client_id(credentials.client_id);
  rpc.set_client_secret(credentials.client_secret);
  rpc.set_code(Value(form, "code"));
  rpc.set_redirect_uri(Value(form, "redirect_uri"));
  rpc.set_code_verifier(Value(form, "code_verifier"));
  StartRpc<tgauth::v1::TokenResponse>(
      request, std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->ExchangeAuthorizationCode(std::forward<decltype(args)>(args)...);
      },
      TokenAnswer(std::move(respond), credentials.method));
}

void OAuthRoutes::RefreshToken(const HttpRequest& request, const FormParams& form,
                               const ClientCredentials& credentials, Respond respond) const {
  tgauth::v1::RefreshTokenRequest rpc;
  rpc.set_client_id(credentials.client_id);
  rpc.set_client_secret(credentials.client_secret);
  rpc.set_refresh_token(Value(form, "refresh_token"));
  rpc.set_scope(Value(form, "scope"));
  rpc.mutable_device()->set_ip_address(client_device_.ClientIp(request));
  StartRpc<tgauth::v1::TokenResponse>(
      request, std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->RefreshToken(std::forward<decltype(args)>(args)...);
      },
      TokenAnswer(std::move(respond), credentials.method));
}

void OAuthRoutes::Revoke(const HttpRequest& request, Respond respond) const {
  std::variant<ClientForm, HttpResponse> read = ReadClientForm(request);
  if (auto* refusal = std::get_if<HttpResponse>(&read)) return respond(std::move(*refusal));
  const ClientForm& client = std::get<ClientForm>(read);
  StartRpc<tgauth::v1::RevokeTokenResponse>(
      request, ClientTokenRequest<tgauth::v1::RevokeTokenRequest>(client), kRpcTimeout,
      [this](auto&&... args) { stub_.async()->RevokeToken(std::forward<decltype(args)>(args)...); },
      [respond = std::move(respond), method = client.credentials.method](
          const grpc::Status& status, const tgauth::v1::RevokeTokenResponse&) {
        if (!status.ok()) return respond(TokenError(status, method));
        // RFC 7009 section 2.2: 200, the content ignored.
        respond({.status = 200, .headers = {{"Cache-Control", "no-store"}}});
      });
}

void OAuthRoutes::EndSession(const HttpRequest& request, Respond respond) const {
  // Section 2: GET carries the parameters in the query, POST in a form body.
  std::optional<FormParams> params;
  if (request.method == "POST") {
    params = ParseFormParams(request.body);
  } else {
    params.emplace(FormParams{.values = request.query, .repeated = request.repeated_query});
  }
  if (!params) {
    return respond(OAuthErrorResponse(400, "invalid_request",
                                      "the body must be application/x-www-form-urlencoded"));
  }
  if (!params->repeated.empty()) {
    return respond(OAuthErrorResponse(
        400, "invalid_request",
        absl::StrCat("parameter \"", *params->repeated.begin(), "\" is repeated")));
  }
  tgauth::v1::EndSessionRequest rpc;
  rpc.set_id_token_hint(Value(*params, "id_token_hint"));
  rpc.set_client_id(Value(*params, "client_id"));
  rpc.set_post_logout_redirect_uri(Value(*params, "post_logout_redirect_uri"));
  rpc.set_state(Value(*params, "state"));
  StartRpc<tgauth::v1::EndSessionResponse>(
      request, std::move(rpc), kRpcTimeout,
      [this](auto&&... args) { stub_.async()->EndSession(std::forward<decltype(args)>(args)...); },
      [respond = std::move(respond)](const grpc::Status& status,
                                     const tgauth::v1::EndSessionResponse& response) {
        if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
          return respond(OAuthErrorResponse(400, "invalid_request", status.error_message()));
        }
        if (!status.ok()) return respond(NoStore(ErrorResponse(status)));
        if (!response.redirect_uri().empty()) {
          return respond(NoStore(SeeOther(response.redirect_uri())));
        }
        respond(NoStore(
            {.status = 200, .content_type = "text/plain; charset=utf-8", .body = "Signed out.\n"}));
      });
}

void OAuthRoutes::Introspect(const HttpRequest& request, Respond respond) const {
  std::variant<ClientForm, HttpResponse> read = ReadClientForm(request);
  if (auto* refusal = std::get_if<HttpResponse>(&read)) return respond(std::move(*refusal));
  const ClientForm& client = std::get<ClientForm>(read);
  StartRpc<tgauth::v1::TokenIntrospection>(
      request, ClientTokenRequest<tgauth::v1::IntrospectTokenRequest>(client), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->IntrospectToken(std::forward<decltype(args)>(args)...);
      },
      [respond = std::move(respond), method = client.credentials.method](
          const grpc::Status& status, const tgauth::v1::TokenIntrospection& response) {
        if (!status.ok()) return respond(TokenError(status, method));
        respond(IntrospectionJson(response));
      });
}

void OAuthRoutes::UserInfo(const HttpRequest& request, Respond respond) const {
  std::variant<absl::string_view, HttpResponse> token = RequireBearerToken(
      request, "missing access token: send Authorization: Bearer <access_token>");
  if (auto* refusal = std::get_if<HttpResponse>(&token)) return respond(std::move(*refusal));
  StartRpc<tgauth::v1::UserInfo>(
      request, tgauth::v1::GetUserInfoRequest(), kRpcTimeout,
      {{"authorization", absl::StrCat("Bearer ", std::get<absl::string_view>(token))}},
      [this](auto&&... args) { stub_.async()->GetUserInfo(std::forward<decltype(args)>(args)...); },
      [respond = std::move(respond)](const grpc::Status& status,
                                     const tgauth::v1::UserInfo& response) {
        if (status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
          // RFC 6750 section 3.1.
          HttpResponse refused = ErrorResponse(status);
          refused.headers.emplace_back("WWW-Authenticate",
                                       "Bearer error=\"insufficient_scope\", scope=\"openid\"");
          return respond(std::move(refused));
        }
        if (!status.ok()) return respond(WithInvalidTokenChallenge(ErrorResponse(status)));
        respond(UserInfoJson(response));
      });
}

void OAuthRoutes::Describe(const HttpRequest& request, Respond respond) const {
  absl::StatusOr<std::string> handle = HandleOf(request);
  if (!handle.ok()) return respond(BadRequestResponse(handle.status()));
  tgauth::v1::DescribeAuthorizationRequest rpc;
  rpc.set_handle(*std::move(handle));
  StartRpc<tgauth::v1::AuthorizationDescription>(
      request, std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->DescribeAuthorization(std::forward<decltype(args)>(args)...);
      },
      ProtoJsonOrError(std::move(respond)));
}

void OAuthRoutes::Complete(const HttpRequest& request, Respond respond) const {
  absl::StatusOr<tgauth::v1::CompleteAuthorizationRequest> rpc;
  if (absl::StatusOr<std::string> handle = HandleOf(request); handle.ok()) {
    rpc.emplace().set_handle(*std::move(handle));
  } else {
    rpc = handle.status();
  }
  StartAuthenticatedRpc<tgauth::v1::AuthorizationRedirect>(
      request, std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->CompleteAuthorization(std::forward<decltype(args)>(args)...);
      },
      std::move(respond));
}

void OAuthRoutes::Deny(const HttpRequest& request, Respond respond) const {
  absl::StatusOr<JsonBody> body =
      JsonBody::Parse(request.body, R"({"handle": "...", "error": "access_denied"})");
  if (!body.ok()) return respond(BadRequestResponse(body.status()));
  absl::StatusOr<std::string> handle = body->RequiredString("handle");
  if (!handle.ok()) return respond(BadRequestResponse(handle.status()));
  absl::StatusOr<std::string> error = body->RequiredString("error");
  if (!error.ok()) return respond(BadRequestResponse(error.status()));
  tgauth::v1::DenyAuthorizationRequest rpc;
  rpc.set_handle(*std::move(handle));
  rpc.set_error(*std::move(error));
  StartRpc<tgauth::v1::AuthorizationRedirect>(
      request, std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->DenyAuthorization(std::forward<decltype(args)>(args)...);
      },
      ProtoJsonOrError(std::move(respond)));
}

}  // namespace tgauth::gateway
