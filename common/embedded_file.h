// Files compiled into a binary by cmake/embed.cmake (migrations, web assets).
#ifndef TGAUTH_COMMON_EMBEDDED_FILE_H_
#define TGAUTH_COMMON_EMBEDDED_FILE_H_

namespace tgauth {

// One file; arrays of these end with {nullptr, nullptr}.
struct EmbeddedFile {
  const char* path;      // Relative to the folder that embedded it.
  const char* contents;  // The file's bytes (text files only).
};

}  // namespace tgauth

#endif  // TGAUTH_COMMON_EMBEDDED_FILE_H_
