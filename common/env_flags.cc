#include "common/env_flags.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/log.h"

namespace tgauth {
namespace {

std::vector<absl::CommandLineFlag*> OwnFlags(absl::string_view flags_file) {
  std::vector<absl::CommandLineFlag*> flags;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (absl::EndsWith(flag->Filename(), flags_file)) flags.push_back(flag);
  }
  std::sort(flags.begin(), flags.end(), [](auto* a, auto* b) { return a->Name() < b->Name(); });
  return flags;
}

bool HelpRequested(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--help" || arg == "-help" || arg == "-h") return true;
  }
  return false;
}

// Secrets are not echoed: a default is shown, the current value never is.
void PrintHelp(absl::string_view program, absl::string_view usage,
               const std::vector<absl::CommandLineFlag*>& flags) {
  std::printf(
      "%.*s\n\nUsage: %.*s [--flag=value ...]\n\nFlags (each also settable from the "
      "environment variable shown):\n",
      static_cast<int>(usage.size()), usage.data(), static_cast<int>(program.size()),
      program.data());
  for (const auto* flag : flags) {
    std::string def = flag->DefaultValue();
    std::printf("  --%s  [%s]  default: %s\n      %s\n", std::string(flag->Name()).c_str(),
                EnvironmentVariableFor(std::string(flag->Name())).c_str(),
                def.empty() ? "(empty)" : def.c_str(), flag->Help().c_str());
  }
}

}  // namespace

std::string EnvironmentVariableFor(absl::string_view flag_name) {
  return "TGAUTH_" + absl::AsciiStrToUpper(std::string(flag_name));
}

void ParseFlagsWithEnvironment(int argc, char** argv, absl::string_view flags_file,
                               absl::string_view usage) {
  absl::SetProgramUsageMessage(usage);
  const std::vector<absl::CommandLineFlag*> flags = OwnFlags(flags_file);
  if (HelpRequested(argc, argv)) {
    PrintHelp(argv[0], usage, flags);
    std::exit(0);
  }
  for (auto* flag : flags) {
    const std::string variable = EnvironmentVariableFor(std::string(flag->Name()));
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      LogError(absl::StrCat(argv[0], ": invalid ", variable, ": ", error));
      std::exit(2);
    }
  }
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) {
    LogError(absl::StrCat(argv[0], ": unexpected argument '", positional[1],
                          "' (flags look like --name=value)"));
    std::exit(2);
  }
}

}  // namespace tgauth
