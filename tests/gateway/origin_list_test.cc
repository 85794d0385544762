#include "gateway/origin_list.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"

namespace tgauth::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(OriginListTest, ListsOriginsInOrderIgnoringSpacesAndEmptyEntries) {
  absl::StatusOr<std::vector<std::string>> origins = ParseOriginList(
      " https://app.example, ,http://localhost:3000,https://127.0.0.1:8443,http://[::1]:8080 ");
  ASSERT_TRUE(origins.ok()) << origins.status();
  EXPECT_THAT(*origins, ElementsAre("https://app.example", "http://localhost:3000",
                                    "https://127.0.0.1:8443", "http://[::1]:8080"));
  EXPECT_THAT(*ParseOriginList(""), IsEmpty());
}

TEST(OriginListTest, RefusesWhatBrowsersNeverSendAsAnOriginNamingTheEntry) {
  for (const char* entry :
       {"https://app.example/", "https://app.example/after", "app.example", "ftp://app.example",
        "https://App.example", "https://user@app.example", "https://app.example?x",
        "https://app.example:", "https://app.example:0", "https://app.example:65536",
        "https://app.example:80a", "https://", "https://[::1", "https://[]:80",
        "javascript:alert(1)", "https://*.example"}) {
    absl::StatusOr<std::vector<std::string>> origins =
        ParseOriginList(std::string("https://ok.example,") + entry);
    EXPECT_EQ(origins.status().code(), absl::StatusCode::kInvalidArgument) << entry;
    EXPECT_THAT(origins.status().message(), HasSubstr(std::string("\"") + entry + "\""));
  }
}

}  // namespace
}  // namespace tgauth::gateway
