// The PEM files of one end of a TLS connection (gRPC between the gateway and
// the server), read and checked at start-up so that a wrong file is one
// clear line instead of a failed handshake later.
#ifndef TGAUTH_COMMON_TLS_FILES_H_
#define TGAUTH_COMMON_TLS_FILES_H_

#include <string>

#include "absl/status/statusor.h"

namespace tgauth {

// Paths; an empty one is a file not given.
struct TlsFiles {
  std::string certificate_chain;  // This end's certificate, then any intermediates.
  std::string private_key;        // The key of the chain's first certificate.
  std::string ca;                 // Certificates the peer's chain must lead to.
};

// The contents of those files; empty for a file not given.
struct TlsPems {
  std::string certificate_chain;
  std::string private_key;
  std::string ca;
};

// Reads the files given. The chain and CA files must hold at least one PEM
// certificate; the key is read with ReadSecretFile (common/secret_file.h:
// refused when others may read it) and must be the private key of the
// chain's first certificate. Whether a file is required is the caller's
// rule. INVALID_ARGUMENT naming the file when its contents are wrong;
// otherwise ReadSecretFile's errors (NOT_FOUND, FAILED_PRECONDITION, ...).
absl::StatusOr<TlsPems> ReadTlsFiles(const TlsFiles& files);

}  // namespace tgauth

#endif  // TGAUTH_COMMON_TLS_FILES_H_
