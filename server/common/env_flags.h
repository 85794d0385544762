// Command-line flags that can also come from the environment: every flag
// --some_name may be set as TGAUTH_SOME_NAME; a flag on the command line wins
// over the variable, the variable over the default.
#ifndef TGAUTH_SERVER_COMMON_ENV_FLAGS_H_
#define TGAUTH_SERVER_COMMON_ENV_FLAGS_H_

#include <string>
#include <string_view>

namespace tgauth {

// The environment variable for a flag: "bot_token" -> "TGAUTH_BOT_TOKEN".
std::string EnvironmentVariableFor(std::string_view flag_name);

// Parses the command line for the flags defined in the file whose path ends
// with `flags_file` (e.g. "server/server_flags.cc"). Prints every such flag
// with its variable and default, then exits 0, on --help; prints one line and
// exits 2 on an unknown flag, a bad value or a positional argument.
void ParseFlagsWithEnvironment(int argc, char** argv, std::string_view flags_file,
                               std::string_view usage);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_COMMON_ENV_FLAGS_H_
