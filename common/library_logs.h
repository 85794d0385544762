// gRPC and protobuf write their own messages to stderr in their own format;
// these send them through common/log.h instead, so that every line a
// tgauth process writes is one JSON object. Header-only: only the binaries,
// which link both libraries, call it.
#ifndef TGAUTH_COMMON_LIBRARY_LOGS_H_
#define TGAUTH_COMMON_LIBRARY_LOGS_H_

#include <google/protobuf/stubs/logging.h>
#include <grpc/support/log.h>

#include <string>

#include "common/log.h"

namespace tgauth {

namespace library_logs_internal {

inline void FromGrpc(gpr_log_func_args* args) {
  const LogLevel level = args->severity == GPR_LOG_SEVERITY_ERROR  ? LogLevel::kError
                         : args->severity == GPR_LOG_SEVERITY_INFO ? LogLevel::kInfo
                                                                   : LogLevel::kWarning;
  Log(level, "grpc", {{"detail", args->message}, {"file", args->file}, {"line", args->line}});
}

inline void FromProtobuf(google::protobuf::LogLevel severity, const char* file, int line,
                         const std::string& message) {
  const LogLevel level = severity == google::protobuf::LOGLEVEL_INFO      ? LogLevel::kInfo
                         : severity == google::protobuf::LOGLEVEL_WARNING ? LogLevel::kWarning
                                                                          : LogLevel::kError;
  Log(level, "protobuf", {{"detail", message}, {"file", file}, {"line", line}});
}

}  // namespace library_logs_internal

// Call first thing in main, before any gRPC or protobuf use.
inline void SendLibraryLogsToLog() {
  gpr_set_log_function(&library_logs_internal::FromGrpc);
  google::protobuf::SetLogHandler(&library_logs_internal::FromProtobuf);
}

}  // namespace tgauth

#endif  // TGAUTH_COMMON_LIBRARY_LOGS_H_
