// What the end-to-end suite checks in every log line tgauth's processes
// write: that each is one JSON object (common/log_line.h) and that none
// holds a secret the suite handed out or received — webhook secret, gateway
// and admin tokens, bot token, login, poll, refresh and access tokens,
// login-link tokens, Login Widget hashes and Mini App initData.
// TgauthCluster records the secrets as they pass through it and audits its
// processes' logs when it stops.
#ifndef TGAUTH_TESTS_E2E_LOG_AUDIT_H_
#define TGAUTH_TESTS_E2E_LOG_AUDIT_H_

#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "tests/fixtures/http_client.h"

namespace tgauth::e2e {

class LogAudit {
 public:
  // Remembers `secret` (ignored if shorter than 8 bytes: no credential is,
  // and shorter strings would match innocent text). A JWT is also
  // remembered by its signature alone. Thread-safe.
  void Record(absl::string_view secret);

  // Records the credentials among HTTP `headers` (Authorization's
  // credential, X-Telegram-Bot-Api-Secret-Token, the values of Cookie and
  // Set-Cookie).
  void RecordHeaders(const fixtures::HttpHeaders& headers);

  // Records, anywhere in the JSON `body` (not JSON: nothing), every string
  // under a key that names a secret (access_token, refresh_token,
  // poll_token, login_token, token, hash, init_data, in either case
  // style), and the hash of an initData.
  void RecordJson(absl::string_view body);

  // Records the secret-named parameters of a target's query string.
  void RecordQuery(absl::string_view target);

  std::set<std::string> secrets() const;

  // What is wrong with the log file at `path`, one entry per bad line
  // ("<path>:<line>: not a JSON object" or "...: holds a recorded secret");
  // empty when every line is clean. A file that cannot be read is one entry.
  std::vector<std::string> Check(const std::string& path) const;

 private:
  mutable absl::Mutex mu_;
  std::set<std::string> secrets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::e2e

#endif  // TGAUTH_TESTS_E2E_LOG_AUDIT_H_
