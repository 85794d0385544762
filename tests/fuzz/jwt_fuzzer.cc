// ES256 JWTs (RFC 7515, 7518, 7519) against a fixed key ring of two keys:
// the JWK Set verifier an internal service uses
// (server/token/jwt_verifier.h), and the validator of tgauth's own access
// tokens (server/token/access_token_validator.h: kid, alg, signature, iss,
// aud, exp, nbf, iat, sid). Each input is checked as sent, then with its
// header and payload signed by the ring's newest key, so the claim checks
// behind the signature are fuzzed too.
//
// Input: the token text ("<header>.<payload>.<signature>").
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/fake_clock.h"
#include "server/token/access_token_validator.h"
#include "server/token/jwt_verifier.h"
#include "server/token/key_ring.h"
#include "server/token/revoked_sessions.h"
#include "server/token/signing_key.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/input_lines.h"

namespace {

using tgauth::fuzz::Require;

// Test keys (P-256, PKCS #8), made for this harness only; the seed tokens
// in corpus/jwt/ name them by kid.
constexpr char kOlderKeyPem[] = R"(
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgyjvLKfCYfhRKxJOQ
neWArF/orrYw6+6LzHMYMMUI6XShRANCAAQzW9seeNe3TYQ+7iByzaDIUGHe8bsf
zGUEvgU9qCM32EUT5ltauzvU2b9zclzc8xbzOI3rnwlKbaNswNIz0QKD
-----END PRIVATE KEY-----)";
constexpr char kNewerKeyPem[] = R"(
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSL8LdpqYJC9rp4kG
eiSbKl651CLt0bc9fQUuhDub90ihRANCAATYKkpXhZAF7nzVKDDD2tVjYZz6YTXI
ZJN8oQeopPiDMRcXpFvLjXvWIbcdQOPMmZ/ef9b+mHjw7UXIz4ZLW4yA
-----END PRIVATE KEY-----)";

constexpr char kIssuer[] = "https://auth.example";
constexpr char kAudience[] = "tgauth";

struct Fixture {
  Fixture() {
    std::vector<std::unique_ptr<tgauth::SigningKey>> keys;
    keys.push_back(*tgauth::SigningKey::FromPem(kOlderKeyPem));
    keys.push_back(*tgauth::SigningKey::FromPem(kNewerKeyPem));
    ring = *tgauth::KeyRing::Create(std::move(keys));
    revoked.MarkFresh(clock.Now());
  }

  std::unique_ptr<tgauth::KeyRing> ring;
  tgauth::FakeClock clock;  // 2027-01-15: the seeds' tokens are valid then.
  tgauth::RevokedSessions revoked;
};

const Fixture& TheFixture() {
  static const Fixture* fixture = new Fixture();
  return *fixture;
}

void Check(const Fixture& f, absl::string_view token) {
  absl::StatusOr<tgauth::VerifiedJwt> verified = tgauth::VerifyEs256Jwt(token, f.ring->jwks());
  tgauth::AccessTokenValidator validator(kIssuer, kAudience, *f.ring, f.revoked, f.clock);
  absl::StatusOr<tgauth::AccessTokenClaims> claims = validator.Validate(token);
  if (claims.ok()) {
    Require(verified.ok(), "a valid access token passes the JWK Set verifier too");
    Require(!claims->user_id.empty() && !claims->session_id.empty(),
            "a valid access token names its user and session");
    Require(claims->expires_at > f.clock.Now(), "a valid access token has not expired");
  } else {
    Require(claims.status().code() == absl::StatusCode::kUnauthenticated,
            "a refused access token is UNAUTHENTICATED");
  }
  if (!verified.ok()) {
    Require(verified.status().code() == absl::StatusCode::kUnauthenticated,
            "a refused JWT is UNAUTHENTICATED");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& f = TheFixture();
  const absl::string_view token = tgauth::fuzz::AsText(data, size);
  Check(f, token);

  // The same header and payload, signed.
  const size_t first_dot = token.find('.');
  if (first_dot == absl::string_view::npos) return 0;
  const absl::string_view signing_input = token.substr(0, token.find('.', first_dot + 1));
  absl::StatusOr<std::string> signature = f.ring->signing_key().Sign(signing_input);
  Require(signature.ok(), "the newest key signs");
  Check(f, absl::StrCat(signing_input, ".", absl::WebSafeBase64Escape(*signature)));
  return 0;
}
