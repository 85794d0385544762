# -DTGAUTH_SANITIZE=<list>: every target compiled and linked with
# -fsanitize=<list>, e.g. "address,undefined" or "thread" (scripts/sanitize
# builds both, each in its own build folder). Undefined behaviour aborts the
# test that hits it instead of printing a warning and passing.
set(TGAUTH_SANITIZE "" CACHE STRING
  "Sanitizers for every target: address,undefined | thread | empty for none")

if(TGAUTH_SANITIZE)
  if(TGAUTH_SANITIZE MATCHES "thread" AND TGAUTH_SANITIZE MATCHES "address")
    message(FATAL_ERROR "TGAUTH_SANITIZE: ThreadSanitizer cannot be combined with AddressSanitizer")
  endif()
  # -O1 and line tables only (-g1): file:line in every report, at half the
  # compile time of -O2 -g under these sanitizers (3x without them).
  add_compile_options(-fsanitize=${TGAUTH_SANITIZE} -fno-omit-frame-pointer -O1 -g1)
  add_link_options(-fsanitize=${TGAUTH_SANITIZE})
  if(TGAUTH_SANITIZE MATCHES "thread")
    # Headers must describe the libraries Debian built, without the sanitizer:
    # protobuf's MapFieldBase gains two members under __SANITIZE_THREAD__
    # (google/protobuf/map_field.h), and code inlined from that header then
    # reads libprotobuf's maps at the wrong offsets and crashes.
    add_compile_options(-U__SANITIZE_THREAD__)
  endif()
  if(TGAUTH_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()

# Under ThreadSanitizer every executable also gets the annotations of Debian's
# uninstrumented absl::Mutex (tests/sanitizers/abseil_tsan_annotations.cc says
# why), linked in once the whole tree is defined.
if(TGAUTH_SANITIZE MATCHES "thread")
  add_library(tgauth_tsan_abseil_annotations OBJECT
    ${CMAKE_CURRENT_LIST_DIR}/../tests/sanitizers/abseil_tsan_annotations.cc)
  target_link_libraries(tgauth_tsan_abseil_annotations PUBLIC absl::synchronization)

  function(tgauth_link_tsan_annotations dir)
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "EXECUTABLE")
        target_link_libraries(${target} PRIVATE tgauth_tsan_abseil_annotations)
      endif()
    endforeach()
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    foreach(subdir IN LISTS subdirs)
      tgauth_link_tsan_annotations(${subdir})
    endforeach()
  endfunction()
  cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR}
    CALL tgauth_link_tsan_annotations ${CMAKE_SOURCE_DIR})
endif()
