#include "server/access_token_validator.h"

#include <grpcpp/server_context.h>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/jwt_verifier.h"

namespace tgauth {
namespace {

constexpr absl::Duration kLeeway = absl::Seconds(30);
// Far above any token tgauth signs (~600 bytes): bounds the work a
// garbage header can cause.
constexpr size_t kMaxTokenBytes = 4096;

using google::protobuf::Struct;
using google::protobuf::Value;

const Value* Field(const Struct& claims, const char* name) {
  auto it = claims.fields().find(name);
  return it == claims.fields().end() ? nullptr : &it->second;
}

bool AudienceMatches(const Value* aud, absl::string_view audience) {
  if (aud == nullptr) return false;
  if (aud->has_string_value()) return aud->string_value() == audience;
  if (!aud->has_list_value()) return false;
  for (const Value& v : aud->list_value().values()) {
    if (v.string_value() == audience) return true;
  }
  return false;
}

absl::Status Refuse(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("invalid access token: ", why));
}

}  // namespace

AccessTokenValidator::AccessTokenValidator(std::string issuer, std::string audience,
                                           const KeyRing& keys, const RevokedSessions& revoked,
                                           const Clock& clock)
    : issuer_(std::move(issuer)),
      audience_(std::move(audience)),
      keys_(keys),
      revoked_(revoked),
      clock_(clock) {}

absl::StatusOr<AccessTokenClaims> AccessTokenValidator::Validate(absl::string_view token) const {
  if (token.empty()) return Refuse("empty");
  if (token.size() > kMaxTokenBytes) return Refuse("too long");
  absl::StatusOr<VerifiedJwt> jwt = VerifyEs256Jwt(token, [this](absl::string_view kid) {
    const SigningKey* key = keys_.Find(kid);
    return key == nullptr ? nullptr : key->evp_key();
  });
  if (!jwt.ok()) return Refuse(absl::StripPrefix(jwt.status().message(), "invalid token: "));
  const Struct& claims = jwt->claims;

  const Value* iss = Field(claims, "iss");
  if (iss == nullptr || iss->string_value() != issuer_) return Refuse("wrong issuer");
  if (!AudienceMatches(Field(claims, "aud"), audience_)) return Refuse("wrong audience");
  const Value* exp = Field(claims, "exp");
  const Value* sub = Field(claims, "sub");
  const Value* sid = Field(claims, "sid");
  if (exp == nullptr || !exp->has_number_value() || sub == nullptr ||
      sub->string_value().empty() || sid == nullptr || sid->string_value().empty()) {
    return Refuse("exp, sub or sid claim missing");
  }
  const absl::Time now = clock_.Now();
  const absl::Time expires_at = absl::FromUnixSeconds(static_cast<int64_t>(exp->number_value()));
  if (now >= expires_at) return Refuse("expired");
  for (const char* name : {"nbf", "iat"}) {
    const Value* t = Field(claims, name);
    if (t != nullptr &&
        absl::FromUnixSeconds(static_cast<int64_t>(t->number_value())) > now + kLeeway) {
      return Refuse(absl::StrCat("not valid yet (", name, " is in the future)"));
    }
  }

  AccessTokenClaims out;
  out.user_id = sub->string_value();
  out.session_id = sid->string_value();
  if (const Value* telegram_id = Field(claims, "telegram_id")) {
    out.telegram_id = static_cast<int64_t>(telegram_id->number_value());
  }
  if (const Value* tier = Field(claims, "tier")) out.subscription_tier = tier->string_value();
  if (const Value* iat = Field(claims, "iat")) {
    out.issued_at = absl::FromUnixSeconds(static_cast<int64_t>(iat->number_value()));
  }
  out.expires_at = expires_at;

  absl::StatusOr<bool> revoked = revoked_.IsRevoked(out.session_id, now, kMaxRevocationStaleness);
  if (!revoked.ok()) return revoked.status();
  if (*revoked) return Refuse("the session has been revoked");
  return out;
}

absl::StatusOr<AccessTokenClaims> AccessTokenValidator::AuthenticateCaller(
    const grpc::CallbackServerContext& context) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError(
        "missing access token: send metadata \"authorization: Bearer <access token>\"");
  }
  const absl::string_view value(it->second.data(), it->second.size());
  // RFC 6750 section 2.1: the scheme is case-insensitive.
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() || !absl::StartsWithIgnoreCase(value, kScheme)) {
    return absl::UnauthenticatedError("authorization metadata is not a Bearer credential");
  }
  return Validate(value.substr(kScheme.size()));
}

}  // namespace tgauth
