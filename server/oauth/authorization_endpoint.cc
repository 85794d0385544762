#include "server/oauth/authorization_endpoint.h"

#include <algorithm>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/oauth/authorization_response.h"
#include "server/oauth/pkce.h"
#include "server/oauth/scopes.h"

namespace tgauth {
namespace {

// A refusal that goes back to the client (RFC 6749 section 4.1.2.1).
struct Refusal {
  std::string error;
  std::string description;
};

absl::string_view Value(const AuthorizationParameters& parameters, absl::string_view name) {
  auto it = parameters.values.find(name);
  return it == parameters.values.end() ? absl::string_view() : absl::string_view(it->second);
}

bool Repeated(const AuthorizationParameters& parameters, absl::string_view name) {
  return std::find(parameters.repeated.begin(), parameters.repeated.end(), name) !=
         parameters.repeated.end();
}

// The scopes asked for, each once, in the order asked; a Refusal if one is
// unknown or not allowed for `client` (RFC 6749 section 3.3).
std::optional<Refusal> GrantedScopes(absl::string_view scope, const storage::OAuthClient& client,
                                     std::vector<std::string>& granted) {
  for (absl::string_view token : absl::StrSplit(scope, ' ', absl::SkipEmpty())) {
    if (!IsSupportedScope(token)) {
      return Refusal{"invalid_scope", absl::StrCat("scope \"", token, "\" is not supported")};
    }
    if (std::find(client.allowed_scopes.begin(), client.allowed_scopes.end(), token) ==
        client.allowed_scopes.end()) {
      return Refusal{"invalid_scope",
                     absl::StrCat("scope \"", token, "\" is not allowed for this client")};
    }
    if (std::find(granted.begin(), granted.end(), token) == granted.end()) {
      granted.emplace_back(token);
    }
  }
  return std::nullopt;
}

// `prompt` as kept: "", "none" or "login" (OpenID Connect Core section
// 3.1.2.1). "consent" asks nothing more: the person confirms every sign-in
// in the bot anyway.
std::optional<Refusal> ReadPrompt(absl::string_view prompt, std::string& kept) {
  bool none = false;
  bool login = false;
  for (absl::string_view value : absl::StrSplit(prompt, ' ', absl::SkipEmpty())) {
    if (value == "none") {
      none = true;
    } else if (value == "login") {
      login = true;
    } else if (value != "consent") {
      return Refusal{"invalid_request", absl::StrCat("prompt \"", value,
                                                     "\" is not supported (none, login, consent)")};
    }
  }
  if (none && prompt != "none") {
    return Refusal{"invalid_request", "prompt=none cannot be combined with other values"};
  }
  kept = none ? "none" : login ? "login" : "";
  return std::nullopt;
}

std::optional<Refusal> ReadMaxAge(absl::string_view text, std::optional<absl::Duration>& max_age) {
  if (text.empty()) return std::nullopt;
  int64_t seconds = 0;
  if (text.size() > 10 || !std::all_of(text.begin(), text.end(), absl::ascii_isdigit) ||
      !absl::SimpleAtoi(text, &seconds)) {
    return Refusal{"invalid_request", "max_age must be a whole number of seconds"};
  }
  max_age = absl::Seconds(seconds);
  return std::nullopt;
}

// Every check after the client and its redirect URI are known, in RFC 6749
// section 4.1.2.1's order; fills `request` as it goes.
std::optional<Refusal> CheckRequest(const AuthorizationParameters& parameters,
                                    const storage::OAuthClient& client,
                                    storage::AuthorizationRequest& request) {
  request.state = std::string(Value(parameters, "state"));
  if (request.state.size() > kMaxStateBytes) {
    // Not echoed: a state this long is not one the client will recognise.
    request.state.clear();
    return Refusal{"invalid_request",
                   absl::StrCat("state is longer than ", kMaxStateBytes, " bytes")};
  }
  if (!parameters.repeated.empty()) {
    return Refusal{"invalid_request",
                   absl::StrCat("parameter \"", parameters.repeated.front(), "\" is repeated")};
  }
  if (!Value(parameters, "request").empty()) {
    return Refusal{"request_not_supported", "request objects are not supported"};
  }
  if (!Value(parameters, "request_uri").empty()) {
    return Refusal{"request_uri_not_supported", "request_uri is not supported"};
  }
  const absl::string_view response_type = Value(parameters, "response_type");
  if (response_type.empty()) return Refusal{"invalid_request", "response_type is required"};
  if (response_type != "code") {
    return Refusal{"unsupported_response_type", "only response_type=code is supported"};
  }
  std::vector<std::string> scopes;
  if (auto refusal = GrantedScopes(Value(parameters, "scope"), client, scopes)) return refusal;
  request.scope = absl::StrJoin(scopes, " ");
  if (absl::Status pkce = ValidateCodeChallenge(Value(parameters, "code_challenge"),
                                                Value(parameters, "code_challenge_method"));
      !pkce.ok()) {
    return Refusal{"invalid_request", absl::StrCat("PKCE with S256 is required: ", pkce.message())};
  }
  request.code_challenge = std::string(Value(parameters, "code_challenge"));
  request.nonce = std::string(Value(parameters, "nonce"));
  if (request.nonce.size() > kMaxNonceBytes) {
    return Refusal{"invalid_request",
                   absl::StrCat("nonce is longer than ", kMaxNonceBytes, " bytes")};
  }
  if (auto refusal = ReadPrompt(Value(parameters, "prompt"), request.prompt)) return refusal;
  return ReadMaxAge(Value(parameters, "max_age"), request.max_age);
}

absl::Time WholeMicros(absl::Time t) { return absl::FromUnixMicros(absl::ToUnixMicros(t)); }

}  // namespace

absl::StatusOr<AuthorizationStart> AuthorizationEndpoint::Start(
    const AuthorizationParameters& parameters) {
  const absl::string_view client_id = Value(parameters, "client_id");
  if (client_id.empty()) return absl::InvalidArgumentError("client_id is required");
  if (Repeated(parameters, "client_id")) {
    return absl::InvalidArgumentError("client_id is repeated");
  }
  absl::StatusOr<storage::OAuthClient> client = clients_.FindEnabled(client_id);
  if (absl::IsNotFound(client.status())) {
    return absl::InvalidArgumentError(
        absl::StrCat("client_id \"", client_id, "\" is not a registered client"));
  }
  if (!client.ok()) return client.status();
  const absl::string_view redirect_uri = Value(parameters, "redirect_uri");
  if (redirect_uri.empty()) return absl::InvalidArgumentError("redirect_uri is required");
  if (Repeated(parameters, "redirect_uri")) {
    return absl::InvalidArgumentError("redirect_uri is repeated");
  }
  if (std::find(client->redirect_uris.begin(), client->redirect_uris.end(), redirect_uri) ==
      client->redirect_uris.end()) {
    return absl::InvalidArgumentError(absl::StrCat("redirect_uri is not registered for client \"",
                                                   client_id, "\" (compared exactly)"));
  }

  storage::AuthorizationRequest request{.client_id = client->client_id,
                                        .redirect_uri = std::string(redirect_uri)};
  if (std::optional<Refusal> refusal = CheckRequest(parameters, *client, request)) {
    return AuthorizationStart{.error_redirect =
                                  ErrorRedirect(request, refusal->error, refusal->description)};
  }
  request.created_at = WholeMicros(clock_.Now());
  absl::StatusOr<std::string> handle =
      requests_.Put(request, storage::kAuthorizationRequestLifetime);
  if (!handle.ok()) return handle.status();
  return AuthorizationStart{.handle = *std::move(handle)};
}

absl::StatusOr<AuthorizationSummary> AuthorizationEndpoint::Describe(absl::string_view handle) {
  absl::StatusOr<storage::AuthorizationRequest> request = requests_.Describe(handle);
  if (!request.ok()) return request.status();
  absl::StatusOr<storage::OAuthClient> client = clients_.FindEnabled(request->client_id);
  if (!client.ok()) return client.status();
  return AuthorizationSummary{
      .client_id = client->client_id,
      .client_name = client->name,
      .scopes = absl::StrSplit(request->scope, ' ', absl::SkipEmpty()),
      .prompt = request->prompt,
  };
}

absl::StatusOr<std::string> AuthorizationEndpoint::Complete(absl::string_view handle,
                                                            const AuthorizingSession& who) {
  absl::StatusOr<storage::AuthorizationRequest> request = requests_.Describe(handle);
  if (!request.ok()) return request.status();
  absl::StatusOr<storage::SessionRecord> session = sessions_.Get(who.session_id);
  const absl::Time now = clock_.Now();
  if (absl::IsNotFound(session.status()) ||
      (session.ok() &&
       (session->user_id != who.user_id || session->revoked || session->active_until() <= now))) {
    return absl::UnauthenticatedError("the session granting the request has ended");
  }
  if (!session.ok()) return session.status();
  // An app's tokens are the app's: only the person's own session with
  // tgauth vouches for them to another app.
  if (!session->client_id.empty()) {
    return absl::UnauthenticatedError(
        "only a session with tgauth itself grants a request, not one of an OAuth client");
  }
  if (absl::Status client = clients_.FindEnabled(request->client_id).status(); !client.ok()) {
    return client;
  }
  const absl::Time auth_time = session->auth_time;
  if (request->prompt == "login" && auth_time < request->created_at) {
    return absl::FailedPreconditionError(
        "the client asked for a new sign-in (prompt=login): sign in again");
  }
  if (request->max_age.has_value() && now - auth_time > *request->max_age) {
    return absl::FailedPreconditionError(
        "the sign-in is older than the client's max_age: sign in again");
  }
  // Consumed only now: of two tabs completing the same request, one wins.
  request = requests_.Consume(handle);
  if (!request.ok()) return request.status();
  absl::StatusOr<std::string> code = codes_.Issue(
      {
          .client_id = request->client_id,
          .redirect_uri = request->redirect_uri,
          .scope = request->scope,
          .nonce = request->nonce,
          .code_challenge = request->code_challenge,
          .user_id = who.user_id,
          .auth_time = auth_time,
          .sign_in_method = session->sign_in_method,
          .device = session->device,
      },
      storage::kAuthorizationCodeLifetime);
  if (!code.ok()) return code.status();
  return AuthorizationCodeRedirect(request->redirect_uri, *code, request->state, issuer_);
}

absl::StatusOr<std::string> AuthorizationEndpoint::Deny(absl::string_view handle,
                                                        absl::string_view error) {
  if (error != "access_denied" && error != "login_required") {
    return absl::InvalidArgumentError("error must be access_denied or login_required");
  }
  absl::StatusOr<storage::AuthorizationRequest> request = requests_.Consume(handle);
  if (!request.ok()) return request.status();
  return ErrorRedirect(*request, error,
                       error == "access_denied" ? "the person cancelled the sign-in"
                                                : "the person is not signed in to tgauth");
}

std::string AuthorizationEndpoint::ErrorRedirect(const storage::AuthorizationRequest& request,
                                                 absl::string_view error,
                                                 absl::string_view description) const {
  return AuthorizationErrorRedirect(request.redirect_uri, error, description, request.state,
                                    issuer_);
}

}  // namespace tgauth
