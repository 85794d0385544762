// A small synchronous HTTP/1.1 client for tests (Beast lives in the .cc).
#ifndef TGAUTH_TESTS_GATEWAY_HTTP_TEST_CLIENT_H_
#define TGAUTH_TESTS_GATEWAY_HTTP_TEST_CLIENT_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace tgauth::gateway {

struct TestRequest {
  std::string method = "GET";
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>> headers = {};
  std::string body = {};
};

struct TestResponse {
  int status = 0;  // 0 when no response arrived.
  std::map<std::string, std::string> headers = {};  // Lower-cased names.
  std::string body = {};

  // The header's value, "" when absent.
  std::string Header(const std::string& lower_case_name) const;
};

// Sends each request in turn on one keep-alive connection to
// 127.0.0.1:`port` and returns the responses (fewer if the server closed).
std::vector<TestResponse> SendOnOneConnection(int port, const std::vector<TestRequest>& requests);

// One request on its own connection.
TestResponse Send(int port, const TestRequest& request);

// Writes `bytes` as they are (for malformed requests) and reads one response.
TestResponse SendRaw(int port, const std::string& bytes);

}  // namespace tgauth::gateway

#endif  // TGAUTH_TESTS_GATEWAY_HTTP_TEST_CLIENT_H_
