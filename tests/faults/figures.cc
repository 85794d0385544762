#include "tests/faults/figures.h"

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace tgauth::faults {

void ReportFigure(absl::string_view name, double value, absl::string_view unit) {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string text = absl::StrFormat("%.6g", value);
  std::printf("[ FIGURE   ] %s: %s = %s%s%s\n", test == nullptr ? "" : test->name(),
              std::string(name).c_str(), text.c_str(), unit.empty() ? "" : " ",
              std::string(unit).c_str());
  std::fflush(stdout);
  ::testing::Test::RecordProperty(std::string(name),
                                  unit.empty() ? text : absl::StrCat(text, " ", unit));
}

void ReportFigure(absl::string_view name, absl::Duration value) {
  ReportFigure(name, absl::ToDoubleMilliseconds(value), "ms");
}

}  // namespace tgauth::faults
