// Command-line flags that can also come from the environment: every flag
// --some_name may be set as TGAUTH_SOME_NAME; a flag on the command line wins
// over the variable, the variable over the default.
#ifndef TGAUTH_COMMON_ENV_FLAGS_H_
#define TGAUTH_COMMON_ENV_FLAGS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tgauth {

// The environment variable for a flag: "bot_token" -> "TGAUTH_BOT_TOKEN".
std::string EnvironmentVariableFor(absl::string_view flag_name);

// Parses the command line for the flags defined in the file whose path ends
// with `flags_file` (e.g. "server/app/server_flags.cc"). Prints every such flag
// with its variable and default, then exits 0, on --help; prints one line and
// exits 2 on an unknown flag, a bad value or a positional argument.
void ParseFlagsWithEnvironment(int argc, char** argv, absl::string_view flags_file,
                               absl::string_view usage);

}  // namespace tgauth

#endif  // TGAUTH_COMMON_ENV_FLAGS_H_
