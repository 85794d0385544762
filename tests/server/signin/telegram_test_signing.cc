#include "tests/server/signin/telegram_test_signing.h"

#include <curl/curl.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tgauth::testing {
namespace {

std::string Hmac(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &size);
  return std::string(reinterpret_cast<const char*>(mac), size);
}

std::string Escape(const std::string& text) {
  char* escaped = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
  std::string out(escaped);
  curl_free(escaped);
  return out;
}

}  // namespace

std::string TestDataCheckString(const Fields& fields, const std::vector<std::string>& skip) {
  std::vector<std::string> lines;
  for (const auto& [name, value] : fields) {
    if (std::find(skip.begin(), skip.end(), name) == skip.end()) {
      lines.push_back(absl::StrCat(name, "=", value));
    }
  }
  std::sort(lines.begin(), lines.end());  // Names are unique, so this sorts by name.
  return absl::StrJoin(lines, "\n");
}

std::map<std::string, std::string> SignWidget(const Fields& fields, const std::string& bot_token) {
  unsigned char secret[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bot_token.data()), bot_token.size(), secret);
  const std::string hash = Hmac(std::string(reinterpret_cast<const char*>(secret), sizeof secret),
                                TestDataCheckString(fields, {"hash"}));
  std::map<std::string, std::string> out(fields.begin(), fields.end());
  out["hash"] = absl::BytesToHexString(hash);
  return out;
}

std::string EncodeInitData(const Fields& fields) {
  std::vector<std::string> pairs;
  for (const auto& [name, value] : fields) {
    pairs.push_back(absl::StrCat(Escape(name), "=", Escape(value)));
  }
  return absl::StrJoin(pairs, "&");
}

std::string SignMiniAppHmac(Fields fields, const std::string& bot_token) {
  const std::string secret_key = Hmac("WebAppData", bot_token);
  const std::string hash = Hmac(secret_key, TestDataCheckString(fields, {"hash"}));
  fields.emplace_back("hash", absl::BytesToHexString(hash));
  return EncodeInitData(fields);
}

TestEd25519Key::TestEd25519Key() : key_(nullptr, EVP_PKEY_free) {
  EVP_PKEY* key = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
  EVP_PKEY_keygen_init(ctx);
  EVP_PKEY_keygen(ctx, &key);
  EVP_PKEY_CTX_free(ctx);
  key_.reset(key);
}

std::string TestEd25519Key::public_key() const {
  unsigned char raw[32];
  size_t size = sizeof raw;
  EVP_PKEY_get_raw_public_key(key_.get(), raw, &size);
  return std::string(reinterpret_cast<const char*>(raw), size);
}

std::string TestEd25519Key::SignMiniApp(Fields fields, int64_t bot_id) const {
  const std::string message =
      absl::StrCat(bot_id, ":WebAppData\n", TestDataCheckString(fields, {"hash", "signature"}));
  unsigned char signature[64];
  size_t size = sizeof signature;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key_.get());
  EVP_DigestSign(ctx, signature, &size, reinterpret_cast<const unsigned char*>(message.data()),
                 message.size());
  EVP_MD_CTX_free(ctx);
  std::string encoded;
  absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<const char*>(signature), size),
                            &encoded);
  fields.emplace_back("signature", encoded);
  return EncodeInitData(fields);
}

std::string WebAppUserJson(int64_t id, const std::string& first_name,
                           const std::string& extra_members) {
  return absl::StrCat(R"({"id":)", id, R"(,"first_name":")", first_name,
                      R"(","language_code":"en","allows_write_to_pm":true)", extra_members, "}");
}

std::string UnixSeconds(absl::Time t) { return absl::StrCat(absl::ToUnixSeconds(t)); }

}  // namespace tgauth::testing
