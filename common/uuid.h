// The textual shape of a UUID (RFC 9562 section 4): 8-4-4-4-12 hex digits,
// as PostgreSQL prints the `uuid` type that user and session ids use.
#ifndef TGAUTH_COMMON_UUID_H_
#define TGAUTH_COMMON_UUID_H_

#include "absl/strings/string_view.h"

namespace tgauth {

// True if `text` is 36 characters: hex digits (either case) with dashes at
// offsets 8, 13, 18 and 23. Lets callers refuse an id before PostgreSQL
// would reject its cast.
bool IsUuid(absl::string_view text);

}  // namespace tgauth

#endif  // TGAUTH_COMMON_UUID_H_
