#include "server/session/rotation_key.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace tgauth {

absl::StatusOr<std::unique_ptr<RotationKey>> RotationKey::FromBytes(std::string bytes) {
  if (bytes.size() < kMinBytes) {
    const size_t size = bytes.size();
    OPENSSL_cleanse(bytes.data(), bytes.size());
    return absl::InvalidArgumentError(
        absl::StrCat("the refresh token key has ", size, " bytes; want at least ", kMinBytes));
  }
  return std::unique_ptr<RotationKey>(new RotationKey(std::move(bytes)));
}

absl::StatusOr<std::unique_ptr<RotationKey>> RotationKey::Generate() {
  std::string key(kMinBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), kMinBytes) != 1) {
    return absl::InternalError("CSPRNG failure");
  }
  return std::unique_ptr<RotationKey>(new RotationKey(std::move(key)));
}

RotationKey::~RotationKey() { OPENSSL_cleanse(key_.data(), key_.size()); }

absl::StatusOr<std::string> RotationKey::Successor(absl::string_view token) const {
  return Mac(token);
}

absl::StatusOr<std::string> RotationKey::RedemptionToken(absl::string_view poll_token) const {
  // A refresh token never contains ':', so no token's Successor is this.
  std::string message = absl::StrCat("login-redemption:", poll_token);
  absl::StatusOr<std::string> token = Mac(message);
  OPENSSL_cleanse(message.data(), message.size());
  return token;
}

absl::StatusOr<std::string> RotationKey::Mac(absl::string_view token) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  if (HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
           reinterpret_cast<const unsigned char*>(token.data()), token.size(), mac,
           &mac_size) == nullptr) {
    return absl::InternalError("HMAC-SHA256 failed");
  }
  std::string successor;
  absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<const char*>(mac), mac_size),
                            &successor);
  OPENSSL_cleanse(mac, sizeof mac);
  return successor;
}

}  // namespace tgauth
