#include "tests/e2e/log_audit.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/percent_decode.h"

namespace tgauth::e2e {
namespace {

constexpr size_t kShortestSecret = 8;

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
  const std::set<std::string> secrets = this->secrets();
  std::string line;
  for (int number = 1; std::getline(file, line); ++number) {
    const std::string where = absl::StrCat(path, ":", number, ": ");
    google::protobuf::Struct object;
    if (!google::protobuf::util::JsonStringToMessage(line, &object).ok()) {
      problems.push_back(absl::StrCat(where, "not a JSON object: ", line));
    }
    for (const std::string& secret : secrets) {
      if (absl::StrContains(line, secret)) {
        problems.push_back(absl::StrCat(where, "holds the recorded secret ", secret, ": ", line));
      }
    }
  }
  return problems;
}

}  // namespace tgauth::e2e
