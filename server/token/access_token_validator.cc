#include "server/token/access_token_validator.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/secure_token.h"
#include "server/token/jwt_verifier.h"

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

// Doubles in [-2^63, 2^63) convert to int64_t; a cast of any other is
// undefined behaviour.
bool FitsInt64(double number) { return number >= -0x1p63 && number < 0x1p63; }

// A NumericDate (RFC 7519 section 2: seconds since the epoch, possibly
// fractional; the fraction is dropped), or nullopt for another JSON type or
// a number out of range.
std::optional<absl::Time> NumericDate(const Value& value) {
  if (!value.has_number_value() || !FitsInt64(value.number_value())) return std::nullopt;
  return absl::FromUnixSeconds(static_cast<int64_t>(value.number_value()));
}

// A whole JSON number in int64_t's range, or nullopt.
std::optional<int64_t> WholeNumber(const Value& value) {
  const double number = value.number_value();
  if (!value.has_number_value() || !FitsInt64(number) || std::trunc(number) != number) {
    return std::nullopt;
  }
  return static_cast<int64_t>(number);
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

absl::StatusOr<AccessTokenClaims> AccessTokenValidator::Verify(absl::string_view token) const {
  absl::StatusOr<VerifiedJwt> jwt = VerifyEs256Jwt(token, [this](absl::string_view kid) {
    const SigningKey* key = keys_.Find(kid);
    return key == nullptr ? nullptr : key->evp_key();
  });
  if (!jwt.ok()) return Refuse(absl::StripPrefix(jwt.status().message(), "invalid token: "));
  const Struct& claims = jwt->claims;

  const Value* iss = Field(claims, "iss");
  if (iss == nullptr || iss->string_value() != issuer_) return Refuse("wrong issuer");
  AccessTokenClaims out;
  const Value* typ = Field(jwt->header, "typ");
  if (typ != nullptr && typ->string_value() == kRfc9068Type) {
    // RFC 9068 section 4: the audience is the client the token was issued to.
    const Value* client_id = Field(claims, "client_id");
    const Value* scope = Field(claims, "scope");
    const Value* jti = Field(claims, "jti");
    const Value* auth_time = Field(claims, "auth_time");
    if (client_id == nullptr || client_id->string_value().empty() || scope == nullptr ||
        !scope->has_string_value() || jti == nullptr || jti->string_value().empty() ||
        auth_time == nullptr) {
      return Refuse("client_id, scope, jti or auth_time claim missing");
    }
    if (!AudienceMatches(Field(claims, "aud"), client_id->string_value())) {
      return Refuse("wrong audience");
    }
    std::optional<absl::Time> authenticated = NumericDate(*auth_time);
    if (!authenticated) return Refuse("auth_time is not a NumericDate");
    out.client_id = client_id->string_value();
    out.scope = scope->string_value();
    out.jwt_id = jti->string_value();
    out.auth_time = *authenticated;
  } else if (!AudienceMatches(Field(claims, "aud"), audience_)) {
    return Refuse("wrong audience");
  }
  const Value* exp = Field(claims, "exp");
  const Value* sub = Field(claims, "sub");
  const Value* sid = Field(claims, "sid");
  if (exp == nullptr || !exp->has_number_value() || sub == nullptr || sub->string_value().empty() ||
      sid == nullptr || sid->string_value().empty()) {
    return Refuse("exp, sub or sid claim missing");
  }
  out.user_id = sub->string_value();
  out.session_id = sid->string_value();
  const Value* iat = Field(claims, "iat");
  const Value* nbf = Field(claims, "nbf");
  std::optional<absl::Time> expires_at = NumericDate(*exp);
  std::optional<absl::Time> issued_at = iat == nullptr ? out.issued_at : NumericDate(*iat);
  std::optional<absl::Time> not_before = nbf == nullptr ? out.not_before : NumericDate(*nbf);
  if (!expires_at || !issued_at || !not_before)
    return Refuse("exp, iat or nbf is not a NumericDate");
  out.expires_at = *expires_at;
  out.issued_at = *issued_at;
  out.not_before = *not_before;
  if (const Value* telegram_id = Field(claims, "telegram_id")) {
    std::optional<int64_t> id = WholeNumber(*telegram_id);
    if (!id) return Refuse("telegram_id is not a whole number");
    out.telegram_id = *id;
  }
  if (const Value* tier = Field(claims, "tier")) out.subscription_tier = tier->string_value();
  return out;
}

absl::StatusOr<AccessTokenClaims> AccessTokenValidator::Validate(absl::string_view token) const {
  absl::StatusOr<AccessTokenClaims> claims = ValidateIssued(token);
  if (claims.ok() && !claims->client_id.empty()) {
    return Refuse("wrong audience (an OAuth client's access token)");
  }
  return claims;
}

absl::StatusOr<AccessTokenClaims> AccessTokenValidator::ValidateIssued(
    absl::string_view token) const {
  if (token.empty()) return Refuse("empty");
  if (token.size() > kMaxTokenBytes) return Refuse("too long");
  const absl::Time now = clock_.Now();
  const std::string token_hash = Sha256(token);
  std::optional<AccessTokenClaims> claims = verified_.Find(token_hash);
  if (!claims.has_value()) {
    absl::StatusOr<AccessTokenClaims> verified = Verify(token);
    if (!verified.ok()) return verified.status();
    claims = *std::move(verified);
    verified_.Insert(token_hash, *claims, now);
  }
  if (now >= claims->expires_at) return Refuse("expired");
  if (std::max(claims->issued_at, claims->not_before) > now + kLeeway) {
    return Refuse("not valid yet (nbf or iat is in the future)");
  }
  absl::StatusOr<bool> revoked =
      revoked_.IsRevoked(claims->session_id, now, kMaxRevocationStaleness);
  if (!revoked.ok()) return revoked.status();
  if (*revoked) return Refuse("the session has been revoked");
  return *std::move(claims);
}

}  // namespace tgauth
