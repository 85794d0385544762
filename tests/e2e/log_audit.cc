#include "tests/e2e/log_audit.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <fstream>
#include <optional>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/percent_decode.h"

namespace tgauth::e2e {
namespace {

constexpr size_t kShortestSecret = 8;

// Characters of the tokens tgauth and Telegram make (base64url, hex, digits).
bool IsTokenChar(char c) { return absl::ascii_isalnum(c) || c == '-' || c == '_'; }

// The recorded secrets, indexed so that a line is searched in time linear
// in its length rather than in the number of secrets (a load test records
// tens of thousands): a secret made of token characters can only lie inside
// a run of them, so only that run's windows of each secret length are looked
// up. The few others are searched for plainly.
class SecretIndex {
 public:
  explicit SecretIndex(const std::set<std::string>& secrets) {
    for (const std::string& secret : secrets) {
      if (std::all_of(secret.begin(), secret.end(), IsTokenChar)) {
        tokens_.insert(secret);
        lengths_.insert(secret.size());
      } else {
        others_.push_back(secret);
      }
    }
  }

  // The secrets `line` holds.
  std::vector<absl::string_view> Find(absl::string_view line) const {
    std::vector<absl::string_view> found;
    for (size_t begin = 0; begin < line.size();) {
      size_t end = begin;
      while (end < line.size() && IsTokenChar(line[end])) ++end;
      const absl::string_view run = line.substr(begin, end - begin);
      for (size_t length : lengths_) {
        for (size_t at = 0; at + length <= run.size(); ++at) {
          if (auto it = tokens_.find(run.substr(at, length)); it != tokens_.end()) {
            found.push_back(*it);
          }
        }
      }
      begin = end + 1;
    }
    for (const std::string& secret : others_) {
      if (absl::StrContains(line, secret)) found.push_back(secret);
    }
    return found;
  }

 private:
  absl::flat_hash_set<std::string> tokens_;
  std::set<size_t> lengths_;
  std::vector<std::string> others_;
};

// JSON keys and query parameters whose values are credentials.
bool NamesASecret(absl::string_view key) {
  static const std::set<std::string, std::less<>> kNames = {
      "access_token", "accessToken", "refresh_token", "refreshToken", "poll_token",
      "pollToken",    "login_token", "loginToken",    "token",        "hash",
      "init_data",    "initData",    "signature"};
  return kNames.contains(key);
}

}  // namespace

void LogAudit::Record(absl::string_view secret) {
  secret = absl::StripAsciiWhitespace(secret);
  if (secret.size() < kShortestSecret) return;
  absl::MutexLock lock(&mu_);
  secrets_.emplace(secret);
  // A JWT's header and claims are not secret, its signature makes it one.
  std::vector<absl::string_view> parts = absl::StrSplit(secret, '.');
  if (parts.size() == 3 && parts[2].size() >= kShortestSecret) secrets_.emplace(parts[2]);
}

void LogAudit::RecordHeaders(const fixtures::HttpHeaders& headers) {
  for (const auto& [name, value] : headers) {
    if (absl::EqualsIgnoreCase(name, "authorization")) {
      absl::string_view credential = value;
      absl::ConsumePrefix(&credential, "Bearer ");
      Record(credential);
    } else if (absl::EqualsIgnoreCase(name, "x-telegram-bot-api-secret-token")) {
      Record(value);
    } else if (absl::EqualsIgnoreCase(name, "cookie") ||
               absl::EqualsIgnoreCase(name, "set-cookie")) {
      // Every cookie value; a Set-Cookie's attributes are too short to count.
      for (absl::string_view pair : absl::StrSplit(value, ';')) {
        const size_t equals = pair.find('=');
        if (equals != absl::string_view::npos) Record(pair.substr(equals + 1));
      }
    }
  }
}

void LogAudit::RecordQuery(absl::string_view target) {
  const size_t question = target.find('?');
  if (question == absl::string_view::npos) return;
  for (absl::string_view pair : absl::StrSplit(target.substr(question + 1), '&')) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    std::optional<std::string> key = PercentDecode(kv.first, PlusSign::kSpace);
    std::optional<std::string> value = PercentDecode(kv.second, PlusSign::kSpace);
    if (!key.has_value() || !value.has_value() || !NamesASecret(*key)) continue;
    Record(*value);
    // The raw form is what a careless log line would hold.
    Record(kv.second);
  }
}

namespace {

void Walk(const google::protobuf::Value& value, absl::string_view key, LogAudit& audit) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kStringValue:
      if (NamesASecret(key)) {
        audit.Record(value.string_value());
        if (key == "init_data" || key == "initData") {
          audit.RecordQuery(absl::StrCat("?", value.string_value()));
        }
      }
      break;
    case google::protobuf::Value::kStructValue:
      for (const auto& [name, field] : value.struct_value().fields()) Walk(field, name, audit);
      break;
    case google::protobuf::Value::kListValue:
      for (const google::protobuf::Value& item : value.list_value().values()) {
        Walk(item, key, audit);
      }
      break;
    default:
      break;
  }
}

}  // namespace

void LogAudit::RecordJson(absl::string_view body) {
  google::protobuf::Value json;
  if (!google::protobuf::util::JsonStringToMessage(std::string(body), &json).ok()) return;
  Walk(json, "", *this);
}

std::set<std::string> LogAudit::secrets() const {
  absl::MutexLock lock(&mu_);
  return secrets_;
}

std::vector<std::string> LogAudit::Check(const std::string& path) const {
  std::vector<std::string> problems;
  std::ifstream file(path);
  if (!file) return {absl::StrCat(path, ": cannot be read")};
  const SecretIndex secrets(this->secrets());
  std::string line;
  for (int number = 1; std::getline(file, line); ++number) {
    const std::string where = absl::StrCat(path, ":", number, ": ");
    google::protobuf::Struct object;
    if (!google::protobuf::util::JsonStringToMessage(line, &object).ok()) {
      problems.push_back(absl::StrCat(where, "not a JSON object: ", line));
    }
    for (absl::string_view secret : secrets.Find(line)) {
      problems.push_back(absl::StrCat(where, "holds the recorded secret ", secret, ": ", line));
    }
  }
  return problems;
}

}  // namespace tgauth::e2e
