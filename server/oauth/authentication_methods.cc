#include "server/oauth/authentication_methods.h"

namespace tgauth {

std::vector<std::string> AuthenticationMethods(absl::string_view sign_in_method) {
  if (sign_in_method == "qr" || sign_in_method == "login_link") return {"mca", "user"};
  return {};
}

}  // namespace tgauth
