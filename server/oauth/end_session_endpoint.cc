#include "server/oauth/end_session_endpoint.h"

#include <google/protobuf/struct.pb.h>

#include "absl/strings/str_cat.h"
#include "server/oauth/authorization_endpoint.h"
#include "server/oauth/authorization_response.h"
#include "server/oauth/redirect_uri.h"
#include "server/token/jwt_verifier.h"

namespace tgauth {
namespace {

using google::protobuf::Struct;

// What a valid hint says.
struct Hint {
  std::string client_id;   // `aud`
  std::string user_id;     // `sub`
  std::string session_id;  // `sid`
};

std::string StringClaim(const Struct& claims, const char* name) {
  auto it = claims.fields().find(name);
  return it == claims.fields().end() ? std::string() : it->second.string_value();
}

absl::Status BadHint(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("id_token_hint is not valid: ", why));
}

}  // namespace

absl::StatusOr<std::string> EndSessionEndpoint::End(const EndSessionParameters& parameters) {
  if (parameters.id_token_hint.empty()) {
    return absl::InvalidArgumentError(
        "id_token_hint is required: tgauth ends the session of the ID token it issued to the app");
  }
  if (parameters.id_token_hint.size() > kMaxIdTokenHintBytes) {
    return BadHint(absl::StrCat("longer than ", kMaxIdTokenHintBytes, " bytes"));
  }
  if (parameters.state.size() > kMaxStateBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("state is longer than ", kMaxStateBytes, " bytes"));
  }
  // The signature with any key of the ring (one that signed the token
  // before a rotation included); `exp` is not checked (section 4).
  absl::StatusOr<VerifiedJwt> jwt =
      VerifyEs256Jwt(parameters.id_token_hint, [this](absl::string_view kid) {
        const SigningKey* key = keys_.Find(kid);
        return key == nullptr ? nullptr : key->evp_key();
      });
  if (!jwt.ok()) return BadHint("not signed by tgauth");
  // ID tokens are typ "JWT"; logout tokens and RFC 9068 access tokens are not.
  if (StringClaim(jwt->header, "typ") != "JWT") return BadHint("not an ID token");
  if (StringClaim(jwt->claims, "iss") != issuer_) return BadHint("wrong issuer");
  const Hint hint{.client_id = StringClaim(jwt->claims, "aud"),
                  .user_id = StringClaim(jwt->claims, "sub"),
                  .session_id = StringClaim(jwt->claims, "sid")};
  if (hint.client_id.empty() || hint.user_id.empty() || hint.session_id.empty()) {
    return BadHint("aud, sub or sid claim missing");
  }
  if (!parameters.client_id.empty() && parameters.client_id != hint.client_id) {
    return absl::InvalidArgumentError("client_id is not the audience of id_token_hint");
  }
  absl::StatusOr<storage::OAuthClient> client = clients_.FindEnabled(hint.client_id);
  if (absl::IsNotFound(client.status())) return BadHint("its client is unknown or disabled");
  if (!client.ok()) return client.status();
  if (!parameters.post_logout_redirect_uri.empty() &&
      !RedirectUriMatches(client->post_logout_redirect_uris, parameters.post_logout_redirect_uri)) {
    return absl::InvalidArgumentError("post_logout_redirect_uri is not one the client registered");
  }
  absl::StatusOr<storage::SessionRecord> session = sessions_.Get(hint.session_id);
  if (session.ok()) {
    if (session->user_id != hint.user_id || session->client_id != hint.client_id) {
      return BadHint("its session is not that user's with that client");
    }
    absl::Status ended = manager_.LogOut(hint.user_id, hint.session_id);
    if (!ended.ok() && !absl::IsNotFound(ended)) return ended;
  } else if (!absl::IsNotFound(session.status())) {
    return session.status();
  }
  // An unknown session was ended and deleted since: nothing left to end.
  if (parameters.post_logout_redirect_uri.empty()) return std::string();
  return PostLogoutRedirect(parameters.post_logout_redirect_uri, parameters.state);
}

}  // namespace tgauth
