// The figures a fault-injection test measures: each printed as one line
// ("[ FIGURE   ] <test>: <name> = <value> <unit>", the README's table is
// copied from them) and recorded as a property of the test in ctest's and
// gtest's XML output.
#ifndef TGAUTH_TESTS_FAULTS_FIGURES_H_
#define TGAUTH_TESTS_FAULTS_FIGURES_H_

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tgauth::faults {

// `name` is short snake_case, e.g. "logins_completed"; `unit` may be empty.
void ReportFigure(absl::string_view name, double value, absl::string_view unit = "");

// A duration as milliseconds.
void ReportFigure(absl::string_view name, absl::Duration value);

}  // namespace tgauth::faults

#endif  // TGAUTH_TESTS_FAULTS_FIGURES_H_
