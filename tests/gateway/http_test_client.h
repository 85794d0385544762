// A small synchronous HTTP/1.1 client for tests (Beast lives in the .cc).
#ifndef TGAUTH_TESTS_GATEWAY_HTTP_TEST_CLIENT_H_
#define TGAUTH_TESTS_GATEWAY_HTTP_TEST_CLIENT_H_

#include <map>
#include <memory>
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
  // Lower-cased names; the values of a repeated field joined by ", ".
  std::map<std::string, std::string> headers = {};
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

// A connection whose bytes the test writes when it likes: slow, partial or
// malformed requests. Every wait gives up after 5 s.
class RawConnection {
 public:
  // Connects to 127.0.0.1:`port` from `local_address` (any 127.0.0.0/8
  // address, to look like another client).
  explicit RawConnection(int port, const std::string& local_address = "127.0.0.1");
  ~RawConnection();

  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Writes `bytes`; false when the connection is no longer writable.
  bool Write(const std::string& bytes);

  // Reads one response; status 0 if the server closed first or none came.
  TestResponse Read();

  // Whether the server closes the connection (before 5 s pass with nothing
  // received); anything it sends first is read and dropped.
  bool ClosedByServer();

 private:
  int fd_ = -1;
  std::string unread_;  // Received, not yet parsed.
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_TESTS_GATEWAY_HTTP_TEST_CLIENT_H_
